import Glibc
import KlaiCrypto

/// A day's chain head: how many lines the day file has and the chain value after the last one,
/// anchored with an HMAC-SHA-256 (RFC 2104) under a key only Klai can read.
///
/// The SHA-256 chain alone shows a changed line, but anyone who can write the files could rewrite
/// a whole day and recompute both the chain and the head. The HMAC needs the key (`traffic.key`,
/// mode 0600), so editing the log and head files without it fails `verify`.
/// File: `heads/YYYY-MM-DD.head`, one line `COUNT CHAIN-HEX HMAC-HEX`.
struct TrafficHead: Equatable {
    var count: Int
    var chain: [UInt8]
    /// `nil` in heads written before anchoring (two fields).
    var mac: [UInt8]?

    /// The authenticated message: the format version, the day, the count and the chain.
    static func message(day: String, count: Int, chain: [UInt8]) -> [UInt8] {
        Array("klai-traffic-head-v1 \(day) \(count) \(SHA256.hex(chain))".utf8)
    }

    static func signed(day: String, count: Int, chain: [UInt8], key: [UInt8]) -> TrafficHead {
        TrafficHead(
            count: count, chain: chain,
            mac: HMACSHA256.authenticate(message(day: day, count: count, chain: chain), key: key))
    }

    /// Whether the HMAC matches (constant time over the 32 bytes).
    func isAuthentic(day: String, key: [UInt8]) -> Bool {
        guard let mac, mac.count == 32 else { return false }
        let expected = HMACSHA256.authenticate(Self.message(day: day, count: count, chain: chain), key: key)
        return zip(mac, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    var text: String { "\(count) \(SHA256.hex(chain))" + (mac.map { " " + SHA256.hex($0) } ?? "") + "\n" }

    /// Parses a head file's text; `nil` when it is not one.
    init?(text: String) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 2 || parts.count == 3, let count = Int(parts[0]), count >= 0,
            let chain = TrafficVerifier.bytes(fromHex: String(parts[1]))
        else { return nil }
        self.count = count
        self.chain = chain
        if parts.count == 3 {
            guard let mac = TrafficVerifier.bytes(fromHex: String(parts[2])) else { return nil }
            self.mac = mac
        }
    }

    init(count: Int, chain: [UInt8], mac: [UInt8]?) {
        self.count = count
        self.chain = chain
        self.mac = mac
    }

    /// Replaces the head file durably: a temporary file written and fsynced, renamed over the old
    /// head, then the folder fsynced, so a power cut leaves the old head or the new, never half.
    func write(to path: String) throws {
        try TrafficFiles.replaceDurably(path, with: Array(text.utf8), mode: 0o640)
    }
}
