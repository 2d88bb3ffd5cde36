/// Placeholder; replaced below.
public final class TrafficLog: Sendable {
    public func record(_ record: TrafficRecord) {}
    public func flush() {}
}
