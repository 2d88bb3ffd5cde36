/// A catalog operation that could not be done, told as a sentence for the person who asked.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for people.
    public let sentence: String

    public init(_ sentence: String) { self.sentence = sentence }

    public var description: String { sentence }
}
