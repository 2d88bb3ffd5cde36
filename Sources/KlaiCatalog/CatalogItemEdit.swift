import Foundation
import KlaiStore
import KlaiText

/// A person's edit of one lesson or recording (the admin catalog page): the fields people correct by
/// hand. Checked by the rules manifests are checked by (`ManifestValidator.classification`) and written
/// through `CatalogItemWriter`, so an edit and a re-import can never disagree about what is valid, and
/// the search index follows the new text through the same triggers.
public struct CatalogItemEdit: Sendable, Hashable {
    public var title: String
    /// Grade code or Thai name; empty for none.
    public var grade: String
    /// Learning-area letter or name; empty for none.
    public var learningArea: String
    /// Empty for none.
    public var unit: String
    /// One indicator code a line (`ค 2.2 ป.4/1`).
    public var indicators: [String]
    public var description: String

    public init(title: String, grade: String, learningArea: String, unit: String, indicators: [String], description: String) {
        self.title = title
        self.grade = grade
        self.learningArea = learningArea
        self.unit = unit
        self.indicators = indicators
        self.description = description
    }

    /// The edit of an item as it stands (what the form shows first).
    public init(_ item: CatalogItem) {
        self.init(
            title: item.title, grade: item.grade ?? "", learningArea: item.learningArea ?? "", unit: item.unit ?? "",
            indicators: item.indicators, description: item.description)
    }

    /// Longest title and description kept; longer text is refused, not cut.
    public static let maxTitle = 300
    public static let maxDescription = 5_000

    /// One changed field, for the audit log.
    public struct Change: Sendable, Hashable, CustomStringConvertible {
        public var field: String
        public var old: String
        public var new: String
        public var description: String { "\(field): '\(old)' → '\(new)'" }
    }

    /// What saving did: the changed fields (empty when the edit changed nothing).
    public enum Outcome: Sendable {
        case saved([Change])
        /// Every problem, by field (`title`, `grade`, `learningArea`, `indicators`, `description`); nothing was written.
        case refused([ManifestProblem])
    }

    /// Checks the edit and writes it to item `id` inside the caller's transaction.
    /// - Throws: `CatalogError` when there is no such lesson or recording; `DatabaseError`.
    public func save(to id: Int64, in db: Database, now: Date = Date()) throws -> Outcome {
        guard let item = try Catalog.item(id: id, in: db), item.kind != .attachment else {
            throw CatalogError("catalog item \(id) does not exist")
        }
        var problems: [ManifestProblem] = []
        func problem(_ field: String?, _ message: String) {
            problems.append(ManifestProblem(file: "", record: nil, field: field, message: message))
        }
        let title = title.trimmed()
        if title.isEmpty { problem("title", "a title is required") }
        if title.count > Self.maxTitle { problem("title", "the title is longer than \(Self.maxTitle) characters") }
        if description.count > Self.maxDescription {
            problem("description", "the description is longer than \(Self.maxDescription) characters")
        }
        let indicators = self.indicators.map { $0.trimmed() }.filter { !$0.isEmpty }
        let validator = try ManifestValidator(db: db)
        let (grade, area) = validator.classification(
            grade: nonEmpty(self.grade), learningArea: nonEmpty(learningArea),
            indicators: indicators, problem: problem)
        guard problems.isEmpty else { return .refused(problems) }

        var draft = CatalogItemDraft(item)
        draft.title = title
        draft.grade = grade
        draft.learningArea = area
        draft.unit = nonEmpty(unit)
        draft.indicators = indicators
        draft.description = description.trimmed()
        let changes = [
            Change(field: "title", old: item.title, new: draft.title),
            Change(field: "grade", old: item.grade ?? "", new: draft.grade ?? ""),
            Change(field: "learningArea", old: item.learningArea ?? "", new: draft.learningArea ?? ""),
            Change(field: "unit", old: item.unit ?? "", new: draft.unit ?? ""),
            Change(field: "indicators", old: item.indicators.joined(separator: "; "), new: draft.indicators.joined(separator: "; ")),
            Change(field: "description", old: item.description, new: draft.description)
        ].filter { $0.old != $0.new }
        guard !changes.isEmpty else { return .saved([]) }
        var writer = CatalogItemWriter(db: db, now: now)
        try writer.upsert(draft, parentID: item.parentID, key: .existing(id))
        return .saved(changes)
    }

    private func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmed()
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension CatalogItemDraft {
    /// The draft that writes `item` back unchanged: the starting point of an edit.
    init(_ item: CatalogItem) {
        self.init(kind: item.kind, stableKey: item.stableKey, title: item.title)
        description = item.description
        grade = item.grade
        learningArea = item.learningArea
        subject = item.subject
        unit = item.unit
        lessonNumber = item.lessonNumber
        indicators = item.indicators
        objectives = item.objectives
        channel = item.channel
        airDate = item.airDate
        period = item.period
        termID = item.termID
        captureStart = item.captureStart
        captureEnd = item.captureEnd
        durationSeconds = item.durationSeconds
        attachmentType = item.attachmentType
        filePath = item.filePath
        isSample = item.isSample
    }
}
