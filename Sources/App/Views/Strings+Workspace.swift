import Foundation
import RadhusCore

/// The caseworker workspace's strings: bokmål, English, and nynorsk where it differs, as in `Strings`.
extension Strings {
    // Queue
    var casesTitle: String { s("Saker", "Cases") }
    func casesIn(_ kommune: String) -> String { s("Saker i \(kommune)", "Cases in \(kommune)") }
    var registerPaperLink: String {
        s(
            "Registrer en søknad som kom på papir", "Register an application that came on paper",
            nn: "Registrer ein søknad som kom på papir")
    }
    var findCase: String { s("Finn sak", "Find a case") }
    var findCaseHint: String {
        s(
            "Saksnummeret, for eksempel 2026/12.", "The case number, for example 2026/12.",
            nn: "Saksnummeret, til dømes 2026/12.")
    }
    var find: String { s("Finn", "Find") }
    var saksnummerFormat: String {
        s(
            "Skriv saksnummeret som år/nummer, for eksempel 2026/12.",
            "Write the case number as year/number, for example 2026/12.",
            nn: "Skriv saksnummeret som år/nummer, til dømes 2026/12.")
    }
    func noCaseWithNumber(_ n: String) -> String {
        s(
            "Kommunen har ingen sak med saksnummer \(n).", "The municipality has no case numbered \(n).",
            nn: "Kommunen har inga sak med saksnummer \(n).")
    }
    var allOpen: String { s("Alle åpne", "All open", nn: "Alle opne") }
    var all: String { s("Alle", "All") }
    var filter: String { s("Filtrer", "Filter") }
    func casesCount(_ n: Int) -> String { s("\(n) saker", "\(n) cases") }
    var noCasesMatch: String {
        s("Ingen saker passer med filteret.", "No cases match the filter.", nn: "Ingen saker passar med filteret.")
    }
    var caseList: String { s("Saksliste", "Case list") }
    var caseListCaption: String {
        s(
            "Saker sortert etter frist, tidligste først", "Cases sorted by deadline, earliest first",
            nn: "Saker sorterte etter frist, tidlegaste først")
    }
    var deadline: String { s("Frist", "Deadline") }
    var overdue: String { s("Over fristen", "Overdue") }
    var pagesLabel: String { s("Sider", "Pages") }
    var previousPage: String { s("Forrige side", "Previous page", nn: "Førre side") }
    var nextPage: String { s("Neste side", "Next page") }
    func pageOf(_ page: Int, _ pages: Int) -> String { s("Side \(page) av \(pages)", "Page \(page) of \(pages)") }

    // Case page
    func caseTitle(_ saksnummer: String) -> String { s("Sak \(saksnummer)", "Case \(saksnummer)") }
    func caseHeading(_ saksnummer: String, _ service: String) -> String {
        s("Sak \(saksnummer): \(service)", "Case \(saksnummer): \(service)")
    }
    var decidedFlash: String {
        s(
            "Vedtaket er fattet, og brevet ligger i innbyggerens innboks.",
            "The decision is made, and the letter is in the citizen's inbox.",
            nn: "Vedtaket er gjort, og brevet ligg i innboksen til innbyggjaren.")
    }
    var stoppedFlash: String {
        s(
            "Forsendelsen er stoppet. Brevet sendes ikke på papir; håndter det manuelt.",
            "The shipment is stopped. The letter will not be printed; handle it manually.",
            nn: "Forsendinga er stoppa. Brevet blir ikkje sendt på papir; handter det manuelt.")
    }
    var applicantNumber: String {
        s("Søkerens fødselsnummer", "The applicant's national identity number", nn: "Fødselsnummeret til søkjaren")
    }
    var revealNumber: String {
        s(
            "Vis hele fødselsnummeret (logges)", "Show the whole number (logged)",
            nn: "Vis heile fødselsnummeret (blir logga)")
    }
    var channel: String { s("Kanal", "Channel") }
    func channelLabel(_ c: SubmissionChannel) -> String { c == .paper ? s("Papir", "Paper") : s("Digital", "Digital") }
    var theApplication: String { s("Søknaden", "The application") }
    func kommuneGuidelinesFor(_ service: String?) -> String {
        s(
            "Kommunens retningslinjer for \(service ?? "tjenesten")",
            "The municipality's guidelines for \(service ?? "the service")",
            nn: "Retningslinjene til kommunen for \(service ?? "tenesta")")
    }
    var outcome: String { s("Utfall", "Outcome") }
    var reasons: String { s("Begrunnelse", "Reasons", nn: "Grunngiving") }
    var legalBasisShort: String { s("Hjemmel", "Legal basis", nn: "Heimel") }
    var decidedBy: String { s("Fattet av", "Decided by", nn: "Gjort av") }
    var automatically: String { s("Automatisk", "Automatically") }
    var lettersAndDelivery: String { s("Brev og utsending", "Letters and delivery") }
    func letterLabel(_ title: String) -> String { s("Brev: \(title)", "Letter: \(title)") }
    func printsAt(_ when: String) -> String {
        s(
            "Sendes på papir \(when) hvis brevet ikke er åpnet.", "Goes on paper \(when) if the letter is not opened.",
            nn: "Blir sendt på papir \(when) om brevet ikkje er opna.")
    }
    var stopBeforePrint: String {
        s(
            "Stopp før utskrift (håndteres manuelt)", "Stop before printing (handled manually)",
            nn: "Stopp før utskrift (blir handtert manuelt)")
    }
    var journalHeading: String { s("Journal (Noark 5)", "Journal (Noark 5)") }
    var journalEntriesOfCase: String {
        s("Journalposter i saken", "Journal entries of the case", nn: "Journalpostar i saka")
    }
    var document: String { s("Dokument", "Document") }
    var publicTitle: String { s("Offentlig tittel", "Public title", nn: "Offentleg tittel") }
    var versions: String { s("Versjoner", "Versions", nn: "Versjonar") }
    var screenedShort: String { s("skjermet", "screened", nn: "skjerma") }
    var correctDocumentSummary: String {
        s(
            "Registrer en rettet versjon av et dokument", "Register a corrected version of a document",
            nn: "Registrer ein retta versjon av eit dokument")
    }
    var correctDocumentExplanation: String {
        s(
            "Et registrert dokument endres aldri. En rettelse blir en ny versjon ved siden av den gamle, og står i endringsloggen.",
            "A registered document never changes. A correction becomes a new version beside the old one, and is in the change log.",
            nn:
                "Eit registrert dokument blir aldri endra. Ei retting blir ein ny versjon ved sida av den gamle, og står i endringsloggen."
        )
    }
    var correctedText: String { s("Rettet tekst", "Corrected text", nn: "Retta tekst") }
    var registerNewVersion: String { s("Registrer ny versjon", "Register new version") }
    var backToQueue: String { s("Tilbake til sakslisten", "Back to the case list", nn: "Tilbake til sakslista") }

    // The rules' assessment on a case
    var ruleAssessment: String { s("Regelvurdering", "Rules assessment") }
    var automationHeading: String { s("Automatisering", "Automation") }
    func automationModeOnCase(_ mode: String) -> String {
        switch mode {
        case "off": s("av", "off")
        case "shadow":
            s(
                "skygge (reglene foreslår, du avgjør)", "shadow (the rules suggest, you decide)",
                nn: "skugge (reglane føreslår, du avgjer)")
        case "on":
            s(
                "på (reglene avgjør klare saker)", "on (the rules decide clear cases)",
                nn: "på (reglane avgjer klare saker)")
        default: mode
        }
    }
    var applicantName: String { s("Søkerens navn", "The applicant's name", nn: "Namnet til søkjaren") }
    var applicantContact: String { s("E-post", "E-mail") }
    var applicantWrittenForm: String { s("Målform i brev", "Written form in letters") }
    func samePersonOpen(_ n: Int) -> String {
        s(
            n == 1
                ? "Samme person har én annen åpen sak for denne tjenesten, med andre svar."
                : "Samme person har \(n) andre åpne saker for denne tjenesten, med andre svar.",
            n == 1
                ? "The same person has one other open case for this service, with other answers."
                : "The same person has \(n) other open cases for this service, with other answers.",
            nn: n == 1
                ? "Same person har éi anna open sak for denne tenesta, med andre svar."
                : "Same person har \(n) andre opne saker for denne tenesta, med andre svar.")
    }
    func possibleDuplicates(_ n: Int) -> String {
        s(
            n == 1
                ? "Mulig dobbel søknad: én annen åpen sak har nøyaktig de samme svarene."
                : "Mulig dobbel søknad: \(n) andre åpne saker har nøyaktig de samme svarene.",
            n == 1
                ? "Possibly sent twice: one other open case has exactly the same answers."
                : "Possibly sent twice: \(n) other open cases have exactly the same answers.",
            nn: n == 1
                ? "Mogleg dobbel søknad: éi anna open sak har nøyaktig dei same svara."
                : "Mogleg dobbel søknad: \(n) andre opne saker har nøyaktig dei same svara.")
    }
    var rulesSuggestion: String { s("Reglenes forslag", "The rules' suggestion", nn: "Forslaget frå reglane") }
    var noSuggestion: String {
        s(
            "Ingen vedtak: ingen regel passet opplysningene, så en saksbehandler må vurdere saken",
            "No decision: no rule fitted the facts, so a caseworker must assess the case",
            nn: "Ikkje noko vedtak: ingen regel passa opplysningane, så ein saksbehandlar må vurdere saka")
    }
    /// The rules matched, but their result is no outcome of the service (`manuell`): say which
    /// rule sent the case to a person and what it gave, so a rule that reads like a grant
    /// («Barnet har rett til plass») is not shown beside a bare «Ingen» (issue 17).
    func rulesLeaveItToACaseworker(rule: String, result: String) -> String {
        s(
            "Ingen vedtak: regelen «\(rule)» gir \(result), som overlater avgjørelsen til en saksbehandler",
            "No decision: the rule “\(rule)” gives \(result), which leaves the decision to a caseworker",
            nn: "Ikkje noko vedtak: regelen «\(rule)» gir \(result), som overlèt avgjerda til ein saksbehandlar")
    }
    var decidedAutomaticallyNote: String {
        s(" (vedtak fattet automatisk)", " (decided automatically)", nn: " (vedtak gjort automatisk)")
    }
    var caseworkerAgreed: String {
        s(" – saksbehandler var enig", " – the caseworker agreed", nn: " – saksbehandlaren var einig")
    }
    var caseworkerDisagreed: String {
        s(
            " – saksbehandler kom til et annet resultat", " – the caseworker reached another result",
            nn: " – saksbehandlaren kom til eit anna resultat")
    }
    var matchedRules: String { s("Regler som slo til", "Rules that matched", nn: "Reglar som slo til") }
    var none: String { s("Ingen", "None") }
    func ruleLine(_ index: Int, _ text: String) -> String { s("Regel \(index): \(text)", "Rule \(index): \(text)") }
    var factsUsed: String { s("Opplysninger brukt", "Facts used", nn: "Opplysningar som er brukte") }
    var ruleVersion: String { s("Regelversjon", "Rule version") }

