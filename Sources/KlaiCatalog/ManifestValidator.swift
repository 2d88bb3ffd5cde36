import Foundation
import KlaiStore
import KlaiText

/// Checks manifest records against the reference data and turns them into drafts.
///
/// Every problem of every record is collected, so a person fixes a manifest in one pass.
struct ManifestValidator {
    private var gradeCodes: [String: String] = [:]  // code or Thai name → code
    private var areaCodes: [String: String] = [:]  // letter, Thai or English name → letter
    private var indicatorLetters: [String: Set<String>] = [:]
    private var channels: Set<String> = []
    private var terms: [TermKey: Int64] = [:]

    init(db: Database) throws {
        for row in try db.fetchAll("SELECT code, name_th FROM grade") {
            let code: String = try row.get("code")
            gradeCodes[code.uppercased()] = code
            gradeCodes[try row.get("name_th") as String] = code
        }
        for row in try db.fetchAll("SELECT code, name_th, name_en, indicator_letter FROM learning_area") {
            let code: String = try row.get("code")
            for name in [code, try row.get("name_th") as String, (try row.get("name_en") as String).lowercased()] {
                areaCodes[name] = code
            }
            indicatorLetters[code] = Set([code] + [try row.get("indicator_letter") as String?].compactMap { $0 })
        }
        channels = Set(try db.fetchAll("SELECT code FROM channel").map { try $0.get("code") as String })
        for row in try db.fetchAll("SELECT id, academic_year, term FROM term") {
            terms[TermKey(term: try row.get("term"), academicYear: try row.get("academic_year"))] = try row.get("id")
        }
    }

    /// The grade code for `K1…M6`, `ป.4`, `p4` (nil when unknown).
    func gradeCode(_ text: String) -> String? {
        gradeCodes[text.uppercased()] ?? gradeCodes[text.replacingOccurrences(of: " ", with: "")]
    }

    func areaCode(_ text: String) -> String? { areaCodes[text] ?? areaCodes[text.lowercased()] }

    /// Resolves one record; problems are appended with the record's position.
    func draft(
        _ located: ManifestReader.Located, file: String, sampleFile: Bool,
        problems: inout [ManifestProblem]
    ) -> CatalogItemDraft? {
        let record = located.record
        let before = problems.count
        func problem(_ field: String?, _ message: String) {
            problems.append(ManifestProblem(file: file, record: located.position, field: field, message: message))
        }
        let kind = CatalogItem.Kind(rawValue: record.kind ?? "dlit_lesson")
        if kind == nil || kind == .attachment {
            problem("kind", "unknown kind '\(record.kind ?? "")' (use dlit_lesson, local_lesson or dltv_recording)")
        }
        let title = record.title?.trimmed() ?? ""
        if title.isEmpty { problem("title", "a title is required") }
        let (grade, area) = classification(
            grade: record.grade, learningArea: record.learningArea,
            indicators: record.indicators ?? [], problem: problem)
        if let channel = record.channel, !channels.contains(channel.uppercased()) {
            problem("channel", "unknown channel '\(channel)' (DLTV1 … DLTV15)")
        }
        var academicYear: Int?
        if let year = record.academicYear {
            academicYear = checkedYear(year, field: "academicYear", problem: problem)
        }
        var airDate: LocalDate?
        if let text = record.airDate {
            if let rawYear = Int(text.prefix(4)) ?? Int(text.suffix(4)), checkedYear(rawYear, field: "airDate", problem: problem) != nil {
                airDate = LocalDate(parsing: text)
                if airDate == nil { problem("airDate", "'\(text)' is not a date (YYYY-MM-DD)") }
            } else if Int(text.prefix(4)) == nil && Int(text.suffix(4)) == nil {
                problem("airDate", "'\(text)' is not a date (YYYY-MM-DD)")
            }
        }
        if let airDate, let academicYear {
            // ปีการศึกษา N runs from May of N to May of N+1 (DOMAIN.md).
            let startYear = airDate.month >= 5 ? airDate.year : airDate.year - 1
            if startYear != academicYear {
                problem(
                    "airDate",
                    "air date \(airDate) is not in academic year \(academicYear + 543) (\(academicYear)):"
                        + " is one of them Buddhist and the other Gregorian?")
            }
        }
        var termID: Int64?
        if let term = record.term {
            if let academicYear {
                termID = terms[TermKey(term: term, academicYear: academicYear)]
                if termID == nil { problem("term", "term \(term)/\(academicYear + 543) is not in the catalog's terms") }
            } else if record.academicYear == nil {
                // A given but impossible year is already reported on academicYear; say nothing more here.
                problem("term", "a term needs academicYear")
            }
        }
        let start = record.start.flatMap { text -> TimeOfDay? in
            let time = TimeOfDay(parsing: text)
            if time == nil { problem("start", "'\(text)' is not a time (HH:MM)") }
            return time
        }
        let end = record.end.flatMap { text -> TimeOfDay? in
            let time = TimeOfDay(parsing: text)
            if time == nil { problem("end", "'\(text)' is not a time (HH:MM)") }
            return time
        }
        if let start, let end, end <= start { problem("end", "ends (\(end)) before it starts (\(start))") }
        if kind == .dltvRecording && (record.channel == nil || airDate == nil) && record.key == nil {
            problem("key", "a recording needs a key, or channel and airDate")
        }
        if kind != .dltvRecording && (record.key ?? "").isEmpty { problem("key", "a key is required (it makes re-imports update in place)") }
        guard problems.count == before, let kind else { return nil }
        let key = record.key ?? "dltv:\(record.channel!.uppercased()):\(airDate!):\(record.period ?? 0)"
        var draft = CatalogItemDraft(kind: kind, stableKey: key, title: title)
        draft.description = record.description ?? ""
        draft.grade = grade
        draft.learningArea = area
        draft.subject = record.subject ?? ""
        draft.unit = record.unit
        draft.lessonNumber = record.lessonNumber
        draft.indicators = record.indicators ?? []
        draft.objectives = record.objectives ?? ""
        draft.channel = record.channel?.uppercased()
        draft.airDate = airDate
        draft.period = record.period
        draft.termID = termID
        draft.captureStart = start
        draft.captureEnd = end
        draft.isSample = record.sample ?? sampleFile
        return draft
    }

