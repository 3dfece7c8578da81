import Foundation
import RadhusCore

/// A neighbour's page behind their personal link (issue 24): the application as the neighbour
/// needs it (the property, the work, the dispensations asked for — not the applicant's or the
/// other neighbours' identities), its documents to download, and the comment form.
enum ThirdPartyPage {
    static func view(
        _ f: ThirdPartyController.Found, files: [Attachment], comment: String?, text: String, error: String?,
        sent: Bool, token: String, ctx: PageContext
    ) -> Page {
        let t = ctx.t
        let lang = t.lang
        let cal = NorwegianCalendar()
        let answers = f.record.answers.values
        // What a neighbour reads: every answer except identities, the neighbour list and
        // contact details (their own letter named them already).
        let hidden = Set([f.service.thirdParties?.field].compactMap { $0 })
        let shown = f.service.fields.filter {
            !hidden.contains($0.id) && ![.person, .phone, .email, .attachment, .group].contains($0.type)
        }
        return Layout.page(
            ctx, title: [ThirdPartyTexts.title[lang], f.kommune.name], status: error == nil ? .ok : .unprocessableEntity
        ) {
            if let error {
                Layout.errorSummary(t.errorSummaryTitle(1), [("merknad", error)])
            }
            if sent {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") { ThirdPartyTexts.received[lang] }
                }
            }
            el("h1") { ThirdPartyTexts.title[lang] + ": " + f.service.title[lang] }
            el("p", .cls("lead")) { ThirdPartyTexts.intro[lang] }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow {
                    el("dt") { ThirdPartyTexts.caseLabel[lang] }
                    el("dd") { f.record.saksnummer.description + " – " + f.kommune.name }
                }
                Layout.summaryRow {
                    el("dt") { ThirdPartyTexts.deadline[lang] }
                    el("dd") { cal.norwegianDate(f.notice.commentDue) }
                }
                for field in shown {
                    if let v = field.displayValue(answers: answers, kommune: f.kommune.number, language: lang),
                        !v.isEmpty
                    {
                        Layout.summaryRow {
                            el("dt") { field.label[lang] }
                            el("dd", .cls("pre-line")) { v }
                        }
                    }
                }
            }
            el("h2") { ThirdPartyTexts.documents[lang] }
            if files.isEmpty {
                el("p", .cls("muted")) { "–" }
            } else {
                el("ul") {
                    for file in files {
                        el("li") {
                            el("a", .href(SiteURL.thirdPartyAttachment(token: token, attachment: file.id).path)) {
                                file.fileName
                            }
                            " (" + (f.service.field(file.fieldID)?.label[lang] ?? "") + ", " + file.sizeText + ")"
                        }
                    }
                }
            }
            if let comment {
                el("h2") { ThirdPartyTexts.yourComment[lang] }
                el("p", .cls("pre-line")) { comment }
            } else if f.record.caseStatus.isOpen {
                el("h2") { ThirdPartyTexts.comment[lang] }
                el(
                    "form", .attr("method", "post"), .attr("action", SiteURL.thirdParty(token).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx.csrf)
                    FormView.textArea(
                        t: t, id: "merknad", label: ThirdPartyTexts.comment[lang],
                        hint: ThirdPartyTexts.commentHint[lang], value: text, error: error, rows: 8,
                        extra: [.cls("input w-full")])
                    el("button", .type("submit"), .cls("button")) { ThirdPartyTexts.send[lang] }
                }
            } else {
                el("p") { ThirdPartyTexts.decided[lang] }
            }
        }
    }
}
