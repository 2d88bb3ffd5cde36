import Glibc

/// Why the server could not start or a socket call failed.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// What was being done.
    public var operation: String
    /// The `errno` value.
    public var code: Int32

    public var description: String { "\(operation): \(String(cString: strerror(code)))" }
}