    // The decision form
    var makeDecision: String { s("Fatt vedtak", "Make a decision", nn: "Gjer vedtak") }
    var reasonsHint: String {
        s(
            "Reglene vedtaket bygger på, faktum du har lagt til grunn, og hovedhensynene (forvaltningsloven §§ 24–25).",
            "The rules the decision rests on, the facts you relied on, and the main considerations (Public Administration Act §§ 24–25).",
            nn: "Reglane vedtaket byggjer på, faktum du har lagt til grunn, og hovudomsyna (forvaltningslova §§ 24–25)."
        )
    }
    var digitalOnly: String {
        s(
            "Bare digitalt: send ikke brevet på papir selv om det ikke blir åpnet",
            "Digital only: do not print the letter even if it is not opened",
            nn: "Berre digitalt: send ikkje brevet på papir sjølv om det ikkje blir opna")
    }
    var appealNoteOnDecision: String {
        s(
            "Brevet får med klageadgang (3 uker, forvaltningsloven § 29) og ditt navn.",
            "The letter includes the right to appeal (3 weeks, Public Administration Act § 29) and your name.",
            nn: "Brevet får med klagerett (3 veker, forvaltningslova § 29) og namnet ditt.")
    }
    var makeDecisionAndSend: String {
        s("Fatt vedtak og send brev", "Make the decision and send the letter", nn: "Gjer vedtak og send brev")
    }
    func decisionProblem(_ p: DecisionDraft.Problem) -> String {
        switch p {
        case .outcomeMissing: s("Velg utfall", "Choose an outcome", nn: "Vel utfall")
        case .value(let e): message(e)
        case .reasonsMissing:
            s(
                "Skriv begrunnelsen: reglene, faktum og hovedhensynene (minst 10 tegn)",
                "Write the reasons: the rules, the facts and the main considerations (at least 10 characters)",
                nn: "Skriv grunngivinga: reglane, faktum og hovudomsyna (minst 10 teikn)")
        case .reasonsTooLong:
            s(
                "Begrunnelsen kan ha høyst 8000 tegn", "The reasons can have at most 8000 characters",
                nn: "Grunngivinga kan ha høgst 8000 teikn")
        case .legalBasisMissing:
            s(
                "Skriv hjemmelen vedtaket bygger på", "Write the legal basis of the decision",
                nn: "Skriv heimelen vedtaket byggjer på")
        case .legalBasisTooLong:
            s(
                "Hjemmelen kan ha høyst \(DecisionDraft.legalBasisMax) tegn",
                "The legal basis can have at most \(DecisionDraft.legalBasisMax) characters",
                nn: "Heimelen kan ha høgst \(DecisionDraft.legalBasisMax) teikn")
        case .invisibleInReasons(let c):
            s(
                "Begrunnelsen inneholder et tegn som ikke synes (\(PlainText.describe(c))). Skriv teksten på nytt.",
                "The reasons contain a character that cannot be seen (\(PlainText.describe(c))). Type the text again.",
                nn:
                    "Grunngivinga inneheld eit teikn som ikkje synest (\(PlainText.describe(c))). Skriv teksten på nytt."
            )
        case .invisibleInLegalBasis(let c):
            s(
                "Hjemmelen inneholder et tegn som ikke synes (\(PlainText.describe(c))). Skriv teksten på nytt.",
                "The legal basis contains a character that cannot be seen (\(PlainText.describe(c))). Type the text again.",
                nn: "Heimelen inneheld eit teikn som ikkje synest (\(PlainText.describe(c))). Skriv teksten på nytt."
            )
        }
    }
}

/// The staff login.
extension Strings {
    var staffLoginTitle: String { s("Logg inn for ansatte", "Staff login", nn: "Logg inn for tilsette") }
    var loginFailed: String { s("Innloggingen mislyktes", "Login failed", nn: "Innlogginga mislukkast") }
    var username: String { s("Brukernavn", "Username", nn: "Brukarnamn") }
    var password: String { s("Passord", "Password") }
    func demoStaffHint(_ password: String) -> String {
        s(
            "Demo: for eksempel harstad.saksbehandler med passordet \(password).",
            "Demo: for example harstad.saksbehandler with the password \(password).",
            nn: "Demo: til dømes harstad.saksbehandler med passordet \(password).")
    }
    var wrongCredentials: String {
        s(
            "Feil brukernavn eller passord. Etter fem feil på rad er kontoen låst i 15 minutter.",
            "Wrong username or password. After five failures in a row the account is locked for 15 minutes.",
            nn: "Feil brukarnamn eller passord. Etter fem feil på rad er kontoen låst i 15 minutt.")
    }
}

/// The access log and automation pages.
extension Strings {
    var accessLogTitle: String { s("Tilgangslogg", "Access log") }
    func accessLogOf(_ kommune: String) -> String { s("Tilgangslogg for \(kommune)", "Access log of \(kommune)") }
    var accessLogIntro: String {
        s(
            "Hver gang en ansatt eller et fagsystem åpner en sak, henter et dokument eller brevene, eller ser et helt fødselsnummer, skrives det her. Radene er lenket med hasher, så kommandoen radhus archive verify finner en endret eller slettet rad.",
            "Every time a member of staff or a domain system opens a case, fetches a document or the letters, or sees a whole national identity number, it is written here. The rows are chained with hashes, so the command radhus archive verify finds a changed or deleted row.",
            nn:
                "Kvar gong ein tilsett eller eit fagsystem opnar ei sak, hentar eit dokument eller breva, eller ser eit heilt fødselsnummer, blir det skrive her. Radene er lenkte med hashar, så kommandoen radhus archive verify finn ei endra eller sletta rad."
        )
    }
    func lookups(_ n: Int) -> String { s("\(n) oppslag", "\(n) lookups") }
    var time: String { s("Tid", "Time") }
    var staffMember: String { s("Ansatt", "Staff member", nn: "Tilsett") }
    var role: String { s("Rolle", "Role") }
    var caseWord: String { s("Sak", "Case") }
    var what: String { s("Hva", "What", nn: "Kva") }
    var unknown: String { s("Ukjent", "Unknown", nn: "Ukjend") }
    func accessAction(_ a: AccessLogEntry.Action?) -> String {
        switch a {
        case .revealIdentity:
            s("Så hele fødselsnummeret", "Saw the whole national identity number", nn: "Såg heile fødselsnummeret")
        case .viewCase, nil: s("Åpnet saken", "Opened the case", nn: "Opna saka")
        case .readDocument: s("Hentet et dokument", "Fetched a document", nn: "Henta eit dokument")
        case .readLetters: s("Hentet brevene", "Fetched the letters", nn: "Henta breva")
        case .readAttachment: s("Lastet ned et vedlegg", "Downloaded an attachment", nn: "Lasta ned eit vedlegg")
        case .meetingRoom: s("Var i møterommet", "Was in the meeting room", nn: "Var i møterommet")
        case .searchByName:
            s("Fant saken ved navnesøk", "Found the case by a name search", nn: "Fann saka ved namnesøk")
        case .invoiceBasis:
            s(
                "Hentet fakturagrunnlaget (betalers fødselsnummer)", "Fetched the invoice basis (the payer's number)",
                nn: "Henta fakturagrunnlaget (fødselsnummeret til betalaren)")
        }
    }

