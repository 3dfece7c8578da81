import Foundation
import RadhusCore

/// The follow-up applications on a decided case (issue 24): those sent, with their deadline or
/// outcome, and a form for each one the applicant may send now, with a file input per document.
extension MyCase {
    static func followUpSection(_ m: Model, ctx: PageContext) -> Node {
        let t = ctx.t
        let c = m.record
        return el("section", .attr("aria-labelledby", "oppfolging-heading")) {
            if let refused = m.followUpDraft?.draft, !refused.problems.isEmpty {
                Conversation.errorSummary(refused, t: t)
            }
            el("h2", .id("oppfolging-heading")) {
                m.followUpsAvailable.isEmpty ? FollowUpTexts.sentHeading[t.lang] : FollowUpTexts.heading[t.lang]
            }
            if !m.followUps.isEmpty { FollowUpList.node(m.followUps, service: m.service, t: t) }
            for f in m.followUpsAvailable {
                el("div", .cls("card")) {
                    el("h3") { f.title[t.lang] }
                    if let summary = f.summary { el("p") { summary[t.lang] } }
                    Conversation.form(
                        .message, action: SiteURL.myCaseFollowUp(c.id!, kind: f.id).path,
                        draft: m.followUpDraft?.kind == f.id ? m.followUpDraft?.draft : nil,
                        label: FollowUpTexts.describe[t.lang], hint: nil, submit: FollowUpTexts.send[t.lang],
                        csrf: ctx.csrf, t: t,
                        files: true, documents: f.documents, idPrefix: f.id)
                }
            }
        }
    }
}
