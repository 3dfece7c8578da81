import Foundation
import RadhusCore
import Vapor

/// What every page needs to know about the request it answers.
public struct PageContext: Sendable {
    public enum Area: Sendable { case citizen, staff }

    var lang: Language
    var csrf: String
    var citizenSignedIn: Bool
    var staff: StaffContext?
    var kommune: Municipality.Snapshot?
    var path: String
    var demo: Bool
    var area: Area

    var t: Strings { Strings(lang) }
}

extension Request {
    /// The reader's language: the `radhus_lang` cookie, else bokmål.
    var language: Language { cookies["radhus_lang"].flatMap { Language(rawValue: $0.string) } ?? .nb }

    /// The reader's strings, for a handler's messages: no page context (and no CSRF token) needed.
    var strings: Strings { Strings(language) }

    /// The page's context. A CSRF token (a cookie, never a session) is made only for pages
    /// with a form: signed-in pages (the logout button) and those that ask for `forms`.
    func pageContext(area: PageContext.Area = .citizen, kommune: Municipality.Snapshot? = nil, forms: Bool = false)
        -> PageContext
    {
        let needsToken = forms || citizen != nil || staff != nil
        let lang = language
        return PageContext(
            lang: lang, csrf: needsToken ? csrfToken() : "", citizenSignedIn: citizen != nil,
            staff: staff,
            kommune: kommune ?? staff?.municipality, path: url.path,
            demo: application.radhusConfig.mode != .production, area: area)
    }
}

enum Layout {
    /// A whole page: skip link, header with the kommune's name and the menu, one `main`
    /// holding the page's only `h1`, and a footer with the language switch.
    static func page(
        _ ctx: PageContext, title: [String], status: HTTPResponseStatus = .ok, script: String? = nil,
        @NodeBuilder main: () -> [Node]
    ) -> Page {
        let t = ctx.t
        let fullTitle = (title + [ctx.kommune?.name ?? t.siteName]).joined(separator: " – ")
        let doc = Node.group([
            .raw("<!doctype html>"),
            el("html", .attr("lang", ctx.lang.rawValue)) {
                el("head") {
                    void("meta", .attr("charset", "utf-8"))
                    void("meta", .name("viewport"), .attr("content", "width=device-width, initial-scale=1"))
                    el("title") { fullTitle }
                    void("link", .attr("rel", "stylesheet"), .href(SiteURL.stylesheet.path))
                    // Only the video room has a script (issue 22): a file of our own, never inline.
                    if let script { el("script", .attr("src", script), .flag("defer")) }
                }
                el("body", .cls(ctx.area == .staff ? "area-staff" : "area-citizen")) {
                    el("a", .cls("skip-link"), .href("#main")) { t.skipLink }
                    if ctx.demo {
                        el("div", .cls("test-banner"), .attr("role", "note")) { t.testEnvironment }
                    }
                    header(ctx)
                    el("main", .id("main"), .attr("tabindex", "-1")) {
                        el("div", .cls("container")) { main() }
                    }
                    el("footer", .cls("site-footer")) {
                        el("div", .cls("container")) {
                            el("p") { t.footerAbout }
                            el("p") { t.accessibility }
                            // The other two: bokmål, nynorsk, English, each in its own words (staff too).
                            el("p", .cls("language-links")) {
                                for other in Language.allCases where other != t.lang {
                                    el(
                                        "a", .href(SiteURL.language(other.rawValue, back: ctx.path).path),
                                        .attr("lang", other.rawValue), .attr("hreflang", other.rawValue)
                                    ) { other.name }
                                    " "
                                }
                            }
                        }
                    }
                }
            },
        ])
        return Page(status: status, html: doc.rendered)
    }

