import Foundation
import RadhusCore

extension MyCase {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let c = m.record
        let cal = NorwegianCalendar()
        let title = m.service?.title[t.lang] ?? c.serviceID
        let appealRefused = m.appealDraft.map { !$0.problems.isEmpty } ?? false
        let refused = (m.draft.map { !$0.problems.isEmpty } ?? false) || appealRefused
        return Layout.page(
            ctx, title: (refused ? [t.errorPrefix] : []) + [c.saksnummer.description, t.myCases],
            status: refused ? .unprocessableEntity : .ok
        ) {
            if let draft = m.draft, !draft.problems.isEmpty { Conversation.errorSummary(draft, t: t) }
            if let draft = m.appealDraft, appealRefused {
                Layout.errorSummary(
                    fieldProblems: Dictionary(
                        uniqueKeysWithValues: draft.problems.map { ("f-klage-\($0.key)", $0.value[t.lang]) }),
                    t: t)
            }
            if let flash = m.flash {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") {
                        switch flash {
                        case .sent: t.citizenSentFlash
                        case .review: t.reviewRequestedFlash
                        case .appealed: t.appealSentFlash
                        case .meetingBooked: t.meetingBooked
                        case .meetingCancelled: t.meetingCancelled
                        case .meetingMoved: t.meetingMoved
                        case .offerAnswered: t.answerSaved
                        case .wishesChanged: t.wishesChanged
                        case .followUpSent: FollowUpTexts.sent[t.lang]
                        }
                    }
                }
            }
            el("h1") { title + " – " + c.saksnummer.description }
            el("p") { Layout.statusTag(c.caseStatus, t, citizen: true) }
            if let appealed = m.appealedNumber, let appealedID = c.appealOf {
                el("p") {
                    el("a", .href(SiteURL.myCase(appealedID).path)) { t.appealAgainst(appealed.description) }
                }
            }
            if c.caseStatus == .paklaget, let appealCase = m.appealCase {
                el("p") {
                    el("a", .href(SiteURL.myCase(appealCase.id).path)) {
                        t.caseAppealedIn(appealCase.saksnummer.description)
                    }
                }
            }
            if !m.followUps.isEmpty || !m.followUpsAvailable.isEmpty { followUpSection(m, ctx: ctx) }
            if let request = m.openRequest {
                // What the kommune waits for, first on the page, with the answer's form under it.
                el("section", .cls("panel-warning"), .attr("aria-labelledby", "venter-heading")) {
                    el("h2", .id("venter-heading")) { t.waitingForYou }
                    el("p", .cls("message-body")) { request.text }
                    el("p") { el("strong") { t.answerByDate(cal.norwegianDate(request.dueAt)) } }
                    Conversation.form(
                        .message, action: SiteURL.myCaseMessage(c.id!).path, draft: m.draft, label: t.yourAnswer,
                        hint: t.citizenMessageHint, submit: t.sendAnswer, csrf: ctx.csrf, t: t, files: true,
                        documents: request.documentFields.compactMap { m.service?.field($0) })
                }
            }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow {
                    el("dt") { t.caseNumber }
                    el("dd") { c.saksnummer.description }
                }
                Layout.summaryRow {
                    el("dt") { t.kommune }
                    el("dd") { m.kommune.name }
                }
                Layout.summaryRow {
                    el("dt") { t.submitted }
                    el("dd") { cal.norwegianDateTime(c.submittedAt) }
                }
                Layout.summaryRow {
                    el("dt") { t.answerBy }
                    el("dd") {
                        // A statutory deadline (issue 24): from the complete application, in weeks.
                        (c.caseStatus.isOpen
                            ? StatutoryDeadlineText.text(
                                c, service: m.service, followUps: m.followUps, detailed: false, lang: t.lang) : nil)
                            ?? cal.norwegianDate(c.dueAt)
                    }
                }
            }
            if !m.trails.isEmpty {
                el("h2") { t.inbox }
                for trail in m.trails {
                    el("section", .cls("card"), .attr("aria-label", trail.letter.title)) {
                        el("h3") { el("a", .href(SiteURL.letter(trail.letter.id!).path)) { trail.letter.title } }
                        for (_, events) in trail.shipments {
                            el("p", .cls("muted")) { t.letterHistory }
                            DispatchView.events(events, t: t, showDetail: false)
                        }
                    }
                }
            }
            if m.mayRequestReview {
                el("section", .cls("card"), .id("vurdering"), .attr("aria-labelledby", "vurdering-heading")) {
                    el("h2", .id("vurdering-heading")) { t.reviewHeading }
                    el("p") { t.reviewIntro }
                    el(
                        "form", .attr("method", "post"), .attr("action", SiteURL.myCaseReview(c.id!).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx.csrf)
                        FormView.textArea(
                            t: t, id: "f-vurdering-tekst", name: "tekst", label: t.reviewReason, hint: nil,
                            value: m.draft?.kind == .review ? m.draft?.text ?? "" : "",
                            error: m.draft?.kind == .review ? m.draft?.problems["tekst"]?[t.lang] : nil, rows: 4)
                        el("button", .type("submit"), .cls("button")) { t.askForReview }
                    }
                }
            }
            if let deadline = m.appealDeadline {
                appealForm(m, deadline: deadline, ctx: ctx)
            }
            if let appeal = m.appeal {
                el("h2") { t.yourAppeal }
                el("p", .cls("message-body")) { appeal.text }
                if let outcome = appeal.appealOutcome {
                    el("p") { el("strong") { t.appealOutcome + ": " + t.appealOutcomeLabel(outcome) } }
                }
            }
            if m.isApplicant, let e = m.admission { admissionSection(m, e, ctx: ctx) }
            if m.isApplicant && m.mayChangeWishes {
                el("p") { el("a", .href(SiteURL.admissionWishes(c.id!).path)) { t.changeWishes } }
            }
            if m.isApplicant && (!m.meetings.isEmpty || m.mayBookMeeting) {
                el("h2", .id("mote-heading")) { t.meetingHeading }
                for meeting in m.meetings {
                    el("p") {
                        el("strong") {
                            t.meetingLine(
                                cal.norwegianDateTime(meeting.startsAt), t.meetingKindLabel(meeting.meetingKind))
                        }
                        if let address = meeting.address { ", " + address }
                    }
                    if meeting.meetingKind == .video {
                        el("p") {
                            el(
                                "a", .cls("button"),
                                .href(m.roomLinks[meeting.id!] ?? SiteURL.meetingRoom(meeting.id!).path)
                            ) {
                                t.goToRoom
                            }
                        }
                    }
                    if meeting.startsAt.timeIntervalSince(m.now) >= Double(m.meetingChangeLimit) * 3600 {
                        el(
                            "form", .attr("method", "post"),
                            .attr("action", SiteURL.cancelMeeting(case: c.id!, meeting: meeting.id!).path)
                        ) {
                            Layout.csrfField(ctx.csrf)
                            el("button", .type("submit"), .cls("button button-secondary")) { t.cancelMeeting }
                        }
                        el("p") {
                            el("a", .href(SiteURL.myCaseMeeting(c.id!, moving: meeting.id).path)) { t.moveMeeting }
                        }
                    }
                    el("p", .cls("muted")) { t.cancelUntil(m.meetingChangeLimit) }
                }
                if m.mayBookMeeting {
                    el("p") { el("a", .href(SiteURL.myCaseMeeting(c.id!).path)) { t.bookMeeting } }
                }
            }
            if m.isApplicant && (!m.messages.isEmpty || c.caseStatus.isOpen) {
                el("h2") { t.messagesHeading }
                Conversation.messages(
                    m.messages, kommune: m.kommune.name, t: t, forStaff: false, files: m.files,
                    link: { SiteURL.myAttachment(case: c.id!, attachment: $0.id).path })
                if c.caseStatus.isOpen && m.openRequest == nil {
                    el("details", .cls("card"), .flag("open", m.draft != nil)) {
                        el("summary") { t.writeToKommune }
                        Conversation.form(
                            .message, action: SiteURL.myCaseMessage(c.id!).path, draft: m.draft, label: t.messageText,
                            hint: t.citizenMessageHint, submit: t.sendMessage, csrf: ctx.csrf, t: t, files: true)
                    }
                }
            }
            el("h2") { t.timeline }
            Layout.timeline(m.events, t: t, showStaff: false)
            el("h2") { t.whoLooked }
            if m.looks.isEmpty {
                el("p") { t.nobodyLooked }
            } else {
                // Roles and times, not names: what the citizen may know of who looked (issue 6).
                Layout.timeline(
                    m.looks.map {
                        (
                            $0.at,
                            t.roleLabel($0.staffRole)
                                + ($0.action == AccessLogEntry.Action.revealIdentity.rawValue
                                    ? " – " + t.revealedNumber : "")
                        )
                    })
            }
            if let s = m.service {
                el("h2") { t.yourAnswers }
                el("dl", .cls("summary-list")) {
                    for field in s.fields {
                        if field.type == .attachment {
                            FormView.fileRow(field, files: m.files, t: t) {
                                SiteURL.myAttachment(case: c.id!, attachment: $0.id).path
                            }
                        } else if let v = field.displayValue(
                            answers: c.answers.values, kommune: m.kommune.number, language: t.lang)
                        {
                            Layout.summaryRow {
                                el("dt") { field.label[t.lang] }
                                el("dd") { v }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The appeal form (issue 20): what is wrong and why, and — after the deadline — why late.
    static func appealForm(_ m: Model, deadline: Date, ctx: PageContext) -> Node {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let late = m.appealLate
        let draft = m.appealDraft
        return el("section", .cls("card"), .id("klage"), .attr("aria-labelledby", "klage-heading")) {
            el("h2", .id("klage-heading")) { t.appealHeading }
            el("p") { t.appealIntro(cal.norwegianDate(deadline)) }
            if late {
                el("div", .cls("panel-warning"), .attr("role", "note")) {
                    el("p") { t.appealLate(cal.norwegianDate(deadline)) }
                }
            }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.myCaseAppeal(m.record.id!).path),
                .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textArea(
                    t: t, id: "f-klage-tekst", name: "tekst", label: t.appealTextLabel, hint: nil,
                    value: draft?.text ?? "", error: draft?.problems["tekst"]?[t.lang], rows: 6)
                if late {
                    FormView.textArea(
                        t: t, id: "f-klage-sen", name: "sen", label: t.appealLateReasonLabel, hint: nil,
                        value: draft?.lateReason ?? "", error: draft?.problems["sen"]?[t.lang], rows: 3)
                }
                el("button", .type("submit"), .cls("button")) { t.sendAppeal }
            }
        }
    }
}

extension MyCase {
    /// The admission's offer and its answer form, and why the child did not get a higher wish.
    static func admissionSection(_ m: Model, _ e: AdmissionEntry, ctx: PageContext) -> Node {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let c = m.record
        let open = e.entryStatus == .offered && (e.answerDue ?? .distantFuture) >= m.now
        return Node.group([
            el("h2", .id("opptak-heading")) { t.admissionOfferHeading },
            el("p") {
                el("strong") {
                    open
                        ? t.offerOf(m.admissionUnit?.name ?? "", e.answerDue.map { cal.norwegianDate($0) } ?? "")
                        : t.admissionStatusText(e.entryStatus, m.admissionUnit?.name)
                }
            },
            open
                ? el(
                    "form", .attr("method", "post"), .attr("action", SiteURL.admissionAnswer(c.id!).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx.csrf)
                    el("div", .cls("form-group")) {
                        el("fieldset", .id("svar")) {
                            el("legend", .cls("label")) { t.offerAnswer }
                            el("div", .cls("radios")) {
                                for (value, label) in [
                                    ("ja", t.answerAccept), ("ja_venter", t.answerAcceptWait), ("nei", t.answerDecline),
                                ] {
                                    el("div", .cls("radio")) {
                                        void(
                                            "input", .type("radio"), .name("svar"), .value(value), .id("svar-\(value)"))
                                        el("label", .for("svar-\(value)")) { label }
                                    }
                                }
                            }
                        }
                    }
                    el("button", .type("submit"), .cls("button")) { t.sendOfferAnswer }
                } : .group([]),
            m.admissionExplanation.isEmpty
                ? .group([])
                : el("details", .cls("card")) {
                    el("summary") { t.whyNotHigher }
                    el("ul") {
                        for x in m.admissionExplanation {
                            el("li") { t.explanationLine(x.name, x.classHere, x.lottery, x.cutoff) }
                        }
                    }
                    el("p") { t.explanationNote }
                },
        ])
    }
}
