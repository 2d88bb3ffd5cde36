import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning

/// `POST /api/events`: the player's batches of what was played. Answered only after the transaction
/// holding the batch has committed, so an acknowledged event survives a power cut.
struct EventsAPI {
    /// Largest batch accepted; a player sends a few dozen events at a time.
    static let maximumBatch = 1000
    let web: KlaiWeb

    func register(on router: inout Router) {
        let store = web.store
        let clock = web.configuration.clock
        let accounts = web.accounts
        // Who is posting is decided from the head: a client without a session is refused before its half
        // megabyte of content is read.
        let signedIn: Router.Admission = { request in
            guard let (token, _) = SessionMiddleware.token(of: request),
                (try? await offPool({ try accounts.authenticate(token) })) != nil
            else {
                return .error(.unauthorized, "Please sign in.")
            }
            return nil
        }
        router.post("/api/events", maxBodySize: 512 * 1024, admit: signedIn) { request in
            guard let user = request.user else { return .error(.unauthorized, "Please sign in.") }
            let batch = try request.decodeJSON(EventBatch.self)
            guard batch.events.count <= Self.maximumBatch else {
                return .error(.contentTooLarge, "At most \(Self.maximumBatch) events in one batch.")
            }
            let principal = user.principal
            let now = clock.now()
            // One transaction: the events, progress, usage sessions and the supervisors' class figures they touch
            // commit together, and the answer goes out only after the commit.
            let result = try await store.write { db in
                let result = try PlaybackIngest.apply(batch, from: principal, now: now, policy: ProgressPolicy(), in: db)
                if result.accepted > 0 { try UsageEvidence.refreshAfterBatch(db, batch, today: LocalDate(now)) }
                return result
            }
            return try HTTPResponse.json(result)
        }
    }
}
