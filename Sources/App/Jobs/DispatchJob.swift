import Vapor

/// Takes due letters one step along their path: inbox, e-mail notice, print, receipts
/// (`Dispatcher`, docs/DISPATCH.md).
struct DispatchJob: BackgroundJob {
    let dispatcher: Dispatcher
    var kind: BackgroundJobKind { .dispatch }
    init(dispatcher: Dispatcher) { self.dispatcher = dispatcher }
    func run() async throws -> BackgroundWork {
        let report = try await dispatcher.tick()
        return BackgroundWork(done: report.worked, more: report.claimed >= dispatcher.claimLimit)
    }
}
