import Foundation
import RadhusCore

/// The words of the kindergarten admission (issue 23).
extension Strings {
    var admissionMenu: String { s("Opptak", "Admission") }
    var admissionHeading: String { s("Barnehageopptak", "Kindergarten admission", nn: "Barnehageopptak") }
    var admissionIntro: String {
        s(
            "Samordnet opptak: barna prioriteres etter barnehageloven § 18 og kommunens vedtekter (prioritetsreglene i tjenesten barnehageplass), likt stilte skilles av rundens loddtrekning, og plassene fordeles slik at ingen barn og barnehage begge heller ville hatt hverandre.",
            "Coordinated admission: children are prioritised by the Kindergarten Act § 18 and the kommune's by-laws (the priority rules of the kindergarten place service), ties are broken by the round's lottery, and places are matched so that no child and kindergarten would both rather have each other.",
            nn:
                "Samordna opptak: barna blir prioriterte etter barnehagelova § 18 og vedtektene til kommunen (prioritetsreglane i tenesta barnehageplass), likt stilte blir skilde av loddtrekninga i runden, og plassane blir fordelte slik at ingen barn og barnehage begge heller ville hatt kvarandre."
        )
    }
    var admissionRounds: String { s("Opptaksrunder", "Admission rounds", nn: "Opptaksrundar") }
    var noRoundsYet: String { s("Ingen runder ennå.", "No rounds yet.", nn: "Ingen rundar enno.") }
    var newRound: String { s("Ny opptaksrunde", "New admission round", nn: "Ny opptaksrunde") }
    var admissionTitle: String { s("Navn på runden", "Name of the round", nn: "Namn på runden") }
    var admissionTitleNeeded: String {
        s(
            "Skriv et navn på runden, høyst 100 tegn.", "Write a name for the round, at most 100 characters.",
            nn: "Skriv eit namn på runden, høgst 100 teikn.")
    }
    var admissionDeadline: String { s("Søknadsfrist", "Application deadline", nn: "Søknadsfrist") }
    var admissionStart: String { s("Oppstart", "Start of the places", nn: "Oppstart") }
    var admissionStartAfterDeadline: String {
        s(
            "Oppstart må være etter søknadsfristen.", "The start must be after the deadline.",
            nn: "Oppstart må vere etter søknadsfristen.")
    }
    var admissionAnswerDays: String { s("Svarfrist (dager)", "Days to answer", nn: "Svarfrist (dagar)") }
    var admissionWishLimit: String { s("Antall ønsker som teller", "Wishes that count", nn: "Tal på ønske som tel") }
    var admissionPlaces: String { s("Plasser per barnehage", "Places per kindergarten", nn: "Plassar per barnehage") }
    var admissionPlacesHint: String {
        s(
            "Én linje per barnehage: barnehagen, plasser for barn under tre år (to plasser per barn, et partall), plasser for barn over tre. For eksempel «kanebogen 8 20».",
            "One line per kindergarten: the kindergarten, places for children under three (two places a child, an even number), places for the older ones. For example «kanebogen 8 20».",
            nn:
                "Éi linje per barnehage: barnehagen, plassar for born under tre år (to plassar per barn, eit partal), plassar for born over tre. Til dømes «kanebogen 8 20»."
        )
    }
    func wholeNumberBetween(_ a: Int, _ b: Int) -> String {
        s(
            "Skriv et helt tall fra \(a) til \(b).", "Write a whole number from \(a) to \(b).",
            nn: "Skriv eit heilt tal frå \(a) til \(b).")
    }
    func admissionPlacesLine(_ n: Int, _ known: [String]) -> String {
        s(
            "Linje \(n): skriv «barnehage plasser-under-tre plasser-over-tre» med en av \(known.joined(separator: ", ")), et partall for de under tre, hver barnehage én gang.",
            "Line \(n): write «kindergarten places-under-three places-over-three» with one of \(known.joined(separator: ", ")), an even number for the under-threes, each kindergarten once.",
            nn:
                "Linje \(n): skriv «barnehage plassar-under-tre plassar-over-tre» med ein av \(known.joined(separator: ", ")), eit partal for dei under tre, kvar barnehage éin gong."
        )
    }
    var createRound: String { s("Opprett runden", "Create the round", nn: "Opprett runden") }
    func roundLine(_ n: Int, _ title: String) -> String { s("Runde \(n): \(title)", "Round \(n): \(title)") }
    var roundDraft: String { s("Ikke kjørt", "Not run", nn: "Ikkje køyrd") }
    var roundMatched: String { s("Kjørt", "Run", nn: "Køyrd") }
    var runMatching: String { s("Kjør fordelingen", "Run the matching", nn: "Køyr fordelinga") }
    var runMatchingIntro: String {
        s(
            "Fordelingen tar med søknadene som kom inn innen fristen. Den kjøres én gang; tilbudene går ut som brev med svarfrist.",
            "The matching takes the applications received by the deadline. It runs once; the offers go out as letters with an answer deadline.",
            nn:
                "Fordelinga tek med søknadene som kom inn innan fristen. Ho blir køyrd éin gong; tilboda går ut som brev med svarfrist."
        )
    }
    func matchedFlash(_ n: Int) -> String {
        s(
            "Fordelingen er kjørt for \(n) barn.", "The matching ran for \(n) children.",
            nn: "Fordelinga er køyrd for \(n) born.")
    }
    var roundCreated: String { s("Runden er opprettet.", "The round is created.", nn: "Runden er oppretta.") }
    var nextRound: String {
        s("Ny runde på ledige plasser", "A new round on the free places", nn: "Ny runde på ledige plassar")
    }
    var placesFilled: String {
        s(
            "Plasser per barnehage og aldersgruppe", "Places per kindergarten and age group",
            nn: "Plassar per barnehage og aldersgruppe")
    }
    var kindergartenColumn: String { s("Barnehage", "Kindergarten") }
    var ageGroupColumn: String { s("Aldersgruppe", "Age group") }
    var placesColumn: String { s("Plasser", "Places", nn: "Plassar") }
    var offeredColumn: String { s("Tilbudt", "Offered", nn: "Tilbode") }
    var acceptedColumn: String { s("Takket ja", "Accepted", nn: "Takka ja") }
    var pendingColumn: String { s("Venter på svar", "Awaiting answer", nn: "Ventar på svar") }
    func ageGroupLabel(_ g: AgeGroup) -> String {
        switch g {
        case .small: s("Under tre år", "Under three", nn: "Under tre år")
        case .older: s("Tre år og over", "Three and over", nn: "Tre år og over")
        }
    }
    var unmetRights: String {
        s(
            "Barn med rett til plass uten tilbud", "Children with a right to a place and no offer",
            nn: "Born med rett til plass utan tilbod")
    }
    var unmetRightsNone: String {
        s(
            "Alle barn med rett til plass har fått tilbud.", "Every child with a right to a place has an offer.",
            nn: "Alle born med rett til plass har fått tilbod.")
    }
    var unmetRightsIntro: String {
        s(
            "Kommunen må gi disse barna plass (barnehageloven § 16), for eksempel i neste runde eller ved å øke kapasiteten.",
            "The kommune must give these children a place (Kindergarten Act § 16), for example in the next round or by adding places.",
            nn:
                "Kommunen må gi desse borna plass (barnehagelova § 16), til dømes i neste runde eller ved å auke kapasiteten."
        )
    }
    func firstWishShare(_ p: String) -> String {
        s("Fikk første ønske: \(p)", "Got the first wish: \(p)", nn: "Fekk første ønske: \(p)")
    }
    var admissionRoundColumn: String { s("Runde", "Round") }
    var childrenColumn: String { s("Barn", "Children", nn: "Born") }
    var firstWishColumn: String { s("Fikk første ønske", "Got the first wish", nn: "Fekk første ønske") }
    func wishesWithGroups(_ list: String, _ lottery: Int) -> String {
        s(
            "Ønsker (prioritetsgruppe): \(list). Loddnummer \(lottery + 1).",
            "Wishes (priority group): \(list). Lottery number \(lottery + 1).",
            nn: "Ønske (prioritetsgruppe): \(list). Loddnummer \(lottery + 1).")
    }
    var waitingLists: String { s("Ventelister", "Waiting lists", nn: "Ventelister") }
    var waitingListsIntro: String {
        s(
            "Barn som ønsket barnehagen høyere enn det de har fått, i den rekkefølgen barnehagen tar dem: prioritetsgruppe, så loddnummer.",
            "Children who wished the kindergarten above what they got, in the order it takes them: priority group, then lottery number.",
            nn:
                "Born som ønskte barnehagen høgare enn det dei har fått, i den rekkjefølgja barnehagen tek dei: prioritetsgruppe, så loddnummer."
        )
    }
    func waitingEntry(_ cls: Int, _ lottery: Int) -> String {
        s(
            "gruppe \(cls), loddnummer \(lottery + 1)", "group \(cls), lottery number \(lottery + 1)",
            nn: "gruppe \(cls), loddnummer \(lottery + 1)")
    }
    var exportPrivate: String {
        s(
            "Eksport for private barnehager (CSV)", "Export for private kindergartens (CSV)",
            nn: "Eksport for private barnehagar (CSV)")
    }

