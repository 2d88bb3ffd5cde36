/// The `KlaiMedia` module: see DESIGN.md for its place in Klai.
public enum KlaiMediaModule {
    /// The module's name, used in logs and `klai version`.
    public static let name = "KlaiMedia"
}
