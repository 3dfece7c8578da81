import Foundation
import RadhusCore

/// The dialogue on a case (issue 20), for the caseworker and the applicant.
extension Strings {
    var dialogueHeading: String { s("Dialog med søker", "Dialogue with the applicant", nn: "Dialog med søkjar") }
    var messagesHeading: String { s("Meldinger", "Messages", nn: "Meldingar") }
    var noMessagesYet: String { s("Ingen meldinger ennå.", "No messages yet.", nn: "Ingen meldingar enno.") }
    var fromApplicant: String { s("Fra søker", "From the applicant", nn: "Frå søkjar") }
    var fromYou: String { s("Fra deg", "From you", nn: "Frå deg") }
    func fromKommune(_ name: String) -> String { s("Fra \(name)", "From \(name)", nn: "Frå \(name)") }
    var internalNoteLabel: String {
        s(
            "Internt notat – vises ikke for søker", "Internal note – not shown to the applicant",
            nn: "Internt notat – visest ikkje for søkjar")
    }
    var answersRequest: String { s("Svar på forespørsel", "Answer to a request", nn: "Svar på førespurnad") }
    var requestLabel: String {
        s("Forespørsel om opplysninger", "Request for information", nn: "Førespurnad om opplysningar")
    }
    var writeToApplicant: String { s("Skriv til søker", "Write to the applicant", nn: "Skriv til søkjar") }
    var messageToApplicantHint: String {
        s(
            "Meldingen sendes som brev til søkerens innboks, med varsel på e-post, og journalføres.",
            "The message goes as a letter to the applicant's inbox, with an e-mail notice, and is journaled.",
            nn: "Meldinga blir send som brev til innboksen til søkjaren, med varsel på e-post, og blir journalført.")
    }
    var messageText: String { s("Melding", "Message", nn: "Melding") }
    var sendMessage: String { s("Send meldingen", "Send the message", nn: "Send meldinga") }
    var askForInformation: String {
        s("Be om flere opplysninger", "Ask for more information", nn: "Be om fleire opplysningar")
    }
    var whatIsNeeded: String {
        s("Hva trenger dere fra søker?", "What do you need from the applicant?", nn: "Kva treng de frå søkjaren?")
    }
    var whatIsNeededHint: String {
        s(
            "Skriv konkret hvilke dokumenter eller svar som mangler. Saken står som «Venter på søker» til svaret kommer.",
            "Say exactly which documents or answers are missing. The case shows “Waiting for the applicant” until the answer comes.",
            nn: "Skriv konkret kva dokument eller svar som manglar. Saka står som «Ventar på søkjar» til svaret kjem.")
    }
    var dueDate: String { s("Svarfrist", "Due date", nn: "Svarfrist") }
    var dueDateHint: String {
        s(
            "Som dd.mm.åååå. Søker får en påminnelse to dager før.",
            "As dd.mm.yyyy. The applicant gets a reminder two days before.",
            nn: "Som dd.mm.åååå. Søkjaren får ei påminning to dagar før.")
    }
    func deadlinePauses(_ basis: String) -> String {
        s(
            "Saksbehandlingsfristen står stille mens saken venter på søker (\(basis)).",
            "The case's deadline stands still while the case waits for the applicant (\(basis)).",
            nn: "Saksbehandlingsfristen står stille medan saka ventar på søkjar (\(basis)).")
    }
    var deadlineRuns: String {
        s(
            "Saksbehandlingsfristen løper også mens saken venter på søker.",
            "The case's deadline runs on while the case waits for the applicant.",
            nn: "Saksbehandlingsfristen går også medan saka ventar på søkjar.")
    }
    var sendInformationRequest: String { s("Send forespørselen", "Send the request", nn: "Send førespurnaden") }
    var writeNote: String { s("Skriv internt notat", "Write an internal note", nn: "Skriv internt notat") }
    var noteText: String { s("Notat", "Note", nn: "Notat") }
    var noteHint: String {
        s(
            "Notatet vises bare for ansatte i kommunen. Det sendes ikke til søker og journalføres ikke.",
            "The note is shown only to the municipality's staff. It is not sent to the applicant and not journaled.",
            nn: "Notatet blir berre vist for tilsette i kommunen. Det blir ikkje sendt til søkjar og ikkje journalført."
        )
    }
    var saveNote: String { s("Lagre notatet", "Save the note", nn: "Lagre notatet") }
    func waitingForApplicantUntil(_ date: String) -> String {
        s(
            "Venter på svar fra søker innen \(date).", "Waiting for the applicant's answer by \(date).",
            nn: "Ventar på svar frå søkjar innan \(date).")
    }
    var withdrawRequest: String { s("Trekk forespørselen", "Withdraw the request", nn: "Trekk førespurnaden") }
    var attentionAnswered: String { s("Svar mottatt", "Answer received", nn: "Svar motteke") }
    var attentionExpired: String { s("Svarfrist gått ut", "Due date passed", nn: "Svarfrist gått ut") }
    var attentionMessage: String { s("Ny melding", "New message", nn: "Ny melding") }
    func attentionLabel(_ a: CaseAttention) -> String {
        switch a {
        case .answered: attentionAnswered
        case .expired: attentionExpired
        case .message: attentionMessage
        case .review: s("Ber om vurdering", "Review asked for", nn: "Ber om vurdering")
        case .quashed:
            s("Opphevet av klageinstansen", "Quashed by the appeal body", nn: "Oppheva av klageinstansen")
        case .returned: s("Forslag returnert", "Proposal returned", nn: "Framlegg returnert")
        }
    }
    var caseworker: String { s("Saksbehandler", "Caseworker", nn: "Saksbehandlar") }
    var unassigned: String { s("Ikke tildelt", "Unassigned", nn: "Ikkje tildelt") }
    var takeCase: String { s("Ta saken", "Take the case", nn: "Ta saka") }
    var assign: String { s("Tildel", "Assign", nn: "Tildel") }
    var assignTo: String { s("Tildel til", "Assign to", nn: "Tildel til") }
    var applicantNameSearch: String { s("Søkerens navn", "Applicant's name", nn: "Namnet til søkjaren") }
    var nameSearchLogged: String {
        s(
            "Navnesøk føres i tilgangsloggen for hver sak som ble funnet.",
            "A name search is recorded in the access log for each case found.",
            nn: "Namnesøk blir ført i tilgangsloggen for kvar sak som vart funnen.")
    }
    var savedFilters: String { s("Lagrede filtre", "Saved filters", nn: "Lagra filter") }
    func deleteFilter(_ name: String) -> String {
        s("Slett filteret «\(name)»", "Delete the filter “\(name)”", nn: "Slett filteret «\(name)»")
    }
    var saveThisFilter: String { s("Lagre dette filteret", "Save this filter", nn: "Lagre dette filteret") }
    var filterName: String { s("Navn på filteret", "Name of the filter", nn: "Namn på filteret") }
    var saveFilter: String { s("Lagre", "Save", nn: "Lagre") }
    var choose: String { s("Velg", "Choose", nn: "Vel") }
    func chooseCase(_ n: String) -> String { s("Velg sak \(n)", "Choose case \(n)", nn: "Vel sak \(n)") }
    var assignChosenTo: String {
        s("Tildel valgte saker til", "Assign the chosen cases to", nn: "Tildel valde saker til")
    }
    var assignChosen: String { s("Tildel valgte", "Assign chosen", nn: "Tildel valde") }
    var toMe: String { s("Meg", "Me", nn: "Meg") }
    var assignedFilter: String { s("Tildelt", "Assigned", nn: "Tildelt") }
    var assignedAnyone: String { s("Alle", "Anyone", nn: "Alle") }
    var assignedToMe: String { s("Mine saker", "My cases", nn: "Mine saker") }
    var messageSentFlash: String {
        s("Meldingen er sendt til søker.", "The message was sent to the applicant.", nn: "Meldinga er send til søkjar.")
    }
    var noteSavedFlash: String { s("Notatet er lagret.", "The note is saved.", nn: "Notatet er lagra.") }
    var requestSentFlash: String {
        s(
            "Forespørselen er sendt. Saken venter på søker.", "The request was sent. The case waits for the applicant.",
            nn: "Førespurnaden er send. Saka ventar på søkjar.")
    }
    var requestWithdrawnFlash: String {
        s(
            "Forespørselen er trukket. Saken er tilbake hos deg.",
            "The request is withdrawn. The case is back with you.",
            nn: "Førespurnaden er trekt. Saka er tilbake hos deg.")
    }
    var sendPreliminaryAnswer: String {
        s("Send foreløpig svar", "Send a preliminary answer", nn: "Send førebels svar")
    }
    var preliminaryReason: String {
        s("Hvorfor tar saken tid?", "Why does the case take time?", nn: "Kvifor tek saka tid?")
    }
    var preliminaryReasonHint: String {
        s(
            "Forvaltningsloven § 11 a: søker skal få vite hvorfor og når svaret kan ventes. Brevet sendes til innboksen og journalføres.",
            "Forvaltningsloven § 11 a: the applicant is told why, and when an answer can be expected. The letter goes to the inbox and is journaled.",
            nn:
                "Forvaltningslova § 11 a: søkjaren skal få vite kvifor og når svaret kan ventast. Brevet blir sendt til innboksen og journalført."
        )
    }
    var expectedAnswerDate: String { s("Svar kan ventes innen", "Answer expected by", nn: "Svar kan ventast innan") }
    var expectedAnswerDateHint: String { s("Som dd.mm.åååå.", "As dd.mm.yyyy.", nn: "Som dd.mm.åååå.") }
    func preliminaryGoesOut(_ date: String) -> String {
        s(
            "Hvis saken ikke er avgjort, sendes et foreløpig svar automatisk \(date) (forvaltningsloven § 11 a).",
            "If the case is not decided, a preliminary answer goes out automatically on \(date) (forvaltningsloven § 11 a).",
            nn: "Om saka ikkje er avgjord, blir eit førebels svar sendt automatisk \(date) (forvaltningslova § 11 a).")
    }
    func preliminarySoon(_ date: String) -> String {
        s("Foreløpig svar \(date)", "Preliminary answer \(date)", nn: "Førebels svar \(date)")
    }
    var preliminarySentFlash: String {
        s("Det foreløpige svaret er sendt.", "The preliminary answer was sent.", nn: "Det førebelse svaret er sendt.")
    }
    var assignedFlash: String { s("Saken er tildelt.", "The case is assigned.", nn: "Saka er tildelt.") }

