import Foundation
import RadhusCore

/// A caseworker's meeting hours (issue 22): the weekly spans, the meeting length, the ways
/// they meet, the address for meetings in person, and the days they do not meet.
enum MeetingHours {
    static let lengths = [15, 30, 45, 60]

    /// The form as typed, and what is wrong with it, field by field (by input id).
    struct Draft: Sendable {
        var from = [String](repeating: "", count: 7)
        var to = [String](repeating: "", count: 7)
        var slot = "30"
        var kinds: Set<MeetingKind> = [.video, .phone]
        var address = ""
        var closed = ""
        var problems: [String: String] = [:]

        init() {}

        init(_ c: MeetingCalendar, calendar cal: NorwegianCalendar = .init()) {
            for h in c.hours where (1...7).contains(h.weekday) {
                from[h.weekday - 1] = MeetingSlots.clock(h.startMinute)
                to[h.weekday - 1] = MeetingSlots.clock(h.endMinute)
            }
            slot = String(c.slotMinutes)
            kinds = Set(c.kinds)
            address = c.address ?? ""
            closed = c.closed.sorted().compactMap { iso in
                cal.parseDate(iso).map { cal.norwegianDate($0) }
            }.joined(separator: "\n")
        }

        /// The calendar's values when all is well; fills `problems` otherwise.
        mutating func check(t: Strings, calendar cal: NorwegianCalendar = .init()) -> (
            hours: [WeeklyHours], slot: Int, kinds: [MeetingKind], address: String?, closed: [String]
        )? {
            problems = [:]
            var hours: [WeeklyHours] = []
            for d in 0..<7 {
                let a = from[d].trimmingCharacters(in: .whitespaces)
                let b = to[d].trimmingCharacters(in: .whitespaces)
                if a.isEmpty && b.isEmpty { continue }
                guard let start = MeetingSlots.minutes(a) else {
                    problems["fra-\(d + 1)"] = t.s(
                        "Skriv tiden som tt:mm, for eksempel 09:00.", "Write the time as hh:mm, for example 09:00.",
                        nn: "Skriv tida som tt:mm, til dømes 09:00.")
                    continue
                }
                guard let end = MeetingSlots.minutes(b) else {
                    problems["til-\(d + 1)"] = t.s(
                        "Skriv tiden som tt:mm, for eksempel 15:00.", "Write the time as hh:mm, for example 15:00.",
                        nn: "Skriv tida som tt:mm, til dømes 15:00.")
                    continue
                }
                let h = WeeklyHours(weekday: d + 1, startMinute: start, endMinute: end)
                if let p = h.problem { problems["til-\(d + 1)"] = p[t.lang] } else { hours.append(h) }
            }
            guard let length = Int(slot), MeetingHours.lengths.contains(length) else {
                problems["lengde"] = t.s("Velg en lengde.", "Choose a length.", nn: "Vel ei lengd.")
                return nil
            }
            for h in hours where h.endMinute - h.startMinute < length {
                problems["til-\(h.weekday)"] = t.s(
                    "Tidsrommet er kortere enn ett møte.", "The span is shorter than one meeting.",
                    nn: "Tidsrommet er kortare enn eitt møte.")
            }
            if kinds.isEmpty {
                problems["mate-video"] = t.s(
                    "Velg minst én måte å møtes på.", "Choose at least one way to meet.",
                    nn: "Vel minst éin måte å møtast på.")
            }
            let addr = address.trimmingCharacters(in: .whitespacesAndNewlines)
            if kinds.contains(.inPerson) && addr.isEmpty {
                problems["adresse"] = t.s(
                    "Skriv hvor oppmøtet er.", "Write where meetings in person are.", nn: "Skriv kvar oppmøtet er.")
            } else if addr.count > 200 || PlainText.refused(in: addr) != nil {
                problems["adresse"] = t.s(
                    "Adressen kan ha høyst 200 tegn, uten usynlige tegn.",
                    "The address may have at most 200 characters, with no invisible characters.",
                    nn: "Adressa kan ha høgst 200 teikn, utan usynlege teikn.")
            }
            var days: [String] = []
            for line in closed.split(whereSeparator: \.isNewline) {
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                guard let d = cal.parseDate(text) else {
                    problems["stengt"] = t.s(
                        "«\(text.prefix(20))» er ikke en dato som dd.mm.åååå.",
                        "«\(text.prefix(20))» is no date as dd.mm.yyyy.",
                        nn: "«\(text.prefix(20))» er ikkje ein dato som dd.mm.åååå.")
                    break
                }
                days.append(cal.isoDate(d))
            }
            if days.count > 366 {
                problems["stengt"] = t.s("Høyst 366 datoer.", "At most 366 dates.", nn: "Høgst 366 datoar.")
            }
            guard problems.isEmpty else { return nil }
            return (
                hours, length, MeetingKind.allCases.filter(kinds.contains), addr.isEmpty ? nil : addr,
                Array(Set(days)).sorted()
            )
        }
    }

