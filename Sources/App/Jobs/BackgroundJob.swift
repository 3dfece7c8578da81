import Foundation

/// One step of the background loop: it does the work that is due now, in one bounded batch,
/// and says how much it did and whether more was waiting.
protocol BackgroundJob: Sendable {
    var kind: BackgroundJobKind { get }
    func run() async throws -> BackgroundWork
}

/// What one run of a step did: how many items, and whether it stopped at its batch limit
/// (more is waiting, so the loop comes back at once).
struct BackgroundWork: Sendable, Equatable {
    var done: Int
    var more: Bool

    static let none = BackgroundWork(done: 0, more: false)

    /// A step that took `done` items with room for `limit`.
    init(done: Int, limit: Int) {
        self.done = done
        more = done >= limit
    }

    init(done: Int, more: Bool) {
        self.done = done
        self.more = more
    }
}

/// The background steps, in the order the loop runs them. The order matters: requests for
/// information whose due dates come send their reminders or go back to the caseworker (the
/// reminders are letters for the journal and dispatch after it); an application
/// and a letter are on record (journal) before the letter is sent (dispatch), as a rule; the
/// feed sequences what the journal and dispatch just did; insights fold the feed; webhooks push
/// it to subscribed systems; the session sweep deletes expired sessions.
public enum BackgroundJobKind: String, Sendable, CaseIterable, Codable {
    case deadlines, journal, dispatch, feed, insights, webhooks, sessions
}