    var changeSaved: String { s("Endringen er lagret.", "The change is saved.", nn: "Endringa er lagra.") }
    func automationIn(_ kommune: String) -> String { s("Automatisering i \(kommune)", "Automation in \(kommune)") }
    var automationIntro: String {
        s(
            "Automatiske vedtak sier at de er fattet automatisk, har begrunnelse fra reglene, og gir rett til å be om at en saksbehandler ser på saken (forvaltningsloven §§ 11–13).",
            "Automated decisions say that they were made automatically, carry the rules' reasons, and give the right to ask for a caseworker to look at the case (Public Administration Act §§ 11–13).",
            nn:
                "Automatiske vedtak seier at dei er gjorde automatisk, har grunngiving frå reglane, og gir rett til å be om at ein saksbehandlar ser på saka (forvaltningslova §§ 11–13)."
        )
    }
    func automationModeChoice(_ mode: AutomationMode) -> String {
        switch mode {
        case .off: s("Av", "Off")
        case .shadow:
            s(
                "Skygge: reglene foreslår, en saksbehandler avgjør", "Shadow: the rules suggest, a caseworker decides",
                nn: "Skugge: reglane føreslår, ein saksbehandlar avgjer")
        case .on:
            s(
                "På: reglene avgjør klare saker, resten går til saksbehandler",
                "On: the rules decide clear cases, the rest go to a caseworker",
                nn: "På: reglane avgjer klare saker, resten går til saksbehandlar")
        }
    }
    func evaluatedAndAutomated(_ evaluated: Int, _ automated: Int) -> String {
        s(
            "Vurdert av reglene: \(evaluated). Avgjort automatisk: \(automated).",
            "Assessed by the rules: \(evaluated). Decided automatically: \(automated).",
            nn: "Vurdert av reglane: \(evaluated). Avgjort automatisk: \(automated).")
    }
    func shadowAgreement(_ agreed: Int, _ compared: Int, _ percent: Int) -> String {
        s(
            "Enighet i skyggemodus: \(agreed) av \(compared) (\(percent) %).",
            "Agreement in shadow mode: \(agreed) of \(compared) (\(percent) %).",
            nn: "Semje i skuggemodus: \(agreed) av \(compared) (\(percent) %).")
    }
    var noShadowComparisons: String {
        s(
            "Ingen sammenligninger i skyggemodus ennå.", "No comparisons in shadow mode yet.",
            nn: "Ingen samanlikningar i skuggemodus enno.")
    }
    func saveFor(_ what: String) -> String { s("Lagre for \(what)", "Save for \(what)") }
}

/// The dispatch overview.
extension Strings {
    var dispatchTitle: String { s("Utsending", "Dispatch") }
    func dispatchIn(_ kommune: String) -> String { s("Utsending i \(kommune)", "Dispatch in \(kommune)") }
    var dispatchIntro: String {
        s(
            "Brev går til innbyggerens innboks med varsel på e-post. Et brev som ikke er åpnet innen fristen, sendes på papir, med kvittering for hvert steg.",
            "Letters go to the citizen's inbox with a notice by e-mail. A letter not opened in time is sent on paper, with a receipt for every step.",
            nn:
                "Brev går til innboksen til innbyggjaren med varsel på e-post. Eit brev som ikkje er opna innan fristen, blir sendt på papir, med kvittering for kvart steg."
        )
    }
    func dispatchMessage(_ key: String) -> String? {
        switch key {
        case "lagret": s("Innstillingene er lagret.", "The settings are saved.", nn: "Innstillingane er lagra.")
        case "stop":
            s(
                "Forsendelsen er stoppet og håndteres manuelt.", "The shipment is stopped and handled manually.",
                nn: "Forsendinga er stoppa og blir handtert manuelt.")
        case "retry":
            s("Forsendelsen sendes på nytt.", "The shipment is sent again.", nn: "Forsendinga blir send på nytt.")
        default: nil
        }
    }
    var shipmentsByStatus: String {
        s("Forsendelser etter status", "Shipments by status", nn: "Forsendingar etter status")
    }
    var count: String { s("Antall", "Count", nn: "Tal") }
    var needsFollowUp: String { s("Trenger oppfølging", "Needs follow-up", nn: "Treng oppfølging") }
    var nothingStuck: String {
        s("Ingen forsendelser står fast.", "No shipments are stuck.", nn: "Ingen forsendingar står fast.")
    }
    var shipmentsNeedingFollowUp: String {
        s(
            "Forsendelser som trenger oppfølging", "Shipments that need follow-up",
            nn: "Forsendingar som treng oppfølging")
    }
    var attempts: String { s("Forsøk", "Attempts") }
    var lastError: String { s("Siste feil", "Last error") }
    var nextAttempt: String { s("Neste forsøk", "Next attempt") }
    var action: String { s("Handling", "Action") }
    var waitingForPerson: String { s("Venter på en person", "Waiting for a person", nn: "Ventar på ein person") }
    var tryAgain: String { s("Prøv igjen", "Try again") }
    func forCase(_ saksnummer: String) -> String { s("for sak \(saksnummer)", "for case \(saksnummer)") }
    var stop: String { s("Stopp", "Stop") }
    func shipmentInCase(_ saksnummer: String) -> String {
        s(
            "forsendelsen i sak \(saksnummer)", "the shipment in case \(saksnummer)",
            nn: "forsendinga i sak \(saksnummer)")
    }
    var settings: String { s("Innstillinger", "Settings", nn: "Innstillingar") }
    var printAfterDaysLabel: String {
        s(
            "Virkedager før et uåpnet brev sendes på papir", "Working days before an unopened letter goes on paper",
            nn: "Vyrkedagar før eit uopna brev blir sendt på papir")
    }
    var printAfterDaysHint: String {
        s(
            "1–10. Helger og helligdager teller ikke.", "1–10. Weekends and public holidays do not count.",
            nn: "1–10. Helger og heilagdagar tel ikkje.")
    }
    var webhookLabel: String {
        s(
            "Webhook til fagsystem eller digital postkasse (valgfritt)",
            "Webhook to a domain system or digital mailbox (optional)",
            nn: "Webhook til fagsystem eller digital postkasse (valfritt)")
    }
    var webhookHint: String {
        s(
            "https-adresse som får hvert brev, signert med HMAC-SHA256 i Radhus-Signature.",
            "An https address that gets every letter, signed with HMAC-SHA256 in Radhus-Signature.",
            nn: "https-adresse som får kvart brev, signert med HMAC-SHA256 i Radhus-Signature.")
    }
    var secretLabel: String {
        s(
            "Delt hemmelighet for signaturen (valgfritt)", "Shared secret for the signature (optional)",
            nn: "Delt løyndom for signaturen (valfritt)")
    }
    var secretIsSet: String {
        s(
            "En hemmelighet er satt. La feltet stå tomt for å beholde den.",
            "A secret is set. Leave the field empty to keep it.",
            nn: "Ein løyndom er sett. La feltet stå tomt for å halde på han.")
    }
    var secretMinimum: String { s("Minst 16 tegn.", "At least 16 characters.", nn: "Minst 16 teikn.") }
    var saveSettings: String { s("Lagre innstillingene", "Save the settings", nn: "Lagre innstillingane") }
    func wholeNumber(_ from: Int, _ to: Int) -> String {
        s(
            "Skriv et helt tall fra \(from) til \(to)", "Write a whole number from \(from) to \(to)",
            nn: "Skriv eit heilt tal frå \(from) til \(to)")
    }
    var webhookAddressInvalid: String {
        s(
            "Skriv en https-adresse, for eksempel https://fagsystem.kommune.no/radhus",
            "Write an https address, for example https://system.kommune.no/radhus",
            nn: "Skriv ei https-adresse, til dømes https://fagsystem.kommune.no/radhus")
    }
    var secretTooShort: String {
        s(
            "Hemmeligheten må ha minst 16 tegn", "The secret must have at least 16 characters",
            nn: "Løyndommen må ha minst 16 teikn")
    }
    var secretMissing: String {
        s(
            "Skriv en delt hemmelighet (minst 16 tegn), så fagsystemet kan sjekke signaturen",
            "Write a shared secret (at least 16 characters), so the domain system can check the signature",
            nn: "Skriv ein delt løyndom (minst 16 teikn), så fagsystemet kan sjekke signaturen")
    }
}

