import Dispatch
import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiStore
import KlaiWeb

/// `klai serve`: open (or create) the library and serve it.
enum ServeCommand: Command {
    static let spec = CommandSpec(
        name: ["serve"], summary: "Serve the library over HTTP (creates it on first run).",
        discussion: """
            Listens on 127.0.0.1:8080 by default; use --bind 0.0.0.0 to serve a school's LAN.
            While serving, files dropped into Media/inbox/ are ingested once they stop growing, and
            transcode jobs run in the background (jobs interrupted by a crash resume).
            Stops cleanly on Ctrl-C or SIGTERM: in-flight requests finish, the traffic log is flushed,
            a running transcode stops and is queued again.
            """,
        options: LibraryLocation.options + [CatalogCommand.catalogOption] + [
            OptionSpec("port", value: "PORT", help: "TCP port (0 picks a free one).", environment: "KLAI_PORT", default: "8080"),
            OptionSpec("bind", value: "ADDRESS", help: "Address to listen on (IPv4 or IPv6).", environment: "KLAI_BIND",
                       default: "127.0.0.1"),
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let port = try invocation.integer("port", in: 0...65535) ?? 8080
        let bind = invocation.value("bind") ?? "127.0.0.1"
        let firstRun = !LibraryLocation(invocation).exists
        let (store, library, _) = try CatalogCommand.open(invocation)
        if firstRun { print("created a new library in \(library.dataFolder.path)") }
        let (runner, inbox) = try CatalogCommand.startBackgroundWork(store: store, library: library)

        let log = try TrafficLog(directory: library.trafficFolder.path)
        let configuration = HTTPServerConfiguration(host: bind, port: port, trafficLog: log)
        let server = HTTPServer(configuration: configuration, responder: try router(for: library, store: store))
        try server.start()
        server.stopOnTerminationSignals()
        guard let address = server.localAddress else { throw ServeError("the server did not report its address") }
        let url = "http://\(bind == "0.0.0.0" || bind == "::" ? "127.0.0.1:\(address.port)" : address.description)/"
        print("Klai is serving \(library.dataFolder.path) at \(url)")
        print("health check: \(url)healthz — stop with Ctrl-C")
        flushStandardOutput()
        try server.runBlockingUntilTerminated()
        inbox.stop()
        runner.stop()
        print("stopping: in-flight requests finished, traffic log flushed; checkpointing the database")
        try store.checkpoint()
        return 0
    }

    /// The routes of a library: the health check, then KlaiWeb's pages, API and the gated HLS trees.
    static func router(for library: LibraryLocation, store: Store) throws -> Router {
        var router = Router()
        router.get("/healthz") { _ in .text("ok\n") }
        let secret = try ServerSecret.loadOrCreate(in: library.dataFolder)
        let web = try KlaiWeb(configuration: .init(store: store, media: MediaLibrary(root: library.mediaFolder), secret: secret))
        try web.register(on: &router)
        return router
    }
}

/// A failure to start serving, said in words.
struct ServeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
