extension ConnectionStateMachine {
    /// How long each phase may take before the connection is cut.
    public struct Timeouts: Sendable, Hashable {
        /// From a request's first byte (on a new connection: from accept) to the end of its head; a new
        /// connection that stays silent this long is closed (slowloris defence).
        public var header: Duration
        /// Between requests on a kept-alive connection.
        public var idle: Duration
        /// Without any read progress while the body is arriving.
        public var body: Duration
        /// Without any write progress while a response is sent (stalled readers).
        public var write: Duration
        /// Content slower than this many bytes per second, averaged over `bodyRateWindow`, is cut with
        /// 408: a body trickled one byte every 29 s never trips `body`, but would hold a slot for ever.
        /// 0 turns the check off.
        public var minimumBodyRate: Int
        /// The averaging window; the first one is also the grace period after the content starts.
        public var bodyRateWindow: Duration

        /// Creates timeouts; the defaults follow nginx (75 s keep-alive) with a 10 s header limit that
        /// counts from accept, and a 1 KB/s floor for content over 10 s windows (8 kbit/s: any phone
        /// on a school network does better).
        public init(
            header: Duration = .seconds(10), idle: Duration = .seconds(75),
            body: Duration = .seconds(30), write: Duration = .seconds(30),
            minimumBodyRate: Int = 1024, bodyRateWindow: Duration = .seconds(10)
        ) {
            self.header = header
            self.idle = idle
            self.body = body
            self.write = write
            self.minimumBodyRate = max(0, minimumBodyRate)
            self.bodyRateWindow = bodyRateWindow
        }
    }
}
