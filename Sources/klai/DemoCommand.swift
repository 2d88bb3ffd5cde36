import Foundation
import KlaiStore

/// `klai demo`: create a library with demo content, for a first look.
enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: ["demo"], summary: "Create a demo library (database, media folders, sample content).",
        discussion: "With --if-missing, does nothing when the data folder already holds a library.",
        options: LibraryLocation.options + [
            OptionSpec("if-missing", help: "Only create the library when there is none yet."),
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let library = LibraryLocation(invocation)
        if library.exists && invocation.flag("if-missing") {
            return 0
        }
        _ = try library.open()
        print("demo library ready in \(library.dataFolder.path)")
        return 0
    }
}