    /// The kommune's booking rules as typed (leaders set them), and their problems by input id.
    struct Rules: Sendable {
        var changeLimit: String
        var lead: String
        /// The reminder's notice, and the travel figures the report prices a video meeting with.
        var reminder = String(MeetingSettings.defaultReminderHours)
        var travelKm = ""
        var travelMinutes = ""
        var costPerKm = ""
        var costPerHour = ""
        var co2 = ""
        var distances = ""
        var problems: [String: String] = [:]

        /// The checked values.
        struct Values {
            var changeLimit: Int
            var lead: Int
            var reminder: Int
            var travel: TravelSettings
        }

        init(changeLimit: String, lead: String) {
            self.changeLimit = changeLimit
            self.lead = lead
        }

        init(_ s: MeetingSettings?) {
            changeLimit = String(s?.changeLimitHours ?? MeetingSettings.defaultChangeLimitHours)
            lead = String(s?.leadHours ?? MeetingSettings.defaultLeadHours)
            reminder = String(s?.reminderHours ?? MeetingSettings.defaultReminderHours)
            let t = s?.travel ?? TravelSettings.standard
            travelKm = Self.number(t.averageKm)
            travelMinutes = String(t.averageMinutes)
            costPerKm = Self.number(t.costPerKm)
            costPerHour = Self.number(t.costPerHour)
            co2 = Self.number(t.co2GramsPerKm)
            distances = TravelSettings.distancesText(t.byPostnummer).replacingOccurrences(of: ".", with: ",")
        }

        /// A figure as Norwegians write it: `3,5`, `15`.
        static func number(_ v: Double) -> String {
            v == v.rounded() ? String(Int(v)) : String(v).replacingOccurrences(of: ".", with: ",")
        }

        /// Whole hours from 0 to a week; the travel figures as non-negative numbers; the table
        /// of distances line by line.
        mutating func check(t: Strings) -> Values? {
            problems = [:]
            func hours(_ raw: String, _ id: String) -> Int? {
                guard let n = Int(raw.trimmingCharacters(in: .whitespaces)), (0...168).contains(n) else {
                    problems[id] = t.s(
                        "Skriv et helt antall timer fra 0 til 168.", "Write a whole number of hours from 0 to 168.",
                        nn: "Skriv eit heilt tal timar frå 0 til 168.")
                    return nil
                }
                return n
            }
            let c = hours(changeLimit, "endringsgrense")
            let l = hours(lead, "varsel")
            let r = hours(reminder, "paminnelse")
            func number(_ raw: String, _ id: String, max: Double) -> Double? {
                guard let v = Double(raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")),
                    v.isFinite, v >= 0, v <= max
                else {
                    problems[id] = t.numberFromZero(Self.number(max))
                    return nil
                }
                return v
            }
            let km = number(travelKm, "reise-km", max: 2000)
            let minutes = number(travelMinutes, "reise-minutter", max: 1440).flatMap {
                $0 == $0.rounded() ? Int($0) : nil
            }
            if minutes == nil && problems["reise-minutter"] == nil {
                problems["reise-minutter"] = t.numberFromZero("1440")
            }
            let perKm = number(costPerKm, "kr-km", max: 1000)
            let perHour = number(costPerHour, "kr-time", max: 10_000)
            let grams = number(co2, "co2", max: 2000)
            var table: [String: TravelSettings.Trip] = [:]
            switch TravelSettings.parseDistances(distances) {
            case .success(let parsed):
                if parsed.count > 500 { problems["avstander"] = t.distancesTooMany } else { table = parsed }
            case .failure(let p): problems["avstander"] = t.distanceLine(p.line)
            }
            if PlainText.refused(in: distances, multiline: true) != nil { problems["avstander"] = t.distanceLine(1) }
            guard problems.isEmpty, let c, let l, let r, let km, let minutes, let perKm, let perHour, let grams else {
                return nil
            }
            return Values(
                changeLimit: c, lead: l, reminder: r,
                travel: TravelSettings(
                    averageKm: km, averageMinutes: minutes, costPerKm: perKm, costPerHour: perHour,
                    co2GramsPerKm: grams,
                    byPostnummer: table))
        }
    }

