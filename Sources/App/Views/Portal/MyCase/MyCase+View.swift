import RadhusCore

extension MyCase {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let c = m.record
        let cal = NorwegianCalendar()
        let title = m.service?.title[t.lang] ?? c.serviceID
        return Layout.page(ctx, title: [c.saksnummer.description, t.myCases]) {
            el("h1") { title + " – " + c.saksnummer.description }
            el("p") { Layout.statusTag(c.caseStatus, t) }
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
                    el("dd") { cal.norwegianDate(c.dueAt) }
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
}
