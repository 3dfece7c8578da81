import Fluent
import Foundation
import RadhusCore
import RadhusRules
import SQLKit

/// The case decisions a service may define (issue 24), run where the case is: the checklist
/// of a complete application (at receipt, and after each answer), the statutory deadline in
/// weeks from the day it was complete (its weeks from the rules, the days it stood still), and
/// the fee a decision sets. General capabilities — a byggesak is one service that uses them.
enum CaseChecks {
    /// What a case's decisions read: the application's answers, each attachment field's files
    /// on the case (the application's and those sent after, by field), and the platform's facts.
    static func facts(
        caseID: UUID, answers: [String: String], service: ServiceDefinition, on db: any Database
    ) async throws -> [String: String] {
        var a = answers
        let attachmentFields = service.fields.filter { $0.type == .attachment }.map(\.id)
        if !attachmentFields.isEmpty {
            var byField: [String: [String]] = [:]
            for row in try await db.sql.select().column("id").column("field_id").from(Attachment.schema)
                .where("case_id", .equal, SQLBind(caseID)).all()
            {
                byField[try row.decode(column: "field_id", as: String.self), default: []].append(
                    try row.decode(column: "id", as: UUID.self).uuidString.lowercased())
            }
            for f in attachmentFields { a[f] = (byField[f] ?? []).joined(separator: ",") }
        }
        if service.thirdParties != nil {
            let n =
                try await db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
                .from(ThirdPartyNotice.schema).where("case_id", .equal, SQLBind(caseID))
                .where("comment_message_id", .isNot, SQLLiteral.null).first()?.decode(column: "n", as: Int.self) ?? 0
            a["fakta." + CaseFact.nabomerknader.rawValue] = String(n)
        }
        return a
    }

    static func evaluate(
        _ rules: ServiceRules, answers: [String: String], now: Date, policy: IdentityPolicy
    ) -> DecisionResult? {
        try? RulesService.result(rules, answers: answers, submitted: now, policy: policy, explain: true)
    }

    /// A decision's number: its value, or its single output's (a table with one output column).
    static func number(_ result: DecisionResult) -> Decimal? {
        var value = result.value
        if case .context(let c) = value, c.entries.count == 1, let only = c.entries.first?.value { value = only }
        if case .number(let n) = value { return n }
        return nil
    }

