import Foundation
import RadhusCore

/// The words of the video room and the caseworker's meeting tools (issue 22).
extension Strings {
    var roomTitle: String { s("Møterom", "Meeting room", nn: "Møterom") }
    func roomHeading(_ kommune: String) -> String {
        s("Videomøte med \(kommune)", "Video meeting with \(kommune)", nn: "Videomøte med \(kommune)")
    }
    func roomWhen(_ when: String, _ saksnummer: String) -> String {
        s("Sak \(saksnummer), \(when).", "Case \(saksnummer), \(when).", nn: "Sak \(saksnummer), \(when).")
    }
    func roomOpens(_ at: String) -> String {
        s(
            "Møterommet åpner 15 minutter før møtet, \(at). Kom tilbake hit da.",
            "The meeting room opens 15 minutes before the meeting, \(at). Come back here then.",
            nn: "Møterommet opnar 15 minutt før møtet, \(at). Kom tilbake hit då.")
    }
    var roomClosed: String {
        s(
            "Møtet er over, og møterommet er stengt. Skriv til kommunen i saken om du trenger et nytt møte.",
            "The meeting is over and the room is closed. Write to the kommune in the case if you need another meeting.",
            nn: "Møtet er over, og møterommet er stengt. Skriv til kommunen i saka om du treng eit nytt møte.")
    }
    var roomNoScript: String {
        s(
            "Videomøtet trenger JavaScript i nettleseren. Slå det på, eller ring kommunen og avtal møtet på telefon.",
            "The video meeting needs JavaScript in the browser. Turn it on, or call the kommune and meet by phone.",
            nn: "Videomøtet treng JavaScript i nettlesaren. Slå det på, eller ring kommunen og avtal møtet på telefon.")
    }
    var roomBefore: String { s("Før du går inn", "Before you go in", nn: "Før du går inn") }
    var roomBeforeIntro: String {
        s(
            "Nettleseren spør om lov til å bruke kamera og mikrofon. Ingenting tas opp. Chatten lagres ikke.",
            "The browser asks for permission to use the camera and microphone. Nothing is recorded. The chat is not kept.",
            nn:
                "Nettlesaren spør om lov til å bruke kamera og mikrofon. Ingenting blir teke opp. Chatten blir ikkje lagra."
        )
    }
    var yourCamera: String { s("Kamera", "Camera") }
    var yourMicrophone: String { s("Mikrofon", "Microphone") }
    var yourself: String { s("Deg selv", "Yourself", nn: "Deg sjølv") }
    var relayChoice: String {
        s(
            "Koble via kommunens server, så de andre ikke ser IP-adressen din",
            "Connect through the kommune's server, so the others do not see your IP address",
            nn: "Kople via serveren til kommunen, så dei andre ikkje ser IP-adressa di")
    }
    var joinMeeting: String { s("Gå inn i møtet", "Join the meeting", nn: "Gå inn i møtet") }
    var inMeetingHeading: String { s("I møtet", "In the meeting", nn: "I møtet") }
    var muteMicrophone: String { s("Demp mikrofonen", "Mute the microphone", nn: "Demp mikrofonen") }
    var turnOffCamera: String { s("Slå av kameraet", "Turn off the camera", nn: "Slå av kameraet") }
    var shareScreen: String { s("Del skjermen", "Share the screen", nn: "Del skjermen") }
    var leaveMeeting: String { s("Forlat møtet", "Leave the meeting", nn: "Forlat møtet") }
    var lobbyHeading: String { s("Venter på å slippe inn", "Waiting to be let in", nn: "Ventar på å sleppe inn") }
    var chatHeading: String { s("Chat", "Chat") }
    var chatMessage: String { s("Melding", "Message") }
    var chatSend: String { s("Send", "Send") }
    var leftHeading: String { s("Du har forlatt møtet", "You have left the meeting", nn: "Du har forlate møtet") }
    var rejoin: String { s("Gå inn igjen", "Join again", nn: "Gå inn igjen") }
    var applicantLabel: String { s("Søkeren", "The applicant", nn: "Søkjaren") }
    var meetingLinkLabel: String {
        s(
            "Ekstern møtelenke for videomøter", "External link for video meetings",
            nn: "Ekstern møtelenkje for videomøte")
    }
    var meetingLinkHint: String {
        s(
            "Tomt: Radhus' eget møterom. Ellers en https-adresse til Teams, Easymeeting, Whereby eller lignende; {mote} byttes med møtets id.",
            "Empty: Radhus's own meeting room. Otherwise an https address of Teams, Easymeeting, Whereby or the like; {mote} becomes the meeting's id.",
            nn:
                "Tomt: møterommet til Radhus. Elles ei https-adresse til Teams, Easymeeting, Whereby eller liknande; {mote} blir bytt med id-en til møtet."
        )
    }
    var meetingLinkFormat: String {
        s(
            "Skriv en adresse som begynner med https:// og ikke har mellomrom.",
            "Write an address that begins with https:// and has no spaces.",
            nn: "Skriv ei adresse som byrjar med https:// og ikkje har mellomrom.")
    }
    var reminderNotice: String {
        s("Påminnelse før møtet (timer)", "Reminder before the meeting (hours)", nn: "Påminning før møtet (timar)")
    }
    var reminderNoticeHint: String { s("0: ingen påminnelse.", "0: no reminder.", nn: "0: inga påminning.") }
    var travelHeading: String {
        s("Reise spart ved videomøter", "Travel saved by video meetings", nn: "Reise spart ved videomøte")
    }
    var travelIntro: String {
        s(
            "Rapporten regner hver avholdte videomøte som en tur til kontoret og tilbake som søkeren slapp: avstanden fra søkerens postnummer når den står i tabellen, ellers snittet.",
            "The report counts each video meeting held as a trip to the office and back the applicant did not make: the distance from their postnummer when it is in the table, else the average.",
            nn:
                "Rapporten reknar kvart halde videomøte som ein tur til kontoret og tilbake som søkjaren slapp: avstanden frå postnummeret til søkjaren når han står i tabellen, elles snittet."
        )
    }
    var travelKm: String {
        s("Snittavstand én vei (km)", "Average distance one way (km)", nn: "Snittavstand éin veg (km)")
    }
    var travelMinutes: String {
        s(
            "Snitt reisetid én vei (minutter)", "Average travel time one way (minutes)",
            nn: "Snitt reisetid éin veg (minutt)")
    }
    var costPerKm: String { s("Kroner per km", "Kroner per km") }
    var costPerHour: String {
        s("Kroner per time reisetid", "Kroner per hour of travel", nn: "Kroner per time reisetid")
    }
    var co2PerKm: String { s("Gram CO₂ per km", "Grams of CO₂ per km") }
    var distancesLabel: String { s("Avstand per postnummer", "Distance per postnummer", nn: "Avstand per postnummer") }
    var distancesHint: String {
        s(
            "Én linje per postnummer: postnummer, km én vei, minutter én vei. For eksempel «9411 42 45».",
            "One line per postnummer: postnummer, km one way, minutes one way. For example «9411 42 45».",
            nn: "Éi linje per postnummer: postnummer, km éin veg, minutt éin veg. Til dømes «9411 42 45».")
    }
    func numberFromZero(_ max: String) -> String {
        s("Skriv et tall fra 0 til \(max).", "Write a number from 0 to \(max).", nn: "Skriv eit tal frå 0 til \(max).")
    }
    func distanceLine(_ n: Int) -> String {
        s(
            "Linje \(n) er ikke «postnummer km minutter», for eksempel «9411 42 45».",
            "Line \(n) is not «postnummer km minutes», for example «9411 42 45».",
            nn: "Linje \(n) er ikkje «postnummer km minutt», til dømes «9411 42 45».")
    }
    var distancesTooMany: String { s("Høyst 500 postnummer.", "At most 500 postnumre.", nn: "Høgst 500 postnummer.") }
    var meetingsHeading: String { s("Møter med innbyggere", "Meetings with residents", nn: "Møte med innbyggjarar") }
    var noMeetingsInPeriod: String {
        s("Ingen møter i perioden.", "No meetings in the period.", nn: "Ingen møte i perioden.")
    }
    var meetingsByKind: String { s("Møter etter type", "Meetings by kind", nn: "Møte etter type") }
    var meetingKindColumn: String { s("Type", "Kind") }
    var meetingsBooked: String { s("Avtalt", "Booked") }
    var meetingsHeld: String { s("Holdt", "Held", nn: "Halde") }
    var travelAvoided: String {
        s("Reise spart ved videomøter", "Travel saved by video meetings", nn: "Reise spart ved videomøte")
    }
    func travelDetail(_ n: Int, _ km: String, _ hours: String, _ co2: String) -> String {
        s(
            "\(n) videomøter: \(km) km, \(hours) timer reisetid og \(co2) kg CO₂ spart",
            "\(n) video meetings: \(km) km, \(hours) hours of travel and \(co2) kg CO₂ saved",
            nn: "\(n) videomøte: \(km) km, \(hours) timar reisetid og \(co2) kg CO₂ spart")
    }
    func travelExplained(
        meetings: Int, byDistance: Int, km: String, minutes: Int, perKm: String, perHour: String, grams: String,
        totalKm: String, totalHours: String
    ) -> String {
        s(
            "Hvert avholdte videomøte er en tur til kontoret og tilbake: avstanden fra søkerens postnummer (for \(byDistance) av \(meetings)), ellers kommunens snitt på \(km) km og \(minutes) minutter hver vei. Til sammen \(totalKm) km × \(perKm) kr/km + \(totalHours) timer × \(perHour) kr/time; CO₂: \(totalKm) km × \(grams) g/km. Tallene settes under Møtetider.",
            "Each video meeting held is a trip to the office and back: the distance from the applicant's postnummer (for \(byDistance) of \(meetings)), else the kommune's average of \(km) km and \(minutes) minutes each way. In all \(totalKm) km × \(perKm) kr/km + \(totalHours) hours × \(perHour) kr/hour; CO₂: \(totalKm) km × \(grams) g/km. The figures are set under Meeting hours.",
            nn:
                "Kvart halde videomøte er ein tur til kontoret og tilbake: avstanden frå postnummeret til søkjaren (for \(byDistance) av \(meetings)), elles snittet til kommunen på \(km) km og \(minutes) minutt kvar veg. Til saman \(totalKm) km × \(perKm) kr/km + \(totalHours) timar × \(perHour) kr/time; CO₂: \(totalKm) km × \(grams) g/km. Tala blir sette under Møtetider."
        )
    }
    var goToRoom: String { s("Gå til møterommet", "Go to the meeting room", nn: "Gå til møterommet") }

