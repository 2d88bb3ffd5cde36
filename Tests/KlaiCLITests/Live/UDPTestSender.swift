import Foundation
import Glibc
import Synchronization

/// (The same sender as KlaiMediaTests' UDPTestSender; test targets cannot share files.)
/// A satellite-to-IP receiver on loopback: sends an MPEG-TS file as UDP datagrams of seven 188-byte
/// packets (1316 bytes, as IPTV does), paced so the file plays out over its own duration.
final class UDPTestSender: Sendable {
    let port: Int
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    /// Starts sending `file` (lasting `duration` seconds) to 127.0.0.1:`port`.
    init(file: String, duration: Double, port: Int) {
        self.port = port
        let bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
        let thread = Thread { [self] in
            send(bytes, duration: duration)
            done.signal()
        }
        thread.start()
    }

    /// A free UDP port on loopback (bound, read, and released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func send(_ bytes: [UInt8], duration: Double) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let start = Date()
        var offset = 0
        while offset < bytes.count, !stopping.load(ordering: .relaxed) {
            let due = Int(Double(bytes.count) * min(1, Date().timeIntervalSince(start) / duration))
            while offset < min(due + 1316, bytes.count) {
                let count = min(1316, bytes.count - offset)
                _ = bytes.withUnsafeBytes { raw in
                    withUnsafePointer(to: &address) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(fd, raw.baseAddress! + offset, count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                }
                offset += count
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Stops sending and waits for the sender's thread.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        done.wait()
    }
}
