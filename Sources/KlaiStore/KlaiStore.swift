/// The `KlaiStore` module: SQLite for Klai.
public enum KlaiStoreModule {
    public static let name = "KlaiStore"
}
