import Foundation
import RadhusCore

/// The case page's meetings (issue 22): each meeting with its room, guests and minutes; the
/// form to propose one. A refused form comes back open, with what was typed and the problem at
/// its field (ids carry the meeting, names do not).
extension StaffCase {
    /// A refused meeting form: which, what was typed, the problems by field name.
    struct MeetingForm: Sendable {
        enum Which: Sendable, Equatable {
            case propose
            case guest(UUID)
            case minutes(UUID)
        }
        var which: Which
        var values: [String: String]
        var problems: [String: String]
    }

    /// A guest whose e-mail did not go: their link, shown once to the caseworker.
    struct GuestLink: Sendable {
        var name: String
        var link: String
    }

    /// The DOM id of a meeting form's field.
    static func fieldID(_ name: String, _ meeting: UUID?) -> String {
        meeting.map { "\(name)-\($0.uuidString.prefix(8).lowercased())" } ?? name
    }

    static func meetingErrorSummary(_ f: MeetingForm, t: Strings) -> Node {
        let meeting: UUID? =
            switch f.which {
            case .propose: nil
            case .guest(let id), .minutes(let id): id
            }
        return Layout.errorSummary(
            t.errorSummaryTitle(f.problems.count),
            anchors: f.problems.sorted { $0.key < $1.key }.map { (fieldID($0.key, meeting), $0.value) })
    }

    static func meetingsSection(_ m: Model, ctx: PageContext) -> Node {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let open = m.record.caseStatus.isOpen
        return Node.group([
            el("h3", .id("moter-heading")) { t.meetingsOnCase },
            m.guestLink.map { g in
                el("div", .cls("panel-warning"), .attr("role", "status")) {
                    el("p") { t.guestNotEmailed(g.name) }
                    el("p") { el("code") { g.link } }
                }
            } ?? .group([]),
            el("ul", .cls("list-plain"), .attr("aria-labelledby", "moter-heading")) {
                for meeting in m.meetings {
                    el("li", .cls("card")) { meetingItem(meeting, m, ctx: ctx, cal: cal) }
                }
            },
            open && m.mayDecide ? proposeForm(m, ctx: ctx) : .group([]),
        ])
    }

    static func meetingItem(_ meeting: Meeting, _ m: Model, ctx: PageContext, cal: NorwegianCalendar) -> Node {
        let t = ctx.t
        let id = meeting.id!
        let guests = m.meetingGuests[id] ?? []
        let refused = m.meetingForm
        let status =
            meeting.meetingStatus == .held
            ? t.heldFor(meeting.heldMinutes ?? 0) : t.meetingStatusLabel(meeting.meetingStatus)
        let upcoming = meeting.meetingStatus == .booked && meeting.endsAt > m.now
        return Node.group([
            el("p") {
                el("strong") {
                    t.meetingLine(cal.norwegianDateTime(meeting.startsAt), t.meetingKindLabel(meeting.meetingKind))
                }
                " (" + status + ")"
                if let address = meeting.address { ", " + address }
            },
            !guests.isEmpty
                ? el("p") { t.guestsLabel + ": " + guests.map(\.name).joined(separator: ", ") } : .group([]),
            meeting.meetingKind == .video && meeting.meetingStatus == .booked && m.mayDecide
                ? el("p") {
                    el(
                        "a", .cls("button"),
                        .href(m.service?.local?.meetingLink(for: id) ?? SiteURL.meetingRoom(id).path)
                    ) { t.goToRoom }
                } : .group([]),
            upcoming && m.mayDecide && meeting.meetingKind == .video
                ? guestForm(meeting, m, refused: refused?.which == .guest(id) ? refused : nil, ctx: ctx) : .group([]),
            meeting.meetingStatus != .cancelled && (meeting.startsAt <= m.now || meeting.startedAt != nil)
                && m.mayDecide
                ? minutesForm(meeting, m, refused: refused?.which == .minutes(id) ? refused : nil, ctx: ctx)
                : .group([]),
            upcoming && m.mayDecide
                ? el(
                    "form", .attr("method", "post"),
                    .attr("action", SiteURL.staffCancelMeeting(case: m.caseID, meeting: id).path)
                ) {
                    Layout.csrfField(ctx.csrf)
                    el("button", .type("submit"), .cls("button button-secondary")) { t.cancelMeetingStaff }
                } : .group([]),
        ])
    }

