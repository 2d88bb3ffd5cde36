import Foundation

/// A fresh folder under the system temporary directory, removed when the test is done with it.
final class TemporaryFolder {
    let path: String

    init(_ name: String = "klai-media-test") {
        path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    func file(_ name: String) -> String { path + "/" + name }

    /// Names of the entries of the folder's parent that start with `prefix` (to find leaked temp folders).
    func entries() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
