import Foundation
import RadhusCore

/// The words of meetings (issue 22), in bokmål, English and nynorsk.
extension Strings {
    var meetingHoursTitle: String { s("Møtetider", "Meeting hours", nn: "Møtetider") }
    var meetingHoursIntro: String {
        s(
            "Når kan søkere bestille møte med deg? Tidene gjelder hver uke, i norsk tid. Helligdager og dagene du stenger, blir ikke tilbudt.",
            "When can applicants book a meeting with you? The hours repeat every week, in Norwegian time. Public holidays and the days you close are not offered.",
            nn:
                "Når kan søkjarar bestille møte med deg? Tidene gjeld kvar veke, i norsk tid. Heilagdagar og dagane du stenger, blir ikkje tilbodne."
        )
    }
    var weekdayNames: [String] {
        lang == .en
            ? ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            : lang == .nn
                ? ["Måndag", "Tysdag", "Onsdag", "Torsdag", "Fredag", "Laurdag", "Sundag"]
                : ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]
    }
    var fromTime: String { s("Fra", "From", nn: "Frå") }
    var toTime: String { s("Til", "To") }
    var timeHint: String {
        s(
            "Som tt:mm, for eksempel 09:00. Tomt: ingen møter den dagen.",
            "As hh:mm, for example 09:00. Empty: no meetings that day.",
            nn: "Som tt:mm, til dømes 09:00. Tomt: ingen møte den dagen.")
    }
    var slotLength: String { s("Lengde på hvert møte", "Length of each meeting", nn: "Lengd på kvart møte") }
    func minutesLabel(_ n: Int) -> String { s("\(n) minutter", "\(n) minutes", nn: "\(n) minutt") }
    var meetingKinds: String {
        s("Slik kan søkere møte deg", "How applicants can meet you", nn: "Slik kan søkjarar møte deg")
    }
    func meetingKindLabel(_ k: MeetingKind) -> String {
        switch k {
        case .video: s("Video", "Video")
        case .phone: s("Telefon", "Phone")
        case .inPerson: s("Oppmøte", "In person", nn: "Oppmøte")
        }
    }
    var meetingAddress: String { s("Adresse for oppmøte", "Address for meetings in person", nn: "Adresse for oppmøte") }
    var meetingAddressHint: String {
        s(
            "Påkrevd når du tilbyr oppmøte. For eksempel «Rådhuset, Torvet 1, rom 204».",
            "Required when you offer meetings in person.", nn: "Påkravd når du tilbyr oppmøte.")
    }
    var closedDays: String { s("Dager du ikke har møter", "Days without meetings", nn: "Dagar utan møte") }
    var closedDaysHint: String {
        s(
            "Én dato per linje, dd.mm.åååå (ferie, kurs).", "One date per line, dd.mm.yyyy (holidays, courses).",
            nn: "Éin dato per linje, dd.mm.åååå (ferie, kurs).")
    }
    var meetingHoursSaved: String {
        s("Møtetidene er lagret.", "The meeting hours are saved.", nn: "Møtetidene er lagra.")
    }
    var meetingHeading: String { s("Møte med kommunen", "Meeting with the kommune", nn: "Møte med kommunen") }
    var bookMeeting: String { s("Bestill et møte", "Book a meeting", nn: "Bestill eit møte") }
    var bookMeetingIntro: String {
        s(
            "Velg en tid og hvordan dere skal møtes. Du får en bekreftelse i innboksen.",
            "Choose a time and how you will meet. You get a confirmation in your inbox.",
            nn: "Vel ei tid og korleis de skal møtast. Du får ei stadfesting i innboksen.")
    }
    var chooseTime: String { s("Velg tid", "Choose a time", nn: "Vel tid") }
    var chooseKind: String { s("Hvordan vil du møtes?", "How do you want to meet?", nn: "Korleis vil du møtast?") }
    var noMeetingTimes: String {
        s(
            "Det er ingen ledige møtetider de neste fire ukene. Skriv til kommunen i saken om du trenger et møte.",
            "There are no free meeting times in the next four weeks. Write to the kommune in the case if you need a meeting.",
            nn: "Det er ingen ledige møtetider dei neste fire vekene. Skriv til kommunen i saka om du treng eit møte.")
    }
    var timeTaken: String {
        s(
            "Tiden ble nettopp tatt av noen andre. Velg en annen tid.",
            "Someone else just took that time. Choose another.",
            nn: "Tida vart nettopp teken av nokon andre. Vel ei anna tid.")
    }
    var chooseATime: String { s("Velg en tid.", "Choose a time.", nn: "Vel ei tid.") }
    var chooseAKind: String {
        s("Velg hvordan dere skal møtes.", "Choose how you will meet.", nn: "Vel korleis de skal møtast.")
    }
    var meetingBooked: String { s("Møtet er avtalt.", "The meeting is booked.", nn: "Møtet er avtalt.") }
    var meetingCancelled: String { s("Møtet er avlyst.", "The meeting is cancelled.", nn: "Møtet er avlyst.") }
    var meetingRulesHeading: String {
        s("Kommunens regler for møter", "The kommune's meeting rules", nn: "Kommunen sine reglar for møte")
    }
    var meetingChangeLimit: String {
        s(
            "Frist for å flytte eller avlyse (timer før møtet)",
            "Deadline to move or cancel (hours before the meeting)",
            nn: "Frist for å flytte eller avlyse (timar før møtet)")
    }
    var meetingChangeLimitHint: String {
        s(
            "Etter fristen må søkeren skrive til kommunen.", "After it the applicant must write to the kommune.",
            nn: "Etter fristen må søkjaren skrive til kommunen.")
    }
    var meetingLead: String {
        s(
            "Varsel før den første ledige tiden (timer)", "Notice before the first free time (hours)",
            nn: "Varsel før den første ledige tida (timar)")
    }
    var meetingLeadHint: String {
        s(
            "Gjelder alle saksbehandlere i kommunen.", "Applies to every caseworker in the kommune.",
            nn: "Gjeld alle saksbehandlarar i kommunen.")
    }
    var moveMeeting: String { s("Flytt møtet", "Move the meeting", nn: "Flytt møtet") }
    var meetingMoved: String { s("Møtet er flyttet.", "The meeting is moved.", nn: "Møtet er flytt.") }
    var cancelMeeting: String { s("Avlys møtet", "Cancel the meeting", nn: "Avlys møtet") }
    func cancelUntil(_ hours: Int) -> String {
        s(
            "Du kan avlyse her til \(hours) timer før møtet.",
            "You can cancel here until \(hours) hours before the meeting.",
            nn: "Du kan avlyse her til \(hours) timar før møtet.")
    }
    func meetingLine(_ when: String, _ kind: String) -> String { "\(when) – \(kind)" }
    var backToCase: String { s("Tilbake til saken", "Back to the case", nn: "Tilbake til saka") }
    var meetingsOnCase: String { s("Møter", "Meetings", nn: "Møte") }
    func meetingStatusLabel(_ s0: MeetingStatus) -> String {
        switch s0 {
        case .booked: s("Avtalt", "Booked", nn: "Avtalt")
        case .cancelled: s("Avlyst", "Cancelled", nn: "Avlyst")
        case .held: s("Holdt", "Held", nn: "Halde")
        }
    }
}
