import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

/// States are stored as fixed words: renaming a case must not silently change what the database holds.
@Suite struct StoredCodeTests {
    @Test func jobAndAssetStatesAreStoredAsTheirFixedWordsAndTheSchemaAcceptsEachOne() throws {
        #expect(TranscodeJob.State.allCases.map(\.rawValue) == ["queued", "running", "done", "failed", "cancelled"])
        #expect(MediaAsset.Status.allCases.map(\.rawValue) == ["arrived", "waiting", "transcoding", "ready", "failed"])
        let library = try TemporaryLibrary()
        try library.store.writeSync { db in
            for status in MediaAsset.Status.allCases {
                try db.execute("INSERT INTO media_asset (status, created_at, updated_at) VALUES (?, 'x', 'x')", [status])
                let asset = db.lastInsertRowID
                #expect(try db.scalar("SELECT status FROM media_asset WHERE id = ?", [asset], as: MediaAsset.Status.self) == status)
                for state in TranscodeJob.State.allCases {
                    try db.execute(
                        """
                        INSERT INTO transcode_job (asset_id, state, max_attempts, created_at, updated_at) VALUES (?, ?, 3, 'x', 'x')
                        """, [asset, state])
                    #expect(
                        try db.scalar(
                            "SELECT state FROM transcode_job WHERE id = ?", [db.lastInsertRowID],
                            as: TranscodeJob.State.self) == state)
                }
            }
            #expect(throws: DatabaseError.self) {
                try db.execute("INSERT INTO media_asset (status, created_at, updated_at) VALUES ('Ready', 'x', 'x')")
            }
            #expect(MediaAsset.Status.fromDatabaseValue(.text("Ready")) == nil)
        }
    }
}
