import Foundation
import KlaiStore

/// `klai demo`: create a library with demo content, for a first look.
enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: ["demo"], summary: "Create a demo library: sample lessons and a DLTV recording with short clips to transcode.",
        discussion: "With --if-missing, does nothing when the data folder already holds a library.",
        options: LibraryLocation.options + [CatalogCommand.catalogOption] + [
            OptionSpec("if-missing", help: "Only create the library when there is none yet."),
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let library = LibraryLocation(invocation)
        if library.exists && invocation.flag("if-missing") {
            return 0
        }
        let (store, _, _) = try CatalogCommand.open(invocation)
        let catalogFolder = CatalogCommand.catalogFolder(invocation, library: library)
        let summary = try DemoLibrary(store: store, library: library).populate(catalogFolder: catalogFolder)
        print("demo: \(summary.inserted + summary.updated) lessons and recordings given clips, \(summary.queuedTranscodes) transcode(s) queued;"
            + " 'klai serve' transcodes them in the background ('klai jobs' shows progress)")
        print("demo library ready in \(library.dataFolder.path)")
        return 0
    }
}
