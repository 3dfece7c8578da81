import Fluent
import Foundation
import RadhusCore
import RadhusRules
import SQLKit

/// Coordinated kindergarten admission (issue 23): a round takes the kindergarten applications
/// received by its deadline, gives each child a priority class at each wished kindergarten from
/// the service's own priority rules (the DMN the kommune edits like any rule), breaks ties by
/// the round's stored lottery, and matches children to places by deferred acceptance
/// (`DeferredAcceptance`, RadhusCore). Each child offered a place gets a letter with a link to
/// answer; a later round runs on the places and children left.
struct AdmissionService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    let services: ServiceRegistry
    var policy: IdentityPolicy = .synthetic

    static let serviceID = "barnehageplass"
    /// The answer fields holding the ranked wishes, best first.
    static let wishFields = ["barnehage", "barnehage_2", "barnehage_3", "barnehage_4", "barnehage_5"]

    typealias Refused = FieldsRefused

    // MARK: Setting up a round

    /// A round's form as typed: dates `dd.mm.åååå`, numbers, and one line per kindergarten
    /// (`kanebogen 8 20`: its value, places for under-threes, places for the older children).
    struct RoundForm: Sendable {
        var title = ""
        var deadline = ""
        var startDate = ""
        var answerDays = "10"
        var wishLimit = "5"
        var places = ""
    }

    struct UnitPlaces: Sendable, Equatable {
        var kindergarten: String
        var small: Int
        var older: Int
    }

    /// Checks the form against the service's kindergartens for this kommune.
    func check(_ f: RoundForm, kommune: Municipality.Snapshot, t: Strings) async throws -> Result<
        (title: String, deadline: Date, start: Date, answerDays: Int, wishLimit: Int, units: [UnitPlaces]), Refused
    > {
        let cal = NorwegianCalendar()
        var p: [String: String] = [:]
        let title = f.title.trimmingCharacters(in: .whitespaces)
        if title.isEmpty || title.count > 100 { p["tittel"] = t.admissionTitleNeeded }
        if let c = PlainText.refused(in: title) { p["tittel"] = t.invisibleCharacter(c, in: t.admissionTitle) }
        let deadline = cal.parseDate(f.deadline)
        if deadline == nil { p["frist"] = t.meetingDateFormat }
        let start = cal.parseDate(f.startDate)
        if start == nil { p["oppstart"] = t.meetingDateFormat }
        if let deadline, let start, start <= deadline { p["oppstart"] = t.admissionStartAfterDeadline }
        let answerDays = Int(f.answerDays.trimmingCharacters(in: .whitespaces)).flatMap {
            (3...60).contains($0) ? $0 : nil
        }
        if answerDays == nil { p["svarfrist"] = t.wholeNumberBetween(3, 60) }
        let wishLimit = Int(f.wishLimit.trimmingCharacters(in: .whitespaces)).flatMap {
            (1...Self.wishFields.count).contains($0) ? $0 : nil
        }
        if wishLimit == nil { p["onsker"] = t.wholeNumberBetween(1, Self.wishFields.count) }
        let known = Set(
            try await services.offered(municipalityID: kommune.id, id: Self.serviceID, on: db)?.field("barnehage")?
                .options(for: kommune.number).map(\.value) ?? [])
        var units: [UnitPlaces] = []
        for (i, raw) in f.places.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)  // a browser sends CRLF
            if line.isEmpty { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard parts.count == 3, known.contains(parts[0]), let small = Int(parts[1]), let older = Int(parts[2]),
                (0...2000).contains(small), (0...2000).contains(older), small % 2 == 0,
                !units.contains(where: { $0.kindergarten == parts[0] })
            else {
                p["plasser"] = t.admissionPlacesLine(i + 1, known.sorted())
                break
            }
            units.append(UnitPlaces(kindergarten: parts[0], small: small, older: older))
        }
        if units.isEmpty && p["plasser"] == nil { p["plasser"] = t.admissionPlacesLine(1, known.sorted()) }
        guard p.isEmpty, let deadline, let start, let answerDays, let wishLimit else {
            return .failure(Refused(problems: p))
        }
        return .success((title, deadline, start, answerDays, wishLimit, units))
    }

    /// Makes the next round of the kommune: its lottery seed is drawn now and kept.
    func createRound(_ f: RoundForm, kommune: Municipality.Snapshot, t: Strings) async throws -> AdmissionRound {
        let checked: (title: String, deadline: Date, start: Date, answerDays: Int, wishLimit: Int, units: [UnitPlaces])
        switch try await check(f, kommune: kommune, t: t) {
        case .failure(let r): throw r
        case .success(let c): checked = c
        }
        let service = try await services.offered(municipalityID: kommune.id, id: Self.serviceID, on: db)
        let names = Dictionary(
            (service?.field("barnehage")?.options(for: kommune.number) ?? []).map { ($0.value, $0.label.nb) },
            uniquingKeysWith: { a, _ in a })
        let clock = self.clock
        return try await writer.write(on: db) { tx in
            let previous = try await AdmissionRound.query(on: tx).filter(\.$municipalityID == kommune.id)
                .sort(\.$number, .descending).first()
            let cal = NorwegianCalendar()
            let r = AdmissionRound()
            r.id = UUID()
            r.municipalityID = kommune.id
            r.number = (previous?.number ?? 0) + 1
            r.title = checked.title
            r.deadline = cal.isoDate(checked.deadline)
            r.startDate = cal.isoDate(checked.start)
            r.answerDays = checked.answerDays
            r.wishLimit = checked.wishLimit
            r.seed = String(UInt64.random(in: 1...UInt64.max))
            r.status = AdmissionRound.Status.draft.rawValue
            r.previousRoundID = previous?.id
            r.createdAt = clock.now()
            try await r.create(on: tx)
            for u in checked.units {
                for (group, places) in [(AgeGroup.small, u.small), (.older, u.older)] where places > 0 {
                    let unit = AdmissionUnit()
                    unit.municipalityID = kommune.id
                    unit.roundID = r.id!
                    unit.kindergarten = u.kindergarten
                    unit.name = names[u.kindergarten] ?? u.kindergarten
                    unit.isPrivate = unit.name.contains("privat")
                    unit.ageGroup = group.rawValue
                    unit.places = places
                    try await unit.create(on: tx)
                }
            }
            return r
        }
    }

    // MARK: Matching

    /// One child as the round sees it.
    struct Child: Sendable {
        var caseID: UUID
        var weight: Int
        var legalRight: Bool
        var wishes: [String]
        var classes: [Int]
    }

    /// The children of a round: the kommune's open kindergarten applications received by the
    /// deadline (the main round), or, in a later round, those the previous one left without a
    /// place and those who accepted but wait for a higher wish (a child whose offer was declined
    /// or let expire is done: its place is what the later round gives to others).
    func children(of round: AdmissionRound) async throws -> [Child] {
        let cal = NorwegianCalendar()
        guard let deadline = cal.parseDate(round.deadline), let start = cal.parseDate(round.startDate) else {
            return []
        }
        let end = cal.addingCalendarDays(1, to: deadline)
        // Open applications; a round's result decides a case (issue 23), so a later round also
        // takes the decided ones its predecessor left without a place or waiting (below).
        var cases = try await CaseRecord.query(on: db).filter(\.$municipalityID == round.municipalityID)
            .filter(\.$serviceID == Self.serviceID).filter(\.$submittedAt < end)
            // An appeal's case carries the application's answers but is not an application.
            .filter(\.$appealOf == nil).sort(\.$saksYear).sort(\.$saksSequence).all()
        var waiting: [UUID: String] = [:]  // case → the kindergarten it holds, when it waits for better
        if let previous = round.previousRoundID {
            let entries = try await AdmissionEntry.query(on: db).filter(\.$roundID == previous).all()
            let units = Dictionary(
                try await AdmissionUnit.query(on: db).filter(\.$roundID == previous).all().map { ($0.id!, $0) },
                uniquingKeysWith: { a, _ in a })
            let again = Set(
                entries.filter { [.noOffer, .acceptedWaiting].contains($0.entryStatus) }.map(\.caseID))
            for e in entries where e.entryStatus == .acceptedWaiting {
                waiting[e.caseID] = e.unitID.flatMap { units[$0]?.kindergarten }
            }
            // …and applications no earlier round saw (they came after its deadline).
            let earlierRounds = try await AdmissionRound.query(on: db).filter(\.$municipalityID == round.municipalityID)
                .filter(\.$number < round.number).all().map { $0.id! }
            let seen = Set(
                try await AdmissionEntry.query(on: db).filter(\.$roundID ~~ earlierRounds).all().map(\.caseID))
            cases = cases.filter { again.contains($0.id!) || ($0.caseStatus.isOpen && !seen.contains($0.id!)) }
        } else {
            cases = cases.filter { $0.caseStatus.isOpen }
        }
        guard let service = try await services.offered(municipalityID: round.municipalityID, id: Self.serviceID, on: db)
        else { return [] }
        guard let rules = try await services.entry(service.id, version: service.version, on: db)?.rules else {
            return []
        }
        let startDay = cal.dateComponents(start)
        var changed: [UUID: [String]] = [:]
        for chunk in cases.map({ $0.id! }).chunks(of: 200) {
            for w in try await AdmissionWishes.query(on: db).filter(\.$caseID ~~ Array(chunk)).all() {
                changed[w.caseID] = w.wishes
            }
        }
        return cases.map { c in
            let answers = c.answers.values
            var wishes: [String] = []
            for v in changed[c.id!] ?? Self.wishFields.compactMap({ answers[$0] })
            where !v.isEmpty && !wishes.contains(v) {
                wishes.append(v)
            }
            wishes = Array(wishes.prefix(round.wishLimit))
            // Waiting for a higher wish: only the wishes above the place it holds.
            if let held = waiting[c.id!], let i = wishes.firstIndex(of: held) { wishes = Array(wishes.prefix(i)) }
            let age = answers["barnets_fnr"].flatMap { try? Fodselsnummer($0, policy: policy) }.flatMap {
                $0.age(on: startDay)
            }
            let classes = wishes.map { k in
                Self.priorityClass(rules, answers: answers, kindergarten: k, submitted: c.submittedAt, policy: policy)
            }
            // § 16: one year old by the end of November in the admission year, applied by the deadline.
            let novemberAge = RulesService.inputs(
                rules.binding, answers: answers, submitted: c.submittedAt, policy: policy
            )
            .first { $0.name == "Alder ved opptak" }?.value
            var right = false
            if case .number(let n)? = novemberAge { right = n >= 1 }
            return Child(
                caseID: c.id!, weight: (age ?? 3) < 3 ? AgeGroup.small.weight : AgeGroup.older.weight,
                legalRight: right && round.number == 1, wishes: wishes, classes: classes)
        }
    }

    /// The child's priority class at one kindergarten: the service's priority rules with the
    /// sibling counted only where the sibling is (1 is the best; no answer from the rules: 9).
    static func priorityClass(
        _ rules: ServiceRules, answers: [String: String], kindergarten: String, submitted: Date, policy: IdentityPolicy
    ) -> Int {
        var a = answers
        a["sosken"] = answers["sosken"] == "ja" && answers["sosken_barnehage"] == kindergarten ? "ja" : "nei"
        guard
            let result = try? RulesService.result(
                rules, answers: a, submitted: submitted, policy: policy, explain: false)
        else { return 9 }
        if case .context(let c) = result.value, case .number(let n)? = c["Prioritetsgruppe"] {
            return NSDecimalNumber(decimal: n).intValue
        }
        return 9
    }

    /// Runs the round's matching once. Running it again changes nothing: the result is kept
    /// (and would be the same: the lottery's seed and the inputs are the round's).
    func run(roundID: UUID, kommune: Municipality.Snapshot, actor: String) async throws -> Int {
        guard
            let round = try await AdmissionRound.query(on: db).filter(\.$id == roundID)
                .filter(\.$municipalityID == kommune.id).first()
        else { throw RadhusError.localized(.notFound, ErrorMessages.roundNotFound) }
        if round.roundStatus == .matched { return 0 }
        let children = try await children(of: round)
        let units = try await AdmissionUnit.query(on: db).filter(\.$roundID == roundID).all()
            .sorted { ($0.kindergarten, $0.ageGroup) < ($1.kindergarten, $1.ageGroup) }
        // A later round: the places the earlier rounds filled (accepted or still offered) are taken.
        var taken: [String: Int] = [:]
        var earlier = round.previousRoundID
        while let id = earlier {
            let es = try await AdmissionEntry.query(on: db).filter(\.$roundID == id)
                .filter(\.$status ~~ [AdmissionEntry.Status.offered.rawValue, AdmissionEntry.Status.accepted.rawValue])
                .all()
            let us = Dictionary(
                try await AdmissionUnit.query(on: db).filter(\.$roundID == id).all().map { ($0.id!, $0) },
                uniquingKeysWith: { a, _ in a })
            for e in es {
                if let u = e.unitID.flatMap({ us[$0] }) {
                    taken["\(u.kindergarten)|\(u.ageGroup)", default: 0] += e.weight
                }
            }
            earlier = try await AdmissionRound.find(id, on: db)?.previousRoundID
        }
        var index: [String: Int] = [:]
        for (i, u) in units.enumerated() { index["\(u.kindergarten)|\(u.ageGroup)"] = i }
        let lottery = AdmissionLottery.draw(count: children.count, seed: UInt64(round.seed) ?? 1)
        var wishes: [[Int32]] = []
        var priority: [[UInt64]] = []
        for (c, child) in children.enumerated() {
            let group = child.weight == AgeGroup.small.weight ? AgeGroup.small : .older
            var w: [Int32] = []
            var p: [UInt64] = []
            for (k, cls) in zip(child.wishes, child.classes) {
                guard let u = index["\(k)|\(group.rawValue)"] else { continue }  // no places for its age there
                w.append(Int32(u))
                p.append(AdmissionLottery.key(priorityClass: cls, lottery: lottery[c]))
            }
            wishes.append(w)
            priority.append(p)
        }
        let instance = DeferredAcceptance.Instance(
            capacity: units.map { max(0, $0.places - (taken["\($0.kindergarten)|\($0.ageGroup)"] ?? 0)) },
            weight: children.map(\.weight), wishes: wishes, priority: priority)
        let result = DeferredAcceptance.match(instance)
        let clock = self.clock
        let encoder = JSONEncoder()
        try await writer.write(on: db) { tx in
            guard let fresh = try await AdmissionRound.find(roundID, on: tx), fresh.roundStatus == .draft else {
                return
            }
            let now = clock.now()
            let due = NorwegianCalendar().addingCalendarDays(round.answerDays, to: now)
            for (c, child) in children.enumerated() {
                let e = AdmissionEntry()
                e.municipalityID = kommune.id
                e.roundID = roundID
                e.caseID = child.caseID
                e.lottery = lottery[c]
                e.weight = child.weight
                e.legalRight = child.legalRight
                e.wishesJSON = String(decoding: try encoder.encode(child.wishes), as: UTF8.self)
                e.classesJSON = String(decoding: try encoder.encode(child.classes), as: UTF8.self)
                if let u = result.unit[c] {
                    let unit = units[Int(u)]
                    e.unitID = unit.id
                    e.wishIndex = child.wishes.firstIndex(of: unit.kindergarten)
                    e.status = AdmissionEntry.Status.offered.rawValue
                    e.answerDue = due
                } else {
                    e.status = AdmissionEntry.Status.noOffer.rawValue
                }
                try await e.create(on: tx)
                guard let record = try await CaseRecord.find(child.caseID, on: tx) else { continue }
                // The round's result is the child's decision (enkeltvedtak, barnehageloven § 18 and
                // forvaltningsloven § 28): a place, or none in this round — with its letter, so the
                // casework's appeal flow reaches it.
                let unit = result.unit[c].map { units[Int($0)] }
                let decisionID = try await Self.recordDecision(
                    record, unit: unit, round: round, kommune: kommune, actor: actor, now: now, on: tx)
                if let unit {
                    try await CaseLedger.append(
                        .admissionOffered, case: child.caseID, municipality: kommune.id, at: now, actor: actor,
                        detail: unit.kindergarten, on: tx)
                    try await Self.offerLetter(
                        record, unit: unit, due: due, round: round, decisionID: decisionID, now: now, on: tx)
                } else {
                    try await CaseLedger.append(
                        .admissionNoOffer, case: child.caseID, municipality: kommune.id, at: now, actor: actor, on: tx)
                    try await Self.noOfferLetter(record, round: round, decisionID: decisionID, now: now, on: tx)
                }
            }
            fresh.status = AdmissionRound.Status.matched.rawValue
            fresh.matchedAt = now
            try await fresh.update(on: tx)
        }
        return children.count
    }

    static let legalBasis = "barnehageloven §§ 16–18 og kommunens vedtekter for opptak"

    /// The round's result as the case's decision: `innvilget` with the place, or `avslatt` (no
    /// place in this round; the child stays on the waiting list for the next). An open case is
    /// decided (its timeline's `decided`); a case a round decided before gets a new decision that
    /// replaces the earlier (a later round's offer), so the one in force is the newest.
    static func recordDecision(
        _ record: CaseRecord, unit: AdmissionUnit?, round: AdmissionRound, kommune: Municipality.Snapshot,
        actor: String, now: Date, on tx: any Database
    ) async throws -> UUID {
        let caseID = try record.requireID()
        let outcome = unit == nil ? "avslatt" : "innvilget"
        let earlier = try await DecisionRecord.query(on: tx).inForce(case: caseID)
        if record.caseStatus.isOpen {
            try await CaseLedger.move(
                caseID, municipality: kommune.id, from: record.caseStatus, by: .decide, at: now, actor: actor,
                detail: outcome, set: [("attention", SQLLiteral.null), ("preliminary_due_at", SQLLiteral.null)], on: tx)
        }
        let reasons =
            unit.map { "Samordnet opptak (\(round.title)): tilbud om plass i \($0.name)." }
            ?? "Samordnet opptak (\(round.title)): det var ikke ledig plass i barnehagene som ble ønsket, etter barnehageloven § 18 og kommunens prioriteringer og loddtrekning. Barnet står på venteliste til neste opptak."
        var values = ["runde": round.title]
        if let unit { values["barnehage"] = unit.name }
        let id = UUID()
        try await DecisionWriter.insert(
            .init(
                id: id, caseID: caseID, municipality: kommune.id, outcome: outcome, granted: unit != nil,
                reasons: reasons, legalBasis: legalBasis, automated: false, decidedByID: nil, decidedByName: actor,
                decidedAt: now,
                appealInformation: AppealInformation.text(
                    kommune: kommune.name, postmottak: kommune.contactEmail, saksnummer: record.saksnummer.description),
                values: values, reviews: earlier?.id, followUp: nil), on: tx.sql)
        return id
    }

    /// No place in this round: a decision's letter — why, the waiting list, the explanation on
    /// the case page, and the right to appeal.
    static func noOfferLetter(
        _ record: CaseRecord, round: AdmissionRound, decisionID: UUID, now: Date, on tx: any Database
    ) async throws {
        let recipient = try await CaseLetters.recipient(record.applicantFnr, on: tx.sql)
        let kommune = try await Municipality.find(record.municipalityID, on: tx)
        let child = record.answers.values["barnets_navn"] ?? ""
        let lang = recipient.language
        let title = LetterTexts.pick(
            lang, nb: "Vedtak om barnehageplass for \(child): ingen plass i denne runden",
            nn: "Vedtak om barnehageplass for \(child): ingen plass i denne runden")
        let body = LetterTexts.pick(
            lang,
            nb:
                "Det var ikke ledig plass til \(child) i barnehagene dere ønsket i \(round.title). Barna er prioritert etter barnehageloven § 18 og kommunens vedtekter, og likt stilte er skilt ved loddtrekning. \(child) står på venteliste og er med i neste opptaksrunde.\n\nUnder saken i «Mine saker» ser du hvorfor \(child) ikke fikk plass i barnehagene dere ønsket.",
            nn:
                "Det var ikkje ledig plass til \(child) i barnehagane de ønskte i \(round.title). Barna er prioriterte etter barnehagelova § 18 og vedtektene til kommunen, og likt stilte er skilde ved loddtrekning. \(child) står på venteliste og er med i neste opptaksrunde.\n\nUnder saka i «Mine saker» ser du kvifor \(child) ikkje fekk plass i barnehagane de ønskte."
        )
        let appeal = AppealInformation.text(
            kommune: kommune?.name ?? "", postmottak: kommune?.contactEmail ?? "",
            saksnummer: record.saksnummer.description, language: lang)
        try await CaseLetters.send(
            case: record.id!, municipality: record.municipalityID, recipient: record.applicantFnr, title: title,
            body: body + "\n\n## " + LetterTexts.pick(lang, nb: "Hjemmel", nn: "Heimel") + "\n" + legalBasis
                + "\n\n## Du kan klage\n" + appeal + "\n\n"
                + LetterTexts.pick(lang, nb: "Med hilsen", nn: "Med helsing") + "\n" + (kommune?.name ?? ""),
            decisionID: decisionID, digitalOnly: false, now: now, on: tx)
    }

    /// The offer, on the dispatch path, in the applicant's written form.
    static func offerLetter(
        _ record: CaseRecord, unit: AdmissionUnit, due: Date, round: AdmissionRound, decisionID: UUID? = nil,
        now: Date, on tx: any Database
    ) async throws {
        let recipient = try await CaseLetters.recipient(record.applicantFnr, on: tx.sql)
        let kommune = try await Municipality.find(record.municipalityID, on: tx)?.name ?? ""
        let child = record.answers.values["barnets_navn"] ?? ""
        let cal = NorwegianCalendar()
        let lang = recipient.language
        let start = cal.parseDate(round.startDate).map { cal.norwegianDate($0) } ?? round.startDate
        let title = LetterTexts.pick(
            lang, nb: "Tilbud om barnehageplass for \(child)", nn: "Tilbod om barnehageplass for \(child)")
        let body = LetterTexts.pick(
            lang,
            nb:
                "\(child) får tilbud om plass i \(unit.name) fra \(start) (\(round.title)).\n\nSvar på tilbudet under saken i «Mine saker» innen \(cal.norwegianDate(due)): ta imot, si nei, eller ta imot og stå på venteliste for barnehager du ønsket høyere. Svarer du ikke innen fristen, regnes tilbudet som avslått og plassen går videre.\n\nUnder saken ser du også hvorfor \(child) eventuelt ikke fikk et høyere ønske.\n\nDu kan klage på vedtaket innen tre uker (forvaltningsloven § 28, barnehageloven § 18).",
            nn:
                "\(child) får tilbod om plass i \(unit.name) frå \(start) (\(round.title)).\n\nSvar på tilbodet under saka i «Mine saker» innan \(cal.norwegianDate(due)): ta imot, sei nei, eller ta imot og stå på venteliste for barnehagar du ønskte høgare. Svarar du ikkje innan fristen, blir tilbodet rekna som avslått og plassen går vidare.\n\nUnder saka ser du også kvifor \(child) eventuelt ikkje fekk eit høgare ønske.\n\nDu kan klage på vedtaket innan tre veker (forvaltningslova § 28, barnehagelova § 18)."
        )
        try await CaseLetters.send(
            case: record.id!, municipality: record.municipalityID, recipient: record.applicantFnr, title: title,
            body: body + "\n\n" + LetterTexts.pick(lang, nb: "Med hilsen", nn: "Med helsing") + "\n" + kommune,
            decisionID: decisionID, digitalOnly: false, now: now, on: tx)
    }

    // MARK: Changing the wishes

    /// The round a change of wishes would count in: the kommune's newest round not yet run,
    /// while its deadline has not passed; nil when changes are closed (a round was run and no new
    /// one is open: the application waits for the next one as it is).
    static func openRound(municipality: UUID, now: Date, on db: any Database) async throws -> AdmissionRound? {
        let cal = NorwegianCalendar()
        guard
            let r = try await AdmissionRound.query(on: db).filter(\.$municipalityID == municipality)
                .sort(\.$number, .descending).first(),
            r.roundStatus == .draft, let d = cal.parseDate(r.deadline), now < cal.addingCalendarDays(1, to: d)
        else { return nil }
        return r
    }

    /// Whether wishes may be changed now: while a round takes applications, and before the
    /// kommune has set up any.
    static func wishesOpen(municipality: UUID, now: Date, on db: any Database) async throws -> Bool {
        if try await openRound(municipality: municipality, now: now, on: db) != nil { return true }
        return try await AdmissionRound.query(on: db).filter(\.$municipalityID == municipality).count() == 0
    }

    /// The applicant re-ranks the wishes of their own open application before the deadline.
    /// The application stays as received; the change is kept for the round and journaled as a
    /// message from the applicant (I), so the record shows what was asked for when.
    func changeWishes(caseID: UUID, applicant: Fodselsnummer, wishes raw: [String], t: Strings) async throws {
        guard
            let record = try await CaseRecord.query(on: db).filter(\.$id == caseID)
                .filter(\.$applicantFnr == applicant.value).first(), record.serviceID == Self.serviceID,
            record.caseStatus.isOpen
        else { throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound) }
        let kommune = try await Municipality.find(record.municipalityID, on: db)
        let known =
            (try await services.offered(municipalityID: record.municipalityID, id: Self.serviceID, on: db)?
                .field("barnehage")?.options(for: kommune?.number ?? "") ?? [])
        var problems: [String: String] = [:]
        var seen: Set<String> = []
        for (i, v) in raw.enumerated() {
            let field = Self.wishFields[i]
            if v.isEmpty {
                if i == 0 { problems[field] = t.firstWishNeeded }
            } else if !known.contains(where: { $0.value == v }) {
                problems[field] = t.firstWishNeeded
            } else if !seen.insert(v).inserted {
                problems[field] = t.wishTwice
            }
        }
        guard problems.isEmpty else { throw Refused(problems: problems) }
        let wishes = raw.filter { !$0.isEmpty }
        let names = Dictionary(known.map { ($0.value, $0.label.nb) }, uniquingKeysWith: { a, _ in a })
        let clock = self.clock
        try await writer.write(on: db) { tx in
            let now = clock.now()
            guard try await Self.wishesOpen(municipality: record.municipalityID, now: now, on: tx) else {
                throw RadhusError.localized(.conflict, ErrorMessages.wishesClosed)
            }
            let w =
                try await AdmissionWishes.query(on: tx).filter(\.$caseID == caseID).first() ?? AdmissionWishes()
            w.municipalityID = record.municipalityID
            w.caseID = caseID
            w.wishesJSON = String(decoding: try JSONEncoder().encode(wishes), as: UTF8.self)
            w.changedAt = now
            try await w.save(on: tx)
            let text =
                "Endrede ønsker for barnehageplass:\n"
                + wishes.enumerated().map { "\($0.offset + 1). \(names[$0.element] ?? $0.element)" }.joined(
                    separator: "\n")
            try await DialogueService.insertMessage(
                .inbound, case: caseID, municipality: record.municipalityID, author: "citizen", authorID: nil,
                body: text,
                at: now, on: tx)
            try await CaseLedger.append(
                .messageReceived, case: caseID, municipality: record.municipalityID, at: now, actor: "citizen",
                detail: "ønsker", on: tx)
        }
    }

    // MARK: Answers

    enum Answer: String, Sendable, CaseIterable {
        case accept = "ja"
        case decline = "nei"
        case acceptAndWait = "ja_venter"
    }

    /// The applicant answers the offer of their own case, by its due date.
    func answer(caseID: UUID, applicant: Fodselsnummer, _ answer: Answer) async throws {
        let clock = self.clock
        try await writer.write(on: db) { tx in
            let now = clock.now()
            guard
                try await CaseRecord.query(on: tx).filter(\.$id == caseID).filter(\.$applicantFnr == applicant.value)
                    .first() != nil,
                let e = try await AdmissionEntry.query(on: tx).filter(\.$caseID == caseID)
                    .filter(\.$status == AdmissionEntry.Status.offered.rawValue).first()
            else { throw RadhusError.localized(.notFound, ErrorMessages.offerNotFound) }
            guard (e.answerDue ?? now) >= now else {
                throw RadhusError.localized(.conflict, ErrorMessages.offerExpired)
            }
            e.status =
                switch answer {
                case .accept: AdmissionEntry.Status.accepted.rawValue
                case .decline: AdmissionEntry.Status.declined.rawValue
                case .acceptAndWait: AdmissionEntry.Status.acceptedWaiting.rawValue
                }
            e.answeredAt = now
            try await e.update(on: tx)
            try await CaseLedger.append(
                answer == .decline ? .admissionDeclined : .admissionAccepted, case: caseID,
                municipality: e.municipalityID,
                at: now, actor: "citizen", detail: answer.rawValue, on: tx)
        }
    }

    /// Two days before an offer's answer is due, a reminder (a digital letter: the offer itself
    /// went on paper when unread).
    func remindOffers(batch: Int) async throws -> Int {
        let now = clock.now()
        let soon = try await AdmissionEntry.query(on: db).filter(\.$status == AdmissionEntry.Status.offered.rawValue)
            .filter(\.$remindedAt == nil).filter(\.$answerDue > now)
            .filter(\.$answerDue <= now.addingTimeInterval(2 * 86_400)).limit(batch).all()
        for e in soon {
            try await writer.write(on: db) { tx in
                guard let fresh = try await AdmissionEntry.find(e.id, on: tx), fresh.entryStatus == .offered,
                    fresh.remindedAt == nil, let record = try await CaseRecord.find(fresh.caseID, on: tx)
                else { return }
                fresh.remindedAt = now
                try await fresh.update(on: tx)
                let recipient = try await CaseLetters.recipient(record.applicantFnr, on: tx.sql)
                let child = record.answers.values["barnets_navn"] ?? ""
                let due = NorwegianCalendar().norwegianDate(fresh.answerDue ?? now)
                try await CaseLetters.send(
                    case: record.id!, municipality: record.municipalityID, recipient: record.applicantFnr,
                    title: LetterTexts.pick(
                        recipient.language, nb: "Påminnelse: svar på tilbudet om barnehageplass for \(child)",
                        nn: "Påminning: svar på tilbodet om barnehageplass for \(child)"),
                    body: LetterTexts.pick(
                        recipient.language,
                        nb:
                            "Vi har ikke fått svar på tilbudet om barnehageplass for \(child). Svar under saken i «Mine saker» innen \(due), ellers regnes tilbudet som avslått.",
                        nn:
                            "Vi har ikkje fått svar på tilbodet om barnehageplass for \(child). Svar under saka i «Mine saker» innan \(due), elles blir tilbodet rekna som avslått."
                    ), digitalOnly: true, now: now, on: tx)
                try await CaseLedger.append(
                    .reminderSent, case: record.id!, municipality: record.municipalityID, at: now, actor: "system",
                    detail: "opptak", on: tx)
            }
        }
        return soon.count
    }

    /// Offers past their due date count as declined (their places go to the next round).
    func expireOffers(batch: Int) async throws -> Int {
        let now = clock.now()
        let due = try await AdmissionEntry.query(on: db).filter(\.$status == AdmissionEntry.Status.offered.rawValue)
            .filter(\.$answerDue < now).limit(batch).all()
        for e in due {
            try await writer.write(on: db) { tx in
                guard let fresh = try await AdmissionEntry.find(e.id, on: tx), fresh.entryStatus == .offered else {
                    return
                }
                fresh.status = AdmissionEntry.Status.expired.rawValue
                try await fresh.update(on: tx)
                try await CaseLedger.append(
                    .admissionDeclined, case: fresh.caseID, municipality: fresh.municipalityID, at: now,
                    actor: "system",
                    detail: "utløpt", on: tx)
            }
        }
        return due.count
    }

    // MARK: Explanation

    /// Why a child did not get a higher wish: at each kindergarten above the one it got (or
    /// all, with none), the child's class there and where that kindergarten's places ran out —
    /// the class and lottery position of the last child it took. No other child is named.
    struct Explanation: Sendable, Equatable {
        var kindergarten: String
        var name: String
        var classHere: Int
        var lottery: Int
        /// The last child admitted there: its class and lottery position (nil: no places for the age group).
        var cutoff: (cls: Int, lottery: Int)?

        static func == (a: Explanation, b: Explanation) -> Bool {
            a.kindergarten == b.kindergarten && a.classHere == b.classHere && a.lottery == b.lottery
                && a.cutoff?.cls == b.cutoff?.cls && a.cutoff?.lottery == b.cutoff?.lottery
        }
    }

    static func explanation(_ e: AdmissionEntry, on db: any Database) async throws -> [Explanation] {
        let wishes = e.wishes
        let classes = e.classes
        let higher = Array(wishes.prefix(e.wishIndex ?? wishes.count))
        guard !higher.isEmpty else { return [] }
        let group = e.weight == AgeGroup.small.weight ? AgeGroup.small.rawValue : AgeGroup.older.rawValue
        let units = try await AdmissionUnit.query(on: db).filter(\.$roundID == e.roundID)
            .filter(\.$kindergarten ~~ higher).filter(\.$ageGroup == group).all()
        // Only the children those units took (not the whole round's), each one's wishes read once.
        let others =
            units.isEmpty
            ? [] : try await AdmissionEntry.query(on: db).filter(\.$unitID ~~ units.map { $0.id! }).all()
        var out: [Explanation] = []
        for (i, k) in higher.enumerated() {
            let unit = units.first { $0.kindergarten == k }
            var cutoff: (Int, Int)?
            if let unit {
                cutoff = others.filter { $0.unitID == unit.id }.compactMap { o -> (Int, Int)? in
                    guard let j = o.wishes.firstIndex(of: k), let c = o.classes.dropFirst(j).first else { return nil }
                    return (c, o.lottery)
                }.max { $0 < $1 }
            }
            out.append(
                Explanation(
                    kindergarten: k, name: unit?.name ?? k, classHere: i < classes.count ? classes[i] : 9,
                    lottery: e.lottery, cutoff: cutoff))
        }
        return out
    }

    /// A case's admission rounds, oldest first: its entry in each, the round, the place it got
    /// and why not a higher wish (the applicant's case page shows the latest, the caseworker's all).
    struct CaseRound: Sendable {
        var entry: AdmissionEntry
        var round: AdmissionRound?
        var unit: AdmissionUnit?
        var explanation: [Explanation]
    }

    static func rounds(ofCase caseID: UUID, on db: any Database) async throws -> [CaseRound] {
        let entries = try await AdmissionEntry.query(on: db).filter(\.$caseID == caseID).all()
        guard !entries.isEmpty else { return [] }
        let rounds = Dictionary(
            try await AdmissionRound.query(on: db).filter(\.$id ~~ entries.map(\.roundID)).all().map { ($0.id!, $0) },
            uniquingKeysWith: { a, _ in a })
        let unitIDs = entries.compactMap(\.unitID)
        let units = Dictionary(
            unitIDs.isEmpty
                ? [] : try await AdmissionUnit.query(on: db).filter(\.$id ~~ unitIDs).all().map { ($0.id!, $0) },
            uniquingKeysWith: { a, _ in a })
        var out: [CaseRound] = []
        for e in entries {
            out.append(
                CaseRound(
                    entry: e, round: rounds[e.roundID], unit: e.unitID.flatMap { units[$0] },
                    explanation: try await explanation(e, on: db)))
        }
        return out.sorted { ($0.round?.number ?? 0) < ($1.round?.number ?? 0) }
    }
}
