/// A search or browse request over the catalog: text, filters, order and page.
public struct CatalogQuery: Sendable, Hashable {
    /// How results are ordered.
    public enum Sort: String, Sendable { case relevance, newest, oldest }

    /// Words to find in titles, descriptions, subjects and indicators (Thai or English, substrings too).
    public var text: String?
    /// Grade codes (K1…M6).
    public var grades: [String] = []
    /// Learning-area letters.
    public var learningAreas: [String] = []
    public var channel: String?
    public var termID: Int64?
    /// Air dates from/to (inclusive); items without an air date are left out when either is set.
    public var from: LocalDate?
    public var to: LocalDate?
    /// Kinds to include; empty = lessons and recordings (not attachments).
    public var kinds: [CatalogItem.Kind] = []
    /// Only the local lessons of these schools (`catalog_item.school_id`); nil = every item. What a director
    /// may edit (KlaiLearning's `Authorization`, `.editCatalog`).
    public var schoolIDs: Set<Int64>?
    public var sort: Sort = .relevance
    public var limit = 20
    public var offset = 0

    public init(text: String? = nil) { self.text = text }
}

/// One page of results.
public struct CatalogPage: Sendable {
    public var items: [CatalogItem]
    /// True when another page follows.
    public var hasMore: Bool
}
