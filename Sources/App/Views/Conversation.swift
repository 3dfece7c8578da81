import Foundation
import RadhusCore

/// The dialogue on a case as both sides see it (issue 20): the messages, oldest first, and the
/// forms to write. The applicant's page is given no notes (`MyCase.Model` never reads them).
enum Conversation {
    /// `files`: the case's files; those sent with a message are listed under it, each a download
    /// (`link`: the citizen's own route, or the caseworker's, which logs the read).
    static func messages(
        _ messages: [CaseMessage], kommune: String, t: Strings, forStaff: Bool, files: [Attachment] = [],
        link: (Attachment) -> String = { _ in "" }
    ) -> Node {
        let byMessage = Dictionary(grouping: files.filter { $0.messageID != nil }, by: { $0.messageID! })
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
                    case .minutes: t.minutesLabel + " – " + msg.author
                    case .thirdParty: ThirdPartyTexts.commentFrom[t.lang] + " " + msg.author
                    }
                let kind =
                    msg.requestID == nil
                    ? "" : (direction == .inbound ? " · " + t.answersRequest : " · " + t.requestLabel)
                el(
                    "article",
                    .cls(
                        "message"
                            + (direction == .inbound || direction == .thirdParty
                                ? " message-in" : direction == .note || direction == .minutes ? " message-note" : ""))
                ) {
                    el("p", .cls("message-meta")) {
                        el("strong") { who }
                        kind + " · "
                        el("time", .attr("datetime", iso.string(from: msg.createdAt))) {
                            cal.norwegianDateTime(msg.createdAt)
                        }
                    }
                    if !msg.body.isEmpty { el("p", .cls("message-body")) { msg.body } }
                    if let sent = byMessage[msg.id!], !sent.isEmpty {
                        el("ul", .cls("message-files"), .attr("aria-label", t.attachments)) {
                            for f in sent {
                                el("li") {
                                    el("a", .href(link(f))) { f.fileName }
                                    " (" + f.sizeText + ")"
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One of the dialogue's forms: the text (and a request's due date), what was typed kept
    /// and each problem at its field when it comes back refused.
    /// `files`: the form takes files too (multipart); `filesHint` says what becomes of them.
    static func form(
        _ kind: DialogueDraft.Kind, action: String, draft: DialogueDraft?, label: String, hint: String?,
        submit: String, csrf: String, t: Strings, extra: Node? = nil, files: Bool = false, filesHint: String? = nil,
        documents: [FieldDefinition] = [], idPrefix: String? = nil
    ) -> Node {
        let mine = draft?.kind == kind ? draft : nil
        let probe = DialogueDraft(kind: kind, text: "", idPrefix: idPrefix)
        return el(
            "form", .attr("method", "post"), .attr("action", action), .attr("novalidate", ""),
            .attr("enctype", files ? "multipart/form-data" : nil)
        ) {
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
            // The documents a request asks for (issue 24), each with its own file input: a file
            // sent there is a document of the application's field of that name.
            for field in documents where files {
                let input = "vedlegg-" + field.id
                let error = mine?.problems[input]?[t.lang]
                FormView.labelled(
                    t: t, id: probe.inputID(input), label: field.label[t.lang], hint: field.hint?[t.lang],
                    error: error
                ) { describedBy in
                    void(
                        "input", .type("file"), .id(probe.inputID(input)), .name(input),
                        .flag("multiple", field.attachmentRules.maxFiles > 1),
                        .attr(
                            "accept", field.attachmentRules.kinds.map { "." + $0.fileExtension }.joined(separator: ",")),
                        .attr("aria-describedby", describedBy), .attr("aria-invalid", error == nil ? nil : "true"))
                }
            }
            if files {
                let error = mine?.problems["vedlegg"]?[t.lang]
                FormView.labelled(
                    t: t, id: probe.inputID("vedlegg"), label: t.messageFiles, hint: filesHint ?? t.messageFilesHint,
                    error: error
                ) {
                    describedBy in
                    void(
                        "input", .type("file"), .id(probe.inputID("vedlegg")), .name("vedlegg"),
                        .flag("multiple", true),
                        .attr("accept", ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"),
                        .attr("aria-describedby", describedBy), .attr("aria-invalid", error == nil ? nil : "true"))
                }
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
