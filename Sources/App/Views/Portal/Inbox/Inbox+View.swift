import RadhusCore

extension Inbox {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [t.inbox]) {
            el("h1") { t.inbox }
            if m.letters.isEmpty {
                el("p") { t.noLetters }
            } else {
                el("ul", .cls("letter-list")) {
                    for l in m.letters {
                        el("li", .cls("card" + (l.unread ? " unread" : ""))) {
                            el("h2", .cls("card-title")) { el("a", .href(SiteURL.letter(l.id).path)) { l.title } }
                            el("p", .cls("muted")) {
                                if l.unread {
                                    el("span", .cls("tag tag-unread")) { t.unread }
                                    " "
                                }
                                "\(t.from) \(l.kommune) · \(t.received) \(cal.norwegianDate(l.createdAt))"
                            }
                        }
                    }
                }
            }
        }
    }
}