/// API clients and webhook subscriptions.
extension Strings {
    var apiClientsTitle: String { s("API-klienter", "API clients", nn: "API-klientar") }
    func apiClientsIn(_ kommune: String) -> String {
        s("API-klienter i \(kommune)", "API clients in \(kommune)", nn: "API-klientar i \(kommune)")
    }
    func apiClientsIntro(_ kommune: String) -> String {
        s(
            "Fagsystemer bruker API-et med OAuth2 (client credentials). Hver klient når bare \(kommune) sine saker.",
            "Domain systems use the API with OAuth2 (client credentials). Each client reaches only the cases of \(kommune).",
            nn: "Fagsystem bruker API-et med OAuth2 (client credentials). Kvar klient når berre sakene til \(kommune)."
        )
    }
    var readAPIDocs: String { s("Les API-dokumentasjonen", "Read the API documentation") }
    func clientCreated(_ name: String) -> String {
        s("Klienten «\(name)» er opprettet", "The client “\(name)” is created", nn: "Klienten «\(name)» er oppretta")
    }
    var copySecretNow: String {
        s(
            "Kopier hemmeligheten nå. Den vises bare denne ene gangen; Radhus lagrer bare et avtrykk av den.",
            "Copy the secret now. It is shown only this once; Radhus stores only a digest of it.",
            nn: "Kopier løyndommen no. Han blir vist berre denne eine gongen; Radhus lagrar berre eit avtrykk av han.")
    }
    var clientID: String { s("Klient-id", "Client id") }
    var secret: String { s("Hemmelighet", "Secret", nn: "Løyndom") }
    func eventsNowSentTo(_ url: String) -> String {
        s("Hendelser sendes nå til \(url)", "Events are now sent to \(url)", nn: "Hendingar blir no sende til \(url)")
    }
    var webhookSecretExplanation: String {
        s(
            "Hver hendelse signeres med HMAC-SHA256 over «tidsstempel.innhold» med denne hemmeligheten. Kopier den nå; den vises bare én gang.",
            "Each event is signed with HMAC-SHA256 over “timestamp.body” with this secret. Copy it now; it is shown only once.",
            nn:
                "Kvar hending blir signert med HMAC-SHA256 over «tidsstempel.innhald» med denne løyndommen. Kopier han no; han blir vist berre éin gong."
        )
    }
    var clientRevoked: String {
        s(
            "Klienten er trukket tilbake. Tilgangsnøklene dens virker ikke lenger.",
            "The client is revoked. Its access tokens no longer work.",
            nn: "Klienten er trekt tilbake. Tilgangsnøklane hans verkar ikkje lenger.")
    }
    var subscriptionStopped: String {
        s("Abonnementet er stoppet.", "The subscription is stopped.", nn: "Abonnementet er stoppa.")
    }
    var noClientsYet: String { s("Ingen klienter ennå.", "No clients yet.", nn: "Ingen klientar enno.") }
    var name: String { s("Navn", "Name", nn: "Namn") }
    var scopes: String { s("Omfang", "Scopes") }
    var created: String { s("Opprettet", "Created", nn: "Oppretta") }
    func revokedAt(_ when: String) -> String {
        s("Trukket tilbake \(when)", "Revoked \(when)", nn: "Trekt tilbake \(when)")
    }
    var active: String { s("Aktiv", "Active") }
    var revoke: String { s("Trekk tilbake", "Revoke") }
    func theClient(_ name: String) -> String { s("klienten \(name)", "the client \(name)") }
    var newClient: String { s("Ny klient", "New client", nn: "Ny klient") }
    var systemName: String { s("Navn på fagsystemet", "Name of the domain system", nn: "Namn på fagsystemet") }
    var systemNameHint: String {
        s(
            "For eksempel «Visma Flyt Skole». Navnet står i tidslinjen og tilgangsloggen.",
            "For example “Visma Flyt Skole”. The name appears in the timeline and the access log.",
            nn: "Til dømes «Visma Flyt Skole». Namnet står i tidslinja og tilgangsloggen.")
    }
    var systemNameMissing: String {
        s(
            "Skriv navnet på fagsystemet (høyst 100 tegn)",
            "Write the name of the domain system (at most 100 characters)",
            nn: "Skriv namnet på fagsystemet (høgst 100 teikn)")
    }
    var whatClientMayDo: String { s("Hva klienten får gjøre", "What the client may do", nn: "Kva klienten får gjere") }
    var scopeMissing: String {
        s(
            "Velg minst én ting klienten får gjøre", "Choose at least one thing the client may do",
            nn: "Vel minst éin ting klienten får gjere")
    }
    func scopeLabel(_ scope: APIScope) -> String {
        switch scope {
        case .casesRead:
            s(
                "Lese saker, brev, dokumenter og hendelser", "Read cases, letters, documents and events",
                nn: "Lese saker, brev, dokument og hendingar")
        case .applicationsSubmit:
            s(
                "Sende inn søknader på vegne av innbyggere", "Submit applications on behalf of citizens",
                nn: "Sende inn søknader på vegner av innbyggjarar")
        case .decisionsWrite:
            s(
                "Registrere vedtak fattet i fagsystemet", "Register decisions made in the domain system",
                nn: "Registrere vedtak gjorde i fagsystemet")
        }
    }
    var createClient: String { s("Opprett klienten", "Create the client", nn: "Opprett klienten") }
    var webhooksHeading: String {
        s(
            "Hendelser til fagsystemer (webhooks)", "Events to domain systems (webhooks)",
            nn: "Hendingar til fagsystem (webhooks)")
    }
    var webhooksIntro: String {
        s(
            "Hver hendelse i kommunens saker og forsendelser sendes i rekkefølge, minst én gang, med fast hendelses-id (Radhus-Event-Id) så mottakeren kan fjerne dubletter. Feil prøves på nytt med økende ventetid.",
            "Every event in the municipality's cases and shipments is sent in order, at least once, with a fixed event id (Radhus-Event-Id) so the receiver can drop duplicates. Failures are retried with growing waits.",
            nn:
                "Kvar hending i sakene og forsendingane til kommunen blir send i rekkjefølgje, minst éin gong, med fast hendings-id (Radhus-Event-Id) så mottakaren kan fjerne duplikat. Feil blir prøvde på nytt med aukande ventetid."
        )
    }
    var webhookSubscriptions: String { s("Webhook-abonnementer", "Webhook subscriptions", nn: "Webhook-abonnement") }
    var address: String { s("Adresse", "Address") }
    var delivered: String { s("Levert", "Delivered") }
    func deliveredOf(_ n: Int64, _ head: Int64) -> String { s("\(n) av \(head)", "\(n) of \(head)") }
    var stopped: String { s("Stoppet", "Stopped", nn: "Stoppa") }
    var immediately: String { s("Straks", "Immediately") }
    func sendingTo(_ url: String) -> String { s("sending til \(url)", "sending to \(url)") }
    var eventsAddressLabel: String {
        s("Adressen hendelsene sendes til", "The address events are sent to", nn: "Adressa hendingane blir sende til")
    }
    var eventsAddressHint: String {
        s(
            "En https-adresse i fagsystemet. Hendelsene sendes fra nå av; eldre hendelser hentes fra /hendelser i API-et.",
            "An https address in the domain system. Events are sent from now on; older events are read from /hendelser in the API.",
            nn:
                "Ei https-adresse i fagsystemet. Hendingane blir sende frå no av; eldre hendingar blir henta frå /hendelser i API-et."
        )
    }
    var eventsAddressMissing: String {
        s(
            "Skriv adressen hendelsene skal sendes til", "Write the address the events are to be sent to",
            nn: "Skriv adressa hendingane skal sendast til")
    }
    var startSending: String { s("Start sending", "Start sending") }
}

/// Paper applications.
extension Strings {
    var registerPaperTitle: String { s("Registrer papirsøknad", "Register a paper application") }
    var paperApplication: String { s("Papirsøknad", "Paper application") }
    func paperApplicationFor(_ service: String) -> String {
        s("Papirsøknad: \(service)", "Paper application: \(service)")
    }
    var paperIntro: String {
        s(
            "Skriv av søknaden slik den kom. Den får saksnummer og behandles som en digital søknad, men telles som papir i rapportene.",
            "Copy the application as it came. It gets a case number and is handled like a digital one, but counts as paper in the reports.",
            nn:
                "Skriv av søknaden slik han kom. Han får saksnummer og blir handsama som ein digital søknad, men blir rekna som papir i rapportane."
        )
    }
    var applicantNumberHint: String {
        s("11 siffer, fra søknaden", "11 digits, from the application", nn: "11 siffer, frå søknaden")
    }
    var applicantNumberInvalid: String {
        s(
            "Skriv et gyldig fødselsnummer med 11 siffer", "Write a valid national identity number with 11 digits",
            nn: "Skriv eit gyldig fødselsnummer med 11 siffer")
    }
    var registerApplication: String { s("Registrer søknaden", "Register the application") }
}

