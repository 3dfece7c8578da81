import Vapor

/// Puts every application (I) and letter (U) on record: journalpost, frozen document, hash
/// chain (`JournalRegistrar`, docs/RECORDS.md).
struct JournalJob: BackgroundJob {
    let registrar: JournalRegistrar
    var kind: BackgroundJobKind { .journal }
    init(app: Application) { registrar = JournalRegistrar(app: app) }
    func run() async throws -> Int { try await registrar.registerPending() }
}
