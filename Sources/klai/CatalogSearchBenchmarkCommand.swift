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

    static func run(file: String, store: Store) throws -> Int32 {
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
        var latencies: [Double] = []
        var found = 0
        try store.readSync { db in
            for query in queries {
                let started = ContinuousClock.now
                let page = try Catalog.search(query, in: db)
                latencies.append((ContinuousClock.now - started) / .milliseconds(1))
                found += page.items.isEmpty ? 0 : 1
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(String(format: "search: %d queries, %d with results; p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                     latencies.count, found, percentile(0.5), percentile(0.95), percentile(0.99), latencies.last ?? 0))
        return 0
    }
}
