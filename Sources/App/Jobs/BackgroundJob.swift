import Foundation

/// One step of the background loop: it does the work that is due now, in bounded batches, and
/// says how much it did (0 when there was nothing to do).
protocol BackgroundJob: Sendable {
    var kind: BackgroundJobKind { get }
    func run() async throws -> Int
}

/// The background steps, in the order the loop runs them. The order matters: an application
/// and a letter are on record (journal) before the letter is sent (dispatch), as a rule; the
/// feed sequences what the journal and dispatch just did; insights fold the feed; webhooks push
/// it to subscribed systems.
public enum BackgroundJobKind: String, Sendable, CaseIterable, Codable {
    case journal, dispatch, feed, insights, webhooks
}