    static func view(_ d: Draft, rules: Rules? = nil, saved: Bool, ctx: PageContext) -> Page {
        let t = ctx.t
        let problems = d.problems.merging(rules?.problems ?? [:]) { a, _ in a }
        return Layout.page(ctx, title: [t.meetingHoursTitle], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            if saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.meetingHoursSaved } } }
            el("h1") { t.meetingHoursTitle }
            el("p", .cls("lead")) { t.meetingHoursIntro }
            el("form", .attr("method", "post"), .attr("action", SiteURL.meetingHours().path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                for day in 0..<7 {
                    el("fieldset", .cls("form-group inline")) {
                        el("legend", .cls("label")) { t.weekdayNames[day] }
                        FormView.textInput(
                            t: t, id: "fra-\(day + 1)", label: t.fromTime, hint: day == 0 ? t.timeHint : nil,
                            value: d.from[day], error: d.problems["fra-\(day + 1)"], type: "text",
                            extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                        FormView.textInput(
                            t: t, id: "til-\(day + 1)", label: t.toTime, hint: nil, value: d.to[day],
                            error: d.problems["til-\(day + 1)"], type: "text",
                            extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                    }
                }
                el("div", .cls("form-group" + (d.problems["lengde"] == nil ? "" : " form-group-error"))) {
                    el("fieldset", .id("lengde")) {
                        el("legend", .cls("label")) { t.slotLength }
                        if let e = d.problems["lengde"] { el("p", .cls("field-error")) { e } }
                        el("div", .cls("radios")) {
                            for n in lengths {
                                el("div", .cls("radio")) {
                                    void(
                                        "input", .type("radio"), .name("lengde"), .value(String(n)),
                                        .id("lengde-\(n)"), .flag("checked", d.slot == String(n)))
                                    el("label", .for("lengde-\(n)")) { t.minutesLabel(n) }
                                }
                            }
                        }
                    }
                }
                el("div", .cls("form-group" + (d.problems["mate-video"] == nil ? "" : " form-group-error"))) {
                    el("fieldset") {
                        el("legend", .cls("label")) { t.meetingKinds }
                        if let e = d.problems["mate-video"] { el("p", .cls("field-error")) { e } }
                        for k in MeetingKind.allCases {
                            el("div", .cls("checkbox")) {
                                void(
                                    "input", .type("checkbox"), .name("mate[]"), .value(k.rawValue),
                                    .id("mate-\(k.rawValue)"), .flag("checked", d.kinds.contains(k)))
                                el("label", .for("mate-\(k.rawValue)")) { t.meetingKindLabel(k) }
                            }
                        }
                    }
                }
                FormView.textInput(
                    t: t, id: "adresse", label: t.meetingAddress, hint: t.meetingAddressHint, value: d.address,
                    error: d.problems["adresse"], type: "text")
                FormView.textArea(
                    t: t, id: "stengt", label: t.closedDays, hint: t.closedDaysHint, value: d.closed,
                    error: d.problems["stengt"], rows: 4)
                el("button", .type("submit"), .cls("button")) { t.save }
            }
            // The kommune's rules, for those who manage its settings.
            if let rules {
                el("h2", .id("regler")) { t.meetingRulesHeading }
                el(
                    "form", .attr("method", "post"), .attr("action", SiteURL.meetingRules.path),
                    .attr("novalidate", ""), .attr("aria-labelledby", "regler")
                ) {
                    Layout.csrfField(ctx.csrf)
                    FormView.textInput(
                        t: t, id: "endringsgrense", label: t.meetingChangeLimit, hint: t.meetingChangeLimitHint,
                        value: rules.changeLimit, error: rules.problems["endringsgrense"], type: "text",
                        extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                    FormView.textInput(
                        t: t, id: "varsel", label: t.meetingLead, hint: t.meetingLeadHint, value: rules.lead,
                        error: rules.problems["varsel"], type: "text",
                        extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                    FormView.textInput(
                        t: t, id: "paminnelse", label: t.reminderNotice, hint: t.reminderNoticeHint,
                        value: rules.reminder, error: rules.problems["paminnelse"], type: "text",
                        extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                    el("h3") { t.travelHeading }
                    el("p") { t.travelIntro }
                    for (id, label, value) in [
                        ("reise-km", t.travelKm, rules.travelKm),
                        ("reise-minutter", t.travelMinutes, rules.travelMinutes),
                        ("kr-km", t.costPerKm, rules.costPerKm), ("kr-time", t.costPerHour, rules.costPerHour),
                        ("co2", t.co2PerKm, rules.co2),
                    ] {
                        FormView.textInput(
                            t: t, id: id, label: label, hint: nil, value: value, error: rules.problems[id],
                            type: "text",
                            extra: [.cls("input w-5"), .attr("inputmode", "decimal")])
                    }
                    FormView.textArea(
                        t: t, id: "avstander", label: t.distancesLabel, hint: t.distancesHint, value: rules.distances,
                        error: rules.problems["avstander"], rows: 4)
                    el("button", .type("submit"), .cls("button button-secondary")) { t.save }
                }
            }
        }
    }
}
