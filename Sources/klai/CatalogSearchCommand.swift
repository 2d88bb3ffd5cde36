import Foundation
import KlaiCatalog
import KlaiStore

/// `klai catalog search [TEXT…]`: find lessons and recordings.
enum CatalogSearchCommand: Command {
    static let spec = CommandSpec(
        name: ["catalog", "search"], summary: "Find lessons and recordings by words (Thai or English) and filters.",
        arguments: "[TEXT…]",
        discussion: "Words match inside titles, descriptions, subjects and indicators (เศษส่วน finds การบวกเศษส่วน).",
        options: LibraryLocation.options + [
            CatalogCommand.catalogOption,
            OptionSpec("grade", value: "GRADE", help: "Grade, e.g. P4 or ป.4 (repeatable).", repeatable: true),
            OptionSpec("area", value: "AREA", help: "Learning area letter or name, e.g. ค (repeatable).", repeatable: true),
            OptionSpec("channel", value: "DLTV4", help: "DLTV channel."),
            OptionSpec("term", value: "1/2569", help: "Academic term."),
            OptionSpec("kind", value: "KIND", help: "dltv_recording, dlit_lesson or local_lesson (repeatable).", repeatable: true),
            OptionSpec("from", value: "DATE", help: "Air date from (YYYY-MM-DD, B.E. or Gregorian)."),
            OptionSpec("to", value: "DATE", help: "Air date to."),
            OptionSpec("sort", value: "ORDER", help: "relevance, newest or oldest.", default: "relevance"),
            OptionSpec("page", value: "N", help: "Page of 20 results.", default: "1"),
            OptionSpec("queries", value: "FILE", help: "Benchmark: run the JSON list of queries in FILE and report latency.")
        ],
        positionalCount: 0...50)

    static func run(_ invocation: Invocation) throws -> Int32 {
        // Reading commands never make a library where a mistyped --data (or the wrong folder) points.
        guard LibraryLocation(invocation).existsOrExplain(for: "catalog search") else { return 1 }
        let (store, _, _) = try CatalogCommand.open(invocation)
        if let file = invocation.value("queries") { return try CatalogSearchBenchmark.run(file: file, store: store) }
        var query = CatalogQuery(text: invocation.positionals.isEmpty ? nil : invocation.positionals.joined(separator: " "))
        let grades = invocation.allValues("grade")
        let areas = invocation.allValues("area")
        let resolved = try store.readSync { db -> (grades: [String], areas: [String], term: Int64?) in
            let g = try grades.map { text -> String in
                guard let code = try db.scalar("SELECT code FROM grade WHERE code = upper(?1) OR name_th = ?1", [text], as: String.self) else {
                    throw UsageError(spec: spec, problem: "unknown grade '\(text)'")
                }
                return code
            }
            let a = try areas.map { text -> String in
                guard
                    let code = try db.scalar(
                        "SELECT code FROM learning_area WHERE code = ?1 OR name_th = ?1 OR lower(name_en) = lower(?1)",
                        [text], as: String.self)
                else { throw UsageError(spec: spec, problem: "unknown learning area '\(text)'") }
                return code
            }
            var term: Int64?
            if let text = invocation.value("term") {
                let parts = text.split(separator: "/").compactMap { Int($0) }
                guard parts.count == 2 else { throw UsageError(spec: spec, problem: "--term must look like 1/2569") }
                term = try db.scalar("SELECT id FROM term WHERE term = ? AND academic_year = ?", [parts[0], LocalDate.gregorianYear(parts[1])])
                if term == nil { throw UsageError(spec: spec, problem: "no term \(text) in the catalog") }
            }
            return (g, a, term)
        }
        query.grades = resolved.grades
        query.learningAreas = resolved.areas
        query.termID = resolved.term
        if let channel = invocation.value("channel") {
            // A mistyped channel would otherwise read as "nothing found".
            guard
                try store.readSync({ db in try db.scalar("SELECT code FROM channel WHERE code = upper(?)", [channel], as: String.self) })
                    != nil
            else { throw UsageError(spec: spec, problem: "unknown channel '\(channel)' (DLTV1 … DLTV15)") }
            query.channel = channel.uppercased()
        }
        query.kinds = try invocation.allValues("kind").map { text in
            guard let kind = CatalogItem.Kind(rawValue: text) else { throw UsageError(spec: spec, problem: "unknown kind '\(text)'") }
            return kind
        }
        query.from = try invocation.value("from").map { text in
            guard let date = LocalDate(parsing: text) else { throw UsageError(spec: spec, problem: "--from must be YYYY-MM-DD") }
            return date
        }
        query.to = try invocation.value("to").map { text in
            guard let date = LocalDate(parsing: text) else { throw UsageError(spec: spec, problem: "--to must be YYYY-MM-DD") }
            return date
        }
        guard let sort = CatalogQuery.Sort(rawValue: invocation.value("sort") ?? "relevance") else {
            throw UsageError(spec: spec, problem: "--sort must be relevance, newest or oldest")
        }
        query.sort = sort
        query.offset = ((try invocation.integer("page", in: 1...100_000) ?? 1) - 1) * query.limit
        let page = try store.readSync { db in try Catalog.search(query, in: db) }
        if page.items.isEmpty { print("nothing found") }
        for item in page.items {
            var line = "#\(item.id)  \(item.title)"
            let details = [
                item.grade, item.learningArea, item.channel, item.airDate.map { "\($0.day)/\($0.month)/\($0.buddhistYear)" },
                item.period.map { "คาบ \($0)" }, item.kind.rawValue
            ].compactMap { $0 }
            line += "  (" + details.joined(separator: " · ") + ")"
            print(line)
        }
        if page.hasMore { print("… more: --page \(query.offset / query.limit + 2)") }
        return 0
    }
}
