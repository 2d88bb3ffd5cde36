import KlaiCrypto
import Foundation

enum TrafficVerifier {
    static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let high = digits[i].hexValue, let low = digits[i + 1].hexValue else { return nil }
            out.append(UInt8(high * 16 + low))
        }
        return out
    }
}

extension TrafficLog {
    /// Recomputes a day's hash chain line by line and compares it with the stored head and its HMAC.
    /// Repairs made after a power cut pass, listed as notes.
    public func verify(day: String) -> TrafficVerification {
        flush()
        guard let data = FileManager.default.contents(atPath: logPath(day: day)) else {
            return TrafficVerification(day: day, lines: 0, problem: "no log file for this day")
        }
        var chain = TrafficLine.genesis(day: day)
        var number = 0
        var notes: [String] = []
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if raw.isEmpty { continue }
            number += 1
            guard let tab = raw.lastIndex(of: UInt8(ascii: "\t")) else {
                return TrafficVerification(day: day, lines: number, problem: "line \(number) is malformed")
            }
            let line = String(decoding: raw[raw.startIndex..<tab], as: UTF8.self)
            chain = TrafficLine.chain(chain, line)
            if String(decoding: raw[(tab + 1)...], as: UTF8.self) != SHA256.hex(chain) {
                return TrafficVerification(day: day, lines: number, problem: "line \(number) was changed, removed or inserted")
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count > 5, fields[4] == Self.repairMethod {
                notes.append("line \(number): repaired: \(TrafficLine.unescape(fields[5]))")
            }
        }
        guard let headData = FileManager.default.contents(atPath: headPath(day: day)) else {
            return TrafficVerification(day: day, lines: number, problem: "the chain head file is missing")
        }
        guard let head = TrafficHead(text: String(decoding: headData, as: UTF8.self)), head.count == number,
              head.chain == chain else {
            return TrafficVerification(day: day, lines: number,
                                       problem: "the file does not end where the stored head says (lines cut or added at the end)")
        }
        switch (head.mac, key) {
        case (_?, let key?) where !head.isAuthentic(day: day, key: key):
            return TrafficVerification(day: day, lines: number,
                                       problem: "the head's HMAC does not match: the day and its head were rewritten without Klai's key")
        case (nil, _?):
            return TrafficVerification(day: day, lines: number, problem: "the head carries no HMAC, though a key exists")
        case (_?, nil):
            return TrafficVerification(day: day, lines: number,
                                       problem: "the head's HMAC cannot be checked: \(keyProblem ?? "no key")")
        case (nil, nil):
            notes.append("the head is not anchored (no key)")
        default:
            break
        }
        return TrafficVerification(day: day, lines: number, problem: nil, notes: notes)
    }

    /// Verifies every day on disk.
    public func verifyAll() -> [TrafficVerification] { days().map { verify(day: $0) } }
}
