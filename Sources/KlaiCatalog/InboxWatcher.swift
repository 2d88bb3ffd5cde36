import Foundation
import KlaiRuntime
import Synchronization

/// Watches `Media/inbox/` and ingests each file once it has stopped growing.
///
/// A file being copied in over the network or from a USB stick grows for minutes; it is taken only
/// when its size and modification time are unchanged for `settleTime`. Hidden files and names ending
/// in `.part`, `.tmp`, `.crdownload` or `.partial` are left alone.
///
/// A `Service`: `shutdown()` lets the scan in progress finish (an ingest commits or leaves the file where
/// it was) and joins the watcher's thread.
public final class InboxWatcher: Service {
    public let ingestor: Ingestor
    /// Seconds a file must stay unchanged before it is ingested.
    public let settleTime: TimeInterval
    public let scanInterval: TimeInterval
    /// Called with each result (for the log), on the watcher's thread.
    private let report: @Sendable (String) -> Void
    private let state = Mutex(WatcherState())
    /// Signalled by `shutdown()` to end the wait between scans at once.
    private let wake = DispatchSemaphore(value: 0)

    public init(
        ingestor: Ingestor, settleTime: TimeInterval = 10, scanInterval: TimeInterval = 5,
        report: @escaping @Sendable (String) -> Void = { print($0) }
    ) {
        self.ingestor = ingestor
        self.settleTime = settleTime
        self.scanInterval = scanInterval
        self.report = report
    }

    /// Looks at the inbox once; ingests files unchanged since at least `settleTime` before `now`.
    /// - Returns: the results of files ingested (or refused) in this scan.
    @discardableResult
    public func scan(now: Date = Date()) -> [String] {
        let inbox = ingestor.media.inbox
        let names = (try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? []
        var lines: [String] = []
        var seen: Set<String> = []
        for name in names.sorted() where !Self.isIgnored(name) {
            let url = inbox.appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                (attributes[.type] as? FileAttributeType) == .typeRegular
            else { continue }
            seen.insert(name)
            let signature = Signature(
                size: (attributes[.size] as? NSNumber)?.int64Value ?? -1,
                modified: (attributes[.modificationDate] as? Date) ?? .distantPast)
            let settled = state.withLock { state -> Bool in
                if let previous = state.files[name], previous.signature == signature {
                    return now.timeIntervalSince(previous.since) >= settleTime
                }
                state.files[name] = (signature, now)
                return false
            }
            guard settled, signature.size > 0 else { continue }
            let line: String
            do {
                let result = try ingestor.ingest(url)
                if case .duplicate = result.outcome { try? FileManager.default.removeItem(at: url) }
                line = result.description
            } catch {
                line = "\(url.path): \(error)"
            }
            state.withLock { _ = $0.files.removeValue(forKey: name) }
            report(line)
            lines.append(line)
        }
        state.withLock { state in state.files = state.files.filter { seen.contains($0.key) } }
        return lines
    }

    public var serviceName: String { "inbox watcher" }

    /// Scans every `scanInterval` on its own thread until `shutdown()`.
    public func start() {
        let first = state.withLock { state -> Bool in
            defer { state.running = true }
            return !state.running && state.thread == nil
        }
        guard first else { return }
        let thread = BlockingWork.thread(named: "klai-inbox") { [self] in
            while state.withLock({ $0.running }) {
                scan()
                _ = wake.wait(timeout: .now() + scanInterval)
            }
        }
        state.withLock { $0.thread = thread }
    }

    /// Stops after the current scan and joins the watcher's thread, waiting up to `timeout` for an ingest
    /// under way (which is crash-safe: cut short by the process ending, it leaves the file in the inbox).
    public func shutdown(timeout: Duration) async {
        guard let thread = requestStop() else { return }
        await thread.join(timeout: timeout)
    }

    public func shutdown() async { await shutdown(timeout: .seconds(60)) }

    /// `shutdown()` for synchronous callers.
    public func stop(timeout: Duration = .seconds(60)) {
        requestStop()?.join(timeout: timeout)
    }

    private func requestStop() -> JoinableThread? {
        let thread = state.withLock { state -> JoinableThread? in
            state.running = false
            defer { state.thread = nil }
            return state.thread
        }
        wake.signal()
        return thread
    }

    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || [".part", ".tmp", ".crdownload", ".partial"].contains { name.lowercased().hasSuffix($0) }
    }

    struct Signature: Equatable, Sendable {
        var size: Int64
        var modified: Date
    }
}

private struct WatcherState: ~Copyable {
    var files: [String: (signature: InboxWatcher.Signature, since: Date)] = [:]
    var running = false
    var thread: JoinableThread?
}
