import RadhusCore

/// A service's start page: what it is, who can apply, what you need, how long it takes, when
/// you get an answer, and one Start button. Its model is the service as the kommune offers it.
enum ServiceStart {
    static func view(kommune m: Municipality.Snapshot, service s: ServiceDefinition, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [s.title[t.lang]]) {
            el("h1") { s.title[t.lang] }
            el("p", .cls("lead")) { s.summary[t.lang] }
            el("h2") { t.whoCanApply }
            el("p") { s.whoCanApply[t.lang] }
            if let need = s.youNeed {
                el("h2") { t.youNeed }
                el("p") { need[t.lang] }
            }
            if let criteria = s.local?.criteria {
                el("h2") { t.localGuidelines(m.name) }
                for paragraph in criteria.components(separatedBy: "\n\n") { el("p") { paragraph } }
            }
            if let minutes = s.minutesToFill { el("p") { t.minutes(minutes) } }
            el("p") { t.answerWithin(s.deadline) }
            if let contact = s.local?.contact { el("p") { "\(t.contactUs): \(contact)" } }
            el(
                "a", .href(SiteURL.form(kommune: m.number, service: s.id).path), .cls("button button-start"),
                .attr("role", "button")
            ) {
                t.startNow
            }
            el("p", .cls("muted")) { "\(t.legalBasis): \(s.legalBasis)" }
        }
    }
}