    /// The attachment fields whose documents the checklist finds missing, each with the
    /// reason its rule gives (in the rule author's words).
    static func missing(
        _ rules: ServiceRules, service: ServiceDefinition, answers: [String: String], now: Date,
        policy: IdentityPolicy
    ) -> [(field: FieldDefinition, reason: String?)] {
        guard let result = evaluate(rules, answers: answers, now: now, policy: policy) else { return [] }
        var ids: [String] = []
        func collect(_ v: FeelValue) {
            switch v {
            case .string(let s): if !ids.contains(s) { ids.append(s) }
            case .list(let l): l.forEach(collect)
            case .context(let c): c.entries.map(\.value).forEach(collect)
            default: break
            }
        }
        collect(result.value)
        let reasons = Dictionary(
            result.trace.flatMap(\.matched).compactMap { m -> (String, String)? in
                guard let a = m.annotation else { return nil }
                let out = m.outputs.values.compactMap { v -> String? in
                    if case .string(let s) = v { return s } else { return nil }
                }.first
                return out.map { ($0, a) }
            }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { id in
            service.field(id).flatMap { $0.type == .attachment ? ($0, reasons[id]) : nil }
        }
    }

    /// The weeks the law gives this case: the rule's answer, or the definition's weeks.
    static func weeks(
        _ rules: ServiceRules?, statutory: ServiceDefinition.StatutoryWeeks, answers: [String: String], now: Date,
        policy: IdentityPolicy
    ) -> Int {
        guard let rules, let result = evaluate(rules, answers: answers, now: now, policy: policy) else {
            return statutory.weeks
        }
        if let n = number(result) {
            let w = NSDecimalNumber(decimal: n).intValue
            if (1...52).contains(w) { return w }
        }
        return statutory.weeks
    }

    struct CaseRef: Sendable {
        var id: UUID
        var saksnummer: Saksnummer
        var applicantFnr: String
        var status: CaseStatus
        var answers: [String: String]
        var submittedAt: Date
        var clockStartedAt: Date?
        var clockPausedDays: Int
        var clockWeeks: Int?
    }

    static func ref(_ r: CaseRecord) throws -> CaseRef {
        CaseRef(
            id: try r.requireID(), saksnummer: r.saksnummer, applicantFnr: r.applicantFnr, status: r.caseStatus,
            answers: r.answers.values, submittedAt: r.submittedAt, clockStartedAt: r.clockStartedAt,
            clockPausedDays: r.clockPausedDays ?? 0, clockWeeks: r.clockWeeks)
    }

    /// After receipt and after each answer the applicant sends: a complete application starts
    /// its statutory clock (once); an incomplete one gets a request for what is missing, and
    /// the clock waits. Runs in the caller's transaction.
    static func check(
        _ c: CaseRef, service: ServiceDefinition, registry: ServiceRegistry, municipality m: Municipality.Snapshot,
        policy: IdentityPolicy, now: Date, on tx: any Database
    ) async throws {
        guard let statutory = service.deadline.statutory else { return }
        let answers = try await facts(caseID: c.id, answers: c.answers, service: service, on: tx)
        if c.clockStartedAt == nil, let rules = registry.decision("completeness", for: service) {
            let missing = missing(rules, service: service, answers: answers, now: now, policy: policy)
            if !missing.isEmpty {
                guard c.status != .venterPaSoker else { return }
                try await requestDocuments(
                    c, missing: missing, service: service, municipality: m, now: now, on: tx)
                return
            }
        }
        try await setClock(
            c, started: c.clockStartedAt ?? now, pausedDays: c.clockPausedDays, statutory: statutory,
            rules: registry.decision("deadline", for: service), answers: answers, policy: policy, now: now, on: tx)
    }

    /// Sets the case's statutory clock and due date; an event when they change (its due date
    /// is what insights count «decided late» against).
    static func setClock(
        _ c: CaseRef, started: Date, pausedDays: Int, statutory: ServiceDefinition.StatutoryWeeks,
        rules: ServiceRules?, answers: [String: String], policy: IdentityPolicy, now: Date, on tx: any Database
    ) async throws {
        let weeks = Self.weeks(rules, statutory: statutory, answers: answers, now: now, policy: policy)
        let deadline = StatutoryDeadline(started: started, weeks: weeks, pausedDays: pausedDays)
        let due = deadline.ends()
        guard c.clockStartedAt == nil || c.clockWeeks != weeks || c.clockPausedDays != pausedDays else { return }
        try await tx.sql.update(CaseRecord.schema).set("clock_started_at", to: SQLBind(started))
            .set("clock_weeks", to: SQLBind(weeks)).set("clock_paused_days", to: SQLBind(pausedDays))
            .set("due_at", to: SQLBind(due)).where("id", .equal, SQLBind(c.id)).run()
        let cal = NorwegianCalendar()
        try await CaseLedger.append(
            .deadlineSet, case: c.id, municipality: try await municipalityID(c.id, on: tx), at: now, actor: "system",
            detail: "\(weeks) uker, til og med \(cal.norwegianDate(deadline.lastDay())) (\(statutory.basis))",
            facts: .init(dueAt: due), on: tx)
    }

    private static func municipalityID(_ caseID: UUID, on tx: any Database) async throws -> UUID {
        guard
            let row = try await tx.sql.select().column("municipality_id").from(CaseRecord.schema)
                .where("id", .equal, SQLBind(caseID)).first()
        else { throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound) }
        return try row.decode(column: "municipality_id", as: UUID.self)
    }

    /// The checklist's request: a letter listing each missing document and why, a request
    /// with a file field for each, and the case waiting for the applicant.
    static func requestDocuments(
        _ c: CaseRef, missing: [(field: FieldDefinition, reason: String?)], service: ServiceDefinition,
        municipality m: Municipality.Snapshot, now: Date, on tx: any Database
    ) async throws {
        let recipient = try await CaseLetters.recipient(c.applicantFnr, on: tx.sql)
        let lang = recipient.language
        let cal = NorwegianCalendar()
        let due = cal.endOfDay(cal.addingCalendarDays(service.completeness?.answerDays ?? 14, to: now))
        let text =
            LetterTexts.pick(
                lang, nb: "Søknaden er ikke komplett. Disse dokumentene mangler:",
                nn: "Søknaden er ikkje komplett. Desse dokumenta manglar:") + "\n"
            + missing.map { "- \($0.field.label[lang])" + ($0.reason.map { ": \($0)" } ?? "") }.joined(separator: "\n")
            + "\n\n"
            + LetterTexts.pick(
                lang,
                nb:
                    "Last dem opp under saken i «Mine saker». Saksbehandlingsfristen begynner å løpe når søknaden er komplett.",
                nn:
                    "Last dei opp under saka i «Mine saker». Saksbehandlingsfristen byrjar å gå når søknaden er komplett."
            )
        try await CaseLedger.append(
            .documentsMissing, case: c.id, municipality: m.id, at: now, actor: "system",
            detail: missing.map(\.field.id).joined(separator: ", "), on: tx)
        let requestID = try await DialogueService.openRequest(
            caseID: c.id, municipality: m.id, from: c.status, text: text, due: due, pauses: service.deadline.pauses,
            documents: missing.map(\.field.id), by: "Radhus (sjekkliste)", now: now, on: tx)
        let letterID = try await CaseLetters.send(
            case: c.id, municipality: m.id, recipient: c.applicantFnr,
            title: LetterTexts.requestTitle(c.saksnummer, lang),
            body: LetterTexts.requestBody(text, due: due, pauses: false, kommune: m.name, lang), digitalOnly: false,
            now: now, on: tx)
        try await DialogueService.insertMessage(
            .outbound, case: c.id, municipality: m.id, author: "Radhus (sjekkliste)", authorID: nil, body: text,
            at: now, letterID: letterID, requestID: requestID, on: tx)
    }

