/// The `KlaiLearning` module: see DESIGN.md for its place in Klai.
public enum KlaiLearningModule {
    /// The module's name, used in logs and `klai version`.
    public static let name = "KlaiLearning"
}
