import Fluent
import Foundation
import RadhusCore
import Vapor

/// The kommune's admission pages (issue 23): the rounds with the form for a new one, and a
/// round's overview — places filled per kindergarten and age group, offers pending, children
/// with a legal right and no offer, the share who got their first wish.
enum AdmissionPage {
    static func list(
        _ rounds: [AdmissionRound], form: AdmissionService.RoundForm, problems: [String: String], created: Bool,
        ctx: PageContext
    ) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: (problems.isEmpty ? [] : [t.errorPrefix]) + [t.admissionHeading]) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            if created { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.roundCreated } } }
            el("h1") { t.admissionHeading }
            el("p", .cls("lead")) { t.admissionIntro }
            el("h2") { t.admissionRounds }
            if rounds.isEmpty {
                el("p") { t.noRoundsYet }
            } else {
                el("ul") {
                    for r in rounds {
                        el("li") {
                            el("a", .href(SiteURL.admissionRound(r.id!).path)) { t.roundLine(r.number, r.title) }
                            " – " + (r.roundStatus == .matched ? t.roundMatched : t.roundDraft) + ", "
                                + t.admissionDeadline.lowercased() + " "
                                + (cal.parseDate(r.deadline).map { cal.norwegianDate($0) } ?? r.deadline)
                        }
                    }
                }
            }
            el("h2", .id("ny-runde")) { rounds.isEmpty ? t.newRound : t.nextRound }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.admission().path), .attr("novalidate", ""),
                .attr("aria-labelledby", "ny-runde")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "tittel", label: t.admissionTitle, hint: nil, value: form.title,
                    error: problems["tittel"],
                    type: "text")
                FormView.textInput(
                    t: t, id: "frist", label: t.admissionDeadline, hint: t.meetingDateHint, value: form.deadline,
                    error: problems["frist"], type: "text", extra: [.cls("input w-10"), .attr("inputmode", "numeric")])
                FormView.textInput(
                    t: t, id: "oppstart", label: t.admissionStart, hint: t.meetingDateHint, value: form.startDate,
                    error: problems["oppstart"], type: "text",
                    extra: [.cls("input w-10"), .attr("inputmode", "numeric")])
                FormView.textInput(
                    t: t, id: "svarfrist", label: t.admissionAnswerDays, hint: nil, value: form.answerDays,
                    error: problems["svarfrist"], type: "text",
                    extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                FormView.textInput(
                    t: t, id: "onsker", label: t.admissionWishLimit, hint: nil, value: form.wishLimit,
                    error: problems["onsker"], type: "text", extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                FormView.textArea(
                    t: t, id: "plasser", label: t.admissionPlaces, hint: t.admissionPlacesHint, value: form.places,
                    error: problems["plasser"], rows: 5)
                el("button", .type("submit"), .cls("button")) { t.createRound }
            }
        }
    }

    /// One round: its units, entries and the cases they are.
    struct Overview {
        var round: AdmissionRound
        var units: [AdmissionUnit]
        var entries: [AdmissionEntry]
        var cases: [UUID: CaseRecord]
        /// Each entry's wishes and classes, decoded once (the waiting lists read them per unit).
        var wishes: [UUID: (kindergartens: [String], classes: [Int])] = [:]

        static func query(roundID: UUID, staff: StaffContext, on db: any Database) async throws -> Overview {
            guard let round = try await staff.scope.query(AdmissionRound.self, on: db).filter(\.$id == roundID).first()
            else { throw RadhusError.localized(.notFound, ErrorMessages.roundNotFound) }
            let units = try await staff.scope.query(AdmissionUnit.self, on: db).filter(\.$roundID == roundID).all()
                .sorted { ($0.name, $0.ageGroup) < ($1.name, $1.ageGroup) }
            let entries = try await staff.scope.query(AdmissionEntry.self, on: db).filter(\.$roundID == roundID).all()
            var cases: [UUID: CaseRecord] = [:]
            for chunk in entries.map(\.caseID).chunks(of: 200) {
                for c in try await staff.scope.query(CaseRecord.self, on: db).filter(\.$id ~~ Array(chunk)).all() {
                    cases[c.id!] = c
                }
            }
            return Overview(
                round: round, units: units, entries: entries, cases: cases,
                wishes: Dictionary(
                    entries.map { ($0.id!, ($0.wishes, $0.classes)) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    static func overview(_ m: Overview, matched: Int?, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let r = m.round
        let placed = m.entries.filter { $0.unitID != nil }
        let unmet = m.entries.filter { $0.legalRight && $0.unitID == nil }
        let first = placed.filter { $0.wishIndex == 0 }.count
        return Layout.page(ctx, title: [t.roundLine(r.number, r.title), t.admissionHeading]) {
            if let matched {
                el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.matchedFlash(matched) } }
            }
            el("h1") { t.roundLine(r.number, r.title) }
            el("p") {
                t.admissionDeadline + ": " + (cal.parseDate(r.deadline).map { cal.norwegianDate($0) } ?? r.deadline)
                    + ". " + t.admissionStart + ": "
                    + (cal.parseDate(r.startDate).map { cal.norwegianDate($0) } ?? r.startDate) + "."
            }
            if r.roundStatus == .draft {
                el("p") { t.runMatchingIntro }
                el("form", .attr("method", "post"), .attr("action", SiteURL.admissionRun(r.id!).path)) {
                    Layout.csrfField(ctx.csrf)
                    el("button", .type("submit"), .cls("button")) { t.runMatching }
                }
            } else if !m.entries.isEmpty {
                el("p") {
                    t.firstWishShare(
                        Format.percent(placed.isEmpty ? nil : Double(first) / Double(m.entries.count)))
                }
            }
            el("h2") { t.placesFilled }
            Layout.tableRegion(label: t.placesFilled) {
                el("table", .cls("compact")) {
                    el("caption") { t.placesFilled }
                    el("thead") {
                        el("tr") {
                            for h in [
                                t.kindergartenColumn, t.ageGroupColumn, t.placesColumn, t.offeredColumn,
                                t.acceptedColumn, t.pendingColumn,
                            ] { el("th", .attr("scope", "col")) { h } }
                        }
                    }
                    el("tbody") {
                        for u in m.units {
                            let here = m.entries.filter { $0.unitID == u.id }
                            el("tr") {
                                el("th", .attr("scope", "row")) { u.name }
                                el("td") { t.ageGroupLabel(u.group) }
                                el("td", .cls("num")) { String(u.places) }
                                el("td", .cls("num")) { String(here.map(\.weight).reduce(0, +)) }
                                el("td", .cls("num")) {
                                    String(
                                        here.filter { [.accepted, .acceptedWaiting].contains($0.entryStatus) }.map(
                                            \.weight
                                        ).reduce(0, +))
                                }
                                el("td", .cls("num")) {
                                    String(here.filter { $0.entryStatus == .offered }.map(\.weight).reduce(0, +))
                                }
                            }
                        }
                    }
                }
            }
            if r.roundStatus == .matched {
                el("h2") { t.unmetRights }
                if unmet.isEmpty {
                    el("p") { t.unmetRightsNone }
                } else {
                    el("p") { t.unmetRightsIntro }
                    el("ul") {
                        for e in unmet {
                            if let c = m.cases[e.caseID] {
                                el("li") {
                                    el("a", .href(SiteURL.staffCase(e.caseID).path)) { c.saksnummer.description }
                                }
                            }
                        }
                    }
                }
                el("h2") { t.waitingLists }
                el("p") { t.waitingListsIntro }
                for u in m.units {
                    let waiting = waitingList(u, m)
                    if !waiting.isEmpty {
                        el("h3") { u.name + " – " + t.ageGroupLabel(u.group) }
                        el("ol") {
                            for w in waiting {
                                el("li") {
                                    el("a", .href(SiteURL.staffCase(w.caseID).path)) { w.saksnummer }
                                    " – " + t.waitingEntry(w.cls, w.lottery)
                                }
                            }
                        }
                    }
                }
                if m.units.contains(where: \.isPrivate) {
                    el("p") { el("a", .href(SiteURL.admissionExport(r.id!).path)) { t.exportPrivate } }
                }
            }
            el("p") { el("a", .href(SiteURL.admission().path)) { t.admissionRounds } }
        }
    }

    /// A unit's waiting list: the children of its age group who wished the kindergarten above
    /// what they hold (or hold nothing) and still wait, in the order it would take them — the
    /// priority class there, then the lottery.
    static func waitingList(_ u: AdmissionUnit, _ m: Overview) -> [(
        caseID: UUID, saksnummer: String, cls: Int, lottery: Int
    )] {
        var out: [(caseID: UUID, saksnummer: String, cls: Int, lottery: Int)] = []
        for e in m.entries where [.noOffer, .acceptedWaiting, .offered].contains(e.entryStatus) {
            guard (e.weight == AgeGroup.small.weight) == (u.group == .small), let w = m.wishes[e.id!],
                let i = w.kindergartens.firstIndex(of: u.kindergarten), i < (e.wishIndex ?? Int.max),
                i < w.classes.count, let c = m.cases[e.caseID]
            else { continue }
            out.append((e.caseID, c.saksnummer.description, w.classes[i], e.lottery))
        }
        return out.sorted { ($0.cls, $0.lottery) < ($1.cls, $1.lottery) }
    }

    /// The applicant's wishes, to re-rank before the deadline.
    struct Wishes: Sendable {
        var caseID: UUID
        var saksnummer: String
        var kommune: Municipality.Snapshot
        var options: [(value: String, label: LocalizedText)]
        var chosen: [String]
        var problems: [String: String]
    }

    static func wishes(_ m: Wishes, status: HTTPResponseStatus = .ok, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(
            ctx, title: (m.problems.isEmpty ? [] : [t.errorPrefix]) + [t.changeWishes, m.saksnummer], status: status
        ) {
            if !m.problems.isEmpty { Layout.errorSummary(fieldProblems: m.problems, t: t) }
            el("h1") { t.changeWishes }
            el("p", .cls("lead")) { t.changeWishesIntro }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.admissionWishes(m.caseID).path),
                .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx.csrf)
                for (i, field) in AdmissionService.wishFields.enumerated() {
                    el("div", .cls("form-group" + (m.problems[field] == nil ? "" : " form-group-error"))) {
                        el("label", .cls("label"), .for(field)) { t.wishLabel(i + 1) }
                        if let e = m.problems[field] { el("p", .cls("field-error")) { e } }
                        el("select", .id(field), .name(field), .cls("input")) {
                            if i > 0 { el("option", .value(""), .flag("selected", m.chosen[i].isEmpty)) { t.noWish } }
                            for o in m.options {
                                el("option", .value(o.value), .flag("selected", m.chosen[i] == o.value)) {
                                    o.label[t.lang]
                                }
                            }
                        }
                    }
                }
                el("button", .type("submit"), .cls("button")) { t.changeWishes }
            }
            el("p") { el("a", .href(SiteURL.myCase(m.caseID).path)) { t.backToCase } }
        }
    }
}
