import RadhusCore

extension Receipt {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [t.receiptTitle]) {
            el("div", .cls("panel-confirmation")) {
                el("h1") { t.receiptTitle }
                el("p") {
                    t.yourCaseNumber
                    el("br")
                    el("strong", .cls("case-number")) { m.saksnummer.description }
                }
            }
            if let title = m.serviceTitle { el("p") { "\(t.service): \(title[t.lang])" } }
            el("h2") { t.whatNext }
            if m.decided {
                if let outcome = m.outcome { el("p") { el("strong") { t.automatedOutcome(outcome[t.lang]) } } }
                el("p") { t.decidedAutomatically }
                el("p") { el("a", .href(SiteURL.inbox.path)) { t.readDecision } }
            } else if m.clockPending {
                el("p") { BuildingTexts.receiptPending[t.lang] }
            } else {
                el("p") { t.nextSteps(m.kommune.name, cal.norwegianDate(m.dueAt)) }
            }
            el("p") { el("a", .href(SiteURL.myCase(m.caseID).path)) { t.followCase } }
        }
    }
}