    /// Grade and learning area resolved to their codes, and the indicators checked against both: the rules a
    /// manifest record and the catalog editor (`CatalogItemEdit`) share.
    func classification(
        grade: String?, learningArea: String?, indicators: [String],
        problem: (String?, String) -> Void
    ) -> (grade: String?, area: String?) {
        let gradeCode = grade.flatMap { text -> String? in
            if let code = self.gradeCode(text) { return code }
            problem("grade", "unknown grade '\(text)' (use K1…K3, P1…P6, M1…M6 or อ.1, ป.4, ม.2)")
            return nil
        }
        let area = learningArea.flatMap { text -> String? in
            if let code = areaCode(text) { return code }
            problem("learningArea", "unknown learning area '\(text)' (use ท ค ว ส พ ศ ง อ or their names)")
            return nil
        }
        for indicator in indicators {
            let letter = indicator.first.map(String.init) ?? ""
            if let area, !(indicatorLetters[area] ?? [area]).contains(letter) {
                problem("indicators", "indicator '\(indicator)' belongs to learning area \(letter), not \(area)")
            }
            if let gradeCode, let indicated = Self.indicatorGrade(indicator), indicated != gradeCode {
                problem("indicators", "indicator '\(indicator)' is for grade \(indicated), but the record is for \(gradeCode)")
            }
        }
        return (gradeCode, area)
    }

    /// A year must be a plausible Gregorian year or a Buddhist one (≥ 2400); returns it Gregorian.
    private func checkedYear(_ year: Int, field: String, problem: (String?, String) -> Void) -> Int? {
        let gregorian = LocalDate.gregorianYear(year)
        guard (1950...2150).contains(gregorian) else {
            problem(field, "year \(year) is neither a Gregorian year (1950–2150) nor a Buddhist year (2493–2693)")
            return nil
        }
        return gregorian
    }

    /// The grade an indicator such as `ค 2.2 ม.2/5` names (`M2`), when it names exactly one.
    ///
    /// Works on Unicode scalars: splitting into `Character`s (grapheme clusters) cost more than the rest of
    /// a record's checks, and the parts compared here (`ป.`, `ม.`, digits, `/`) are single scalars.
    static func indicatorGrade(_ indicator: String) -> String? {
        let scalars = indicator.unicodeScalars
        // The last part between spaces, e.g. "ม.2/5".
        var end = scalars.endIndex
        while end > scalars.startIndex, scalars[scalars.index(before: end)] == " " { end = scalars.index(before: end) }
        let body = scalars[..<end]
        let last = body[(body.lastIndex(of: " ").map { body.index(after: $0) } ?? body.startIndex)...]
        guard let slash = last.firstIndex(of: "/") else { return nil }
        let level = last[..<slash]
        guard level.count >= 2, level[level.index(after: level.startIndex)] == "." else { return nil }
        let prefix: String
        switch level.first {
        case "ป": prefix = "P"
        case "ม": prefix = "M"
        default: return nil
        }
        guard let number = Int(Substring(level.dropFirst(2))), (1...6).contains(number) else { return nil }
        return prefix + String(number)
    }
}

extension TermKey {
    init(term: Int, academicYear: Int) {
        self.term = term
        self.academicYear = academicYear
    }
}
