import Foundation
import KlaiHTTP

/// `klai files DIR`: serve a folder read-only (an HLS mirror, downloads) with the traffic log, no database.
enum FilesCommand: Command {
    static let spec = CommandSpec(
        name: ["files"], summary: "Serve a folder read-only over HTTP, with the traffic log (no database).",
        arguments: "DIR",
        discussion: """
            Serves DIR with sendfile, ETag/Last-Modified, 304, Range and HLS content types. Hidden files,
            `..` and symlinks leading out of DIR are never served. Every request is recorded in the
            traffic log (DATA/traffic/, kept at least 90 days). Stops cleanly on Ctrl-C or SIGTERM.
            """,
        options: LibraryLocation.options + [
            OptionSpec("port", value: "PORT", help: "TCP port (0 picks a free one).", environment: "KLAI_PORT", default: "8080"),
            OptionSpec(
                "bind", value: "ADDRESS", help: "Address to listen on (IPv4 or IPv6; 0.0.0.0 or :: for a LAN).",
                environment: "KLAI_BIND", default: "127.0.0.1"),
            OptionSpec("threads", value: "N", help: "Event-loop threads.", default: "one per core"),
            OptionSpec("max-connections", value: "N", help: "Open connections before new ones get 503.", default: "4096"),
            OptionSpec(
                "max-connections-per-address", value: "N",
                help: "Open connections one client address may hold before new ones get 429.", default: "64"),
            OptionSpec("retention-days", value: "DAYS", help: "Days of traffic log kept (at least 90).", default: "90"),
            OptionSpec("open-on-loop", help: "Open files on the event loops (a little faster when everything is cached).")
        ],
        positionalCount: 1...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let folder = invocation.positionals[0]
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            printError("\(folder) is not a folder.")
            return 1
        }
        let library = LibraryLocation(invocation)
        let log = try TrafficLog(
            directory: library.trafficFolder.path,
            retentionDays: try invocation.integer("retention-days", in: 90...3650) ?? 90)
        var configuration = HTTPServerConfiguration(
            host: invocation.value("bind") ?? "127.0.0.1", port: try invocation.integer("port", in: 0...65535) ?? 8080,
            maxConnections: try invocation.integer("max-connections", in: 1...1_000_000) ?? 4096, trafficLog: log)
        if let threads = try invocation.integer("threads", in: 1...256) { configuration.eventLoopCount = threads }
        if let perAddress = try invocation.integer("max-connections-per-address", in: 1...1_000_000) {
            configuration.maxConnectionsPerAddress = perAddress
        }
        var router = Router()
        var files = try FileServer(root: folder)
        files.opensOffLoop = !invocation.flag("open-on-loop")
        router.get("/*path", files.endpoint(parameter: "path"))
        let server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
        server.stopOnTerminationSignals()
        guard let address = server.localAddress else { throw ServeError("the server did not report its address") }
        print("Klai is serving \(folder) read-only at http://\(address)/ — traffic log in \(library.trafficFolder.path)")
        print("stop with Ctrl-C")
        flushStandardOutput()
        try server.runBlockingUntilTerminated()
        print("stopped: in-flight requests finished, traffic log flushed")
        return 0
    }
}