    // The caseworker's meeting tools on the case page
    var proposeMeeting: String { s("Foreslå et møte", "Propose a meeting", nn: "Føreslå eit møte") }
    var proposeMeetingIntro: String {
        s(
            "Søkeren får et brev med tiden og kalenderinvitasjonen, og kan flytte eller avlyse møtet.",
            "The applicant gets a letter with the time and the calendar invitation, and can move or cancel the meeting.",
            nn: "Søkjaren får eit brev med tida og kalenderinvitasjonen, og kan flytte eller avlyse møtet.")
    }
    var meetingDate: String { s("Dato", "Date") }
    var meetingDateHint: String { s("dd.mm.åååå", "dd.mm.yyyy", nn: "dd.mm.åååå") }
    var meetingTime: String { s("Klokkeslett", "Time", nn: "Klokkeslett") }
    var meetingTimeHint: String { s("tt:mm, norsk tid", "hh:mm, Norwegian time", nn: "tt:mm, norsk tid") }
    var meetingLength: String { s("Lengde", "Length", nn: "Lengd") }
    var meetingDateFormat: String {
        s(
            "Skriv datoen som dd.mm.åååå, for eksempel 14.01.2027.",
            "Write the date as dd.mm.yyyy, for example 14.01.2027.",
            nn: "Skriv datoen som dd.mm.åååå, til dømes 14.01.2027.")
    }
    var meetingTimeFormat: String {
        s(
            "Skriv klokkeslettet som tt:mm, for eksempel 10:30.", "Write the time as hh:mm, for example 10:30.",
            nn: "Skriv klokkeslettet som tt:mm, til dømes 10:30.")
    }
    var meetingTimeMissing: String {
        s(
            "Det klokkeslettet finnes ikke den dagen (sommertiden begynner).",
            "That time does not exist that day (summer time begins).",
            nn: "Det klokkeslettet finst ikkje den dagen (sommartida byrjar).")
    }
    var chooseALength: String {
        s("Velg lengden på møtet.", "Choose the length of the meeting.", nn: "Vel lengda på møtet.")
    }
    var meetingAddressNeeded: String {
        s(
            "Skriv adressen for oppmøte.", "Write the address for the meeting in person.",
            nn: "Skriv adressa for oppmøte.")
    }
    var meetingInThePast: String {
        s(
            "Tiden har allerede vært. Velg en tid fram i tid.", "That time has passed. Choose a time ahead.",
            nn: "Tida har alt vore. Vel ei tid fram i tid.")
    }
    var meetingTooFar: String {
        s("Velg en tid innen et år.", "Choose a time within a year.", nn: "Vel ei tid innan eit år.")
    }
    var meetingCaseDecided: String {
        s(
            "Saken er avgjort, så det kan ikke avtales møter i den.",
            "The case is decided, so no meetings can be set up in it.",
            nn: "Saka er avgjord, så det kan ikkje avtalast møte i henne.")
    }
    var meetingOverlaps: String {
        s(
            "Du har et annet møte på den tiden. Velg en annen tid.",
            "You have another meeting at that time. Choose another.",
            nn: "Du har eit anna møte på den tida. Vel ei anna tid.")
    }
    var meetingProposedFlash: String {
        s(
            "Møtet er foreslått, og søkeren har fått brev om det.",
            "The meeting is proposed and the applicant has a letter about it.",
            nn: "Møtet er føreslått, og søkjaren har fått brev om det.")
    }
    var cancelMeetingStaff: String { s("Avlys møtet", "Cancel the meeting", nn: "Avlys møtet") }
    var inviteGuest: String { s("Inviter en gjest", "Invite a guest", nn: "Inviter ein gjest") }
    var inviteGuestIntro: String {
        s(
            "For noen utenfor saken, som en nabo eller søkerens arkitekt. Gjesten får en personlig lenke på e-post og venter i lobbyen til du slipper dem inn.",
            "For someone outside the case, such as a neighbour or the applicant's architect. The guest gets a personal link by e-mail and waits in the lobby until you let them in.",
            nn:
                "For nokon utanfor saka, som ein nabo eller arkitekten til søkjaren. Gjesten får ei personleg lenkje på e-post og ventar i lobbyen til du slepper dei inn."
        )
    }
    var guestName: String { s("Gjestens navn", "The guest's name", nn: "Namnet til gjesten") }
    var guestEmail: String {
        s("Gjestens e-postadresse", "The guest's e-mail address", nn: "E-postadressa til gjesten")
    }
    var guestNameNeeded: String {
        s("Skriv gjestens navn.", "Write the guest's name.", nn: "Skriv namnet til gjesten.")
    }
    var emailFormat: String {
        s(
            "Skriv en e-postadresse, for eksempel kari.nordmann@eksempel.no.",
            "Write an e-mail address, for example kari.nordmann@example.no.",
            nn: "Skriv ei e-postadresse, til dømes kari.nordmann@eksempel.no.")
    }
    func tooManyGuests(_ n: Int) -> String {
        s(
            "Et møte kan ha høyst \(n) gjester.", "A meeting can have at most \(n) guests.",
            nn: "Eit møte kan ha høgst \(n) gjester.")
    }
    func guestInvited(_ name: String) -> String {
        s("\(name) er invitert på e-post.", "\(name) is invited by e-mail.", nn: "\(name) er invitert på e-post.")
    }
    func guestNotEmailed(_ name: String) -> String {
        s(
            "E-posten til \(name) kunne ikke sendes. Gi gjesten denne lenken selv:",
            "The e-mail to \(name) could not be sent. Give the guest this link yourself:",
            nn: "E-posten til \(name) kunne ikkje sendast. Gi gjesten denne lenkja sjølv:")
    }
    var guestInvitedFlash: String {
        s("Gjesten er invitert på e-post.", "The guest is invited by e-mail.", nn: "Gjesten er invitert på e-post.")
    }
    var guestsLabel: String { s("Gjester", "Guests") }
    var writeMinutes: String { s("Skriv referat", "Write the minutes", nn: "Skriv referat") }
    var minutesLabel: String { s("Møtereferat", "Minutes", nn: "Møtereferat") }
    var minutesIntro: String {
        s(
            "Referatet journalføres som et internt notat (N) med deltakerne. Søkeren ser det ikke her.",
            "The minutes are journaled as an internal note (N) with the participants. The applicant does not see them here.",
            nn: "Referatet blir journalført som eit internt notat (N) med deltakarane. Søkjaren ser det ikkje her.")
    }
    var minutesNeeded: String { s("Skriv referatet.", "Write the minutes.", nn: "Skriv referatet.") }
    var attendeesLabel: String { s("Deltakere", "Participants", nn: "Deltakarar") }
    var attendeesHint: String { s("Ett navn per linje.", "One name per line.", nn: "Eitt namn per linje.") }
    var attendeesNeeded: String {
        s(
            "Skriv hvem som deltok, ett navn per linje.", "Write who took part, one name per line.",
            nn: "Skriv kven som deltok, eitt namn per linje.")
    }
    var attendeesTooMany: String {
        s(
            "Høyst 20 deltakere, hvert navn høyst 100 tegn.",
            "At most 20 participants, each name at most 100 characters.",
            nn: "Høgst 20 deltakarar, kvart namn høgst 100 teikn.")
    }
    var durationLabel: String { s("Varighet i minutter", "Duration in minutes", nn: "Varigheit i minutt") }
    func durationMeasured(_ n: Int) -> String {
        s(
            "Målt i møterommet: \(n) minutter. Tomt: det målte.", "Measured in the room: \(n) minutes. Empty: that.",
            nn: "Målt i møterommet: \(n) minutt. Tomt: det målte.")
    }
    var durationFormat: String {
        s(
            "Skriv varigheten som et helt antall minutter fra 1 til 600.",
            "Write the duration as whole minutes from 1 to 600.",
            nn: "Skriv varigheita som eit heilt tal minutt frå 1 til 600.")
    }
    var minutesSaved: String {
        s(
            "Referatet er lagret og journalføres.", "The minutes are saved and will be journaled.",
            nn: "Referatet er lagra og blir journalført.")
    }
    var meetingCancelledStaff: String {
        s(
            "Møtet er avlyst, og søkeren har fått brev om det.",
            "The meeting is cancelled and the applicant has a letter about it.",
            nn: "Møtet er avlyst, og søkjaren har fått brev om det.")
    }
    func heldFor(_ n: Int) -> String { s("holdt, \(n) minutter", "held, \(n) minutes", nn: "halde, \(n) minutt") }

