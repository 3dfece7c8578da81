import Foundation
import RadhusCore

/// The access request (innsynskrav, offentleglova § 3) for one journalpost: the form, and the
/// confirmation with the request's own saksnummer.
enum AccessRequest {
    /// What the person typed, kept when the form comes back with errors.
    struct Form: Sendable {
        var name = ""
        var email = ""
        var message = ""
    }

    static func view(
        kommune m: Municipality.Snapshot, entry e: JournalEntry, form: Form, errors: [String: String], ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(
            ctx, title: [t.accessRequestTitle, t.publicJournal], status: errors.isEmpty ? .ok : .unprocessableEntity
        ) {
            if !errors.isEmpty {
                Layout.errorSummary(
                    t.errorSummaryTitle(errors.count), errors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
            el("h1") { t.accessRequestTitle }
            el("p", .cls("lead")) { t.accessRequestIntro }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow {
                    el("dt") { t.journalNumber }
                    el("dd") { "\(e.journalYear)/\(e.journalSeq)" }
                }
                Layout.summaryRow {
                    el("dt") { t.caseNumber }
                    el("dd") { "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)" }
                }
                Layout.summaryRow {
                    el("dt") { t.documentTitle }
                    el("dd") { e.publicTitle }
                }
            }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.accessRequest(m.number, e.id!).path),
                .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "navn", label: t.yourName, hint: nil, value: form.name, error: errors["navn"],
                    type: "text",
                    extra: [.cls("input w-full"), .attr("autocomplete", "name")])
                FormView.textInput(
                    t: t, id: "epost", label: t.yourEmail, hint: t.emailForAnswer, value: form.email,
                    error: errors["epost"],
                    type: "email", extra: [.cls("input w-full"), .attr("autocomplete", "email")])
                FormView.textArea(
                    t: t, id: "melding", label: t.messageOptional, hint: nil, value: form.message,
                    error: errors["melding"], extra: [.cls("input w-full")])
                el("button", .type("submit"), .cls("button")) { t.sendRequest }
            }
        }
    }

    static func received(kommune m: Municipality.Snapshot, saksnummer: Saksnummer, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.requestReceived]) {
            el("div", .cls("panel-success"), .attr("role", "status")) {
                el("h1") { t.requestReceived }
                el("p") { t.requestReceivedText(saksnummer.description) }
            }
            el("p") { el("a", .href(SiteURL.publicJournal(m.number).path)) { t.publicJournal } }
        }
    }
}
