import Vapor

/// Puts every application (I) and letter (U) on record: journalpost, frozen document, hash
/// chain (`JournalRegistrar`, docs/RECORDS.md).
struct JournalJob: BackgroundJob {
    let registrar: JournalRegistrar
    /// Lives as long as the loop: each batch is sized from the last one's time.
    let batch = BatchSizer(initial: 50, maximum: 500)
    var kind: BackgroundJobKind { .journal }
    init(app: Application) { registrar = JournalRegistrar(app: app) }
    func run() async throws -> BackgroundWork {
        let limit = batch.limit
        return BackgroundWork(done: try await registrar.registerPending(batch: batch), limit: limit)
    }
}