    // Review of an automated decision
    var reviewHeading: String {
        s(
            "Be om at en saksbehandler vurderer vedtaket", "Ask a caseworker to review the decision",
            nn: "Be om at ein saksbehandlar vurderer vedtaket")
    }
    var reviewIntro: String {
        s(
            "Vedtaket ble fattet automatisk etter kommunens regler. Du har rett til å få saken vurdert av en saksbehandler. Saken åpnes igjen, og du får et nytt vedtak.",
            "The decision was made automatically by the municipality's rules. You have the right to have the case reviewed by a caseworker. The case opens again, and you get a new decision.",
            nn:
                "Vedtaket vart gjort automatisk etter reglane til kommunen. Du har rett til å få saka vurdert av ein saksbehandlar. Saka blir opna igjen, og du får eit nytt vedtak."
        )
    }
    var reviewReason: String {
        s(
            "Hva mener du er feil? (valgfritt)", "What do you think is wrong? (optional)",
            nn: "Kva meiner du er feil? (valfritt)")
    }
    var askForReview: String { s("Be om vurdering", "Ask for a review", nn: "Be om vurdering") }
    var reviewRequestedFlash: String {
        s(
            "Saken er sendt til en saksbehandler. Du får et nytt vedtak.",
            "The case was sent to a caseworker. You will get a new decision.",
            nn: "Saka er send til ein saksbehandlar. Du får eit nytt vedtak.")
    }
    var reviewFromLetter: String {
        s(
            "Be om at en saksbehandler vurderer vedtaket", "Ask a caseworker to review the decision",
            nn: "Be om at ein saksbehandlar vurderer vedtaket")
    }
    var earlierDecision: String { s("Tidligere vedtak", "Earlier decision", nn: "Tidlegare vedtak") }
    var reviewAskedOnCase: String {
        s(
            "Søker har bedt om at en saksbehandler vurderer det automatiske vedtaket. Regelvurderingen står under; det nye vedtaket ditt erstatter det automatiske.",
            "The applicant asked a caseworker to review the automated decision. The rule assessment is below; your new decision replaces the automated one.",
            nn:
                "Søkjar har bede om at ein saksbehandlar vurderer det automatiske vedtaket. Regelvurderinga står under; det nye vedtaket ditt erstattar det automatiske."
        )
    }

