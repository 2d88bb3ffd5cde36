// swift-tools-version:6.1
// Klai builds from the Swift toolchain and Debian's libav* and libsqlite3 alone: no package dependencies.

import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "Klai",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "klai", targets: ["klai"]),
        .library(name: "KlaiStore", targets: ["KlaiStore"]),
        .library(name: "KlaiHTTP", targets: ["KlaiHTTP"]),
        .library(name: "KlaiMedia", targets: ["KlaiMedia"]),
    ],
    targets: [
        // MARK: C libraries from Debian, reached only through these two modules.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat libavcodec libavutil libswscale libswresample libavfilter",
            providers: [.apt([
                "libavformat-dev", "libavcodec-dev", "libavutil-dev",
                "libswscale-dev", "libswresample-dev", "libavfilter-dev",
            ])]
        ),

        // MARK: Layers, imports flow downward only (docs/ARCHITECTURE.md).
        // Under everything: the `Service` shape (start, shutdown-and-join), `ServiceGroup`, SIGTERM handling and
        // `BlockingWork`, the one way to run blocking calls off the event loops and the cooperative pool.
        .target(name: "KlaiRuntime", swiftSettings: strict),
        .target(name: "KlaiStore", dependencies: ["CSQLite", "KlaiRuntime"], swiftSettings: strict),
        // SHA-256, HMAC, PBKDF2 and kernel randomness in Swift: passwords, tokens, the traffic log's chain, file hashes.
        // PBKDF2's inner loop on the CPU's SHA extensions where it has them (half the time of the Swift code).
        .target(name: "CKlaiCrypto"),
        .target(name: "KlaiCrypto", dependencies: ["CKlaiCrypto"], swiftSettings: strict),
        // Windows-874/TIS-620, which Foundation on Linux cannot decode: rosters and manifests from Thai spreadsheets.
        .target(name: "KlaiText", swiftSettings: strict),
        // epoll, eventfd, sendfile and accept4 for the HTTP server (not in Swift's Glibc module).
        .target(name: "CKlaiHTTP"),
        .target(name: "KlaiHTTP", dependencies: ["CKlaiHTTP", "KlaiCrypto", "KlaiRuntime"], swiftSettings: strict),
        .target(name: "KlaiMedia", dependencies: ["CFFmpeg", "KlaiRuntime"], swiftSettings: strict),
        .target(name: "KlaiCatalog", dependencies: ["KlaiStore", "KlaiMedia", "KlaiCrypto", "KlaiText", "KlaiRuntime"],
                swiftSettings: strict),
        .target(name: "KlaiLearning", dependencies: ["KlaiStore", "KlaiCatalog", "KlaiCrypto", "KlaiText"], swiftSettings: strict),
        // Supervision and evaluation above KlaiLearning: instruments, visits, usage evidence, readiness, surveys, term reports.
        .target(name: "KlaiEvaluation", dependencies: ["KlaiStore", "KlaiCatalog", "KlaiLearning", "KlaiCrypto"], swiftSettings: strict),
        // Pages, the JSON API, the player's assets and the gate in front of /hls/ (docs/ARCHITECTURE.md).
        .target(name: "KlaiWeb", dependencies: ["KlaiHTTP", "KlaiStore", "KlaiMedia", "KlaiCatalog", "KlaiLearning", "KlaiEvaluation",
                                         "KlaiCrypto", "KlaiRuntime"],
                exclude: ["Assets"], swiftSettings: strict),
        .executableTarget(
            name: "klai",
            dependencies: ["KlaiRuntime", "KlaiStore", "KlaiHTTP", "KlaiMedia", "KlaiCatalog", "KlaiLearning", "KlaiEvaluation", "KlaiWeb"],
            swiftSettings: strict
        ),
        // Child process for crash-safety tests: writes, reports each commit, and gets killed with SIGKILL.
        .executableTarget(name: "klai-stress", dependencies: ["KlaiStore"], swiftSettings: strict),
        // Browser tests' live channel: writes Klai's synthetic clip as H.264/AAC MPEG-TS (what a DLTV receiver sends).
        .executableTarget(name: "klai-live-source", dependencies: ["KlaiMedia"], swiftSettings: strict),
        // Event-ingest driver: posts batches until SIGKILLed (crash test), checks summaries, runs the events benchmark.
        .executableTarget(name: "klai-learning-stress", dependencies: ["KlaiStore", "KlaiCatalog", "KlaiLearning"], swiftSettings: strict),

        // MARK: Tests, one target per module.
        .testTarget(name: "KlaiRuntimeTests", dependencies: ["KlaiRuntime"], swiftSettings: strict),
        .testTarget(name: "KlaiCryptoTests", dependencies: ["KlaiCrypto"], swiftSettings: strict),
        .testTarget(name: "KlaiTextTests", dependencies: ["KlaiText"], swiftSettings: strict),
        .testTarget(name: "KlaiStoreTests", dependencies: ["KlaiStore", "klai-stress"], swiftSettings: strict),
        .testTarget(name: "KlaiHTTPTests", dependencies: ["KlaiHTTP"], swiftSettings: strict),
        .testTarget(name: "KlaiMediaTests", dependencies: ["KlaiMedia", "KlaiHTTP"], swiftSettings: strict),
        .testTarget(name: "KlaiCatalogTests", dependencies: ["KlaiCatalog", "KlaiMedia"], swiftSettings: strict),
        .testTarget(name: "KlaiLearningTests", dependencies: ["KlaiLearning", "klai-learning-stress"], swiftSettings: strict),
        .testTarget(name: "KlaiEvaluationTests", dependencies: ["KlaiEvaluation", "KlaiLearning", "KlaiCatalog", "KlaiStore"], swiftSettings: strict),
        .testTarget(name: "KlaiWebTests", dependencies: ["KlaiWeb", "KlaiHTTP", "KlaiStore", "KlaiCatalog", "KlaiLearning", "KlaiEvaluation"],
                    swiftSettings: strict),
        .testTarget(name: "KlaiCLITests", dependencies: ["klai", "KlaiStore", "KlaiMedia", "KlaiCatalog", "KlaiLearning", "KlaiRuntime"],
                    swiftSettings: strict),
    ]
)
