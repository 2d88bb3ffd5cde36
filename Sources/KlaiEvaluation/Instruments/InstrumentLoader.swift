import Foundation

/// Reads instrument files and checks them, listing every problem (file, place, field) before any is used.
public enum InstrumentLoader {
    /// Largest instrument file read; a real form is a few kilobytes.
    public static let largestFile = 1 << 20

    /// Reads and checks every `*.json` file in `folder`, in name order.
    /// - Throws: `InstrumentError` with the problems of every file when any file has one.
    public static func loadFolder(_ folder: URL) throws(InstrumentError) -> [Instrument] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        var instruments: [Instrument] = []
        var problems: [InstrumentError.Problem] = []
        for name in names {
            do {
                instruments.append(try load(folder.appendingPathComponent(name)))
            } catch {
                problems += error.problems
            }
        }
        var seen: [String: String] = [:]
        for (instrument, name) in zip(instruments, names) {
            let key = "\(instrument.key) v\(instrument.version)"
            if let other = seen[key] {
                problems.append(
                    .init(
                        file: name, location: "", field: "version",
                        message: "\(key) is also in \(other); give one of them a new version"))
            }
            seen[key] = name
        }
        if !problems.isEmpty { throw InstrumentError(problems: problems) }
        return instruments
    }

    /// Reads and checks one instrument file.
    public static func load(_ file: URL) throws(InstrumentError) -> Instrument {
        let name = file.lastPathComponent
        guard let data = try? Data(contentsOf: file) else {
            throw InstrumentError(problems: [.init(file: name, location: "", field: "file", message: "cannot be read")])
        }
        return try parse(data, file: name)
    }

    /// Checks the bytes of an instrument file named `file` (the name only appears in problems).
    public static func parse(_ data: Data, file: String) throws(InstrumentError) -> Instrument {
        guard data.count <= largestFile else {
            throw InstrumentError(problems: [
                .init(
                    file: file, location: "", field: "file",
                    message: "is larger than \(largestFile) bytes")
            ])
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw InstrumentError(problems: [
                .init(
                    file: file, location: "", field: "file",
                    message: "is not valid JSON (\(error.localizedDescription))")
            ])
        }
        let report = ProblemList(file: file)
        let instrument = InstrumentValidator(report: report).instrument(JSONFields(value, location: "", field: "file", report: report))
        guard let instrument, report.problems.isEmpty else { throw InstrumentError(problems: report.problems) }
        return instrument
    }
}
