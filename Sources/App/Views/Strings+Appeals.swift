import Foundation
import RadhusCore

/// Appeals (klage, issue 20), for the applicant, the caseworker and the kommune's settings.
extension Strings {
    // The applicant
    var appealHeading: String { s("Klage på vedtaket", "Appeal against the decision", nn: "Klage på vedtaket") }
    func appealIntro(_ deadline: String) -> String {
        s(
            "Er du uenig i vedtaket, kan du klage. Fristen er \(deadline): tre uker fra vedtaket kom fram til deg (forvaltningsloven § 29). Skriv hva du er uenig i og hvorfor. Kommunen ser på saken på nytt, og opprettholder den vedtaket, sender den klagen til klageinstansen.",
            "If you disagree with the decision, you can appeal. The deadline is \(deadline): three weeks from when the decision reached you (Public Administration Act § 29). Write what you disagree with and why. The kommune looks at the case again, and if it upholds the decision, it sends the appeal to the appeal body.",
            nn:
                "Er du usamd i vedtaket, kan du klage. Fristen er \(deadline): tre veker frå vedtaket kom fram til deg (forvaltningslova § 29). Skriv kva du er usamd i og kvifor. Kommunen ser på saka på nytt, og held han oppe vedtaket, sender han klaga til klageinstansen."
        )
    }
    func appealLate(_ deadline: String) -> String {
        s(
            "Klagefristen gikk ut \(deadline). Du kan likevel klage: skriv hvorfor klagen kommer for sent, så vurderer kommunen om den kan behandles (forvaltningsloven § 31).",
            "The deadline to appeal passed on \(deadline). You can still appeal: write why the appeal is late, and the kommune will consider whether it can be heard (Public Administration Act § 31).",
            nn:
                "Klagefristen gjekk ut \(deadline). Du kan likevel klage: skriv kvifor klaga kjem for seint, så vurderer kommunen om ho kan behandlast (forvaltningslova § 31)."
        )
    }
    var appealTextLabel: String {
        s("Hva klager du på, og hvorfor?", "What do you appeal against, and why?", nn: "Kva klagar du på, og kvifor?")
    }
    var appealLateReasonLabel: String {
        s(
            "Hvorfor klager du etter fristen?", "Why do you appeal after the deadline?",
            nn: "Kvifor klagar du etter fristen?")
    }
    var sendAppeal: String { s("Send klagen", "Send the appeal", nn: "Send klaga") }
    var appealSentFlash: String {
        s(
            "Klagen er sendt. Den er en egen sak, som du følger her.",
            "The appeal is sent. It is a case of its own, which you follow here.",
            nn: "Klaga er send. Ho er ei eiga sak, som du følgjer her.")
    }
    func caseAppealedIn(_ number: String) -> String {
        s(
            "Vedtaket er påklaget. Klagen behandles i sak \(number).",
            "The decision is appealed. The appeal is handled in case \(number).",
            nn: "Vedtaket er påklaga. Klaga blir behandla i sak \(number).")
    }
    func appealAgainst(_ number: String) -> String {
        s(
            "Klage på vedtaket i sak \(number)", "Appeal against the decision in case \(number)",
            nn: "Klage på vedtaket i sak \(number)")
    }
    var yourAppeal: String { s("Klagen din", "Your appeal", nn: "Klaga di") }
    var theAppeal: String { s("Klagen", "The appeal", nn: "Klaga") }
    var appealTag: String { s("Klage", "Appeal", nn: "Klage") }

