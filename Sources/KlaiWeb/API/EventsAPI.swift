import Foundation
import KlaiHTTP
import KlaiLearning

/// `POST /api/events`: the player's batches of what was played. Answered only after the transaction
/// holding the batch has committed, so an acknowledged event survives a power cut.
struct EventsAPI {
    /// Largest batch accepted; a player sends a few dozen events at a time.
    static let maximumBatch = 1000
    let web: KlaiWeb

    func register(on router: inout Router) {
        let ingest = PlaybackIngest(store: web.store)
        router.post("/api/events", maxBodySize: 512 * 1024) { request in
            guard let user = request.user else { return .error(.unauthorized, "Please sign in.") }
            let batch = try request.decodeJSON(EventBatch.self)
            guard batch.events.count <= Self.maximumBatch else {
                return .error(.contentTooLarge, "At most \(Self.maximumBatch) events in one batch.")
            }
            return try HTTPResponse.json(try await ingest.ingest(batch, from: user.principal))
        }
    }
}
