import Foundation

/// One letter in the inbox (opening it marks it read: `InboxService.open`).
enum Letter {
    /// `reviewCase`: the letter is an automated decision the applicant may still ask a
    /// caseworker to review (issue 20): the page links to the form on the case.
    /// `files`: the files the letter carries (a caseworker's message with files, issue 20),
    /// each a download from the applicant's case.
    static func view(
        title: String, body: String, reviewCase: UUID? = nil, files: [Attachment] = [], ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [title, t.inbox]) {
            el("article", .cls("letter")) {
                el("h1") { title }
                Letter.body(body)
            }
            if !files.isEmpty {
                el("h2", .id("vedlegg")) { t.downloadAttachments }
                el("ul", .cls("message-files"), .attr("aria-labelledby", "vedlegg")) {
                    for f in files {
                        if let c = f.caseID {
                            el("li") {
                                el("a", .href(SiteURL.myAttachment(case: c, attachment: f.id).path)) { f.fileName }
                                " (" + f.sizeText + ")"
                            }
                        }
                    }
                }
            }
            if let reviewCase {
                el("p") { el("a", .href(SiteURL.myCase(reviewCase).path + "#vurdering")) { t.reviewFromLetter } }
            }
            el("p") { el("a", .href(SiteURL.inbox.path)) { t.backToInbox } }
        }
    }

    /// A letter's text: paragraphs split by blank lines, `## ` lines as headings (`heading`:
    /// h3 where the letter sits under the page's own h2, as in the workshop's sample letters).
    static func body(_ text: String, heading: String = "h2") -> Node {
        let blocks = text.components(separatedBy: "\n\n")
        return .group(
            blocks.flatMap { block -> [Node] in
                var out: [Node] = []
                var paragraph: [String] = []
                for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix("## ") {
                        if !paragraph.isEmpty {
                            out.append(para(paragraph))
                            paragraph = []
                        }
                        out.append(el(heading) { String(line.dropFirst(3)) })
                    } else {
                        paragraph.append(String(line))
                    }
                }
                if !paragraph.isEmpty { out.append(para(paragraph)) }
                return out
            })
    }

    /// Lines as one paragraph, with line breaks between them (an address, a letter's lines).
    static func para(_ lines: [String]) -> Node {
        var children: [Node] = []
        for (i, l) in lines.enumerated() {
            if i > 0 { children.append(.void("br", [])) }
            children.append(.text(l))
        }
        return .element("p", [], children)
    }
}