    // The caseworker
    var appealLodged: String { s("Klagen kom", "Appeal received", nn: "Klaga kom") }
    var appealDeadline: String { s("Klagefrist", "Deadline to appeal", nn: "Klagefrist") }
    var appealBody: String { s("Klageinstans", "Appeal body", nn: "Klageinstans") }
    func appealLateWarning(_ reason: String) -> String {
        s(
            "Klagen kom etter fristen. Vurder om den kan behandles likevel (forvaltningsloven § 31). Søkerens begrunnelse: \(reason)",
            "The appeal came after the deadline. Consider whether it can still be heard (Public Administration Act § 31). The applicant's reason: \(reason)",
            nn:
                "Klaga kom etter fristen. Vurder om ho kan behandlast likevel (forvaltningslova § 31). Grunngivinga til søkjaren: \(reason)"
        )
    }
    var reverseHeading: String { s("Omgjør vedtaket", "Reverse the decision", nn: "Gjer om vedtaket") }
    var reverseIntro: String {
        s(
            "Gir du klageren medhold, helt eller delvis, fatter du et nytt vedtak i saken det klages på (forvaltningsloven § 33 andre ledd). Søkeren får det som brev, og klagen avsluttes.",
            "If you find for the appellant, wholly or partly, you make a new decision in the appealed case (Public Administration Act § 33 second paragraph). The applicant gets it as a letter, and the appeal closes.",
            nn:
                "Gir du klagaren medhald, heilt eller delvis, gjer du eit nytt vedtak i saka det blir klaga på (forvaltningslova § 33 andre ledd). Søkjaren får det som brev, og klaga blir avslutta."
        )
    }
    func forwardHeading(_ body: String) -> String {
        s(
            "Oppretthold vedtaket og send klagen til \(body)", "Uphold the decision and send the appeal to \(body)",
            nn: "Hald oppe vedtaket og send klaga til \(body)")
    }
    var assessmentLabel: String {
        s(
            "Kommunens vurdering av klagen", "The kommune's assessment of the appeal",
            nn: "Vurderinga til kommunen av klaga")
    }
    var assessmentHint: String {
        s(
            "Sendes klageinstansen sammen med sakens dokumenter; søkeren får kopi og kan komme med merknader.",
            "Sent to the appeal body with the case documents; the applicant gets a copy and may comment.",
            nn: "Blir send klageinstansen saman med dokumenta i saka; søkjaren får kopi og kan kome med merknader.")
    }
    var forwardButton: String { s("Send til klageinstansen", "Send to the appeal body", nn: "Send til klageinstansen") }
    func bodyAddressMissing(_ body: String) -> String {
        s(
            "Kommunen har ikke satt adressen til \(body). En administrator setter den under «Utsending».",
            "The kommune has not set the address of \(body). An administrator sets it under “Dispatch”.",
            nn: "Kommunen har ikkje sett adressa til \(body). Ein administrator set ho under «Utsending».")
    }
    var outcomeHeading: String {
        s(
            "Registrer klageinstansens avgjørelse", "Register the appeal body's decision",
            nn: "Registrer avgjerda til klageinstansen")
    }
    var outcomeIntro: String {
        s(
            "Når klageinstansens vedtak kommer: stadfestet avslutter begge sakene; opphevet sender saken tilbake til behandling. Endret klageinstansen vedtaket, registrerer du det nye vedtaket under.",
            "When the appeal body's decision comes: upheld closes both cases; quashed sends the case back for processing. If the appeal body changed the decision, register the new decision below.",
            nn:
                "Når vedtaket til klageinstansen kjem: stadfesta avsluttar begge sakene; oppheva sender saka tilbake til behandling. Endra klageinstansen vedtaket, registrerer du det nye vedtaket under."
        )
    }
    var outcomeChoice: String { s("Klageinstansen", "The appeal body", nn: "Klageinstansen") }
    var outcomeNoteLabel: String {
        s(
            "Hva kom klageinstansen til? Dato og kort sammendrag",
            "What did the appeal body decide? Date and a short summary",
            nn: "Kva kom klageinstansen til? Dato og kort samandrag")
    }
    var registerOutcome: String { s("Registrer avgjørelsen", "Register the decision", nn: "Registrer avgjerda") }
    var changedHeading: String {
        s("Klageinstansen endret vedtaket", "The appeal body changed the decision", nn: "Klageinstansen endra vedtaket")
    }
    var changedIntro: String {
        s(
            "Registrer det nye vedtaket slik klageinstansen fattet det. Søkeren får det som brev, og begge sakene avsluttes.",
            "Register the new decision as the appeal body made it. The applicant gets it as a letter, and both cases close.",
            nn:
                "Registrer det nye vedtaket slik klageinstansen gjorde det. Søkjaren får det som brev, og begge sakene blir avslutta."
        )
    }
    func appealOutcomeLabel(_ o: AppealOutcome) -> String {
        switch o {
        case .reversedByKommune: s("Omgjort av kommunen", "Reversed by the kommune", nn: "Gjort om av kommunen")
        case .upheld: s("Stadfestet", "Upheld", nn: "Stadfesta")
        case .changed: s("Endret av klageinstansen", "Changed by the appeal body", nn: "Endra av klageinstansen")
        case .quashed:
            s("Opphevet – behandles på nytt", "Quashed – processed anew", nn: "Oppheva – blir behandla på nytt")
        }
    }
    var appealOutcome: String { s("Utfall", "Outcome", nn: "Utfall") }
    var forwardedFlash: String {
        s(
            "Klagen er sendt til klageinstansen med sakens dokumenter, og søkeren har fått kopi.",
            "The appeal is sent to the appeal body with the case documents, and the applicant has a copy.",
            nn: "Klaga er send til klageinstansen med dokumenta i saka, og søkjaren har fått kopi.")
    }
    var outcomeFlash: String {
        s("Avgjørelsen er registrert.", "The decision is registered.", nn: "Avgjerda er registrert.")
    }

    // The kommune's settings
    var appealBodiesHeading: String { s("Klageinstanser", "Appeal bodies", nn: "Klageinstansar") }
    var appealBodiesHint: String {
        s(
            "Hit sendes klager kommunen opprettholder, med sakens dokumenter, etter hva tjenesten sier om klageinstans.",
            "Appeals the kommune upholds go here with the case documents, by what the service names as appeal body.",
            nn:
                "Hit blir klager kommunen held oppe sende, med dokumenta i saka, etter kva tenesta seier om klageinstans."
        )
    }
    var statsforvalterenAddress: String {
        s(
            "Statsforvalterens e-postadresse", "The statsforvalter's e-mail address",
            nn: "E-postadressa til statsforvaltaren")
    }
    var klagenemndAddress: String {
        s("Klagenemndas e-postadresse", "The appeals board's e-mail address", nn: "E-postadressa til klagenemnda")
    }