    static func guestForm(_ meeting: Meeting, _ m: Model, refused: MeetingForm?, ctx: PageContext) -> Node {
        let t = ctx.t
        let id = meeting.id!
        return el("details", .flag("open", refused != nil)) {
            el("summary") { t.inviteGuest }
            el("p") { t.inviteGuestIntro }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.inviteGuest(case: m.caseID, meeting: id).path),
                .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: fieldID("gjest-navn", id), name: "gjest-navn", label: t.guestName, hint: nil,
                    value: refused?.values["gjest-navn"] ?? "", error: refused?.problems["gjest-navn"], type: "text",
                    extra: [.cls("input w-full")])
                FormView.textInput(
                    t: t, id: fieldID("gjest-epost", id), name: "gjest-epost", label: t.guestEmail, hint: nil,
                    value: refused?.values["gjest-epost"] ?? "", error: refused?.problems["gjest-epost"], type: "email",
                    extra: [.cls("input w-full"), .attr("spellcheck", "false")])
                el("button", .type("submit"), .cls("button button-secondary")) { t.inviteGuest }
            }
        }
    }

    static func minutesForm(_ meeting: Meeting, _ m: Model, refused: MeetingForm?, ctx: PageContext) -> Node {
        let t = ctx.t
        let id = meeting.id!
        let guests = (m.meetingGuests[id] ?? []).map(\.name)
        let attendees =
            refused?.values["deltakere"]
            ?? (meeting.attendees.map { $0 }
                ?? ([ctx.staff?.displayName ?? "", t.applicantLabel] + guests)
                .filter { !$0.isEmpty }.joined(separator: "\n"))
        return el("details", .flag("open", refused != nil)) {
            el("summary") { t.writeMinutes }
            el("p") { t.minutesIntro }
            el(
                "form", .attr("method", "post"),
                .attr("action", SiteURL.meetingMinutes(case: m.caseID, meeting: id).path), .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textArea(
                    t: t, id: fieldID("referat", id), name: "referat", label: t.minutesLabel, hint: nil,
                    value: refused?.values["referat"] ?? "", error: refused?.problems["referat"], rows: 6)
                FormView.textArea(
                    t: t, id: fieldID("deltakere", id), name: "deltakere", label: t.attendeesLabel,
                    hint: t.attendeesHint, value: attendees, error: refused?.problems["deltakere"], rows: 3)
                FormView.textInput(
                    t: t, id: fieldID("varighet", id), name: "varighet", label: t.durationLabel,
                    hint: meeting.heldMinutes.map { t.durationMeasured($0) }, value: refused?.values["varighet"] ?? "",
                    error: refused?.problems["varighet"], type: "text",
                    extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                el("button", .type("submit"), .cls("button")) { t.writeMinutes }
            }
        }
    }

    static func proposeForm(_ m: Model, ctx: PageContext) -> Node {
        let t = ctx.t
        let refused = m.meetingForm?.which == .propose ? m.meetingForm : nil
        let v = refused?.values ?? [:]
        let p = refused?.problems ?? [:]
        return el("details", .cls("card"), .flag("open", refused != nil)) {
            el("summary") { t.proposeMeeting }
            el("p") { t.proposeMeetingIntro }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.proposeMeeting(m.caseID).path),
                .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "dato", label: t.meetingDate, hint: t.meetingDateHint, value: v["dato"] ?? "",
                    error: p["dato"], type: "text", extra: [.cls("input w-10"), .attr("inputmode", "numeric")])
                FormView.textInput(
                    t: t, id: "klokken", label: t.meetingTime, hint: t.meetingTimeHint, value: v["klokken"] ?? "",
                    error: p["klokken"], type: "text", extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                radios(
                    "lengde", legend: t.meetingLength,
                    options: [15, 30, 45, 60, 90].map { (String($0), t.minutesLabel($0)) },
                    chosen: v["lengde"] ?? "30", error: p["lengde"])
                radios(
                    "mate", legend: t.chooseKind,
                    options: MeetingKind.allCases.map { ($0.rawValue, t.meetingKindLabel($0)) },
                    chosen: v["mate"] ?? "", error: p["mate"])
                FormView.textInput(
                    t: t, id: "adresse", label: t.meetingAddress, hint: t.meetingAddressHint, value: v["adresse"] ?? "",
                    error: p["adresse"], type: "text")
                el("button", .type("submit"), .cls("button")) { t.proposeMeeting }
            }
        }
    }

    static func radios(
        _ name: String, legend: String, options: [(value: String, label: String)], chosen: String, error: String?
    ) -> Node {
        el("div", .cls("form-group" + (error == nil ? "" : " form-group-error"))) {
            el("fieldset", .id(name)) {
                el("legend", .cls("label")) { legend }
                if let error { el("p", .cls("field-error")) { error } }
                el("div", .cls("radios inline")) {
                    for o in options {
                        el("div", .cls("radio")) {
                            void(
                                "input", .type("radio"), .name(name), .value(o.value), .id("\(name)-\(o.value)"),
                                .flag("checked", chosen == o.value))
                            el("label", .for("\(name)-\(o.value)")) { o.label }
                        }
                    }
                }
            }
        }
    }

    /// The child's admission rounds (issue 23): what it got, its group and lottery number at
    /// each wish, and where the places ran out at the higher ones.
    static func admissionSection(_ m: Model, t: Strings) -> Node {
        Node.group([
            el("h3", .id("opptak-heading")) { t.admissionHeading },
            el("ul", .attr("aria-labelledby", "opptak-heading")) {
                for row in m.admission {
                    el("li") {
                        el("p") {
                            el("strong") { row.round.map { t.roundLine($0.number, $0.title) } ?? "" }
                            ": " + t.admissionStatusText(row.entry.entryStatus, row.unit?.name)
                        }
                        el("p") {
                            t.wishesWithGroups(
                                zip(row.entry.wishes, row.entry.classes).map { "\($0.0) (\($0.1))" }
                                    .joined(separator: ", "), row.entry.lottery)
                        }
                        if !row.explanation.isEmpty {
                            el("ul") {
                                for x in row.explanation {
                                    el("li") { t.explanationLine(x.name, x.classHere, x.lottery, x.cutoff) }
                                }
                            }
                        }
                    }
                }
            },
        ])
    }
}
