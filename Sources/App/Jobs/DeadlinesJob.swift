import Vapor

/// Requests for information (issue 20): the reminder two days before the due date, and the
/// case back to its caseworker once the date has passed (`DialogueService.remindAndExpire`).
struct DeadlinesJob: BackgroundJob {
    let dialogue: DialogueService
    static let batch = 200
    var kind: BackgroundJobKind { .deadlines }
    init(app: Application) {
        dialogue = DialogueService(db: app.db, writer: app.writer, clock: app.clock, services: app.services)
    }
    func run() async throws -> BackgroundWork {
        BackgroundWork(done: try await dialogue.remindAndExpire(batch: Self.batch), limit: Self.batch)
    }
}
