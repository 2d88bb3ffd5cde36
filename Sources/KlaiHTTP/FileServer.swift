import Glibc
import KlaiRuntime

/// Serves files below one folder, read-only: `sendfile`, strong validators, conditional and range
/// requests (RFC 9110 §13, §14), and path resolution that cannot leave the folder.
public struct FileServer: Sendable {
    /// The folder, as an absolute path with symlinks resolved.
    public let root: String
    /// Serve `index.html` for a directory.
    public var indexFile: String? = "index.html"
    /// Open, stat and pre-read files on the blocking-I/O queue, so a slow disk never stalls an event
    /// loop (on by default; costs about 5% of small-file throughput). `sendfile` itself then mostly
    /// finds the pages already cached. Off: `open`/`fstat` run on the loop, as nginx does without
    /// `aio threads`.
    public var opensOffLoop = true
    /// Files up to this size are asked into the page cache when opened off the loop.
    public var prefetchLimit = 16 * 1024 * 1024
    /// How long an opened file (or a miss) is reused without looking at the disk again; zero turns
    /// the cache off. Edits to a file are seen after at most this long.
    public var openFileCacheLifetime: Duration = .seconds(2)
    /// Most paths remembered at once (each hit holds one descriptor).
    public var openFileCacheCapacity = 2048

    /// - Throws: `HTTPServerError` when `root` does not exist.
    public init(root: String) throws {
        guard let resolved = realpath(root, nil) else { throw HTTPServerError(operation: "open folder \(root)", code: errno) }
        self.root = String(cString: resolved)
        free(resolved)
    }

    /// A router handler serving the route's `*name` parameter (already percent-decoded once).
    public func handler(parameter: String = "*") -> Router.Handler {
        endpoint(parameter: parameter).handler
    }

    /// A router endpoint serving the route's `*name` parameter (already percent-decoded once): a
    /// path in the open-file cache (a file or a remembered miss) is answered at once on the loop,
    /// any other is opened as `opensOffLoop` says and then remembered.
    public func endpoint(parameter: String = "*") -> Router.Endpoint {
        let server = self
        let cache =
            openFileCacheLifetime > .zero
            ? OpenFileCache(lifetime: openFileCacheLifetime, capacity: openFileCacheCapacity) : nil
        var immediate: Router.ImmediateHandler?
        if let cache {
            immediate = { request in
                let relativePath = request.parameters[parameter] ?? ""
                guard let cached = cache.lookup(relativePath, now: Monotonic.now()) else { return nil }
                guard let opened = cached else { return HTTPResponse.error(.notFound) }
                return server.respond(to: request, opened: opened)
            }
        }
        return Router.Endpoint(immediate: immediate) { request in
            let relativePath = request.parameters[parameter] ?? ""
            let now = Monotonic.now()
            let opened: OpenedFile?
            if let cached = cache?.lookup(relativePath, now: now) {
                opened = cached
            } else {
                opened =
                    server.opensOffLoop
                    ? await BlockingWork.run { server.openAndPrefetch(relativePath) }
                    : server.open(relativePath).map(OpenedFile.init)
                cache?.store(relativePath, opened, now: now)
            }
            guard let opened else { return .error(.notFound) }
            return server.respond(to: request, opened: opened)
        }
    }

    /// Opens a file and asks the kernel to start reading it, on the blocking-I/O queue.
    func openAndPrefetch(_ relativePath: String) -> OpenedFile? {
        guard let opened = open(relativePath) else { return nil }
        if opened.file.size <= prefetchLimit {
            // Starts the disk reads now, off the loop, so sendfile later finds the pages cached.
            _ = posix_fadvise(opened.file.fd, 0, off_t(opened.file.size), POSIX_FADV_WILLNEED)
        }
        return OpenedFile(opened)
    }

    /// Answers a GET or HEAD for `relativePath` (decoded; `/`-separated).
    public func respond(to request: HTTPRequest, relativePath: String) -> HTTPResponse {
        guard let file = open(relativePath) else { return .error(.notFound) }
        return respond(to: request, opened: OpenedFile(file))
    }

    /// Refuses `..`, `.`, hidden names and empty segments, then opens the file and checks that the
    /// real path (after symlinks) is still inside the root.
    func open(_ relativePath: String) -> (file: OpenFile, name: String, info: stat)? {
        var path = root
        var name = ""
        for segment in relativePath.split(separator: "/", omittingEmptySubsequences: true) {
            // A leading dot covers `.`, `..` and hidden files such as `.git` or `.env`.
            guard segment.first != ".", !segment.utf8.contains(0) else { return nil }
            path += "/" + segment
            name = String(segment)
        }
        var fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else { Glibc.close(fd); return nil }
        if info.st_mode & S_IFMT == S_IFDIR, let indexFile {
            let index = Glibc.openat(fd, indexFile, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            Glibc.close(fd)
            guard index >= 0, fstat(index, &info) == 0 else { if index >= 0 { Glibc.close(index) }; return nil }
            fd = index
            name = indexFile
        }
        guard info.st_mode & S_IFMT == S_IFREG, isInsideRoot(fd) else { Glibc.close(fd); return nil }
        return (OpenFile(fd: fd, size: Int(info.st_size), readingContentsUpTo: OpenFile.contentsLimit), name, info)
    }

    /// The kernel's view of the open file's path, so a symlink pointing outside the root is caught.
    private func isInsideRoot(_ fd: Int32) -> Bool {
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, 4096)
        guard n > 0 else { return false }
        let real = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return real.hasPrefix(root + "/") || root == "/"
    }
}
