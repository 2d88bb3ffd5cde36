import Foundation

/// The built `klai` executable, run as a person would run it.
struct KlaiProcess {
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("klai").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("klai")
    }

    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs `klai` to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], in folder: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KLAI_") }
            .merging(environment) { $1 }
        if let folder { process.currentDirectoryURL = folder }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
            errors: String(decoding: errData, as: UTF8.self))
    }
}

/// A running `klai serve`, on a free port.
final class RunningServer {
    let process = Process()
    let port: Int
    private let output = Pipe()

    /// What the server printed up to its health-check line (a first admin's password, for one).
    private(set) var startupOutput = ""

    convenience init(data: URL) throws {
        try self.init(arguments: ["serve", "--data", data.path, "--port", "0"])
    }

    /// Starts `klai` with `arguments`, through `launcher` when given (e.g. `runuser -u nobody --`).
    /// `environment` adds variables (the `KLAI_` ones of the test process are never passed on).
    init(arguments: [String], launcher: [String] = [], environment: [String: String] = [:]) throws {
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [KlaiProcess.executable.path] + arguments
        } else {
            process.executableURL = KlaiProcess.executable
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KLAI_") }
            .merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let reader = output.fileHandleForReading
        while !seen.contains("/healthz") {
            let chunk = reader.availableData
            if chunk.isEmpty { throw CocoaError(.fileReadUnknown) }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = seen.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
            let port = Int(seen[range].dropFirst("http://127.0.0.1:".count).dropLast())
        else { throw CocoaError(.fileReadCorruptFile) }
        self.port = port
        self.startupOutput = seen
    }

    /// Sends SIGTERM and returns the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Sends a raw HTTP request over a real TCP socket and returns the raw response.
    func request(_ text: String) throws -> String {
        try Self.request(text, port: port)
    }

    /// Sends a raw HTTP request to 127.0.0.1:`port` and returns the raw response (usable from any thread).
    static func request(_ text: String, port: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            response += buffer[..<count]
        }
        return String(decoding: response, as: UTF8.self)
    }
}