/// The kommune's services, one service's settings, publishing a version.
extension Strings {
    var adoptedShort: String {
        s(
            "Tjenesten er tatt i bruk. Innbyggerne kan søke nå.", "The service is adopted. Citizens can apply now.",
            nn: "Tenesta er teken i bruk. Innbyggjarane kan søkje no.")
    }
    var adoptedLong: String {
        s(
            "Tjenesten er tatt i bruk. Innbyggerne kan søke nå; sett gjerne kommunens egne deler under.",
            "The service is adopted. Citizens can apply now; set the municipality's own parts below.",
            nn: "Tenesta er teken i bruk. Innbyggjarane kan søkje no; set gjerne dei eigne delane til kommunen under.")
    }
    var upgraded: String {
        s(
            "Tjenesten er oppgradert. Kommunens egne deler er beholdt. Saker som alt er sendt inn, behandles etter versjonen de ble sendt under.",
            "The service is upgraded. The municipality's own parts are kept. Cases already sent are handled under the version they were sent under.",
            nn:
                "Tenesta er oppgradert. Dei eigne delane til kommunen er haldne på. Saker som alt er sende inn, blir handsama etter versjonen dei vart sende under."
        )
    }
    var servicesIntroBefore: String {
        s(
            "Tjenestene kommer fra den felles ", "The services come from the shared ",
            nn: "Tenestene kjem frå den felles ")
    }
    var theCatalog: String { s("tjenestekatalogen", "service catalogue", nn: "tenestekatalogen") }
    var servicesIntroAfter: String {
        s(
            ". Kommunen setter sine egne deler (kontakt, signatur, lokale retningslinjer og egne valg), resten følger utgiveren.",
            ". The municipality sets its own parts (contact, signature, local guidelines and its own choices); the rest follows the publisher.",
            nn:
                ". Kommunen set sine eigne delar (kontakt, signatur, lokale retningslinjer og eigne val), resten følgjer utgivaren."
        )
    }
    var inUse: String { s("I bruk", "In use") }
    func versionPublishedBy(_ version: Int, _ publisher: String) -> String {
        s(
            "Versjon \(version), utgitt av \(publisher).", "Version \(version), published by \(publisher).",
            nn: "Versjon \(version), gitt ut av \(publisher).")
    }
    func newVersion(_ v: Int) -> String { s("Ny versjon \(v)", "New version \(v)") }
    var seeChangesAndUpgrade: String {
        s(
            "Se hva som er endret, og oppgrader på tjenestens side.",
            "See what changed, and upgrade on the service's page.",
            nn: "Sjå kva som er endra, og oppgrader på sida til tenesta.")
    }
    var availableInCatalog: String {
        s("Tilgjengelig i katalogen", "Available in the catalogue", nn: "Tilgjengeleg i katalogen")
    }
    func usedByKommuner(_ n: Int) -> String {
        s(
            "Brukes av \(n) kommune\(n == 1 ? "" : "r").", "Used by \(n) municipalit\(n == 1 ? "y" : "ies").",
            nn: "Blir brukt av \(n) kommune\(n == 1 ? "" : "r").")
    }
    var adopt: String { s("Ta i bruk", "Adopt") }
    var applicationPage: String { s("Søknadsside", "Application page") }
    func newVersionFrom(_ v: Int, _ publisher: String) -> String {
        s(
            "Ny versjon \(v) fra \(publisher)", "New version \(v) from \(publisher)",
            nn: "Ny versjon \(v) frå \(publisher)")
    }
    func publishedOn(_ date: String, _ changes: String) -> String {
        s("Utgitt \(date): \(changes)", "Published \(date): \(changes)", nn: "Gitt ut \(date): \(changes)")
    }
    func changesIn(_ file: String) -> String {
        s("Endringer i \(file)", "Changes in \(file)", nn: "Endringar i \(file)")
    }
    func changesFromLine(_ file: String, _ line: Int) -> String {
        s(
            "Endringer i \(file) fra linje \(line)", "Changes in \(file) from line \(line)",
            nn: "Endringar i \(file) frå linje \(line)")
    }
    var line: String { s("Linje", "Line") }
    var removed: String { s("Fjernet", "Removed", nn: "Fjerna") }
    var added: String { s("Lagt til", "Added") }
    func upgradeTo(_ v: Int) -> String { s("Oppgrader til versjon \(v)", "Upgrade to version \(v)") }
    var kommunesOwnParts: String {
        s("Kommunens egne deler", "The municipality's own parts", nn: "Dei eigne delane til kommunen")
    }
    var serviceContact: String { s("Kontakt om tjenesten", "Contact about the service", nn: "Kontakt om tenesta") }
    var serviceContactHint: String {
        s(
            "Vises på søknadssiden og nederst i brevene, for eksempel «Oppvekst, tlf. 38 07 50 00».",
            "Shown on the application page and at the bottom of letters, for example “Oppvekst, tel. 38 07 50 00”.",
            nn: "Blir vist på søknadssida og nedst i breva, til dømes «Oppvekst, tlf. 38 07 50 00».")
    }
    var letterSignature: String { s("Signatur i brevene", "Signature in letters", nn: "Signatur i breva") }
    var letterSignatureHint: String {
        s(
            "Står over kommunens navn under «Med vennlig hilsen», for eksempel «Oppvekstavdelingen».",
            "Stands above the municipality's name under “Kind regards”, for example “Oppvekstavdelingen”.",
            nn: "Står over namnet til kommunen under «Med venleg helsing», til dømes «Oppvekstavdelinga».")
    }
    var localGuidelinesLabel: String {
        s("Lokale retningslinjer (valgfritt)", "Local guidelines (optional)", nn: "Lokale retningslinjer (valfritt)")
    }
    var localGuidelinesShort: String { s("Retningslinjene", "The guidelines") }
    var localGuidelinesHint: String {
        s(
            "Vises for søkerne og saksbehandlerne, for eksempel kommunens egne kriterier for tildeling.",
            "Shown to applicants and caseworkers, for example the municipality's own criteria for granting.",
            nn: "Blir vist for søkjarane og saksbehandlarane, til dømes dei eigne kriteria til kommunen for tildeling.")
    }
    func kommunesChoicesFor(_ label: String) -> String {
        s(
            "Kommunens valg for «\(label)»", "The municipality's choices for “\(label)”",
            nn: "Kommunen sine val for «\(label)»")
    }
    var kommunesChoicesHint: String {
        s(
            "Ett valg per linje. La feltet stå tomt for å bruke utgiverens liste.",
            "One choice per line. Leave empty to use the publisher's list.",
            nn: "Eitt val per linje. La feltet stå tomt for å bruke lista til utgivaren.")
    }
    var saveOwnParts: String {
        s("Lagre kommunens deler", "Save the municipality's parts", nn: "Lagre delane til kommunen")
    }
    var publishNewVersion: String { s("Gi ut en ny versjon", "Publish a new version", nn: "Gi ut ein ny versjon") }
    func publishVersionOf(_ v: Int, _ title: String) -> String {
        s("Gi ut versjon \(v) av \(title)", "Publish version \(v) of \(title)")
    }
    func atMostCharacters(_ what: String, _ n: Int) -> String {
        s(
            "\(what) kan ha høyst \(n) tegn", "\(what) can have at most \(n) characters",
            nn: "\(what) kan ha høgst \(n) teikn")
    }
    var choicesTooMany: String {
        s(
            "Høyst 200 valg, hvert på høyst 120 tegn", "At most 200 choices, each at most 120 characters",
            nn: "Høgst 200 val, kvart på høgst 120 teikn")
    }
    func choicesNeeded(_ labels: [String]) -> String {
        let list = labels.map { "«\($0)»" }.joined(separator: ", ")
        return s(
            "Tjenestens spørsmål eller brev bygger på \(list): ha \(labels.count == 1 ? "det" : "dem") med i listen",
            "The service's questions or letters depend on \(list): keep \(labels.count == 1 ? "it" : "them") in the list",
            nn:
                "Spørsmåla eller breva til tenesta byggjer på \(list): ha \(labels.count == 1 ? "det" : "dei") med i lista"
        )
    }
    var outcomesLabel: String { s("Utfall", "Outcomes") }
    func amountSummary(_ total: String, _ mean: String, _ count: Int) -> String {
        s(
            "\(total) i alt, i snitt \(mean) (\(count) vedtak)",
            "\(total) in all, \(mean) on average (\(count) decisions)")
    }
    var choicesNotDistinct: String {
        s(
            "Hvert valg må ha sitt eget navn (to linjer er like, eller en linje har bare tegn)",
            "Each choice needs a name of its own (two lines are the same, or a line has only symbols)",
            nn: "Kvart val må ha sitt eige namn (to linjer er like, eller ei linje har berre teikn)")
    }
    var newVersionTitle: String { s("Ny versjon", "New version") }
    var cannotPublishYet: String {
        s(
            "Versjonen kan ikke gis ut ennå", "The version cannot be published yet",
            nn: "Versjonen kan ikkje givast ut enno")
    }
    var backToService: String { s("Tilbake til tjenesten", "Back to the service", nn: "Tilbake til tenesta") }
    var publishIntro: String {
        s(
            "Kommunene som bruker tjenesten, får tilbud om å oppgradere og ser hva som er endret. Saker som alt er sendt inn, behandles etter versjonen de ble sendt under.",
            "Municipalities using the service are offered the upgrade and see what changed. Cases already sent are handled under the version they were sent under.",
            nn:
                "Kommunane som bruker tenesta, får tilbod om å oppgradere og ser kva som er endra. Saker som alt er sende inn, blir handsama etter versjonen dei vart sende under."
        )
    }
    func serviceYamlHint(_ next: Int) -> String {
        s(
            "Skjema, utfall og brev, frist, hjemmel og arkivklasse. Sett «version: \(next)».",
            "Form, outcomes and letters, deadline, legal basis and archive class. Set “version: \(next)”.",
            nn: "Skjema, utfall og brev, frist, heimel og arkivklasse. Set «version: \(next)».")
    }
    var rulesFileHint: String { s("Reglene (DMN 1.3).", "The rules (DMN 1.3).", nn: "Reglane (DMN 1.3).") }
    var whatChanged: String { s("Hva er endret", "What changed", nn: "Kva er endra") }
    var whatChangedHint: String {
        s(
            "Kommunene leser dette før de oppgraderer.", "Municipalities read this before they upgrade.",
            nn: "Kommunane les dette før dei oppgraderer.")
    }
    func publishVersion(_ v: Int) -> String { s("Gi ut versjon \(v)", "Publish version \(v)") }
}

