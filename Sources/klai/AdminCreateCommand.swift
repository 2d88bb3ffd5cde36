import Foundation
import KlaiLearning
import KlaiStore

/// `klai admin create [USERNAME]`: the first admin account of a production library.
enum AdminCreateCommand: Command {
    static let spec = CommandSpec(
        name: ["admin", "create"], summary: "Create an admin account with a one-time password (printed once).",
        arguments: "[USERNAME]",
        discussion: """
            The password is random, shown once, and must be changed at the first sign-in. USERNAME defaults to
            'admin'. With --if-none, does nothing when the library already has an active admin; 'klai serve'
            does the same on its own when it starts on a library with no admin at all.
            """,
        options: LibraryLocation.options + [
            CatalogCommand.catalogOption, ConfigurationFile.option,
            OptionSpec("if-none", help: "Only create the account when the library has no active admin.")
        ],
        positionalCount: 0...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let invocation = try invocation.applyingConfigurationFile()
        let library = LibraryLocation(invocation)
        let (store, _, _) = try CatalogCommand.open(invocation)
        let username = invocation.positionals.first ?? "admin"
        if invocation.flag("if-none"), try FirstAdmin.hasActiveAdmin(store) {
            print("the library in \(library.dataFolder.path) already has an admin account; nothing to do")
            return 0
        }
        let password = try FirstAdmin.create(username: username, in: store)
        print(FirstAdmin.announcement(username: username, password: password))
        return 0
    }
}
