import Foundation
import KlaiStore
import Testing

/// The database holds national IDs and password hashes: nobody but Klai's own user may read it.
@Suite(.serialized) struct FileModeTests {
    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func aNewDatabaseAndItsWALAndSharedMemoryAreReadableByTheirOwnerOnlyWhateverTheUmask() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("Klai.sqlite")
        let previous = umask(0o022)  // the usual default, which would leave the files world-readable
        defer { umask(previous) }
        let database = try Database(path: path)
        try database.executeScript("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) missing")
            #expect(try Self.mode(file) == 0o600, "\(file)")
        }
    }

    @Test func anExistingDatabaseKeepsTheModeItsOwnerGaveIt() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("Klai.sqlite")
        _ = try Database(path: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let database = try Database(path: path)
        try database.executeScript("CREATE TABLE t (x)")
        #expect(try Self.mode(path) == 0o640)
    }
}
