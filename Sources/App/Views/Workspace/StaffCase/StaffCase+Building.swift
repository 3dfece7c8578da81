import Foundation
import RadhusCore

/// The parts of the case page that the service format's case decisions add (issue 24): the
/// statutory deadline as the law counts it, the neighbours notified with their receipts and
/// comments, and the fee a decision today would set.
extension StaffCase {
    static func followUpSection(_ m: Model, t: Strings) -> Node {
        Node.group([
            el("h3") { FollowUpTexts.sentHeading[t.lang] },
            FollowUpList.node(m.followUps, service: m.applicationService, t: t),
        ])
    }

    static func thirdPartySection(_ m: Model, t: Strings) -> Node {
        let cal = NorwegianCalendar()
        let lang = t.lang
        return Node.group([
            el("h3", .id("nabovarsel-heading")) { BuildingTexts.notices[lang] },
            el("table", .cls("table"), .attr("aria-labelledby", "nabovarsel-heading")) {
                el("thead") {
                    el("tr") {
                        el("th", .attr("scope", "col")) { BuildingTexts.neighbour[lang] }
                        el("th", .attr("scope", "col")) { BuildingTexts.letter[lang] }
                        el("th", .attr("scope", "col")) { BuildingTexts.linkOpened[lang] }
                        el("th", .attr("scope", "col")) { BuildingTexts.comment[lang] }
                    }
                }
                el("tbody") {
                    for n in m.notices {
                        el("tr") {
                            el("td") { n.name + " – " + n.address }
                            el("td") {
                                if let status = n.letterID.flatMap({ m.noticeStatus[$0] }) {
                                    DispatchView.statusTag(status, t)
                                } else {
                                    "–"
                                }
                            }
                            el("td") { n.openedAt.map(cal.norwegianDateTime) ?? "–" }
                            el("td") {
                                n.commentMessageID == nil
                                    ? BuildingTexts.noCommentUntil(cal.norwegianDate(n.commentDue), lang)
                                    : BuildingTexts.commented[lang]
                            }
                        }
                    }
                }
            },
        ])
    }

    /// The fee: set by the decision, or what a decision today would set.
    static func feeRow(_ m: Model, t: Strings) -> Node {
        let lang = t.lang
        let kr = { (n: Int) in FieldDefinition.kroner(Decimal(n), language: lang) }
        if let fee = m.fee {
            return Layout.summaryRow {
                el("dt") { BuildingTexts.fee[lang] }
                el("dd") {
                    BuildingTexts.feeSet(kr(fee.fee), fee.reductionPercent, kr(fee.amountDue), lang)
                }
            }
        }
        guard let p = m.feePreview else { return .group([]) }
        return Layout.summaryRow {
            el("dt") { BuildingTexts.fee[lang] }
            el("dd") {
                BuildingTexts.feeToday(kr(p.reduction.fee), p.reduction.percent, kr(p.reduction.due), lang)
            }
        }
    }
}