    // The two-person check
    var twoPersonCheckLabel: String {
        s(
            "Krev to-trinns kontroll: en annen saksbehandler godkjenner hvert vedtak",
            "Require the two-person check: another caseworker approves each decision",
            nn: "Krev to-trinns kontroll: ein annan saksbehandlar godkjenner kvart vedtak")
    }
    var twoPersonCheckHint: String {
        s(
            "Vedtaket blir et forslag til en annen saksbehandler har godkjent det. Gjelder vedtak fattet av saksbehandlere, ikke regelstyrte vedtak.",
            "The decision is a proposal until another caseworker approves it. Applies to decisions by caseworkers, not rule-based ones.",
            nn:
                "Vedtaket blir eit framlegg til ein annan saksbehandlar har godkjent det. Gjeld vedtak gjorde av saksbehandlarar, ikkje regelstyrte vedtak."
        )
    }
    var proposalHeading: String {
        s(
            "Forslag til vedtak – venter på godkjenning", "Proposed decision – waiting for approval",
            nn: "Framlegg til vedtak – ventar på godkjenning")
    }
    var proposedBy: String { s("Foreslått av", "Proposed by", nn: "Gjort framlegg av") }
    var waitingForSecondPerson: String {
        s(
            "En annen saksbehandler må godkjenne eller returnere forslaget.",
            "Another caseworker must approve or return the proposal.",
            nn: "Ein annan saksbehandlar må godkjenne eller returnere framlegget.")
    }
    var approveAndSend: String {
        s("Godkjenn og send vedtaket", "Approve and send the decision", nn: "Godkjenn og send vedtaket")
    }
    var returnReason: String {
        s(
            "Hvorfor sendes forslaget tilbake?", "Why is the proposal returned?",
            nn: "Kvifor blir framlegget sendt tilbake?")
    }
    var returnReasonHint: String {
        s(
            "Lagres som internt notat på saken.", "Kept as an internal note on the case.",
            nn: "Blir lagra som internt notat på saka.")
    }
    var returnProposal: String { s("Send forslaget tilbake", "Return the proposal", nn: "Send framlegget tilbake") }
    var proposedFlash: String {
        s(
            "Forslaget til vedtak er lagret og venter på at en annen saksbehandler godkjenner det.",
            "The proposed decision is saved and waits for another caseworker's approval.",
            nn: "Framlegget til vedtak er lagra og ventar på at ein annan saksbehandlar godkjenner det.")
    }
    var proposalReturnedFlash: String {
        s("Forslaget er sendt tilbake.", "The proposal is returned.", nn: "Framlegget er sendt tilbake.")
    }

    // Files with a message
    var messageFiles: String { s("Vedlegg (valgfritt)", "Attachments (optional)", nn: "Vedlegg (valfritt)") }
    var downloadAttachments: String { s("Last ned vedleggene", "Download the attachments", nn: "Last ned vedlegga") }
    func workshopUnusedDecisionProblems(_ n: Int) -> String {
        s(
            "Regelfilen har \(n == 1 ? "en beslutning" : "\(n) beslutninger") som ikke kan kompileres. Tjenesten bruker \(n == 1 ? "den" : "dem") ikke, så den kan publiseres, men rett dem før noen tar dem i bruk:",
            "The rule file has \(n == 1 ? "a decision" : "\(n) decisions") that cannot be compiled. The service does not use \(n == 1 ? "it" : "them"), so it can be published, but fix them before anything uses them:",
            nn:
                "Regelfila har \(n == 1 ? "ei avgjerd" : "\(n) avgjerder") som ikkje kan kompilerast. Tenesta brukar \(n == 1 ? "henne" : "dei") ikkje, så ho kan publiserast, men rett dei før nokon tek dei i bruk:"
        )
    }
    var staffFilesHint: String {
        s(
            "PDF, JPG eller PNG, høyst 10 MB hver og 3 filer. De følger brevet: i innboksen, og skrevet ut om brevet går på papir.",
            "PDF, JPG or PNG, at most 10 MB each and 3 files. They go with the letter: in the inbox, and printed if the letter goes on paper.",
            nn:
                "PDF, JPG eller PNG, høgst 10 MB kvar og 3 filer. Dei følgjer brevet: i innboksen, og skrivne ut om brevet går på papir."
        )
    }
    var messageFilesHint: String {
        s(
            "PDF, JPG eller PNG, høyst 10 MB hver og 3 filer. Med vedlegg kan du la teksten stå tom.",
            "PDF, JPG or PNG, at most 10 MB each and 3 files. With attachments the text may be left empty.",
            nn: "PDF, JPG eller PNG, høgst 10 MB kvar og 3 filer. Med vedlegg kan du la teksten stå tom.")
    }
}
