import Glibc

/// The write end of the self-pipe, set once before the handler is installed; read by the handler only.
private nonisolated(unsafe) var terminationPipeWriter: Int32 = -1

/// The signal handler: one `write` to a pipe is all it does (async-signal-safe, POSIX.1-2017 §2.4.3).
private func forwardTerminationSignal(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(terminationPipeWriter, &byte, 1)
}

/// Turns SIGTERM and SIGINT into a call on a thread of its own, from the moment `install` returns.
///
/// A handler is installed with `sigaction` synchronously, so no signal that arrives after `install` is
/// lost or left to its default action: a Dispatch signal source is armed asynchronously, and a signal in
/// between (first ignored, then not yet watched) would be dropped, leaving a server that never stops.
public enum TerminationSignals {
    /// Installs the handlers and calls `handler` (on a dedicated thread) for every SIGTERM/SIGINT.
    /// Call once per process, before announcing that the process is ready.
    public static func install(_ handler: @escaping @Sendable (Int32) -> Void) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { fatalError("pipe() failed: \(errno)") }
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        terminationPipeWriter = fds[1]
        let reader = fds[0]
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        let box = Unmanaged.passRetained(HandlerBox(handler: handler, fd: reader)).toOpaque()
        var thread = pthread_t()
        pthread_create(
            &thread, &attributes,
            { argument in
                let box = Unmanaged<HandlerBox>.fromOpaque(argument!).takeRetainedValue()
                var byte: UInt8 = 0
                while true {
                    let count = read(box.fd, &byte, 1)
                    if count == 1 { box.handler(Int32(byte)) } else if count < 0 && errno != EINTR { return nil }
                }
            }, box)
        pthread_detach(thread)
        for number in [SIGTERM, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = forwardTerminationSignal
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    private final class HandlerBox: Sendable {
        let handler: @Sendable (Int32) -> Void
        let fd: Int32
        init(handler: @escaping @Sendable (Int32) -> Void, fd: Int32) {
            self.handler = handler
            self.fd = fd
        }
    }
}
