import Foundation
import KlaiStore

/// The columns of a catalog item about to be written, checked and resolved (codes, Gregorian dates).
public struct CatalogItemDraft: Sendable, Hashable {
    public var kind: CatalogItem.Kind
    public var stableKey: String
    public var title: String
    public var description = ""
    public var grade: String?
    public var learningArea: String?
    public var subject = ""
    public var unit: String?
    public var lessonNumber: Int?
    public var indicators: [String] = []
    public var objectives = ""
    public var channel: String?
    public var airDate: LocalDate?
    public var period: Int?
    public var termID: Int64?
    public var captureStart: TimeOfDay?
    public var captureEnd: TimeOfDay?
    public var durationSeconds: Double?
    public var parentKey: String?
    public var attachmentType: String?
    public var filePath: String?
    public var isSample = false

    public init(kind: CatalogItem.Kind, stableKey: String, title: String) {
        self.kind = kind
        self.stableKey = stableKey
        self.title = title
    }

    /// What an upsert did.
    public enum Change: Sendable { case inserted, updated, unchanged }

    /// Inserts the item, or updates the item with the same stable key only where a value differs.
    ///
    /// Identical rows are skipped, so re-importing a manifest leaves `updated_at` and the search index
    /// untouched (see `CatalogItemWriter`).
    /// - Returns: the item's id and what changed.
    @discardableResult
    public func upsert(in db: Database, now: Date = Date()) throws -> (id: Int64, change: Change) {
        var writer = CatalogItemWriter(db: db, now: now)
        let parentID = try parentKey.flatMap { try writer.existingID(stableKey: $0) }
        return try writer.upsert(self, parentID: parentID)
    }
}