    // The applicant's side
    var waitingForYou: String {
        s(
            "Kommunen venter på svar fra deg", "The municipality is waiting for your answer",
            nn: "Kommunen ventar på svar frå deg")
    }
    func answerByDate(_ date: String) -> String {
        s(
            "Svar innen \(date). Svarer du ikke, behandler kommunen saken med opplysningene den har.",
            "Answer by \(date). If you do not, the municipality decides on what it has.",
            nn: "Svar innan \(date). Svarar du ikkje, behandlar kommunen saka med opplysningane han har.")
    }
    var yourAnswer: String { s("Ditt svar", "Your answer", nn: "Svaret ditt") }
    var writeToKommune: String { s("Skriv til kommunen", "Write to the municipality", nn: "Skriv til kommunen") }
    var citizenMessageHint: String {
        s(
            "Meldingen legges i saken din og journalføres. Kommunen svarer i innboksen din.",
            "The message is added to your case and journaled. The municipality answers in your inbox.",
            nn: "Meldinga blir lagd i saka di og journalført. Kommunen svarar i innboksen din.")
    }
    var sendAnswer: String { s("Send svaret", "Send the answer", nn: "Send svaret") }
    var citizenSentFlash: String {
        s(
            "Meldingen er sendt. Den står nå i saken din.", "The message was sent. It is now in your case.",
            nn: "Meldinga er send. Ho står no i saka di.")
    }
}
