import Foundation
import RadhusCore

/// The workshop's preview after the form's last page: the answers as the check page shows
/// them, what the rules would decide, and the letter each outcome would send — composed by the
/// same code as a real decision's letter, with made-up decision values said to be so.
enum WorkshopPreview {
    struct SampleLetter {
        var outcome: ServiceDefinition.Outcome
        /// The outcome the rules point to for these answers.
        var byRules: Bool
        var title: String
        var body: String
    }

    struct RulesResult {
        /// The outcome's id, or nil when a person must decide.
        var outcome: String?
        var reasons: String?
    }

    struct Model {
        var draft: UUID
        var service: ServiceDefinition
        var kommune: Municipality.Snapshot
        /// Nil: the preview's form has not been filled in yet.
        var answers: [String: String]?
        var rules: RulesResult?
        var letters: [SampleLetter]
    }

    /// Above every preview page: what this is, and the way back.
    static func notice(draft: UUID, service: ServiceDefinition, t: Strings) -> Node {
        el("div", .cls("panel-preview"), .attr("role", "note")) {
            el("p") { el("strong") { t.workshopPreviewNotice } }
            el("p") {
                el("a", .href(SiteURL.workshopDraft(draft).path)) { t.workshopBackToEditor }
            }
        }
    }

    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let s = m.service
        return Layout.page(ctx, title: [t.workshopSampleTitle, s.title[t.lang]]) {
            notice(draft: m.draft, service: s, t: t)
            el("span", .cls("caption")) { s.title[t.lang] }
            el("h1") { t.workshopSampleTitle }
            if let answers = m.answers {
                el("h2") { t.workshopAnswersHeading }
                el("dl", .cls("summary-list")) {
                    for field in s.fields {
                        if let value = field.displayValue(answers: answers, kommune: m.kommune.number, language: t.lang)
                        {
                            Layout.summaryRow {
                                el("dt") { field.label[t.lang] }
                                el("dd") { value }
                            }
                        }
                    }
                }
                el("p") {
                    el("a", .href(SiteURL.workshopPreview(m.draft, step: s.pages[0].id, language: t.lang).path)) {
                        t.workshopChangeAnswers
                    }
                }
                if let r = m.rules {
                    el("section", .attr("aria-labelledby", "regler-heading")) {
                        el("h2", .id("regler-heading")) { t.workshopRulesHeading }
                        el("p") {
                            r.outcome.flatMap { id in s.outcomes.first { $0.id == id } }.map {
                                t.workshopRulesDecide($0.label[t.lang])
                            } ?? t.workshopRulesPerson
                        }
                        if let reasons = r.reasons, r.outcome != nil { el("p", .cls("hint")) { reasons } }
                    }
                }
                el("h2") { t.workshopLettersHeading }
                el("p") { t.workshopSampleValues }
                for letter in m.letters {
                    el("section", .cls("card"), .attr("aria-label", t.workshopLetterFor(letter.outcome.label[t.lang])))
                    {
                        el("p", .cls("caption")) {
                            t.workshopLetterFor(letter.outcome.label[t.lang])
                                + (letter.byRules ? " · " + t.workshopByRules : "")
                        }
                        el("article", .cls("letter"), .attr("lang", t.lang.written.rawValue)) {
                            el("h3") { letter.title }
                            Letter.body(letter.body, heading: "h4")
                        }
                    }
                }
            } else {
                el("p") { t.workshopFillFirst }
                el("p") {
                    el("a", .href(SiteURL.workshopPreview(m.draft, language: t.lang).path)) { t.workshopStartPreview }
                }
            }
        }
    }
}
