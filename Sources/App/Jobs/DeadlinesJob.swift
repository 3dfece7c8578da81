import Vapor

/// The deadlines of casework (issue 20): a request for information's reminder two days before
/// its due date, and the case back to its caseworker once that has passed
/// (`DialogueService.remindAndExpire`); the preliminary answer of a case still open when its
/// month is about to end (`sendDuePreliminaryAnswers`, forvaltningsloven § 11 a); a meeting's
/// reminder the day before (issue 22, `MeetingService.sendReminders`).
struct DeadlinesJob: BackgroundJob {
    let dialogue: DialogueService
    let meetings: MeetingService
    let admission: AdmissionService
    static let batch = 200
    var kind: BackgroundJobKind { .deadlines }
    init(app: Application) {
        dialogue = DialogueService(
            db: app.db, writer: app.writer, clock: app.clock, services: app.services,
            policy: app.radhusConfig.identityPolicy)
        meetings = MeetingService(db: app.db, writer: app.writer, clock: app.clock, config: app.radhusConfig)
        admission = AdmissionService(db: app.db, writer: app.writer, clock: app.clock, services: app.services)
    }
    func run() async throws -> BackgroundWork {
        let requests = try await dialogue.remindAndExpire(batch: Self.batch)
        let preliminary = try await dialogue.sendDuePreliminaryAnswers(batch: Self.batch)
        let reminders = try await meetings.sendReminders(batch: Self.batch)
        // Offers of a kindergarten place not answered in time count as declined (issue 23).
        let offerReminders = try await admission.remindOffers(batch: Self.batch)
        let expired = try await admission.expireOffers(batch: Self.batch)
        return BackgroundWork(
            done: requests + preliminary + reminders + offerReminders + expired,
            more: [requests, preliminary, reminders, offerReminders, expired].contains { $0 >= Self.batch })
    }
}