/// The survey and the maturity map.
extension Strings {
    var digitalCompetence: String { s("Digital kompetanse", "Digital competence") }
    var surveyThanks: String {
        s(
            "Takk! Du har svart på årets undersøkelse.", "Thank you! You have answered this year's survey.",
            nn: "Takk! Du har svart på undersøkinga i år.")
    }
    func surveyIntro(_ minimum: Int) -> String {
        s(
            "Svaret er anonymt: Radhus lagrer enheten din og svarene, men ikke hvem du er. Resultatene vises bare for grupper på minst \(minimum).",
            "Your answer is anonymous: Radhus stores your unit and the answers, not who you are. Results are shown only for groups of at least \(minimum).",
            nn:
                "Svaret er anonymt: Radhus lagrar eininga di og svara, men ikkje kven du er. Resultata blir viste berre for grupper på minst \(minimum)."
        )
    }
    func agreementScale(_ v: Int) -> String {
        switch v {
        case 1: s("1 Helt uenig", "1 Strongly disagree", nn: "1 Heilt usamd")
        case 5: s("5 Helt enig", "5 Strongly agree", nn: "5 Heilt samd")
        default: String(v)
        }
    }
    var sendAnswers: String { s("Send svarene", "Send the answers", nn: "Send svara") }
    var chooseOneToFive: String {
        s("Velg et svar fra 1 til 5", "Choose an answer from 1 to 5", nn: "Vel eit svar frå 1 til 5")
    }
    var digitalMaturity: String { s("Digital modenhet", "Digital maturity") }
    func digitalMaturityIn(_ kommune: String) -> String {
        s("Digital modenhet i \(kommune)", "Digital maturity in \(kommune)")
    }
    var competence: String { s("Kompetanse", "Competence") }
    var competenceIntroBefore: String {
        s(
            "Fra den anonyme undersøkelsen blant de ansatte (", "From the anonymous staff survey (",
            nn: "Frå den anonyme undersøkinga blant dei tilsette (")
    }
    var answerHere: String { s("svar her", "answer here") }
    func competenceIntroAfter(_ minimum: Int) -> String {
        s(
            "). En ansatt regnes som ikke digitalt moden ennå når snittet av svarene er under 3. Enheter med færre enn \(minimum) svar vises ikke.",
            "). A member of staff counts as not yet digitally mature when their answers average below 3. Units with fewer than \(minimum) answers are not shown.",
            nn:
                "). Ein tilsett blir rekna som ikkje digitalt moden enno når snittet av svara er under 3. Einingar med færre enn \(minimum) svar blir ikkje viste."
        )
    }
    var competencePerUnit: String { s("Kompetanse per enhet", "Competence per unit", nn: "Kompetanse per eining") }
    var unit: String { s("Enhet", "Unit", nn: "Eining") }
    var answers: String { s("Svar", "Answers") }
    var notMatureYet: String {
        s("Ikke digitalt moden ennå", "Not yet digitally mature", nn: "Ikkje digitalt moden enno")
    }
    func tooFewAnswers(_ minimum: Int) -> String {
        s(
            "Færre enn \(minimum) svar: vises ikke", "Fewer than \(minimum) answers: not shown",
            nn: "Færre enn \(minimum) svar: blir ikkje vist")
    }
    var processMap: String { s("Prosesskart", "Process map") }
    var process: String { s("Prosess", "Process") }
    var digital: String { s("Digital", "Digital") }
    var ruleGoverned: String { s("Regelstyrt", "Rule-governed") }
    var volumePerYear: String { s("Volum per år", "Volume per year") }
    var automationCandidate: String { s("Kandidat for automatisering", "Candidate for automation") }
    var note: String { s("Merknad", "Note") }
    var addProcessHeading: String { s("Legg til en prosess", "Add a process", nn: "Legg til ein prosess") }
    var processHint: String {
        s(
            "For eksempel «Søknad om parkeringstillatelse».", "For example “Application for a parking permit”.",
            nn: "Til dømes «Søknad om parkeringsløyve».")
    }
    var isItDigital: String { s("Er den digital?", "Is it digital?", nn: "Er han digital?") }
    var isItRuleGoverned: String { s("Er den regelstyrt?", "Is it rule-governed?", nn: "Er han regelstyrt?") }
    var isItCandidate: String { s("Kandidat for automatisering?", "Candidate for automation?") }
    var casesPerYear: String { s("Saker per år", "Cases per year") }
    var noteOptional: String { s("Merknad (valgfritt)", "Note (optional)", nn: "Merknad (valfritt)") }
    var addProcess: String { s("Legg til prosessen", "Add the process") }
    var processNameMissing: String {
        s(
            "Skriv navnet på prosessen (høyst 200 tegn)", "Write the name of the process (at most 200 characters)",
            nn: "Skriv namnet på prosessen (høgst 200 teikn)")
    }
    var volumeInvalid: String {
        s(
            "Skriv antall saker per år som et helt tall", "Write the number of cases per year as a whole number",
            nn: "Skriv talet på saker per år som eit heilt tal")
    }
    var actionPlan: String { s("Handlingsplan", "Action plan") }
    var noMeasuresYet: String { s("Ingen tiltak ennå.", "No measures yet.", nn: "Ingen tiltak enno.") }
    func ownerAndDeadline(_ owner: String, _ deadline: String) -> String {
        s(
            "Ansvarlig: \(owner). Frist: \(deadline).", "Owner: \(owner). Deadline: \(deadline).",
            nn: "Ansvarleg: \(owner). Frist: \(deadline).")
    }
    func measureTarget(_ kpi: String, service: String?, atMost: Bool, target: String) -> String {
        let nb = "Mål: \(kpi)" + (service.map { " for \($0)" } ?? "") + " \(atMost ? "høyst" : "minst") \(target)."
        let en =
            "Target: \(kpi)" + (service.map { " for \($0)" } ?? "") + " \(atMost ? "at most" : "at least") \(target)."
        return s(nb, en, nn: nb.replacingOccurrences(of: "høyst", with: "høgst"))
    }
    func measureNow(_ value: String?) -> String {
        s(
            "Nå (siste 90 dager): \(value ?? "ingen data").", "Now (last 90 days): \(value ?? "no data").",
            nn: "No (siste 90 dagar): \(value ?? "ingen data").")
    }
    var reached: String { s("Nådd", "Reached") }
    var notReachedYet: String { s("Ikke nådd ennå", "Not reached yet", nn: "Ikkje nådd enno") }
    var newMeasure: String { s("Nytt tiltak", "New measure") }
    var focusArea: String { s("Fokusområde", "Focus area") }
    var measure: String { s("Tiltak", "Measure") }
    var measureHint: String {
        s(
            "For eksempel «Automatisere de klare skoleskysssakene».",
            "For example “Automate the clear school transport cases”.",
            nn: "Til dømes «Automatisere dei klare skuleskyss-sakene».")
    }
    var owner: String { s("Ansvarlig", "Owner", nn: "Ansvarleg") }
    var dateFormatShort: String { s("dd.mm.åååå", "dd.mm.yyyy") }
    var measuredBy: String { s("Målt med", "Measured by") }
    var forService: String { s("For tjenesten", "For the service", nn: "For tenesta") }
    var targetValue: String { s("Målverdi", "Target value") }
    var targetValueHint: String {
        s(
            "Prosent eller dager, for eksempel 80.", "Percent or days, for example 80.",
            nn: "Prosent eller dagar, til dømes 80.")
    }
    var addMeasure: String { s("Legg til tiltaket", "Add the measure") }
    var focusAreaMissing: String { s("Velg et fokusområde", "Choose a focus area", nn: "Vel eit fokusområde") }
    var measureMissing: String {
        s(
            "Skriv hva tiltaket er (høyst 200 tegn)", "Write what the measure is (at most 200 characters)",
            nn: "Skriv kva tiltaket er (høgst 200 teikn)")
    }
    var ownerMissing: String {
        s("Skriv hvem som er ansvarlig", "Write who is responsible", nn: "Skriv kven som er ansvarleg")
    }
    var deadlineInvalid: String { s("Skriv fristen som dd.mm.åååå", "Write the deadline as dd.mm.yyyy") }
    var kpiMissing: String {
        s(
            "Velg nøkkeltallet målet følger", "Choose the key figure the target follows",
            nn: "Vel nøkkeltalet målet følgjer")
    }
    var daysMissing: String { s("Skriv antall dager", "Write the number of days", nn: "Skriv talet på dagar") }
    var percentMissing: String {
        s("Skriv en prosent fra 0 til 100", "Write a percentage from 0 to 100", nn: "Skriv ein prosent frå 0 til 100")
    }
    var underAnHour: String { s("under 1 time", "under 1 hour") }
    func hours(_ n: String) -> String { s("\(n) timer", "\(n) hours", nn: "\(n) timar") }
    func days(_ n: String) -> String { s("\(n) dager", "\(n) days", nn: "\(n) dagar") }
}

