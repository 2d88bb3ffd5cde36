import Dispatch
import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiRuntime
import KlaiStore
import KlaiWeb

/// `klai serve`: open (or create) the library and serve it.
enum ServeCommand: Command {
    static let spec = CommandSpec(
        name: ["serve"], summary: "Serve the library over HTTP (creates it on first run).",
        discussion: """
            Listens on 127.0.0.1:8080 by default; use --bind 0.0.0.0 to serve a school's LAN (refused while demo
            accounts keep their published passwords). A library it creates gets an admin account, its password printed once.
            While serving, files dropped into Media/inbox/ are ingested once they stop growing, and
            transcode jobs run in the background (jobs interrupted by a crash resume).
            Stops cleanly on Ctrl-C or SIGTERM: in-flight requests finish, the traffic log is flushed,
            a running transcode stops and is queued again, live recordings are closed and kept.
            """,
        options: LibraryLocation.options + [CatalogCommand.catalogOption, ConfigurationFile.option] + ServeSettings.options + [
            OptionSpec(
                "pretend-time", value: "TIME",
                help: """
                    Pages and playback records act as if it were TIME (ISO-8601, e.g. 2026-12-02T09:35+07:00) and time \
                    runs on from there: to show the DLTV timetable's morning in an evening demo, and for browser tests.
                    """, environment: "KLAI_PRETEND_TIME")
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let invocation = try invocation.applyingConfigurationFile()
        let settings = try ServeSettings(invocation)
        let location = LibraryLocation(invocation)
        let firstRun = !location.exists
        try FileManager.default.createDirectory(at: location.dataFolder, withIntermediateDirectories: true)
        guard let lock = try LibraryLock.acquire(in: location.dataFolder) else {
            throw ServeError(
                "another Klai process is using \(location.dataFolder.path) (a server, or a restore in "
                    + "progress): stop it first ('systemctl stop klai' on an installed box)")
        }
        let (store, library, _) = try CatalogCommand.open(invocation)
        if firstRun { print("created a new library in \(library.dataFolder.path)") }
        try DemoPasswordCheck.refuseUnsafeListening(on: settings.bind, store: store)
        if firstRun {
            try createFirstAdmin(store: store)
        } else if try !FirstAdmin.hasActiveAdmin(store) {
            print("this library has no active admin account: make one with 'klai admin create USERNAME'")
        }
        let (runner, inbox) = try CatalogCommand.backgroundWork(store: store, library: library)
        let live = try LiveCommandSupport.recorder(store: store, library: library)
        let housekeeping = HousekeepingTimer(store: store)

        // Each day head the log writes is also copied into the database, out of reach of whoever can
        // edit the log files (TrafficHeadTable); a day edited while Klai was stopped keeps its copy.
        let log = try TrafficLog(
            directory: library.trafficFolder.path,
            headSink: { TrafficHeadTable.record($0, in: store) },
            storedHeads: try store.readSync { try TrafficHeadTable.heads(in: $0) })
        var configuration = HTTPServerConfiguration(host: settings.bind, port: settings.port, trafficLog: log)
        // Large request bodies spool on the data disk (whose floor the upload page checks), never in /tmp,
        // which may be a RAM-backed tmpfs. What a killed server left there belongs to no request: removed.
        let uploads = library.mediaFolder.appendingPathComponent("uploads", isDirectory: true)
        try? FileManager.default.removeItem(at: uploads)
        try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
        configuration.temporaryDirectory = uploads.path
        // A worksheet whose upload was killed between its file and its row: no page links to it, so it goes.
        let orphans = try CatalogAttachments.sweepOrphans(media: MediaLibrary(root: library.mediaFolder), store: store)
        if !orphans.isEmpty {
            print(
                "attachments: removed \(orphans.count) file(s) no catalog row names (left by an interrupted upload or removal): "
                    + orphans.joined(separator: ", "))
        }
        // A video whose upload or ingest was killed between its copy in sources/ and its row: only copies Klai
        // made, and only while no `klai ingest` or `klai catalog import` is placing files (the placing lock).
        let sources = try MediaLibrary(root: library.mediaFolder).sweepOrphanSources(store: store)
        if sources.busy {
            print("sources: not swept: another Klai process (klai ingest or klai catalog import) is placing files; the next start sweeps")
        }
        if !sources.removed.isEmpty {
            print(
                "sources: removed \(sources.removed.count) file(s) no catalog row names (left by an interrupted upload or ingest): "
                    + sources.removed.joined(separator: ", "))
        }
        if !sources.keptForeign.isEmpty {
            print(
                "sources: kept \(sources.keptForeign.count) file(s) no catalog row names that Klai did not make (their bytes do not match their names): "
                    + sources.keptForeign.joined(separator: ", "))
        }
        configuration.trustedProxy = settings.trustedProxy
        configuration.allowedHosts = settings.hostNames
        var clock = WebClock()
        if let text = invocation.value("pretend-time") {
            guard let moment = ISO8601Timestamp.parse(text) else {
                throw UsageError(spec: spec, problem: "--pretend-time takes an ISO-8601 time like 2026-12-02T09:35+07:00, not '\(text)'")
            }
            clock = WebClock(pretending: moment)
            print("pretending it is \(ISO8601Timestamp.format(moment)) (time runs on from there)")
        }
        let server = HTTPServer(
            configuration: configuration,
            responder: try router(
                for: library, store: store, clock: clock,
                backupFolder: settings.backupFolder))
        // Started in this order, shut down in reverse on SIGTERM, each joined before the next stops: the
        // server takes requests last and stops taking them first (docs/ARCHITECTURE.md, "Decisions").
        let services = ServiceGroup([runner, inbox, live, housekeeping, server])
        let folder = library.dataFolder.path
        try services.runBlockingUntilTerminated(
            report: { print("stopping: \($0)") },
            onStarted: {
                guard let address = server.localAddress else { return }
                let url = settings.reachableURL(port: address.port, description: address.description)
                print("Klai is serving \(folder) at \(url)")
                print("health check: \(url)healthz — stop with Ctrl-C")
                flushStandardOutput()
            })
        log.close()
        print("stopping: in-flight requests finished, traffic log flushed; checkpointing the database")
        try store.checkpoint()
        withExtendedLifetime(lock) {}
        return 0
    }

    /// A library this server has just made (an installed box's first start) gets an admin, so someone can sign
    /// in; its one-time password is printed once (on an installed box: in `journalctl -u klai`). An existing
    /// library without one is only told how to make one: hashing a password costs a noticeable moment.
    private static func createFirstAdmin(store: Store) throws {
        guard try !FirstAdmin.hasActiveAdmin(store) else { return }
        let password = try FirstAdmin.create(username: "admin", in: store)
        print(FirstAdmin.announcement(username: "admin", password: password))
    }

    /// The routes of a library: the health check, then KlaiWeb's pages, API and the gated HLS trees.
    static func router(for library: LibraryLocation, store: Store, clock: WebClock = WebClock(), backupFolder: URL? = nil) throws -> Router {
        var router = Router()
        router.get("/healthz") { _ in .text("ok\n") }
        let secret = try ServerSecret.loadOrCreate(in: library.dataFolder)
        var configuration = KlaiWeb.Configuration(store: store, media: MediaLibrary(root: library.mediaFolder), secret: secret)
        configuration.clock = clock
        configuration.diskFloor = CatalogCommand.diskFloor(for: library)
        configuration.backupFolder = backupFolder
        let web = try KlaiWeb(configuration: configuration)
        try web.register(on: &router)
        return router
    }
}

/// A failure to start serving, said in words.
struct ServeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