    static func header(_ ctx: PageContext) -> Node {
        let t = ctx.t
        let brandStyle = ctx.kommune.map { "brand-\($0.number)" } ?? "brand-default"
        return el("header", .cls("site-header \(brandStyle)")) {
            el("div", .cls("container header-inner")) {
                if ctx.area == .staff {
                    el("a", .cls("site-name"), .href(SiteURL.queue(service: nil, status: nil).path)) {
                        t.staffSiteName
                        if let k = ctx.kommune { el("span", .cls("kommune-name")) { k.logo } }
                    }
                } else {
                    el(
                        "a", .cls("site-name"),
                        .href(ctx.kommune.map { SiteURL.kommune($0.number).path } ?? SiteURL.home.path)
                    ) {
                        ctx.kommune?.logo ?? t.siteName
                    }
                }
                el("nav", .attr("aria-label", t.mainMenu)) {
                    el("ul", .cls("nav-list")) {
                        if ctx.area == .staff {
                            if let staff = ctx.staff {
                                if staff.role.mayReadCases {
                                    el("li") {
                                        el("a", .href(SiteURL.queue(service: nil, status: nil).path)) { t.casesTitle }
                                    }
                                }
                                if staff.role.mayDecide {
                                    el("li") { el("a", .href(SiteURL.meetingHours().path)) { t.meetingHoursTitle } }
                                }
                                if staff.role.mayReadAccessLog {
                                    el("li") { el("a", .href(SiteURL.accessLog().path)) { t.accessLogTitle } }
                                }
                                if staff.role.mayReadInsights {
                                    el("li") { el("a", .href(SiteURL.report().path)) { t.reportMenu } }
                                    el("li") { el("a", .href(SiteURL.maturity.path)) { t.maturityMenu } }
                                }
                                if staff.role.mayManageSettings {
                                    el("li") { el("a", .href(SiteURL.services.path)) { t.services } }
                                    el("li") { el("a", .href(SiteURL.admission().path)) { t.admissionMenu } }
                                    el("li") { el("a", .href(SiteURL.automation().path)) { t.automationHeading } }
                                    el("li") { el("a", .href(SiteURL.dispatch().path)) { t.dispatchTitle } }
                                    el("li") { el("a", .href(SiteURL.apiClients().path)) { t.apiClientsTitle } }
                                }
                                if staff.role.mayManageUsers {
                                    el("li") { el("a", .href(SiteURL.staffUsers().path)) { t.usersMenu } }
                                    el("li") { el("a", .href(SiteURL.loginSettings().path)) { t.loginSettingsMenu } }
                                }
                                el("li") { el("a", .href(SiteURL.survey.path)) { t.surveyMenu } }
                                el("li", .cls("nav-user")) {
                                    staff.displayName + " (\(t.roleLabel(staff.role.rawValue)))"
                                }
                                el("li") {
                                    logoutForm(action: SiteURL.staffLogout.path, label: t.logOut, csrf: ctx.csrf)
                                }
                            }
                        } else {
                            el("li") {
                                el("a", .href(ctx.kommune.map { SiteURL.kommune($0.number).path } ?? SiteURL.home.path))
                                { t.services }
                            }
                            if ctx.citizenSignedIn {
                                el("li") { el("a", .href(SiteURL.myCases.path)) { t.myCases } }
                                el("li") { el("a", .href(SiteURL.inbox.path)) { t.inbox } }
                                el("li") { el("a", .href(SiteURL.profile().path)) { t.profile } }
                                el("li") { logoutForm(action: SiteURL.logout.path, label: t.logOut, csrf: ctx.csrf) }
                            } else {
                                el("li") { el("a", .href(SiteURL.login(next: ctx.path).path)) { t.logIn } }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A wide table's scroll container: focusable and named, so keyboard and screen-reader users
    /// can scroll it on a narrow screen (WCAG 2.1 1.4.10, 2.1.1).
    static func tableRegion(label: String, @NodeBuilder _ table: () -> [Node]) -> Node {
        el(
            "div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", label),
            children: table)
    }

    /// Why a login through an identity provider was refused, on the login page it returns to.
    static func loginRefused(_ message: String, _ t: Strings) -> Node {
        el("div", .cls("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1")) {
            el("h2") { t.loginFailed }
            el("p") { message }
        }
    }

    static func logoutForm(action: String, label: String, csrf: String) -> Node {
        el("form", .attr("method", "post"), .attr("action", action), .cls("inline-form")) {
            csrfField(csrf)
            el("button", .type("submit"), .cls("link-button")) { label }
        }
    }

    static func csrfField(_ token: String) -> Node {
        void("input", .type("hidden"), .name(CSRF.field), .value(token))
    }

    /// GOV.UK-style error summary: a heading with the count and a link to each field.
    static func errorSummary(_ title: String, _ items: [(inputID: String, message: String)]) -> Node {
        errorSummary(title, anchors: items.map { (FormView.domID($0.inputID), $0.message) })
    }

    /// The error summary for forms whose inputs have their own ids (`FormView.textInput`).
    /// `itemsLanguage`: the messages' language when it is not the page's (the catalogue's
    /// checks, written in bokmål).
    static func errorSummary(
        _ title: String, anchors: [(id: String, message: String)], itemsLanguage: String? = nil
    ) -> Node {
        el("div", .cls("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1"), .id("feil")) {
            el("h2", .cls("error-summary-title")) { title }
            el("ul", .attr("lang", itemsLanguage)) {
                for item in anchors {
                    el("li") { el("a", .href("#" + item.id)) { item.message } }
                }
            }
        }
    }

    /// "Det er N feil i skjemaet" with a link to each field, in field-id order.
    static func errorSummary(fieldProblems problems: [String: String], t: Strings) -> Node {
        errorSummary(
            t.errorSummaryTitle(problems.count),
            anchors: problems.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// One row of a summary list: `dt`, `dd` and an action cell, straight inside the `dl`
    /// (laid out as a grid), since some checkers reject the `div` wrappers HTML allows.
    static func summaryRow(@NodeBuilder _ cells: () -> [Node]) -> Node {
        let c = cells()
        return .group(c.count == 2 ? c + [el("dd", .cls("summary-action"))] : c)
    }

    /// A case's timeline, oldest first. Staff also see who did each step; citizens see the steps.
    static func timeline(_ events: [CaseEventRecord], t: Strings, showStaff: Bool) -> Node {
        timeline(
            events.map { e in
                (
                    e.at,
                    t.eventLabel(e.eventKind)
                        + (showStaff && e.actor != "citizen" && e.actor != "system" ? " – \(e.actor)" : "")
                )
            })
    }

    /// Dated lines, oldest first: a case's events, a letter's receipts.
    static func timeline(_ items: [(at: Date, text: String)]) -> Node {
        let cal = NorwegianCalendar()
        let iso = ISO8601DateFormatter()
        return el("ol", .cls("timeline")) {
            for item in items {
                el("li") {
                    el("time", .attr("datetime", iso.string(from: item.at))) { cal.norwegianDateTime(item.at) }
                    el("span", .cls("timeline-text")) { item.text }
                }
            }
        }
    }

    /// `citizen`: as the applicant reads it («Venter på deg»).
    static func statusTag(_ status: CaseStatus, _ t: Strings, citizen: Bool = false) -> Node {
        el("span", .cls("tag tag-\(status.rawValue)")) {
            citizen ? t.citizenStatusLabel(status) : t.statusLabel(status)
        }
    }

    /// A message page (errors, not found).
    /// `textLanguage`: the language of `text` when it is not the page's (a message written in
    /// bokmål only), for screen readers.
    static func message(
        _ ctx: PageContext, title: String, text: String, textLanguage: Language? = nil, status: HTTPResponseStatus
    ) -> Page {
        page(ctx, title: [title], status: status) {
            el("h1") { title }
            el("p", .cls("lead"), .attr("lang", textLanguage.flatMap { $0 == ctx.lang ? nil : $0.rawValue })) { text }
            el("p") { el("a", .href(SiteURL.home.path)) { ctx.t.goHome } }
        }
    }
}
