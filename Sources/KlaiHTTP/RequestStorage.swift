/// A key for a value that middleware attaches to a request for later handlers (Hummingbird's
/// `RequestContext` plays this part): `request.storage[SignedInUser.self] = user`.
public protocol RequestStorageKey {
    associatedtype Value: Sendable
}

/// Typed values attached to one request by middleware; KlaiHTTP itself never reads them.
public struct RequestStorage: Sendable {
    private var values: [ObjectIdentifier: any Sendable] = [:]

    public init() {}

    /// The value stored under `key`, if any.
    public subscript<Key: RequestStorageKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }
}
