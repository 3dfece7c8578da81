import Foundation
import RadhusCore

/// The dialogue on a case as both sides see it (issue 20): the messages, oldest first, and the
/// forms to write. The applicant's page is given no notes (`MyCase.Model` never reads them).
enum Conversation {
    static func messages(_ messages: [CaseMessage], kommune: String, t: Strings, forStaff: Bool) -> Node {
        let cal = NorwegianCalendar()
        let iso = ISO8601DateFormatter()
        guard !messages.isEmpty else { return el("p", .cls("muted")) { t.noMessagesYet } }
        return el("div", .cls("messages")) {
            for msg in messages {
                let direction = msg.messageDirection
                let who: String =
                    switch direction {
                    case .inbound: forStaff ? t.fromApplicant : t.fromYou
                    case .outbound: forStaff ? msg.author : t.fromKommune(kommune)
                    case .note: t.internalNoteLabel + " – " + msg.author
                    }
                let kind =
                    msg.requestID == nil
                    ? "" : (direction == .inbound ? " · " + t.answersRequest : " · " + t.requestLabel)
                el(
                    "article",
                    .cls(
                        "message" + (direction == .inbound ? " message-in" : direction == .note ? " message-note" : ""))
                ) {
                    el("p", .cls("message-meta")) {
                        el("strong") { who }
                        kind + " · "
                        el("time", .attr("datetime", iso.string(from: msg.createdAt))) {
                            cal.norwegianDateTime(msg.createdAt)
                        }
                    }
                    el("p", .cls("message-body")) { msg.body }
                }
            }
        }
    }

    /// One of the dialogue's forms: the text (and a request's due date), what was typed kept
    /// and each problem at its field when it comes back refused.
    static func form(
        _ kind: DialogueDraft.Kind, action: String, draft: DialogueDraft?, label: String, hint: String?,
        submit: String, csrf: String, t: Strings, extra: Node? = nil
    ) -> Node {
        let mine = draft?.kind == kind ? draft : nil
        let probe = DialogueDraft(kind: kind, text: "")
        return el("form", .attr("method", "post"), .attr("action", action), .attr("novalidate", "")) {
            Layout.csrfField(csrf)
            FormView.textArea(
                t: t, id: probe.inputID("tekst"), name: "tekst", label: label, hint: hint, value: mine?.text ?? "",
                error: mine?.problems["tekst"]?[t.lang], rows: 5)
            if kind == .request || kind == .preliminary {
                FormView.textInput(
                    t: t, id: probe.inputID("frist"), name: "frist",
                    label: kind == .request ? t.dueDate : t.expectedAnswerDate,
                    hint: kind == .request ? t.dueDateHint : t.expectedAnswerDateHint,
                    value: mine?.due ?? "", error: mine?.problems["frist"]?[t.lang], type: "text",
                    extra: [.cls("input w-10"), .attr("autocomplete", "off")])
            }
            if let extra { extra }
            el("button", .type("submit"), .cls(kind == .note ? "button button-secondary" : "button")) { submit }
        }
    }

    /// The error summary of a refused dialogue form, linking to its fields.
    static func errorSummary(_ draft: DialogueDraft, t: Strings) -> Node {
        Layout.errorSummary(
            fieldProblems: Dictionary(
                uniqueKeysWithValues: draft.problems.map { (draft.inputID($0.key), $0.value[t.lang]) }),
            t: t)
    }
}