    // MARK: Fees

    struct FeeResult: Sendable {
        var reduction: LateFeeReduction
        var basis: String?
        /// The values the decision stores and its letter uses.
        var values: [String: String] { reduction.decisionValues }
    }

    /// The fee a decision made at `now` sets: the kommune's table (or the publisher's) on the
    /// answers, less what the late decision takes off. Nil when the service has no fee or the
    /// table gives no amount for these answers.
    static func fee(
        _ c: CaseRef, service: ServiceDefinition, registry: ServiceRegistry, policy: IdentityPolicy, now: Date,
        on db: any Database
    ) async throws -> FeeResult? {
        guard let fee = service.fee, let rules = registry.decision("fee", for: service) else { return nil }
        let answers = try await facts(caseID: c.id, answers: c.answers, service: service, on: db)
        guard let result = evaluate(rules, answers: answers, now: now, policy: policy) else { return nil }
        guard let n = number(result) else { return nil }
        let kroner = NSDecimalNumber(decimal: n).intValue
        var daysLate = 0
        if fee.lateReduction != nil, let s = c.clockStartedAt, let w = c.clockWeeks {
            daysLate = StatutoryDeadline(started: s, weeks: w, pausedDays: c.clockPausedDays).daysLate(decided: now)
        }
        return FeeResult(
            reduction: LateFeeReduction(
                fee: kroner, daysLate: daysLate, percentPerStartedWeek: fee.lateReduction?.percentPerStartedWeek ?? 0),
            basis: fee.lateReduction?.basis)
    }

    /// The fee's paragraph in the decision letter: the amount, and when the deadline was
    /// passed, the weeks begun, the share taken off and the law that says so.
    static func feeParagraph(_ f: FeeResult, deadline: StatutoryDeadline?, _ lang: Language) -> String {
        let kr = { (n: Int) in FieldDefinition.kroner(Decimal(n), language: lang) }
        var text =
            "## " + LetterTexts.pick(lang, nb: "Gebyr", nn: "Gebyr") + "\n"
            + LetterTexts.pick(
                lang, nb: "Gebyret etter kommunens gebyrregulativ er \(kr(f.reduction.fee)).",
                nn: "Gebyret etter gebyrregulativet til kommunen er \(kr(f.reduction.fee)).")
        if f.reduction.percent > 0, let deadline {
            let last = NorwegianCalendar().norwegianDate(deadline.lastDay())
            text +=
                " "
                + LetterTexts.pick(
                    lang,
                    nb:
                        "Fristen for å avgjøre søknaden var \(last) (\(deadline.weeks) uker). Vedtaket er gjort \(f.reduction.daysLate) dager etter fristen, som er \(f.reduction.startedWeeks) påbegynte uker. Gebyret er derfor redusert med \(f.reduction.percent) prosent, \(kr(f.reduction.reduction))"
                        + (f.basis.map { " (\($0))" } ?? "") + ".",
                    nn:
                        "Fristen for å avgjere søknaden var \(last) (\(deadline.weeks) veker). Vedtaket er gjort \(f.reduction.daysLate) dagar etter fristen, som er \(f.reduction.startedWeeks) påbyrja veker. Gebyret er difor redusert med \(f.reduction.percent) prosent, \(kr(f.reduction.reduction))"
                        + (f.basis.map { " (\($0))" } ?? "") + ".")
        }
        text +=
            " "
            + LetterTexts.pick(
                lang, nb: "Du skal betale \(kr(f.reduction.due)). Faktura kommer i eget brev.",
                nn: "Du skal betale \(kr(f.reduction.due)). Faktura kjem i eige brev.")
        return text
    }

    /// Records the fee as the invoice basis and puts it on the case's timeline (the feed's
    /// `case.fee_set`, which the economy system reads), in the decision's transaction.
    static func recordFee(
        _ f: FeeResult, caseID: UUID, decisionID: UUID, serviceID: String, municipality: UUID, now: Date,
        on tx: any Database
    ) async throws {
        try await tx.sql.insert(into: FeeRecord.schema)
            .columns(
                "id", "municipality_id", "case_id", "decision_id", "service_id", "fee", "days_late",
                "reduction_percent", "reduction", "amount_due", "decided_at"
            )
            .values(
                SQLBind(UUID()), SQLBind(municipality), SQLBind(caseID), SQLBind(decisionID), SQLBind(serviceID),
                SQLBind(f.reduction.fee), SQLBind(f.reduction.daysLate), SQLBind(f.reduction.percent),
                SQLBind(f.reduction.reduction), SQLBind(f.reduction.due), SQLBind(now)
            ).run()
        try await CaseLedger.append(
            .feeSet, case: caseID, municipality: municipality, at: now, actor: "system",
            detail: "\(f.reduction.due) kr (gebyr \(f.reduction.fee) kr, redusert \(f.reduction.percent) %)", on: tx)
    }
}