/// The report, the baselines and the comparison.
extension Strings {
    func gainsReport(_ period: String) -> String { s("Gevinstrapport \(period)", "Gains report \(period)") }
    func digitalisationIn(_ kommune: String, _ period: String) -> String {
        s("Digitalisering i \(kommune): \(period)", "Digitalisation in \(kommune): \(period)")
    }
    var reportIntro: String {
        s(
            "Tallene er regnet ut fra sakenes hendelser i Radhus, ikke tastet inn. Gevinstene måles mot grunnlaget kommunen har registrert.",
            "The figures are computed from the cases' events in Radhus, not typed in. The gains are measured against the baseline the municipality registered.",
            nn:
                "Tala er rekna ut frå hendingane i sakene i Radhus, ikkje tasta inn. Gevinstane blir målte mot grunnlaget kommunen har registrert."
        )
    }
    var period: String { s("Periode", "Period") }
    var orFrom: String { s("eller fra", "or from", nn: "eller frå") }
    var to: String { s("til", "to") }
    var downloadCSV: String { s("Last ned som CSV (Excel)", "Download as CSV (Excel)") }
    var keyFigures: String { s("Hovedtall", "Key figures", nn: "Hovudtal") }
    var applicationsReceived: String { s("Søknader mottatt", "Applications received", nn: "Søknader mottekne") }
    var casesSentInPeriod: String {
        s("Saker sendt inn i perioden.", "Cases sent in the period.", nn: "Saker sende inn i perioden.")
    }
    var sentDigitally: String { s("Sendt digitalt", "Sent digitally") }
    func digitalOf(_ digital: Int, _ all: Int) -> String {
        s(
            "\(digital) av \(all) søknader kom digitalt; resten er registrert fra papir.",
            "\(digital) of \(all) applications came digitally; the rest were registered from paper.",
            nn: "\(digital) av \(all) søknader kom digitalt; resten er registrert frå papir.")
    }
    var decidedAutomaticallyLabel: String { s("Avgjort automatisk", "Decided automatically") }
    func automatedOf(_ automated: Int, _ decided: Int) -> String {
        s(
            "\(automated) av \(decided) vedtak i perioden ble fattet av regler.",
            "\(automated) of \(decided) decisions in the period were made by rules.",
            nn: "\(automated) av \(decided) vedtak i perioden vart gjorde av reglar.")
    }
    var processingMedianLabel: String {
        s("Behandlingstid (median)", "Processing time (median)", nn: "Handsamingstid (median)")
    }
    func processingExplained(_ p90: String) -> String {
        s(
            "Fra innsendt til vedtak, for sakene avgjort i perioden. 90 % var avgjort innen \(p90).",
            "From sent to decided, for the cases decided in the period. 90 % were decided within \(p90).",
            nn: "Frå innsendt til vedtak, for sakene avgjorde i perioden. 90 % var avgjorde innan \(p90).")
    }
    var decidedLate: String { s("Avgjort etter fristen", "Decided after the deadline") }
    func openOverdueAtEnd(_ n: Int) -> String {
        s(
            "\(n) saker var fortsatt åpne etter fristen da perioden sluttet.",
            "\(n) cases were still open past the deadline when the period ended.",
            nn: "\(n) saker var framleis opne etter fristen då perioden slutta.")
    }
    var lettersDeliveredDigitally: String { s("Brev levert digitalt", "Letters delivered digitally") }
    func of(_ a: Int, _ b: Int) -> String { s("\(a) av \(b)", "\(a) of \(b)") }
    func printedAndRead(_ printed: Int, _ read: String) -> String {
        s(
            "\(printed) ble skrevet ut og sendt i posten. Lest digitalt: \(read).",
            "\(printed) were printed and posted. Read digitally: \(read).",
            nn: "\(printed) vart skrivne ut og sende i posten. Lese digitalt: \(read).")
    }
    var gains: String { s("Gevinster", "Gains", nn: "Gevinstar") }
    var workingTimeSaved: String { s("Spart arbeidstid", "Working time saved") }
    func fteOf(_ fte: String, _ hours: String) -> String {
        s("\(fte) årsverk à \(hours) timer", "\(fte) FTE at \(hours) hours", nn: "\(fte) årsverk à \(hours) timar")
    }
    var costsAvoided: String { s("Unngåtte kostnader", "Costs avoided", nn: "Kostnader som er unngått") }
    var postagePrintingHandling: String {
        s("porto, utskrift og håndtering", "postage, printing and handling", nn: "porto, utskrift og handtering")
    }
    var shorterWaiting: String {
        s("Kortere ventetid for innbyggerne", "Shorter waiting for citizens", nn: "Kortare ventetid for innbyggjarane")
    }
    var againstBefore: String {
        s(
            "til sammen, mot behandlingstiden før", "in all, against the processing time before",
            nn: "til saman, mot handsamingstida før")
    }
    var noBaselinesYet: String {
        s("Ingen tjeneste har grunnlag ennå.", "No service has a baseline yet.", nn: "Inga teneste har grunnlag enno.")
    }
    var registerBaselines: String { s("Registrer grunnlaget", "Register the baseline") }
    var registerBaselinesAfter: String {
        s(
            "(tid per sak og behandlingstid før, kostnad per brev) for å se gevinstene.",
            "(time per case and processing time before, cost per letter) to see the gains.",
            nn: "(tid per sak og handsamingstid før, kostnad per brev) for å sjå gevinstane.")
    }
    var last12Months: String { s("Utvikling siste 12 måneder", "The last 12 months", nn: "Utvikling siste 12 månader") }
    var applicationsPerMonthChart: String {
        s(
            "Søknader per måned, digitalt og på papir", "Applications per month, digital and on paper",
            nn: "Søknader per månad, digitalt og på papir")
    }
    var applicationsPerMonth: String { s("Søknader per måned", "Applications per month", nn: "Søknader per månad") }
    var digitallyLabel: String { s("Digitalt", "Digitally") }
    var paperLabel: String { s("Papir", "Paper") }
    var month: String { s("Måned", "Month", nn: "Månad") }
    var decisionsPerMonthChart: String {
        s(
            "Vedtak per måned, automatisk og manuelt", "Decisions per month, automatic and manual",
            nn: "Vedtak per månad, automatisk og manuelt")
    }
    var decisionsPerMonth: String { s("Vedtak per måned", "Decisions per month", nn: "Vedtak per månad") }
    var manually: String { s("Manuelt", "Manually") }
    var automationRate: String { s("Automatiseringsgrad", "Automation rate") }
    var lettersPerMonthChart: String {
        s(
            "Brev per måned, digitalt og skrevet ut", "Letters per month, digital and printed",
            nn: "Brev per månad, digitalt og skrivne ut")
    }
    var lettersPerMonth: String { s("Brev per måned", "Letters per month", nn: "Brev per månad") }
    var printedLabel: String { s("Skrevet ut", "Printed", nn: "Skrivne ut") }
    var perService: String { s("Per tjeneste", "Per service", nn: "Per teneste") }
    var applications: String { s("Søknader", "Applications") }
    func receivedDigitalShare(_ n: Int, _ share: String) -> String {
        s("\(n) (digitalt \(share))", "\(n) (digitally \(share))")
    }
    func decidedAutomaticShare(_ n: Int, _ share: String) -> String {
        s("\(n), automatisk \(share)", "\(n), automatically \(share)")
    }
    var processingTime: String { s("Behandlingstid", "Processing time", nn: "Handsamingstid") }
    func medianAndP90(_ median: String, _ p90: String) -> String {
        s(
            "median \(median), 90 % innen \(p90)", "median \(median), 90 % within \(p90)",
            nn: "median \(median), 90 % innan \(p90)")
    }
    var deadlineBreaches: String { s("Fristbrudd", "Deadline breaches") }
    func lateAndOpenOverdue(_ late: Int, _ open: Int) -> String {
        s(
            "\(late) avgjort etter fristen, \(open) åpne over fristen",
            "\(late) decided after the deadline, \(open) open past it",
            nn: "\(late) avgjorde etter fristen, \(open) opne over fristen")
    }
    var letters: String { s("Brev", "Letters") }
    func lettersSummary(_ digital: Int, _ printed: Int, _ read: String) -> String {
        s(
            "\(digital) digitalt, \(printed) skrevet ut, lest \(read)",
            "\(digital) digitally, \(printed) printed, read \(read)",
            nn: "\(digital) digitalt, \(printed) skrivne ut, lese \(read)")
    }
    var gain: String { s("Gevinst", "Gain") }
    func gainSummary(_ hours: String, _ kroner: String, _ days: String) -> String {
        s(
            "\(hours) timer, \(kroner) kr, \(days) ventedager", "\(hours) hours, \(kroner) kr, \(days) waiting days",
            nn: "\(hours) timar, \(kroner) kr, \(days) ventedagar")
    }
    var baseline: String { s("Grunnlag", "Baseline") }
    func sourceMeasured(_ source: String, _ on: String) -> String {
        s("\(source), målt \(on)", "\(source), measured \(on)")
    }
    var comment: String { s("Kommentar", "Comment") }
    func commentOn(_ service: String, _ period: String) -> String {
        s(
            "Kommentar til \(service) for \(period)", "Comment on \(service) for \(period)",
            nn: "Kommentar til \(service) for \(period)")
    }
    var saveComment: String { s("Lagre kommentaren", "Save the comment") }
    var compareWithOthers: String {
        s("Sammenlign med andre kommuner", "Compare with other municipalities", nn: "Samanlikn med andre kommunar")
    }
    var howComputed: String {
        s("Slik er tallet regnet ut", "How the figure is computed", nn: "Slik er talet rekna ut")
    }
    func theYear(_ y: Int) -> String { s("Året \(y)", "The year \(y)") }