    // The applicant
    var admissionOfferHeading: String { s("Barnehageopptaket", "The kindergarten admission", nn: "Barnehageopptaket") }
    func offerOf(_ name: String, _ due: String) -> String {
        s(
            "Tilbud om plass i \(name). Svar innen \(due).", "Offer of a place at \(name). Answer by \(due).",
            nn: "Tilbod om plass i \(name). Svar innan \(due).")
    }
    var offerAnswer: String { s("Ditt svar på tilbudet", "Your answer to the offer", nn: "Svaret ditt på tilbodet") }
    var answerAccept: String { s("Ja, vi tar imot plassen", "Yes, we accept the place", nn: "Ja, vi tek imot plassen") }
    var answerAcceptWait: String {
        s(
            "Ja, men vi vil stå på venteliste for barnehager vi ønsket høyere",
            "Yes, but keep us on the waiting list for higher wishes",
            nn: "Ja, men vi vil stå på venteliste for barnehagar vi ønskte høgare")
    }
    var answerDecline: String {
        s("Nei, vi tar ikke imot plassen", "No, we decline the place", nn: "Nei, vi tek ikkje imot plassen")
    }
    var sendOfferAnswer: String { s("Send svaret", "Send the answer") }
    var chooseAnAnswer: String { s("Velg et svar.", "Choose an answer.", nn: "Vel eit svar.") }
    var answerSaved: String { s("Svaret er registrert.", "The answer is registered.", nn: "Svaret er registrert.") }
    func admissionStatusText(_ e: AdmissionEntry.Status, _ name: String?) -> String {
        switch e {
        case .offered:
            s(
                "Tilbud om plass i \(name ?? "")", "Offer of a place at \(name ?? "")",
                nn: "Tilbod om plass i \(name ?? "")")
        case .noOffer:
            s(
                "Ingen plass i denne runden. Barnet står på venteliste.",
                "No place in this round. The child is on the waiting list.",
                nn: "Ingen plass i denne runden. Barnet står på venteliste.")
        case .accepted:
            s(
                "Dere har tatt imot plassen i \(name ?? "").", "You accepted the place at \(name ?? "").",
                nn: "De har teke imot plassen i \(name ?? "").")
        case .acceptedWaiting:
            s(
                "Dere har tatt imot plassen i \(name ?? "") og står på venteliste for høyere ønsker.",
                "You accepted the place at \(name ?? "") and wait for higher wishes.",
                nn: "De har teke imot plassen i \(name ?? "") og står på venteliste for høgare ønske.")
        case .declined: s("Dere takket nei til plassen.", "You declined the place.", nn: "De takka nei til plassen.")
        case .expired:
            s(
                "Tilbudet ble ikke besvart i tide og regnes som avslått.",
                "The offer was not answered in time and counts as declined.",
                nn: "Tilbodet vart ikkje svart på i tide og blir rekna som avslått.")
        }
    }
    var changeWishes: String { s("Endre ønskene", "Change the wishes", nn: "Endre ønska") }
    var changeWishesIntro: String {
        s(
            "Du kan endre rekkefølgen og barnehagene fram til søknadsfristen. Søknaden blir stående som den kom inn; endringen blir journalført.",
            "You can change the order and the kindergartens until the deadline. The application stays as received; the change is journaled.",
            nn:
                "Du kan endre rekkjefølgja og barnehagane fram til søknadsfristen. Søknaden blir ståande slik han kom inn; endringa blir journalført."
        )
    }
    func wishLabel(_ n: Int) -> String { s("\(n). ønske", "Wish \(n)", nn: "\(n). ønske") }
    var noWish: String { s("Ingen", "None", nn: "Ingen") }
    var firstWishNeeded: String {
        s("Velg en barnehage fra listen.", "Choose a kindergarten from the list.", nn: "Vel ein barnehage frå lista.")
    }
    var wishTwice: String {
        s(
            "Denne barnehagen står allerede høyere på listen.", "This kindergarten is already higher on the list.",
            nn: "Denne barnehagen står alt høgare på lista.")
    }
    var wishesChanged: String { s("Ønskene er endret.", "The wishes are changed.", nn: "Ønska er endra.") }
    var whyNotHigher: String {
        s("Hvorfor ikke et høyere ønske?", "Why not a higher wish?", nn: "Kvifor ikkje eit høgare ønske?")
    }
    func explanationLine(_ name: String, _ cls: Int, _ lottery: Int, _ cutoff: (cls: Int, lottery: Int)?) -> String {
        guard let cutoff else {
            return s(
                "\(name): ingen plasser for barnets aldersgruppe.", "\(name): no places for the child's age group.",
                nn: "\(name): ingen plassar for aldersgruppa til barnet.")
        }
        return s(
            "\(name): barnet hadde prioritetsgruppe \(cls) og loddnummer \(lottery + 1). Plassene gikk ut ved gruppe \(cutoff.cls), loddnummer \(cutoff.lottery + 1).",
            "\(name): the child had priority group \(cls) and lottery number \(lottery + 1). The places ran out at group \(cutoff.cls), lottery number \(cutoff.lottery + 1).",
            nn:
                "\(name): barnet hadde prioritetsgruppe \(cls) og loddnummer \(lottery + 1). Plassane gjekk ut ved gruppe \(cutoff.cls), loddnummer \(cutoff.lottery + 1)."
        )
    }
    var explanationNote: String {
        s(
            "Gruppe 1 går først (barnehageloven § 18), så kommunens kriterier i rekkefølge. Innen en gruppe avgjør loddtrekningen, som er trukket én gang for hele runden. Du kan be om en nærmere begrunnelse eller klage under saken.",
            "Group 1 goes first (Kindergarten Act § 18), then the kommune's criteria in order. Within a group the lottery decides, drawn once for the whole round. You can ask for a fuller explanation or appeal under the case.",
            nn:
                "Gruppe 1 går først (barnehagelova § 18), så kriteria til kommunen i rekkjefølgje. Innan ei gruppe avgjer loddtrekninga, som er trekt éin gong for heile runden. Du kan be om ei nærare grunngiving eller klage under saka."
        )
    }
}
