import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning
import KlaiRuntime
import KlaiStore

/// Everything a browser or an API client touches: pages, the JSON API, the player's assets and the
/// gate in front of `/hls/`. `klai serve` only wires this into its router (docs/ARCHITECTURE.md).
public struct KlaiWeb: Sendable {
    /// What the web layer needs from the running library.
    public struct Configuration: Sendable {
        public var store: Store
        public var media: MediaLibrary
        /// Signs CSRF tokens and video links; kept in the data folder, readable by Klai only.
        public var secret: ServerSecret
        /// Where Debian's fonts live (the Thai web font is served from there, never fetched from another host).
        public var fontFolder = URL(fileURLWithPath: "/usr/share/fonts/truetype/noto")
        /// The time pages and the events API take as now (`klai serve --pretend-time` shifts it, to try the
        /// DLTV timetable's morning in the evening; the real clock otherwise).
        public var clock = WebClock()
        /// The data disk's free-space floor: uploads that would cross it are refused with 507 before their
        /// content is read (`klai serve` sets the library's floor; nil refuses only on a full disk).
        public var diskFloor: DiskFloor?
        /// Where "Back up now" writes, with the nightly backup's names and rotation (`backup_folder` in the
        /// configuration file); nil means `backups/` in the data folder.
        public var backupFolder: URL?

        public init(store: Store, media: MediaLibrary, secret: ServerSecret) {
            self.store = store
            self.media = media
            self.secret = secret
        }
    }

    let configuration: Configuration
    let accounts: Accounts
    let assets: AssetCatalog
    let settingsCache = SiteSettingsCache()

    public init(configuration: Configuration) throws {
        self.configuration = configuration
        self.accounts = Accounts(store: configuration.store)
        self.assets = try AssetCatalog(fontFolder: configuration.fontFolder)
    }

    /// Adds every route and the middleware around them.
    public func register(on router: inout Router) throws {
        // Pages are worked on a few at a time, in arrival order (AdmissionMiddleware says why); outermost, so
        // a waiting page has not started its session look-up, and Server-Timing's app time starts at admission.
        router.use(AdmissionMiddleware(limit: Self.pagesAtOnce, bypass: { !Self.isPage($0) }))
        // Server-Timing: app;dur=… on every answer, so a browser's devtools and Benchmarks/web.sh see server time.
        router.use(TimingMiddleware())
        router.use(SecurityHeadersMiddleware())
        router.use(SessionMiddleware(web: self))
        router.use(CSRFMiddleware(secret: configuration.secret))
        AssetRoutes(assets: assets).register(on: &router)
        AuthAPI(web: self).register(on: &router)
        EventsAPI(web: self).register(on: &router)
        try MediaRoutes(web: self).register(on: &router)
        try LiveMediaRoutes(web: self).register(on: &router)
        LivePages(web: self).register(on: &router)
        SignInPages(web: self).register(on: &router)
        HomePages(web: self).register(on: &router)
        CatalogPages(web: self).register(on: &router)
        LessonPages(web: self).register(on: &router)
        TeacherPages(web: self).register(on: &router)
        TeacherUploadPages(web: self).register(on: &router)
        AccountPages(web: self).register(on: &router)
        AdminRoutes(web: self).register(on: &router)
        SupervisionPages(web: self).register(on: &router)
    }

    var store: Store { configuration.store }

    /// Pages worked on at once: one per core keeps every core busy (their data is in memory, so a page hardly
    /// waits for the disk) without slicing the CPU among many half-built pages; one more covers a page that
    /// waits for a SQLite reader.
    static let pagesAtOnce = HTTPServerConfiguration.coreCount + 1

    /// Whether the admission gate applies: GET and HEAD of a page. Files (segments, playlists, CSV exports,
    /// backups: a last path segment with a dot), static assets, posters, attachments, the JSON API, the health
    /// check and everything that changes something (sign-in's password check has its own lane, uploads stream
    /// to disk) go straight on; so does the system page's tree (backups, traffic verification take long).
    static func isPage(_ request: HTTPRequest) -> Bool {
        guard request.method == "GET" || request.method == "HEAD" else { return false }
        let path = request.path
        for prefix in ["/hls/", "/live/s/", "/assets/", "/posters/", "/attachments/", "/api/", "/healthz", "/admin/system"]
        where path.hasPrefix(prefix) { return false }
        let last = path.split(separator: "/").last ?? ""
        return !last.contains(".")
    }
}

/// Runs blocking work (SQLite, PBKDF2) through `BlockingWork`, never on Swift's cooperative pool or an
/// event loop, and resumes the caller with its result.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await BlockingWork.run(work)
}

/// Runs a password check or hash (PBKDF2) on `BlockingWork`'s compute lane, one per core in arrival order.
func passwordWork<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await BlockingWork.compute(work)
}