    var baselinesTitle: String { s("Grunnlag for gevinster", "Baselines for gains", nn: "Grunnlag for gevinstar") }
    var baselinesSaved: String { s("Grunnlaget er lagret.", "The baseline is saved.", nn: "Grunnlaget er lagra.") }
    func baselinesIn(_ kommune: String) -> String {
        s(
            "Grunnlag for gevinster i \(kommune)", "Baselines for gains in \(kommune)",
            nn: "Grunnlag for gevinstar i \(kommune)")
    }
    var baselinesIntro: String {
        s(
            "Gevinstene måles mot hvordan det var før (KS' metode for gevinstrealisering). Oppgi kilden og datoen for hvert tall, så politikerne ser hva de bygger på.",
            "The gains are measured against how it was before (KS' method for benefits realisation). Give the source and date of each figure, so the politicians see what they rest on.",
            nn:
                "Gevinstane blir målte mot korleis det var før (metoden til KS for gevinstrealisering). Oppgi kjelda og datoen for kvart tal, så politikarane ser kva dei byggjer på."
        )
    }
    var hoursPerFTE: String { s("Timer per årsverk", "Hours per FTE", nn: "Timar per årsverk") }
    var hoursPerFTEHint: String {
        s(
            "For å regne spart tid om til årsverk, for eksempel 1700.",
            "To turn time saved into FTE, for example 1700.",
            nn: "For å rekne spart tid om til årsverk, til dømes 1700.")
    }
    func showNamed(_ kommune: String) -> String {
        s(
            "Vis \(kommune) med navn når andre kommuner sammenligner seg (ellers anonymt)",
            "Show \(kommune) by name when other municipalities compare (otherwise anonymous)",
            nn: "Vis \(kommune) med namn når andre kommunar samanliknar seg (elles anonymt)")
    }
    var minutesPerCase: String {
        s("Minutter per manuell sak", "Minutes per manual case", nn: "Minutt per manuell sak")
    }
    var processingDaysBefore: String {
        s("Behandlingstid før, i dager", "Processing time before, in days", nn: "Handsamingstid før, i dagar")
    }
    var kronerPerLetter: String {
        s(
            "Kroner per utskrevet brev (porto, utskrift, håndtering)",
            "Kroner per printed letter (postage, printing, handling)",
            nn: "Kroner per utskrive brev (porto, utskrift, handtering)")
    }
    var kronerPerMeeting: String {
        s(
            "Kroner per fysisk møte (reise)", "Kroner per physical meeting (travel)",
            nn: "Kroner per fysisk møte (reise)")
    }
    var kronerPerMeetingHint: String {
        s(
            "Videomøter kommer senere; til da er ingen møter spart.",
            "Video meetings come later; until then no meetings are saved.",
            nn: "Videomøte kjem seinare; til då er ingen møte spart.")
    }
    var source: String { s("Kilde", "Source", nn: "Kjelde") }
    var sourceHint: String {
        s(
            "For eksempel «Tidsstudie i Oppvekst, høsten 2025».", "For example “Time study in Oppvekst, autumn 2025”.",
            nn: "Til dømes «Tidsstudie i Oppvekst, hausten 2025».")
    }
    var measuredOn: String { s("Målt dato", "Measured on") }
    var saveBaselines: String { s("Lagre grunnlaget", "Save the baseline") }
    var hoursPerFTEInvalid: String {
        s(
            "Skriv et tall mellom 100 og 3000, for eksempel 1700",
            "Write a number between 100 and 3000, for example 1700",
            nn: "Skriv eit tal mellom 100 og 3000, til dømes 1700")
    }
    func minutesInvalid(_ service: String) -> String {
        s(
            "Skriv minutter per sak for \(service), et tall fra 0 til 10 000",
            "Write minutes per case for \(service), a number from 0 to 10 000",
            nn: "Skriv minutt per sak for \(service), eit tal frå 0 til 10 000")
    }
    func daysBeforeInvalid(_ service: String) -> String {
        s(
            "Skriv behandlingstiden før i dager for \(service)",
            "Write the processing time before in days for \(service)",
            nn: "Skriv handsamingstida før i dagar for \(service)")
    }
    func kronerLetterInvalid(_ service: String) -> String {
        s(
            "Skriv kroner per utskrevet brev for \(service)", "Write kroner per printed letter for \(service)",
            nn: "Skriv kroner per utskrive brev for \(service)")
    }
    var kronerMeetingInvalid: String {
        s(
            "Skriv kroner per møte som et tall", "Write kroner per meeting as a number",
            nn: "Skriv kroner per møte som eit tal")
    }
    func sourceMissing(_ service: String) -> String {
        s(
            "Skriv hvor tallene for \(service) kommer fra", "Write where the figures for \(service) come from",
            nn: "Skriv kvar tala for \(service) kjem frå")
    }
    var measuredInvalid: String {
        s(
            "Skriv datoen målingen ble gjort, som åååå-mm-dd", "Write the date of the measurement as yyyy-mm-dd",
            nn: "Skriv datoen målinga vart gjord, som åååå-mm-dd")
    }

    var processingMedianShort: String {
        s("Behandlingstid, median", "Processing time, median", nn: "Handsamingstid, median")
    }
    var processingP90Short: String {
        s("Behandlingstid, 90 % innen", "Processing time, 90 % within", nn: "Handsamingstid, 90 % innan")
    }
    var lettersPrinted: String { s("Brev skrevet ut", "Letters printed", nn: "Brev skrivne ut") }
    var readDigitally: String { s("Lest digitalt", "Read digitally", nn: "Lese digitalt") }
    var comparison: String { s("Sammenligning", "Comparison", nn: "Samanlikning") }
    var comparisonHeading: String {
        s(
            "Sammenligning med andre kommuner", "Comparison with other municipalities",
            nn: "Samanlikning med andre kommunar")
    }
    func comparisonIntro(_ period: String) -> String {
        s(
            "Kommuner som bruker samme tjeneste, side om side for \(period). Hver kommune velger selv om den vises med navn; de andre vises anonymt.",
            "Municipalities using the same service, side by side for \(period). Each chooses whether it is shown by name; the others are anonymous.",
            nn:
                "Kommunar som bruker same teneste, side om side for \(period). Kvar kommune vel sjølv om han blir vist med namn; dei andre blir viste anonymt."
        )
    }
    var noServicesYet: String {
        s(
            "Kommunen bruker ingen tjenester ennå.", "The municipality uses no services yet.",
            nn: "Kommunen bruker ingen tenester enno.")
    }
    var keyFigure: String { s("Nøkkeltall", "Key figure", nn: "Nøkkeltal") }
    func comparisonColumn(_ column: Comparison.Column) -> String {
        switch column {
        case .yours(let name): s("\(name) (dere)", "\(name) (you)", nn: "\(name) (de)")
        case .named(let name): name
        case .anonymous(let letter): s("Kommune \(letter)", "Municipality \(letter)")
        }
    }
}

/// The workspace's menu.
extension Strings {
    var staffSiteName: String { s("Radhus saksbehandling", "Radhus casework") }
    var reportMenu: String { s("Rapport", "Report") }
    var maturityMenu: String { s("Modenhet", "Maturity") }
    var surveyMenu: String { s("Undersøkelse", "Survey", nn: "Undersøking") }
}
