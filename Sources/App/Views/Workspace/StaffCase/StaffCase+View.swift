import Foundation
import RadhusCore

extension StaffCase {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let record = m.record
        let caseID = m.caseID
        let service = m.service
        let dialogueRefused =
            (m.dialogue.map { !$0.problems.isEmpty } ?? false) || (m.meetingForm.map { !$0.problems.isEmpty } ?? false)
        return Layout.page(
            ctx, title: (dialogueRefused ? [t.errorPrefix] : []) + [t.caseTitle(record.saksnummer.description)],
            status: m.problems.isEmpty && !dialogueRefused ? .ok : .unprocessableEntity
        ) {
            if !m.problems.isEmpty {
                Layout.errorSummary(
                    t.errorSummaryTitle(m.problems.count), m.problems.map { ($0.inputID, t.decisionProblem($0)) })
            }
            if let draft = m.dialogue, !draft.problems.isEmpty { Conversation.errorSummary(draft, t: t) }
            if let f = m.meetingForm, !f.problems.isEmpty { meetingErrorSummary(f, t: t) }
            if let flash = m.flash {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") {
                        switch flash {
                        case .decided: t.decidedFlash
                        case .stopped: t.stoppedFlash
                        case .messageSent: t.messageSentFlash
                        case .noteSaved: t.noteSavedFlash
                        case .requestSent: t.requestSentFlash
                        case .requestWithdrawn: t.requestWithdrawnFlash
                        case .assigned: t.assignedFlash
                        case .preliminarySent: t.preliminarySentFlash
                        case .appealForwarded: t.forwardedFlash
                        case .appealSettled: t.outcomeFlash
                        case .proposed: t.proposedFlash
                        case .proposalReturned: t.proposalReturnedFlash
                        case .meetingProposed: t.meetingProposedFlash
                        case .guestInvited: t.guestInvitedFlash
                        case .minutesSaved: t.minutesSaved
                        case .meetingCancelled: t.meetingCancelledStaff
                        }
                    }
                }
            }
            el("h1") { t.caseHeading(record.saksnummer.description, service?.title[t.lang] ?? record.serviceID) }
            el("p") {
                Layout.statusTag(record.caseStatus, t)
                if m.overdue {
                    " "
                    el("span", .cls("tag tag-overdue")) { t.overdue }
                }
                if let attention = record.attention.flatMap(CaseAttention.init(rawValue:)) {
                    " "
                    el("span", .cls("tag tag-attention")) { t.attentionLabel(attention) }
                }
            }
            if record.caseStatus == .paklaget, let appealCase = m.appealCase {
                el("div", .cls("panel-warning"), .attr("role", "note")) {
                    el("p") {
                        el("a", .href(SiteURL.staffCase(appealCase.id).path)) {
                            t.caseAppealedIn(appealCase.saksnummer.description)
                        }
                    }
                }
            }
            if let appeal = m.appeal, let appealed = m.appealed {
                appealSection(appeal, appealed: appealed, m, ctx: ctx)
            }
            for (cases, says) in [
                (m.duplicates, t.possibleDuplicates(m.duplicates.count)),
                (m.samePerson, t.samePersonOpen(m.samePerson.count)),
            ] where !cases.isEmpty {
                el("div", .cls("panel-warning"), .attr("role", "note")) {
                    el("p") { says }
                    el("ul", .cls("inline-list")) {
                        for d in cases {
                            el("li") { el("a", .href(SiteURL.staffCase(d.id).path)) { d.saksnummer.description } }
                        }
                    }
                }
            }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow {
                    el("dt") { t.caseworker }
                    el("dd") { m.assignee ?? t.unassigned }
                    if m.mayDecide { el("dd", .cls("summary-action")) { assignForm(m, ctx: ctx) } }
                }
                if let name = m.applicantName {
                    Layout.summaryRow {
                        el("dt") { t.applicantName }
                        el("dd") { name }
                    }
                }
                if let email = m.applicantEmail {
                    Layout.summaryRow {
                        el("dt") { t.applicantContact }
                        el("dd") { el("a", .href("mailto:" + email)) { email } }
                    }
                }
                Layout.summaryRow {
                    el("dt") { t.applicantWrittenForm }
                    el("dd") { m.applicantWritesNynorsk ? "Nynorsk" : "Bokmål" }
                }
                Layout.summaryRow {
                    el("dt") { t.applicantNumber }
                    el("dd") { m.applicant }
                    el("dd", .cls("summary-action")) {
                        if !m.revealed {
                            el(
                                "form", .attr("method", "post"), .attr("action", SiteURL.revealIdentity(caseID).path),
                                .cls("inline-form")
                            ) {
                                Layout.csrfField(ctx.csrf)
                                el("button", .type("submit"), .cls("link-button")) { t.revealNumber }
                            }
                        }
                    }
                }
                Layout.summaryRow {
                    el("dt") { t.received }
                    el("dd") { cal.norwegianDateTime(record.submittedAt) }
                }
                Layout.summaryRow {
                    el("dt") { t.deadline }
                    el("dd") {
                        StatutoryDeadlineText.text(
                            record, service: m.applicationService ?? m.service, followUps: m.followUps, detailed: true,
                            lang: t.lang) ?? cal.norwegianDate(record.dueAt)
                    }
                }
                Self.feeRow(m, t: t)
                Layout.summaryRow {
                    el("dt") { t.channel }
                    el("dd") { t.channelLabel(SubmissionChannel(rawValue: record.channel) ?? .digital) }
                }
            }
            el("h2") { t.theApplication }
            if let service {
                el("dl", .cls("summary-list")) {
                    for field in service.fields {
                        if field.type == .attachment {
                            FormView.fileRow(field, files: m.files, t: t) {
                                SiteURL.staffAttachment(case: m.caseID, attachment: $0.id).path
                            }
                        } else if let v = field.displayValue(
                            answers: record.answers.values, kommune: m.kommune.number, language: t.lang)
                        {
                            Layout.summaryRow {
                                el("dt") { field.label[t.lang] }
                                el("dd") {
                                    field.type == .person && !m.revealed
                                        ? ((try? Fodselsnummer(v, policy: m.identityPolicy))?.masked ?? v) : v
                                }
                            }
                        }
                    }
                }
            }
            dialogueSection(m, ctx: ctx)
            if let criteria = service?.local?.criteria {
                el("h2") { t.kommuneGuidelinesFor(service?.title[t.lang].lowercasedFirst) }
                for paragraph in criteria.components(separatedBy: "\n\n") { el("p") { paragraph } }
            }
            if let evaluation = m.evaluation, let service {
                ruleSection(evaluation, service: service, t: t)
            }
            if let decision = m.decision {
                if record.caseStatus.isOpen && m.appeal == nil {
                    el("div", .cls("panel-warning"), .attr("role", "note")) { el("p") { t.reviewAskedOnCase } }
                }
                el("h2") { record.caseStatus.isOpen && m.appeal == nil ? t.earlierDecision : t.decision }
                decisionSummary(decision, m, t: t)
                for earlier in m.earlierDecisions {
                    el("h3") { t.earlierDecision }
                    decisionSummary(earlier, m, t: t)
                }
            }
            if record.caseStatus == .tilGodkjenning, let proposal = m.proposal, let service {
                proposalSection(proposal, service: service, m, ctx: ctx)
            } else if let appeal = m.appeal, appeal.outcome == nil, let service, m.mayDecide {
                appealActions(appeal, service: service, m, ctx: ctx)
            } else if record.caseStatus.isOpen, m.appeal == nil, let service, m.mayDecide {
                decisionForm(
                    caseID: caseID, service: service, draft: m.draft, problems: m.problems, csrf: ctx.csrf, t: t)
            }
            if !m.trails.isEmpty {
                el("h2") { t.lettersAndDelivery }
                for trail in m.trails {
                    el("section", .cls("card"), .attr("aria-label", t.letterLabel(trail.letter.title))) {
                        el("h3") { trail.letter.title }
                        for (shipment, events) in trail.shipments {
                            el("p") {
                                t.channelLabel(shipment.shipmentChannel)
                                ": "
                                DispatchView.statusTag(shipment.shipmentStatus, t)
                            }
                            DispatchView.events(events, t: t, showDetail: true)
                            if let due = shipment.printDueAt, shipment.action == .print,
                                shipment.shipmentStatus != .sendtPrint
                            {
                                el("p", .cls("muted")) { t.printsAt(cal.norwegianDateTime(due)) }
                            }
                            if shipment.shipmentStatus.canBeStopped && m.mayStopLetters {
                                el(
                                    "form", .attr("method", "post"),
                                    .attr("action", SiteURL.stopShipment(case: caseID, shipment: shipment.id!).path)
                                ) {
                                    Layout.csrfField(ctx.csrf)
                                    el("button", .type("submit"), .cls("button button-secondary")) { t.stopBeforePrint }
                                }
                            }
                        }
                    }
                }
            }
            if !m.journal.isEmpty {
                journalSection(m, ctx: ctx)
            }
            el("h2") { t.timeline }
            Layout.timeline(m.events, t: t, showStaff: true)
            el("p") { el("a", .href(SiteURL.queue(service: nil, status: nil).path)) { t.backToQueue } }
        }
    }

    /// One decision: outcome, reasons, legal basis, its values, who and when.
    static func decisionSummary(_ decision: DecisionRecord, _ m: Model, t: Strings) -> Node {
        let cal = NorwegianCalendar()
        let service = m.service
        return el("dl", .cls("summary-list")) {
            Layout.summaryRow {
                el("dt") { t.outcome }
                el("dd") { service?.outcome(decision.outcome)?.label[t.lang] ?? decision.outcome }
            }
            Layout.summaryRow {
                el("dt") { t.reasons }
                el("dd") { decision.reasons }
            }
            Layout.summaryRow {
                el("dt") { t.legalBasis }
                el("dd") { decision.legalBasis }
            }
            for field in service?.decisionValues ?? [] {
                if let v = field.displayValue(answers: decision.values, kommune: m.kommune.number, language: t.lang) {
                    Layout.summaryRow {
                        el("dt") { field.label[t.lang] }
                        el("dd") { v }
                    }
                }
            }
            Layout.summaryRow {
                el("dt") { t.decidedBy }
                el("dd") { decision.automated ? t.automatically : decision.decidedByName }
            }
            Layout.summaryRow {
                el("dt") { t.date }
                el("dd") { cal.norwegianDateTime(decision.decidedAt) }
            }
        }
    }

    /// «Ta saken», or give it to a colleague (or back to nobody).
    static func assignForm(_ m: Model, ctx: PageContext) -> Node {
        let t = ctx.t
        let action = SiteURL.assignCase(m.caseID).path
        return Node.group([
            m.record.assignedTo == nil
                ? el("form", .attr("method", "post"), .attr("action", action), .cls("inline-form")) {
                    Layout.csrfField(ctx.csrf)
                    void("input", .type("hidden"), .name("saksbehandler"), .value("meg"))
                    el("button", .type("submit"), .cls("link-button")) { t.takeCase }
                } : Node.group([]),
            el("details") {
                el("summary") { t.assignTo }
                el("form", .attr("method", "post"), .attr("action", action)) {
                    Layout.csrfField(ctx.csrf)
                    el("div", .cls("form-group")) {
                        el("label", .cls("label"), .for("f-saksbehandler")) { t.caseworker }
                        el("select", .id("f-saksbehandler"), .name("saksbehandler"), .cls("input")) {
                            el("option", .value(""), .flag("selected", m.record.assignedTo == nil)) { t.unassigned }
                            for c in m.caseworkers {
                                el(
                                    "option", .value(c.id.uuidString.lowercased()),
                                    .flag("selected", m.record.assignedTo == c.id)
                                ) {
                                    c.name
                                }
                            }
                        }
                    }
                    el("button", .type("submit"), .cls("button button-secondary")) { t.assign }
                }
            },
        ])
    }

    /// The dialogue with the applicant (issue 20): what the case waits for, the messages and
    /// notes, and the forms to write, ask and note.
    static func dialogueSection(_ m: Model, ctx: PageContext) -> Node {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let open = m.record.caseStatus.isOpen
        let draft = m.dialogue
        return el("section", .attr("aria-labelledby", "dialog-heading")) {
            el("h2", .id("dialog-heading")) { t.dialogueHeading }
            if let request = m.openRequest {
                el("div", .cls("panel-warning"), .attr("role", "note")) {
                    el("p") { el("strong") { t.waitingForApplicantUntil(cal.norwegianDate(request.dueAt)) } }
                    el("p") {
                        request.pauses
                            ? t.deadlinePauses(m.service?.deadline.pauseBasis ?? "") : t.deadlineRuns
                    }
                    if m.mayDecide {
                        el("form", .attr("method", "post"), .attr("action", SiteURL.withdrawRequest(m.caseID).path)) {
                            Layout.csrfField(ctx.csrf)
                            el("button", .type("submit"), .cls("button button-secondary")) { t.withdrawRequest }
                        }
                    }
                }
            }
            if !m.admission.isEmpty { admissionSection(m, t: t) }
            if !m.notices.isEmpty { thirdPartySection(m, t: t) }
            if !m.followUps.isEmpty { followUpSection(m, t: t) }
            if !m.meetings.isEmpty || (m.record.caseStatus.isOpen && m.mayDecide) { meetingsSection(m, ctx: ctx) }
            Conversation.messages(
                m.messages, kommune: m.kommune.name, t: t, forStaff: true, files: m.files,
                link: { SiteURL.staffAttachment(case: m.caseID, attachment: $0.id).path })
            if open && m.mayDecide {
                el("details", .cls("card"), .flag("open", draft?.kind == .message)) {
                    el("summary") { t.writeToApplicant }
                    Conversation.form(
                        .message, action: SiteURL.caseDialogue(m.caseID, .message).path, draft: draft,
                        label: t.messageText, hint: t.messageToApplicantHint, submit: t.sendMessage, csrf: ctx.csrf,
                        t: t, files: true, filesHint: t.staffFilesHint)
                }
                if m.openRequest == nil {
                    el("details", .cls("card"), .flag("open", draft?.kind == .request)) {
                        el("summary") { t.askForInformation }
                        Conversation.form(
                            .request, action: SiteURL.caseDialogue(m.caseID, .request).path, draft: draft,
                            label: t.whatIsNeeded, hint: t.whatIsNeededHint, submit: t.sendInformationRequest,
                            csrf: ctx.csrf, t: t,
                            extra: el("p", .cls("muted")) {
                                m.service?.deadline.pauses == true
                                    ? t.deadlinePauses(m.service?.deadline.pauseBasis ?? "") : t.deadlineRuns
                            }, files: true, filesHint: t.staffFilesHint)
                    }
                }
            }
            if open && m.mayDecide {
                if let at = m.record.preliminaryDueAt {
                    el("p", .cls("muted")) { t.preliminaryGoesOut(cal.norwegianDate(at)) }
                }
                el("details", .cls("card"), .flag("open", draft?.kind == .preliminary)) {
                    el("summary") { t.sendPreliminaryAnswer }
                    Conversation.form(
                        .preliminary, action: SiteURL.caseDialogue(m.caseID, .preliminary).path, draft: draft,
                        label: t.preliminaryReason, hint: t.preliminaryReasonHint, submit: t.sendPreliminaryAnswer,
                        csrf: ctx.csrf, t: t)
                }
            }
            el("details", .cls("card"), .flag("open", draft?.kind == .note)) {
                el("summary") { t.writeNote }
                Conversation.form(
                    .note, action: SiteURL.caseDialogue(m.caseID, .note).path, draft: draft, label: t.noteText,
                    hint: t.noteHint, submit: t.saveNote, csrf: ctx.csrf, t: t)
            }
        }
    }

    /// The case's journalposts (Noark 5) with their document versions, and the form for a
    /// corrected version (a new row beside the old one, never an edit).
    static func journalSection(_ m: Model, ctx: PageContext) -> Node {
        let t = ctx.t
        return Node.group([
            el("h2") { t.journalHeading },
            Layout.tableRegion(label: t.journalEntriesOfCase) {
                el("table", .cls("table")) {
                    el("thead") {
                        el("tr") {
                            for h in [
                                t.document, t.journalNumber, t.documentType, t.documentTitle, t.publicTitle, t.versions,
                            ] {
                                el("th", .attr("scope", "col")) { h }
                            }
                        }
                    }
                    el("tbody") {
                        for e in m.journal {
                            el("tr") {
                                el("td") { "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)" }
                                el("td") { "\(e.journalYear)/\(e.journalSeq)" }
                                el("td") { e.journalpostType.noarkName }
                                el("td") { e.title }
                                el("td") {
                                    e.publicTitle + (e.screeningBasis.map { " (\(t.screenedShort): \($0))" } ?? "")
                                }
                                el("td") {
                                    (m.versions[e.id!] ?? []).map {
                                        "v\($0.version) · SHA-256 \($0.sha256.prefix(12))…"
                                    }.joined(separator: ", ")
                                }
                            }
                        }
                    }
                }
            },
            m.mayCorrectDocuments
                ? el("details", .cls("card")) {
                    el("summary") { t.correctDocumentSummary }
                    el("p") { t.correctDocumentExplanation }
                    el("form", .attr("method", "post"), .attr("action", SiteURL.correctDocument(m.caseID).path)) {
                        Layout.csrfField(ctx.csrf)
                        el("div", .cls("form-group")) {
                            el("label", .cls("label"), .for("f-journalpost")) { t.document }
                            el("select", .id("f-journalpost"), .name("journalpost"), .cls("input")) {
                                for e in m.journal {
                                    el("option", .value(e.id!.uuidString.lowercased())) {
                                        "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber) \(e.title)"
                                    }
                                }
                            }
                        }
                        el("div", .cls("form-group")) {
                            el("label", .cls("label"), .for("f-tekst")) { t.correctedText }
                            el("textarea", .id("f-tekst"), .name("tekst"), .attr("rows", "6"), .cls("input w-full")) {
                                ""
                            }
                        }
                        el("button", .type("submit"), .cls("button button-secondary")) { t.registerNewVersion }
                    }
                }
                : Node.group([]),
        ])
    }

    /// What the rules said: the mode, the suggestion, which rules matched, and on what facts.
    static func ruleSection(_ e: RuleEvaluationRecord, service: ServiceDefinition, t: Strings) -> Node {
        let rules = RulesService.decodeTrace(e.traceJSON)
        let inputs = (try? RulesService.decodeInputs(e.inputsJSON)) ?? [:]
        return el("section", .attr("aria-labelledby", "regler-heading")) {
            el("h2", .id("regler-heading")) { t.ruleAssessment }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow {
                    el("dt") { t.automationHeading }
                    el("dd") { t.automationModeOnCase(e.mode) }
                }
                Layout.summaryRow {
                    el("dt") { t.rulesSuggestion }
                    el("dd") {
                        if let label = e.suggestedOutcome.flatMap({ service.outcome($0)?.label[t.lang] }) {
                            label
                        } else if let first = rules.first {
                            t.rulesLeaveItToACaseworker(rule: first.annotation ?? first.id ?? "", result: e.result)
                        } else {
                            t.noSuggestion
                        }
                        if e.automated { t.decidedAutomaticallyNote }
                        if let agreed = e.agreed { agreed ? t.caseworkerAgreed : t.caseworkerDisagreed }
                    }
                }
                Layout.summaryRow {
                    el("dt") { t.matchedRules }
                    el("dd") {
                        rules.isEmpty
                            ? t.none
                            : rules.map { t.ruleLine($0.index, $0.annotation ?? $0.id ?? "") }.joined(separator: "\n")
                    }
                }
                Layout.summaryRow {
                    el("dt") { t.factsUsed }
                    el("dd") {
                        inputs.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.plainText)" }.joined(
                            separator: "\n")
                    }
                }
                Layout.summaryRow {
                    el("dt") { t.ruleVersion }
                    el("dd") { String(e.modelHash.prefix(12)) }
                }
            }
        }
    }

    static func decisionForm(
        caseID: UUID, service: ServiceDefinition, draft: DecisionDraft?, problems: [DecisionDraft.Problem],
        csrf: String, t: Strings, heading: String? = nil, intro: String? = nil
    ) -> Node {
        func error(_ inputID: String) -> Node? {
            let ps = problems.filter { $0.inputID == inputID }
            guard !ps.isEmpty else { return nil }
            return el("p", .cls("field-error"), .id("f-\(inputID)-error")) {
                ps.map(t.decisionProblem).joined(separator: ". ")
            }
        }
        let hasErr = { (id: String) in problems.contains { $0.inputID == id } }
        return el("section", .attr("aria-labelledby", "vedtak-heading"), .cls("decision-form")) {
            el("h2", .id("vedtak-heading")) { heading ?? t.makeDecision }
            if let intro { el("p") { intro } }
            el("form", .attr("method", "post"), .attr("action", SiteURL.decide(caseID).path), .attr("novalidate", "")) {
                Layout.csrfField(csrf)
                el("div", .cls("form-group" + (hasErr("utfall") ? " form-group-error" : ""))) {
                    el(
                        "fieldset", .id("f-utfall"),
                        .attr("aria-describedby", hasErr("utfall") ? "f-utfall-error" : nil)
                    ) {
                        el("legend", .cls("label")) { t.outcome }
                        if let e = error("utfall") { e }
                        el("div", .cls("radios")) {
                            for (i, o) in service.outcomes.enumerated() {
                                el("div", .cls("radio")) {
                                    void(
                                        "input", .type("radio"), .name("utfall"), .value(o.id), .id("f-utfall-\(i)"),
                                        .flag("checked", draft?.outcomeID == o.id))
                                    el("label", .for("f-utfall-\(i)")) { o.label[t.lang] }
                                }
                            }
                        }
                    }
                }
                el("div", .cls("form-group" + (hasErr("begrunnelse") ? " form-group-error" : ""))) {
                    el("label", .cls("label"), .for("f-begrunnelse")) { t.reasons }
                    el("div", .cls("hint"), .id("f-begrunnelse-hint")) { t.reasonsHint }
                    if let e = error("begrunnelse") { e }
                    el(
                        "textarea", .id("f-begrunnelse"), .name("begrunnelse"), .attr("rows", "6"),
                        .cls("input w-full"),
                        .attr(
                            "aria-describedby",
                            hasErr("begrunnelse") ? "f-begrunnelse-hint f-begrunnelse-error" : "f-begrunnelse-hint"),
                        .attr("aria-invalid", hasErr("begrunnelse") ? "true" : nil)
                    ) { draft?.reasons ?? "" }
                }
                el("div", .cls("form-group" + (hasErr("hjemmel") ? " form-group-error" : ""))) {
                    el("label", .cls("label"), .for("f-hjemmel")) { t.legalBasisShort }
                    if let e = error("hjemmel") { e }
                    void(
                        "input", .type("text"), .id("f-hjemmel"), .name("hjemmel"),
                        .value(draft?.legalBasis ?? service.legalBasis),
                        .cls("input w-full"), .attr("aria-invalid", hasErr("hjemmel") ? "true" : nil),
                        .attr("aria-describedby", hasErr("hjemmel") ? "f-hjemmel-error" : nil))
                }
                // The service's decision values (issue 19): each says for which outcome it is asked.
                if let values = service.decisionValues, !values.isEmpty {
                    FormView.fields(
                        service.decisionForm, kommune: "", values: draft?.values ?? [:],
                        errors: problems.compactMap { if case .value(let e) = $0 { e } else { nil } }, t: t,
                        conditionLabel: { c in
                            c.equals.flatMap(service.outcome).map { t.onlyIfOutcome($0.label[t.lang]) }
                        })
                }
                el("div", .cls("form-group")) {
                    el("div", .cls("checkbox")) {
                        void(
                            "input", .type("checkbox"), .id("f-digitalt"), .name("digitalt"), .value("ja"),
                            .flag("checked", draft?.digitalOnly ?? false))
                        el("label", .for("f-digitalt")) { t.digitalOnly }
                    }
                }
                el("p", .cls("muted")) { t.appealNoteOnDecision }
                el("button", .type("submit"), .cls("button")) { t.makeDecisionAndSend }
            }
        }
    }

    /// An appeal's own case (issue 20): what is appealed, when, how late, what the applicant
    /// wrote, who decides it, and how it ended.
    static func appealSection(_ appeal: Appeal, appealed: CaseRecord, _ m: Model, ctx: PageContext) -> Node {
        let t = ctx.t
        let cal = NorwegianCalendar()
        return el("section", .cls("card"), .attr("aria-labelledby", "klage-heading")) {
            el("h2", .id("klage-heading")) {
                el("a", .href(SiteURL.staffCase(appealed.id!).path)) {
                    t.appealAgainst(appealed.saksnummer.description)
                }
            }
            if appeal.late {
                el("div", .cls("panel-warning"), .attr("role", "note")) {
                    el("p") { t.appealLateWarning(appeal.lateReason ?? "") }
                }
            }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow {
                    el("dt") { t.appealLodged }
                    el("dd") { cal.norwegianDateTime(appeal.lodgedAt) }
                }
                Layout.summaryRow {
                    el("dt") { t.appealDeadline }
                    el("dd") { cal.norwegianDate(appeal.deadlineAt) }
                }
                Layout.summaryRow {
                    el("dt") { t.appealBody }
                    el("dd") { LetterTexts.bodyName(appeal.appealBody, kommune: m.kommune.name) }
                }
                if let outcome = appeal.appealOutcome {
                    Layout.summaryRow {
                        el("dt") { t.appealOutcome }
                        el("dd") { t.appealOutcomeLabel(outcome) + (appeal.outcomeNote.map { "\n" + $0 } ?? "") }
                    }
                }
            }
            el("h3") { t.theAppeal }
            el("p", .cls("message-body")) { appeal.text }
        }
    }

    /// What the caseworker does with an open appeal: reverse the decision, or uphold it and send
    /// the appeal on; once forwarded, register what the appeal body decided.
    static func appealActions(_ appeal: Appeal, service: ServiceDefinition, _ m: Model, ctx: PageContext) -> Node {
        let t = ctx.t
        let caseID = m.caseID
        let bodyName = LetterTexts.bodyName(appeal.appealBody, kommune: m.kommune.name)
        let draft = m.dialogue
        return el("div") {
            if m.record.caseStatus == .oversendt {
                el("section", .cls("card"), .attr("aria-labelledby", "utfall-heading")) {
                    el("h2", .id("utfall-heading")) { t.outcomeHeading }
                    el("p") { t.outcomeIntro }
                    el(
                        "form", .attr("method", "post"),
                        .attr("action", SiteURL.staffAppeal(caseID, action: "utfall").path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx.csrf)
                        let error = draft?.kind == .appealOutcome ? draft?.problems["utfall"]?[t.lang] : nil
                        el("div", .cls("form-group" + (error == nil ? "" : " form-group-error"))) {
                            el(
                                "fieldset", .id("f-utfall-utfall"),
                                .attr("aria-describedby", error == nil ? nil : "f-utfall-utfall-error")
                            ) {
                                el("legend", .cls("label")) { t.outcomeChoice }
                                if let error { el("p", .cls("field-error"), .id("f-utfall-utfall-error")) { error } }
                                el("div", .cls("radios")) {
                                    for (i, o) in [AppealOutcome.upheld, .quashed].enumerated() {
                                        el("div", .cls("radio")) {
                                            void(
                                                "input", .type("radio"), .name("utfall"), .value(o.rawValue),
                                                .id("f-klageutfall-\(i)"))
                                            el("label", .for("f-klageutfall-\(i)")) { t.appealOutcomeLabel(o) }
                                        }
                                    }
                                }
                            }
                        }
                        FormView.textArea(
                            t: t, id: "f-utfall-tekst", name: "tekst", label: t.outcomeNoteLabel, hint: nil,
                            value: draft?.kind == .appealOutcome ? draft?.text ?? "" : "",
                            error: draft?.kind == .appealOutcome ? draft?.problems["tekst"]?[t.lang] : nil, rows: 4)
                        el("button", .type("submit"), .cls("button")) { t.registerOutcome }
                    }
                }
                decisionForm(
                    caseID: caseID, service: service, draft: m.draft, problems: m.problems, csrf: ctx.csrf, t: t,
                    heading: t.changedHeading, intro: t.changedIntro)
            } else {
                decisionForm(
                    caseID: caseID, service: service, draft: m.draft, problems: m.problems, csrf: ctx.csrf, t: t,
                    heading: t.reverseHeading, intro: t.reverseIntro)
                el("section", .cls("card"), .attr("aria-labelledby", "oversend-heading")) {
                    el("h2", .id("oversend-heading")) { t.forwardHeading(bodyName) }
                    if !m.appealBodyAddressSet {
                        el("div", .cls("panel-warning"), .attr("role", "note")) {
                            el("p") { t.bodyAddressMissing(bodyName) }
                        }
                    }
                    el(
                        "form", .attr("method", "post"),
                        .attr("action", SiteURL.staffAppeal(caseID, action: "oversend").path), .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx.csrf)
                        FormView.textArea(
                            t: t, id: "f-oversend-tekst", name: "tekst", label: t.assessmentLabel,
                            hint: t.assessmentHint,
                            value: draft?.kind == .appealForward ? draft?.text ?? "" : "",
                            error: draft?.kind == .appealForward ? draft?.problems["tekst"]?[t.lang] : nil, rows: 6)
                        el("button", .type("submit"), .cls("button")) { t.forwardButton }
                    }
                }
            }
        }
    }

    /// The two-person check: the proposed decision, and — for a caseworker other than the one who
    /// proposed it — approve, or return with why.
    static func proposalSection(
        _ proposal: DecisionProposal, service: ServiceDefinition, _ m: Model, ctx: PageContext
    ) -> Node {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let draft = proposal.draft
        let mine = proposal.proposedByID == m.viewerID
        return el("section", .cls("card"), .attr("aria-labelledby", "forslag-heading")) {
            el("h2", .id("forslag-heading")) { t.proposalHeading }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow {
                    el("dt") { t.outcome }
                    el("dd") { draft.flatMap { service.outcome($0.outcomeID)?.label[t.lang] } ?? "–" }
                }
                Layout.summaryRow {
                    el("dt") { t.reasons }
                    el("dd") { draft?.reasons ?? "" }
                }
                Layout.summaryRow {
                    el("dt") { t.legalBasis }
                    el("dd") { draft?.legalBasis ?? "" }
                }
                Layout.summaryRow {
                    el("dt") { t.proposedBy }
                    el("dd") { proposal.proposedByName + ", " + cal.norwegianDateTime(proposal.proposedAt) }
                }
            }
            if mine || !m.mayDecide {
                el("p") { el("strong") { t.waitingForSecondPerson } }
            } else {
                el(
                    "form", .attr("method", "post"),
                    .attr("action", SiteURL.caseProposal(m.caseID, action: "godkjenn").path)
                ) {
                    Layout.csrfField(ctx.csrf)
                    el("button", .type("submit"), .cls("button")) { t.approveAndSend }
                }
                el(
                    "form", .attr("method", "post"),
                    .attr("action", SiteURL.caseProposal(m.caseID, action: "returner").path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx.csrf)
                    FormView.textArea(
                        t: t, id: "f-retur-tekst", name: "tekst", label: t.returnReason, hint: t.returnReasonHint,
                        value: m.dialogue?.kind == .proposalReturn ? m.dialogue?.text ?? "" : "",
                        error: m.dialogue?.kind == .proposalReturn ? m.dialogue?.problems["tekst"]?[t.lang] : nil,
                        rows: 3)
                    el("button", .type("submit"), .cls("button button-secondary")) { t.returnProposal }
                }
            }
        }
    }
}
