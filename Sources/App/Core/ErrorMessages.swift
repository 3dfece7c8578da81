import RadhusCore

/// The errors met in more than one place, in bokmål, English and nynorsk (issue 19), for
/// `RadhusError.localized`; an error met in one place is written where it is thrown.
enum ErrorMessages {
    /// A neighbour's link (issue 24) that names no notice, or whose comment deadline passed.
    static let thirdPartyLinkUnknown = LocalizedText(
        nb: "Fant ikke nabovarselet. Sjekk at du har skrevet av hele lenken fra brevet.",
        en: "The neighbour notice was not found. Check that you copied the whole link from the letter.",
        nn: "Fann ikkje nabovarselet. Sjekk at du har skrive av heile lenkja frå brevet.")
    static let thirdPartyLinkExpired = LocalizedText(
        nb:
            "Fristen for merknader til dette nabovarselet har gått ut, og lenken virker ikke lenger. Kontakt kommunen hvis du vil si noe om saken.",
        en:
            "The deadline for comments on this neighbour notice has passed, and the link no longer works. Contact the kommune if you want to say something about the case.",
        nn:
            "Fristen for merknader til dette nabovarselet har gått ut, og lenkja verkar ikkje lenger. Kontakt kommunen om du vil seie noko om saka."
    )
    static let tooLarge = LocalizedText(
        nb: "Det du sendte er for stort. Kort ned teksten og prøv igjen.",
        en: "What you sent is too large. Shorten the text and try again.",
        nn: "Det du sende, er for stort. Kort ned teksten og prøv igjen.")
    static let unreadableForm = LocalizedText(
        nb: "Noe i skjemaet kunne ikke leses. Gå tilbake og prøv igjen.",
        en: "Something in the form could not be read. Go back and try again.",
        nn: "Noko i skjemaet kunne ikkje lesast. Gå tilbake og prøv igjen.")
    static let ours = LocalizedText(
        nb: "Noe gikk galt hos oss. Ingenting er lagret. Prøv igjen om litt.",
        en: "Something went wrong on our side. Nothing was saved. Try again in a little while.",
        nn: "Noko gjekk gale hos oss. Ingenting er lagra. Prøv igjen om litt.")
    static let logIn = LocalizedText(nb: "Du må logge inn.", en: "You need to log in.", nn: "Du må logge inn.")
    static let logInAsStaff = LocalizedText(
        nb: "Du må logge inn som ansatt.", en: "You need to log in as staff.", nn: "Du må logge inn som tilsett.")
    static let caseNotFound = LocalizedText(
        nb: "Fant ikke saken.", en: "The case was not found.", nn: "Fann ikkje saka.")
    static let meetingNotFound = LocalizedText(
        nb: "Fant ikke møtet (det kan være avlyst).", en: "The meeting was not found (it may be cancelled).",
        nn: "Fann ikkje møtet (det kan vere avlyst).")
    static let wishesClosed = LocalizedText(
        nb: "Ønskene kan ikke endres nå: søknadsfristen er ute eller fordelingen er kjørt. Skriv til kommunen i saken.",
        en:
            "The wishes cannot be changed now: the deadline has passed or the matching has run. Write to the kommune in the case.",
        nn: "Ønska kan ikkje endrast no: søknadsfristen er ute eller fordelinga er køyrd. Skriv til kommunen i saka.")
    static let roundNotFound = LocalizedText(
        nb: "Fant ikke opptaksrunden.", en: "The admission round was not found.", nn: "Fann ikkje opptaksrunden.")
    static let offerNotFound = LocalizedText(
        nb: "Det er ikke noe tilbud å svare på i denne saken.", en: "There is no offer to answer in this case.",
        nn: "Det er ikkje noko tilbod å svare på i denne saka.")
    static let offerExpired = LocalizedText(
        nb: "Svarfristen for tilbudet er ute. Skriv til kommunen i saken.",
        en: "The offer's answer deadline has passed. Write to the kommune in the case.",
        nn: "Svarfristen for tilbodet er ute. Skriv til kommunen i saka.")
    static let noMeetings = LocalizedText(
        nb: "Rollen din har ikke møter med søkere.", en: "Your role does not meet applicants.",
        nn: "Rolla di har ikkje møte med søkjarar.")
    static let noCaseAccess = LocalizedText(
        nb: "Rollen din gir ikke tilgang til saker.", en: "Your role gives no access to cases.",
        nn: "Rolla di gir ikkje tilgang til saker.")
    static let shipmentNotFound = LocalizedText(
        nb: "Fant ikke forsendelsen.", en: "The shipment was not found.", nn: "Fann ikkje forsendinga.")
    static let serviceNotUsed = LocalizedText(
        nb: "Kommunen bruker ikke denne tjenesten.", en: "The municipality does not use this service.",
        nn: "Kommunen bruker ikkje denne tenesta.")
    static let letterNotFound = LocalizedText(
        nb: "Fant ikke brevet.", en: "The letter was not found.", nn: "Fann ikkje brevet.")
    static let draftNotFound = LocalizedText(
        nb: "Fant ikke utkastet.", en: "The draft was not found.", nn: "Fann ikkje utkastet.")
    static let attachmentNotFound = LocalizedText(
        nb: "Fant ikke vedlegget.", en: "The attachment was not found.", nn: "Fann ikkje vedlegget.")
    static let journalEntryNotFound = LocalizedText(
        nb: "Fant ikke journalposten.", en: "The journal entry was not found.", nn: "Fann ikkje journalposten.")
    static let versionNotFound = LocalizedText(
        nb: "Fant ikke den versjonen av tjenesten.", en: "That version of the service was not found.",
        nn: "Fann ikkje den versjonen av tenesta.")
    static let sendKeyMissing = LocalizedText(
        nb: "Innsendingen mangler nøkkel. Gå tilbake og send på nytt.",
        en: "The submission has no key. Go back and send it again.",
        nn: "Innsendinga manglar nøkkel. Gå tilbake og send på nytt.")
    static let keyUsed = LocalizedText(
        nb: "Innsendingsnøkkelen er allerede brukt.", en: "The submission key has been used already.",
        nn: "Innsendingsnøkkelen er alt brukt.")
    static let testLoginInProduction = LocalizedText(
        nb: "Testinnlogging finnes ikke i produksjon.", en: "The test login does not exist in production.",
        nn: "Testinnlogging finst ikkje i produksjon.")
    static let notMultipart = LocalizedText(
        nb: "Skjemaet må sendes som multipart/form-data.", en: "The form must be sent as multipart/form-data.",
        nn: "Skjemaet må sendast som multipart/form-data.")
    static let tooMuchText = LocalizedText(
        nb: "Skjemaet har for mye tekst.", en: "The form has too much text.", nn: "Skjemaet har for mykje tekst.")
    static let uploadUnreadable = LocalizedText(
        nb: "Skjemaet kunne ikke leses. Last inn siden på nytt og prøv igjen.",
        en: "The form could not be read. Reload the page and try again.",
        nn: "Skjemaet kunne ikkje lesast. Last inn sida på nytt og prøv igjen.")

    static func noKommune(_ number: String) -> LocalizedText {
        LocalizedText(
            nb: "Vi fant ingen kommune med nummer «\(number)» i Radhus.",
            en: "We found no municipality numbered “\(number)” in Radhus.",
            nn: "Vi fann ingen kommune med nummer «\(number)» i Radhus.")
    }
    static func noService(_ kommune: String, _ id: String) -> LocalizedText {
        LocalizedText(
            nb: "\(kommune) tilbyr ingen tjeneste som heter «\(id)» i Radhus.",
            en: "\(kommune) offers no service called “\(id)” in Radhus.",
            nn: "\(kommune) tilbyr inga teneste som heiter «\(id)» i Radhus.")
    }
    static func notInCatalogue(_ id: String) -> LocalizedText {
        LocalizedText(
            nb: "Katalogen har ingen tjeneste som heter «\(id)».", en: "The catalogue has no service called “\(id)”.",
            nn: "Katalogen har inga teneste som heiter «\(id)».")
    }
}
