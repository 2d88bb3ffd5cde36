import KlaiStore

/// `klai version`: this build and the libraries it runs on.
enum VersionCommand: Command {
    static let spec = CommandSpec(name: ["version"], summary: "Show Klai's version and the library versions it uses.")

    static func run(_ invocation: Invocation) throws -> Int32 {
        print("klai \(KlaiCLI.version)")
        print("SQLite \(Database.sqliteVersion)")
        return 0
    }
}
