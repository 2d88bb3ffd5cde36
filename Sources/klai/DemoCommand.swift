import Foundation
import KlaiLearning
import KlaiStore

/// `klai demo`: create a library with demo content, for a first look.
enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: ["demo"], summary: "Create a demo library: sample lessons and a DLTV recording with short clips to transcode.",
        discussion: "With --if-missing, does nothing when the data folder already holds a library.",
        options: LibraryLocation.options + [CatalogCommand.catalogOption] + [
            OptionSpec("if-missing", help: "Only create the library when there is none yet."),
            OptionSpec("empty", help: "Create the library (schema, reference data, folders) without demo content."),
            OptionSpec(
                "clips", value: "N", help: "Sample lessons given a synthetic clip (0: people and catalog only).",
                default: "4, plus one DLTV capture")
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let library = LibraryLocation(invocation)
        if library.exists && invocation.flag("if-missing") {
            return 0
        }
        let (store, _, _) = try CatalogCommand.open(invocation)
        let catalogFolder = CatalogCommand.catalogFolder(invocation, library: library)
        if invocation.flag("empty") {
            print("empty library ready in \(library.dataFolder.path)")
            return 0
        }
        var demo = DemoLibrary(store: store, library: library)
        demo.lessonClips = try invocation.integer("clips", in: 0...10) ?? 4
        var accounts = try demo.addPeople()
        let queued = try demo.populate(catalogFolder: catalogFolder)
        if let pictures = try demo.addClassroom() { accounts.append(pictures) }
        try demo.addSupervision()
        print(
            "demo: \(queued) clip(s) queued for transcoding; 'klai serve' transcodes them"
                + " in the background ('klai jobs' shows progress)")
        print("demo library ready in \(library.dataFolder.path)")
        print("demo accounts (school \(DemoLibrary.schoolCode)):")
        // Columns as wide as their longest entry: `padding(toLength:)` would cut a longer password short.
        let nameWidth = accounts.map(\.username.count).max() ?? 0, passwordWidth = accounts.map(\.password.count).max() ?? 0
        func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        for account in accounts {
            print("  \(padded(account.username, nameWidth))  \(padded(account.password, passwordWidth))  \(account.role)")
        }
        return 0
    }
}
