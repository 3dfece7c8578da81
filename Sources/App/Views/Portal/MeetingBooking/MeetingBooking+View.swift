import Foundation
import RadhusCore
import Vapor

/// Booking a meeting from «Mine saker» (issue 22): the free times of the next four weeks, by
/// day, and how to meet; a refused form comes back with the choice kept and the problem at it.
enum MeetingBooking {
    struct Model: Sendable {
        var caseID: UUID
        var saksnummer: String
        var kommune: Municipality.Snapshot
        var offers: [MeetingService.Offer]
        var chosen: Date?
        var kind: MeetingKind?
        /// The booked meeting being moved, when moving one.
        var moving: UUID?
        var problems: [String: String] = [:]
    }

    /// A slot's value in the form: its start as seconds since 1970 (exact, no zone to misread).
    static func value(_ d: Date) -> String { String(Int(d.timeIntervalSince1970)) }

    static func view(_ m: Model, status: HTTPResponseStatus = .ok, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let days = Dictionary(grouping: m.offers, by: { cal.isoDate($0.start) }).sorted { $0.key < $1.key }
        let kinds = MeetingKind.allCases.filter { k in m.offers.contains { $0.kinds.contains(k) } }
        let time = DateFormatter()
        time.locale = Locale(identifier: "nb_NO")
        time.timeZone = cal.calendar.timeZone
        time.dateFormat = "HH:mm"
        return Layout.page(ctx, title: [t.bookMeeting, m.saksnummer], status: status) {
            if !m.problems.isEmpty { Layout.errorSummary(fieldProblems: m.problems, t: t) }
            el("h1") { m.moving == nil ? t.bookMeeting : t.moveMeeting }
            el("p", .cls("lead")) { t.bookMeetingIntro }
            if m.offers.isEmpty {
                el("p") { t.noMeetingTimes }
            } else {
                el(
                    "form", .attr("method", "post"), .attr("action", SiteURL.myCaseMeeting(m.caseID).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx.csrf)
                    if let moving = m.moving {
                        void("input", .type("hidden"), .name("flytt"), .value(moving.uuidString))
                    }
                    el("div", .cls("form-group" + (m.problems["tid"] == nil ? "" : " form-group-error"))) {
                        el("fieldset", .id("tid")) {
                            el("legend", .cls("label")) { t.chooseTime }
                            if let e = m.problems["tid"] { el("p", .cls("field-error")) { e } }
                            for (i, (_, offers)) in days.enumerated() {
                                el("fieldset", .cls("meeting-day")) {
                                    el("legend") {
                                        cal.norwegianDate(offers[0].start) + " ("
                                            + t.weekdayNames[
                                                (cal.calendar.component(.weekday, from: offers[0].start) + 5) % 7] + ")"
                                    }
                                    el("div", .cls("radios inline")) {
                                        for (j, o) in offers.enumerated() {
                                            el("div", .cls("radio")) {
                                                void(
                                                    "input", .type("radio"), .name("tid"), .value(value(o.start)),
                                                    .id("tid-\(i)-\(j)"), .flag("checked", m.chosen == o.start))
                                                el("label", .for("tid-\(i)-\(j)")) { time.string(from: o.start) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    el("div", .cls("form-group" + (m.problems["mate"] == nil ? "" : " form-group-error"))) {
                        el("fieldset", .id("mate")) {
                            el("legend", .cls("label")) { t.chooseKind }
                            if let e = m.problems["mate"] { el("p", .cls("field-error")) { e } }
                            el("div", .cls("radios")) {
                                for k in kinds {
                                    el("div", .cls("radio")) {
                                        void(
                                            "input", .type("radio"), .name("mate"), .value(k.rawValue),
                                            .id("mate-\(k.rawValue)"), .flag("checked", m.kind == k))
                                        el("label", .for("mate-\(k.rawValue)")) { t.meetingKindLabel(k) }
                                    }
                                }
                            }
                        }
                    }
                    el("button", .type("submit"), .cls("button")) { m.moving == nil ? t.bookMeeting : t.moveMeeting }
                }
            }
            el("p") { el("a", .href(SiteURL.myCase(m.caseID).path)) { t.backToCase } }
        }
    }
}
