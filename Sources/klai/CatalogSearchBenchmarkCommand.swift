import Foundation
import KlaiCatalog
import KlaiStore

/// `klai catalog search --queries FILE`: search latency over a list of queries (Benchmarks/catalog.sh).
enum CatalogSearchBenchmark {
    /// One query as the benchmark generator writes it.
    struct Entry: Decodable {
        var text: String?
        var grades: [String]?
        var learningAreas: [String]?
        var channel: String?
        var from: String?
        var to: String?
        var kinds: [String]?
        var sort: String?
        var page: Int?
    }

    static func run(file: String, store: Store, slowest: Int = 8) throws -> Int32 {
        let entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        let queries = entries.map { entry -> CatalogQuery in
            var query = CatalogQuery(text: entry.text)
            query.grades = entry.grades ?? []
            query.learningAreas = entry.learningAreas ?? []
            query.channel = entry.channel
            query.from = entry.from.flatMap(LocalDate.init(parsing:))
            query.to = entry.to.flatMap(LocalDate.init(parsing:))
            query.kinds = (entry.kinds ?? []).compactMap(CatalogItem.Kind.init(rawValue:))
            query.sort = entry.sort.flatMap(CatalogQuery.Sort.init(rawValue:)) ?? .relevance
            query.offset = ((entry.page ?? 1) - 1) * query.limit
            return query
        }
        // One warm-up pass so the page cache holds the database, as on a running server.
        _ = try store.readSync { db in try queries.prefix(50).map { try Catalog.search($0, in: db) } }
        var timed: [(milliseconds: Double, query: CatalogQuery)] = []
        var cpu: [Double] = []
        var found = 0
        try store.readSync { db in
            for query in queries {
                let started = ContinuousClock.now
                let cpuStarted = threadCPUMilliseconds()
                let page = try Catalog.search(query, in: db)
                cpu.append(threadCPUMilliseconds() - cpuStarted)
                timed.append(((ContinuousClock.now - started) / .milliseconds(1), query))
                found += page.items.isEmpty ? 0 : 1
            }
        }
        let latencies = timed.map(\.milliseconds).sorted()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(
            String(
                format: "search: %d queries, %d with results; p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                latencies.count, found, percentile(0.5), percentile(0.95), percentile(0.99), latencies.last ?? 0))
        cpu.sort()
        // CPU time of the searching thread: what the query costs when it is not waiting for a core the
        // machine's other work holds (the wall-clock figures above include that wait).
        print(
            String(
                format: "search CPU time: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; load average when run: %@",
                cpu[cpu.count / 2], cpu[cpu.count * 95 / 100], cpu[cpu.count * 99 / 100],
                (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"))
        for (milliseconds, query) in timed.sorted(by: { $0.milliseconds > $1.milliseconds }).prefix(slowest) {
            print(
                String(format: "  %.1f ms: ", milliseconds) + "text \(query.text ?? "-") grades \(query.grades) areas \(query.learningAreas) "
                    + "channel \(query.channel ?? "-") dates \(query.from.map(\.description) ?? "-") kinds \(query.kinds.map(\.rawValue)) "
                    + "sort \(query.sort.rawValue) offset \(query.offset)")
        }
        return 0
    }
}

/// CPU time used so far by the calling thread.
func threadCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
}