/// The words of building permits' case page parts and report (issue 24).
enum BuildingTexts {
    static func pick(_ lang: Language, _ nb: String, _ en: String, _ nn: String) -> String {
        switch lang {
        case .en: en
        case .nn: nn
        default: nb
        }
    }
    static let clockNotStarted = LocalizedText(
        nb: "Starter når søknaden er komplett", en: "Starts when the application is complete",
        nn: "Byrjar når søknaden er komplett")
    static func weeksUntil(_ weeks: Int, _ date: String, _ basis: String, _ lang: Language) -> String {
        pick(
            lang, "\(weeks) uker, til og med \(date) (\(basis)).", "\(weeks) weeks, until \(date) (\(basis)).",
            "\(weeks) veker, til og med \(date) (\(basis)).")
    }
    static func paused(_ days: Int, _ lang: Language) -> String {
        pick(
            lang, "Stått stille \(days) dager mens kommunen ventet på søker.",
            "Stood still \(days) days while the kommune waited for the applicant.",
            "Stått still \(days) dagar medan kommunen venta på søkjaren.")
    }
    static func completeOn(_ date: String, _ lang: Language) -> String {
        pick(lang, "Komplett \(date).", "Complete on \(date).", "Komplett \(date).")
    }
    static func weeksShort(_ w: Int, _ lang: Language) -> String {
        pick(lang, "(\(w) uker)", "(\(w) weeks)", "(\(w) veker)")
    }
    static let withinAWeek = LocalizedText(
        nb: "Fristen går ut innen en uke", en: "The deadline is within a week", nn: "Fristen går ut innan ei veke")
    static let feeTable = LocalizedText(
        nb: "Kommunens gebyrregulativ (DMN)", en: "The kommune's fee table (DMN)",
        nn: "Gebyrregulativet til kommunen (DMN)")
    static func feeTableHint(_ file: String, _ decision: String, _ lang: Language) -> String {
        pick(
            lang,
            "Beslutningstabellen som gir gebyret i kroner: endre beløpene, eller lim inn en egen DMN-fil med beslutningen «\(decision)» og de samme inndataene. Står den som utgiverens \(file), brukes utgiverens.",
            "The decision table that gives the fee in kroner: change the amounts, or paste a DMN file of your own with the decision “\(decision)” and the same inputs. Left as the publisher's \(file), the publisher's is used.",
            "Avgjerdstabellen som gir gebyret i kroner: endre beløpa, eller lim inn ei eiga DMN-fil med avgjerda «\(decision)» og dei same inndataa. Står ho som \(file) frå utgivaren, blir utgivaren sin brukt."
        )
    }
    static func feeTableInvalid(_ problem: String, _ lang: Language) -> String {
        pick(
            lang, "Gebyrregulativet kan ikke brukes: \(problem)", "The fee table cannot be used: \(problem)",
            "Gebyrregulativet kan ikkje brukast: \(problem)")
    }
    static let statutoryHeading = LocalizedText(
        nb: "Lovpålagte frister", en: "Statutory deadlines", nn: "Lovpålagde fristar")
    static let statutoryCaption = LocalizedText(
        nb: "Vedtak i perioden etter fristen loven ga saken, regnet fra komplett søknad",
        en: "Decisions in the period by the deadline the law gave the case, counted from the complete application",
        nn: "Vedtak i perioden etter fristen lova gav saka, rekna frå komplett søknad")
    static let reductionsColumn = LocalizedText(
        nb: "Gebyr redusert for sene vedtak", en: "Fees reduced for late decisions",
        nn: "Gebyr redusert for seine vedtak")
    static let objectionsColumn = LocalizedText(
        nb: "Merknader fra naboer", en: "Comments from neighbours", nn: "Merknader frå naboar")
    static let deadlineColumn = LocalizedText(nb: "Frist", en: "Deadline", nn: "Frist")
    static let decidedColumn = LocalizedText(nb: "Avgjort", en: "Decided", nn: "Avgjort")
    static let inTimeColumn = LocalizedText(nb: "Innen fristen", en: "Within the deadline", nn: "Innan fristen")
    static let medianColumn = LocalizedText(
        nb: "Median dager fra komplett", en: "Median days from complete", nn: "Median dagar frå komplett")
    static func reductionsLine(_ title: String, _ kroner: String, _ cases: Int, _ objections: Int, _ lang: Language)
        -> String
    {
        pick(
            lang,
            "\(title): gebyret redusert med til sammen \(kroner) i \(cases) saker avgjort etter fristen (byggesaksforskriften § 7-6); \(objections) merknader fra naboer.",
            "\(title): fees reduced by \(kroner) in all in \(cases) cases decided after the deadline; \(objections) comments from neighbours.",
            "\(title): gebyret redusert med til saman \(kroner) i \(cases) saker avgjorde etter fristen (byggesaksforskriften § 7-6); \(objections) merknader frå naboar."
        )
    }
    static let receiptPending = LocalizedText(
        nb:
            "Vi sjekker at søknaden er komplett. Mangler noe, ber vi om det under saken. Saksbehandlingsfristen begynner å løpe når søknaden er komplett, og du ser den under saken.",
        en:
            "We check that the application is complete. If something is missing, we ask for it under the case. The processing deadline starts when the application is complete, and you see it under the case.",
        nn:
            "Vi sjekkar at søknaden er komplett. Manglar noko, ber vi om det under saka. Saksbehandlingsfristen byrjar å gå når søknaden er komplett, og du ser han under saka."
    )
    static let notices = LocalizedText(nb: "Nabovarsel", en: "Neighbour notices", nn: "Nabovarsel")
    static let neighbour = LocalizedText(nb: "Nabo", en: "Neighbour", nn: "Nabo")
    static let letter = LocalizedText(nb: "Varselet", en: "The notice", nn: "Varselet")
    static let linkOpened = LocalizedText(nb: "Lenken åpnet", en: "Link opened", nn: "Lenkja opna")
    static let comment = LocalizedText(nb: "Merknad", en: "Comment", nn: "Merknad")
    static let commented = LocalizedText(
        nb: "Merknad mottatt (se meldingene)", en: "Comment received (see the messages)",
        nn: "Merknad motteken (sjå meldingane)")
    static func noCommentUntil(_ date: String, _ lang: Language) -> String {
        pick(lang, "Ingen ennå (frist \(date))", "None yet (deadline \(date))", "Ingen enno (frist \(date))")
    }
    static let fee = LocalizedText(nb: "Gebyr", en: "Fee", nn: "Gebyr")
    static func feeSet(_ fee: String, _ percent: Int, _ due: String, _ lang: Language) -> String {
        pick(
            lang, "\(fee) etter regulativet, redusert \(percent) %: \(due) å betale",
            "\(fee) by the fee table, reduced \(percent) %: \(due) to pay",
            "\(fee) etter regulativet, redusert \(percent) %: \(due) å betale")
    }
    static func feeToday(_ fee: String, _ percent: Int, _ due: String, _ lang: Language) -> String {
        pick(
            lang, "\(fee) etter regulativet; et vedtak i dag gir \(percent) % reduksjon: \(due) å betale",
            "\(fee) by the fee table; a decision today reduces it \(percent) %: \(due) to pay",
            "\(fee) etter regulativet; eit vedtak i dag gir \(percent) % reduksjon: \(due) å betale")
    }
}
