import Dispatch
import Foundation
import KlaiStore

/// `klai serve`: open (or create) the library and serve it.
enum ServeCommand: Command {
    static let spec = CommandSpec(
        name: ["serve"], summary: "Serve the library over HTTP (creates it on first run).",
        discussion: """
            Listens on 127.0.0.1:8080 by default; use --bind 0.0.0.0 to serve a school's LAN.
            Stops cleanly on Ctrl-C or SIGTERM.
            """,
        options: LibraryLocation.options + [
            OptionSpec("port", value: "PORT", help: "TCP port (0 picks a free one).", environment: "KLAI_PORT", default: "8080"),
            OptionSpec("bind", value: "ADDRESS", help: "Address to listen on (IPv4 or IPv6).", environment: "KLAI_BIND",
                       default: "127.0.0.1"),
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let port = try invocation.integer("port", in: 0...65535) ?? 8080
        let bind = invocation.value("bind") ?? "127.0.0.1"
        let library = LibraryLocation(invocation)
        let firstRun = !library.exists
        let store = try library.open()
        if firstRun { print("created a new library in \(library.dataFolder.path)") }

        let server = try HealthServer(address: bind, port: port)
        server.start()
        let host = bind.contains(":") ? "[\(bind)]" : bind
        print("Klai is serving \(library.dataFolder.path) at http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(server.port)/")
        print("health check: http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(server.port)/healthz — stop with Ctrl-C")
        flushStandardOutput()

        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        stop.wait()
        print("stopping: checkpointing the database")
        try store.checkpoint()
        return 0
    }
}