    /// The script's words, by key (`MeetingRoomScript`): `%@` is a name.
    var roomScriptTexts: [String: String] {
        [
            "unsupported": s(
                "Nettleseren din kan ikke være med i videomøter. Bruk en nyere Chrome, Edge, Firefox eller Safari, eller ring kommunen.",
                "Your browser cannot take part in video meetings. Use a recent Chrome, Edge, Firefox or Safari, or call the kommune.",
                nn:
                    "Nettlesaren din kan ikkje vere med i videomøte. Bruk ein nyare Chrome, Edge, Firefox eller Safari, eller ring kommunen."
            ),
            "noMedia": s(
                "Fikk ikke bruke kamera eller mikrofon. Sjekk at nettleseren har lov, eller gå inn uten og bruk chatten.",
                "Could not use the camera or microphone. Check the browser's permission, or join without and use the chat.",
                nn:
                    "Fekk ikkje bruke kamera eller mikrofon. Sjekk at nettlesaren har lov, eller gå inn utan og bruk chatten."
            ),
            "camera": yourCamera, "microphone": yourMicrophone, "yourself": yourself,
            "connecting": s(
                "Kobler til møterommet …", "Connecting to the meeting room …", nn: "Koplar til møterommet …"),
            "disconnected": s(
                "Forbindelsen til møterommet ble brutt. Gå inn igjen for å fortsette.",
                "The connection to the meeting room was lost. Join again to go on.",
                nn: "Sambandet til møterommet vart brote. Gå inn igjen for å halde fram."),
            "refused": s(
                "Møterommet slapp deg ikke inn. Lenken kan være feil, eller møtet er ikke nå.",
                "The meeting room did not let you in. The link may be wrong, or the meeting is not now.",
                nn: "Møterommet slepte deg ikkje inn. Lenkja kan vere feil, eller møtet er ikkje no."),
            "waiting": s(
                "Du venter på at saksbehandleren slipper deg inn.", "You are waiting for the caseworker to let you in.",
                nn: "Du ventar på at saksbehandlaren slepper deg inn."),
            "inMeeting": s("Du er i møtet.", "You are in the meeting.", nn: "Du er i møtet."),
            "aloneInMeeting": s(
                "Du er i møtet. Ingen andre er her ennå.", "You are in the meeting. Nobody else is here yet.",
                nn: "Du er i møtet. Ingen andre er her enno."),
            "joinedName": s("%@ kom inn.", "%@ joined.", nn: "%@ kom inn."),
            "leftName": s("%@ gikk ut.", "%@ left.", nn: "%@ gjekk ut."),
            "full": s("Møterommet er fullt.", "The meeting room is full.", nn: "Møterommet er fullt."),
            "videoOf": s("Video av %@", "Video of %@", nn: "Video av %@"),
            "cannotConnect": s(
                "Fikk ikke forbindelse med %@. Nettverket kan stoppe video: prøv et annet nettverk, bruk chatten, eller ring.",
                "Could not connect with %@. The network may block video: try another network, use the chat, or call.",
                nn:
                    "Fekk ikkje samband med %@. Nettverket kan stoppe video: prøv eit anna nettverk, bruk chatten, eller ring."
            ),
            "connectedTo": s("Forbundet med %@.", "Connected with %@.", nn: "Kopla til %@."),
            "admit": s("Slipp inn %@", "Let in %@", nn: "Slepp inn %@"),
            "someoneWaiting": s(
                "Venter på å slippe inn: %@.", "Waiting to be let in: %@.", nn: "Ventar på å sleppe inn: %@."),
            "youLeft": s("Du har forlatt møtet.", "You have left the meeting.", nn: "Du har forlate møtet."),
            "micOn": s("Mikrofonen er på.", "The microphone is on.", nn: "Mikrofonen er på."),
            "micOff": s("Mikrofonen er dempet.", "The microphone is muted.", nn: "Mikrofonen er dempa."),
            "cameraOn": s("Kameraet er på.", "The camera is on.", nn: "Kameraet er på."),
            "cameraOff": s("Kameraet er av.", "The camera is off.", nn: "Kameraet er av."),
            "noShare": s(
                "Skjermdeling er ikke tilgjengelig i denne nettleseren.",
                "Screen sharing is not available in this browser.",
                nn: "Skjermdeling er ikkje tilgjengeleg i denne nettlesaren."),
        ]
    }
}
