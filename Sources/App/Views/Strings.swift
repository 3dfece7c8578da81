import Foundation
import RadhusCore

/// Every UI string: bokmål, English, and nynorsk (`nn:`) where it differs from bokmål. Logic
/// never holds text of its own.
public struct Strings: Sendable {
    public let lang: Language
    public init(_ lang: Language) { self.lang = lang }

    /// Bokmål, English, and nynorsk where the two written forms differ (issue 19), for the
    /// portal and the staff workspace alike.
    func s(_ nb: String, _ en: String, nn: String? = nil) -> String {
        switch lang {
        case .nb: nb
        case .nn: nn ?? nb
        case .en: en
        }
    }

    /// A string in all three languages, for a message made before the reader's language is
    /// known (`RadhusError.localized`).
    static func all(_ string: (Strings) -> String) -> LocalizedText {
        LocalizedText(nb: string(Strings(.nb)), en: string(Strings(.en)), nn: string(Strings(.nn)))
    }

    var siteName: String { "Radhus" }
    var skipLink: String { s("Hopp til hovedinnholdet", "Skip to main content", nn: "Hopp til hovudinnhaldet") }
    var testEnvironment: String {
        s(
            "Testmiljø: bruk bare syntetiske testpersoner.", "Test environment: use synthetic test people only.",
            nn: "Testmiljø: bruk berre syntetiske testpersonar.")
    }
    var services: String { s("Tjenester", "Services", nn: "Tenester") }
    var myCases: String { s("Mine saker", "My cases") }
    var inbox: String { s("Innboks", "Inbox") }
    var profile: String { s("Varsling", "Notifications") }
    var profileTitle: String { s("Varsling og digital post", "Notifications and digital post") }
    var profileIntro: String {
        s(
            "Brev fra kommunen kommer i innboksen din her. Vi sender et varsel på e-post når du får et nytt brev. Åpner du ikke brevet innen fristen, sender vi det på papir.",
            "Letters from the municipality arrive in your inbox here. We send a notice by e-mail when you get a new letter. If you do not open it in time, we send it on paper.",
            nn:
                "Brev frå kommunen kjem i innboksen din her. Vi sender eit varsel på e-post når du får eit nytt brev. Opnar du ikkje brevet innan fristen, sender vi det på papir."
        )
    }
    var emailLabel: String {
        s("E-postadresse for varsler", "E-mail address for notices", nn: "E-postadresse for varsel")
    }
    var emailHint: String {
        s(
            "Varselet sier bare at du har fått brev, aldri hva det handler om.",
            "The notice only says that you have a letter, never what it is about.",
            nn: "Varselet seier berre at du har fått brev, aldri kva det handlar om.")
    }
    var emailInvalid: String {
        s(
            "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no",
            "Enter a valid e-mail address, like name@example.com",
            nn: "Skriv ei gyldig e-postadresse, til dømes namn@eksempel.no")
    }
    var reservedLabel: String {
        s(
            "Jeg vil ha brev på papir i stedet for digitalt", "I want letters on paper instead of digitally",
            nn: "Eg vil ha brev på papir i staden for digitalt")
    }
    var postalAddress: String {
        s(
            "Postadresse (fra Folkeregisteret)", "Postal address (from the population register)",
            nn: "Postadresse (frå Folkeregisteret)")
    }
    var noPostalAddress: String {
        s("Ingen adresse registrert", "No address registered", nn: "Inga adresse registrert")
    }
    var save: String { s("Lagre", "Save") }
    var saved: String { s("Endringene er lagret.", "Your changes are saved.", nn: "Endringane er lagra.") }
    var letterHistory: String { s("Utsending", "Delivery") }
    func shipmentStatus(_ st: ShipmentStatus) -> String { lang == .en ? st.labelEnglish : st.label }
    func channelLabel(_ c: ShipmentChannel) -> String {
        switch c {
        case .portal: s("Innboks, e-postvarsel og papir", "Inbox, e-mail notice and paper")
        case .webhook: s("Fagsystem (webhook)", "Domain system (webhook)")
        case .appealBody:
            s(
                "Klageinstans (e-post med saksdokumentene)", "Appeal body (e-mail with the case documents)",
                nn: "Klageinstans (e-post med saksdokumenta)")
        }
    }
    // Public journal (offentlig journal) and access requests (innsynskrav)
    var publicJournal: String { s("Offentlig journal", "Public records journal", nn: "Offentleg journal") }
    func publicJournalOf(_ k: String) -> String {
        s("Offentlig journal for \(k)", "Public records journal of \(k)", nn: "Offentleg journal for \(k)")
    }
    var publicJournalIntro: String {
        s(
            "Postjournalen viser dokumenter kommunen har mottatt og sendt. Opplysninger som er taushetsbelagte, er skjermet (*****). Du kan be om innsyn i et dokument.",
            "The journal lists documents the municipality has received and sent. Confidential details are screened (*****). You can ask for access to a document.",
            nn:
                "Postjournalen viser dokument kommunen har motteke og sendt. Opplysningar som er teiepliktige, er skjerma (*****). Du kan be om innsyn i eit dokument."
        )
    }
    var fromDate: String { s("Fra dato", "From date", nn: "Frå dato") }
    var toDate: String { s("Til dato", "To date") }
    var dateHint: String { s("For eksempel 23.11.2026", "For example 23.11.2026", nn: "Til dømes 23.11.2026") }
    var searchTitle: String { s("Søk i titler", "Search titles", nn: "Søk i titlar") }
    var allServices: String { s("Alle tjenester", "All services", nn: "Alle tenester") }
    var show: String { s("Vis", "Show") }
    var date: String { s("Dato", "Date") }
    var journalNumber: String { s("Journalpost", "Record no.") }
    var documentType: String { s("Type", "Type") }
    var documentTitle: String { s("Tittel", "Title") }
    var screenedBy: String { s("Skjermet etter", "Screened under", nn: "Skjerma etter") }
    var inbound: String { s("Inngående", "Received", nn: "Inngåande") }
    var outbound: String { s("Utgående", "Sent", nn: "Utgåande") }
    var requestAccess: String { s("Be om innsyn", "Request access") }
    func entriesFound(_ n: Int) -> String { s("\(n) journalposter", "\(n) records", nn: "\(n) journalpostar") }
    var noEntries: String {
        s(
            "Ingen journalposter passer med søket.", "No records match your search.",
            nn: "Ingen journalpostar passar med søket.")
    }
    var invalidDate: String { s("Skriv datoen som dd.mm.åååå", "Write the date as dd.mm.yyyy") }
    var accessRequestTitle: String { s("Be om innsyn", "Request access") }
    var accessRequestIntro: String {
        s(
            "Du har rett til innsyn i kommunens dokumenter etter offentleglova § 3, med unntak av det som er skjermet. Du trenger ikke si hvorfor.",
            "You have a right to see the municipality's documents under the Freedom of Information Act § 3, except what is screened. You do not need to say why.",
            nn:
                "Du har rett til innsyn i dokumenta til kommunen etter offentleglova § 3, med unntak av det som er skjerma. Du treng ikkje seie kvifor."
        )
    }
    var yourName: String { s("Navnet ditt", "Your name", nn: "Namnet ditt") }
    var yourEmail: String { s("E-postadressen din", "Your e-mail address", nn: "E-postadressa di") }
    var emailForAnswer: String { s("Vi sender svaret hit.", "We send the answer here.") }
    var messageOptional: String { s("Melding (valgfritt)", "Message (optional)", nn: "Melding (valfritt)") }
    var sendRequest: String { s("Send innsynskravet", "Send the request") }
    var nameMissing: String { s("Skriv navnet ditt", "Enter your name", nn: "Skriv namnet ditt") }
    var requestReceived: String {
        s("Innsynskravet er mottatt", "Your request has been received", nn: "Innsynskravet er motteke")
    }
    func requestReceivedText(_ nr: String) -> String {
        s(
            "Saksnummeret er \(nr). Arkivet svarer deg på e-post, vanligvis innen tre virkedager.",
            "The case number is \(nr). The records office answers you by e-mail, usually within three working days.",
            nn: "Saksnummeret er \(nr). Arkivet svarar deg på e-post, vanlegvis innan tre verkedagar.")
    }
    var whoLooked: String {
        s(
            "Hvem i kommunen har sett saken", "Who in the municipality has looked at the case",
            nn: "Kven i kommunen har sett saka")
    }
    var nobodyLooked: String {
        s(
            "Ingen ansatte har åpnet saken ennå.", "No member of staff has opened the case yet.",
            nn: "Ingen tilsette har opna saka enno.")
    }
    func roleLabel(_ r: String) -> String {
        switch r {
        case "saksbehandler": s("Saksbehandler", "Caseworker", nn: "Saksbehandlar")
        case "leder": s("Leder", "Manager", nn: "Leiar")
        case "arkivar": s("Arkivar", "Records officer")
        case "admin": s("Administrator", "Administrator")
        case "fagsystem": s("Fagsystem (API)", "Domain system (API)")
        default: r
        }
    }
    var revealedNumber: String {
        s("så hele fødselsnummeret", "saw the full national identity number", nn: "såg heile fødselsnummeret")
    }
    var logIn: String { s("Logg inn", "Log in") }
    var logOut: String { s("Logg ut", "Log out") }
    var mainMenu: String { s("Hovedmeny", "Main menu", nn: "Hovudmeny") }
    var footerAbout: String {
        s(
            "Radhus – den åpne digitale rådhusplattformen for norske kommuner.",
            "Radhus – the open digital town hall for Norwegian municipalities.",
            nn: "Radhus – den opne digitale rådhusplattforma for norske kommunar.")
    }
    var accessibility: String {
        s("Tilgjengelighet: WCAG 2.1 AA", "Accessibility: WCAG 2.1 AA", nn: "Tilgjengelegheit: WCAG 2.1 AA")
    }

    // Home
    var homeTitle: String { s("Søk og følg saker hos kommunen din", "Apply to your municipality and follow your case") }
    var homeIntro: String {
        s(
            "Velg kommunen din for å se tjenestene du kan søke på.",
            "Choose your municipality to see the services you can apply for.",
            nn: "Vel kommunen din for å sjå tenestene du kan søkje på.")
    }
    var chooseKommune: String { s("Velg kommune", "Choose municipality", nn: "Vel kommune") }
    var staffEntrance: String { s("For ansatte i kommunen", "For municipal staff", nn: "For tilsette i kommunen") }

    // Citizen login
    var testLoginTitle: String { s("Testinnlogging", "Test login") }
    var testLoginWarning: String {
        s(
            "Dette er en testinnlogging, ikke ID-porten. Skriv et syntetisk fødselsnummer (testnummer der måneden er lagt til 80).",
            "This is a test login, not ID-porten. Type a synthetic national identity number (a test number with 80 added to the month).",
            nn:
                "Dette er ei testinnlogging, ikkje ID-porten. Skriv eit syntetisk fødselsnummer (testnummer der månaden er lagd til 80)."
        )
    }
    var fnrLabel: String { s("Fødselsnummer", "National identity number") }
    var fnrHint: String { s("11 siffer", "11 digits") }
    var demoPeople: String {
        s(
            "Syntetiske testpersoner du kan bruke", "Synthetic test people you can use",
            nn: "Syntetiske testpersonar du kan bruke")
    }
    var demoChildren: String {
        s(
            "Syntetiske barn du kan søke for (logg inn som en voksen over)",
            "Synthetic children you can apply for (log in as an adult above)",
            nn: "Syntetiske born du kan søkje for (logg inn som ein vaksen over)")
    }
    var loginNotAvailable: String {
        s(
            "Innlogging er ikke satt opp ennå. Kontakt kommunen.",
            "Login has not been set up yet. Please contact the municipality.",
            nn: "Innlogging er ikkje sett opp enno. Kontakt kommunen.")
    }
    var loginTitle: String { s("Logg inn", "Log in") }
    var levelHighNeeded: String {
        s(
            "Denne tjenesten krever innlogging på høyt sikkerhetsnivå. Logg inn på nytt med BankID, Buypass eller Commfides.",
            "This service needs a login at a high security level. Log in again with BankID, Buypass or Commfides.",
            nn:
                "Denne tenesta krev innlogging på høgt tryggleiksnivå. Logg inn på nytt med BankID, Buypass eller Commfides."
        )
    }
    var appliedForOther: String {
        s(
            "Du søkte for en annen (for eksempel barnet ditt). Brevene kommer til deg.",
            "You applied for someone else (for example your child). Letters come to you.",
            nn: "Du søkte for ein annan (til dømes barnet ditt). Breva kjem til deg.")
    }
    var appliedByOther: String {
        s(
            "Saken gjelder deg. En annen søkte for deg, og brevene går til den som søkte.",
            "The case is about you. Someone else applied for you, and letters go to them.",
            nn: "Saka gjeld deg. Ein annan søkte for deg, og breva går til den som søkte.")
    }
    var usersMenu: String { s("Brukere", "Users", nn: "Brukarar") }
    var loginSettingsMenu: String { s("Innlogging", "Login") }
    var ssoHeading: String {
        s(
            "Logg inn med kommunens pålogging", "Log in with your municipality's login",
            nn: "Logg inn med pålogginga til kommunen")
    }
    func ssoLink(_ kommune: String) -> String {
        s("Ansatt i \(kommune)", "Staff of \(kommune)", nn: "Tilsett i \(kommune)")
    }
    var passwordLoginHeading: String {
        s(
            "Logg inn med brukernavn og passord", "Log in with username and password",
            nn: "Logg inn med brukarnamn og passord")
    }
    var ssoNotConfigured: String {
        s(
            "Kommunen har ikke satt opp egen pålogging for ansatte.", "The municipality has not set up a staff login.",
            nn: "Kommunen har ikkje sett opp eiga pålogging for tilsette.")
    }
    var passwordLoginOff: String {
        s(
            "Kommunen din bruker egen pålogging. Logg inn med kommunens pålogging over.",
            "Your municipality uses its own login. Log in with the municipality's login above.",
            nn: "Kommunen din bruker eiga pålogging. Logg inn med pålogginga til kommunen over.")
    }
    var idportenIntro: String {
        s(
            "Du logger inn med ID-porten: BankID, Buypass, Commfides eller MinID.",
            "You log in with ID-porten: BankID, Buypass, Commfides or MinID.",
            nn: "Du loggar inn med ID-porten: BankID, Buypass, Commfides eller MinID.")
    }
    var idportenButton: String { s("Logg inn med ID-porten", "Log in with ID-porten") }
    var idportenNotConfigured: String {
        s(
            "Innlogging med ID-porten er ikke satt opp.", "Login with ID-porten has not been set up.",
            nn: "Innlogging med ID-porten er ikkje sett opp.")
    }

    // Kommune and services
    func servicesIn(_ kommune: String) -> String {
        s("Tjenester i \(kommune)", "Services in \(kommune)", nn: "Tenester i \(kommune)")
    }
    var whoCanApply: String { s("Hvem kan søke", "Who can apply", nn: "Kven kan søkje") }
    var youNeed: String { s("Dette trenger du", "What you need", nn: "Dette treng du") }
    func minutes(_ n: Int) -> String {
        s(
            "Det tar omtrent \(n) minutter å fylle ut søknaden.", "It takes about \(n) minutes to fill in.",
            nn: "Det tek om lag \(n) minutt å fylle ut søknaden.")
    }
    func answerWithin(_ d: ServiceDefinition.Deadline) -> String {
        switch d.kind {
        case .calendar:
            s(
                "Du får svar innen \(d.days) dager.", "You will get an answer within \(d.days) days.",
                nn: "Du får svar innan \(d.days) dagar.")
        case .working:
            s(
                "Du får svar innen \(d.days) arbeidsdager.", "You will get an answer within \(d.days) working days.",
                nn: "Du får svar innan \(d.days) arbeidsdagar.")
        }
    }
    var startNow: String { s("Start søknaden", "Start application") }
    var legalBasis: String { s("Lovgrunnlag", "Legal basis") }
    func localGuidelines(_ kommune: String) -> String {
        s("Retningslinjer i \(kommune)", "Guidelines in \(kommune)", nn: "Retningsliner i \(kommune)")
    }
    var contactUs: String { s("Kontakt", "Contact") }

    // Form
    func errorSummaryTitle(_ n: Int) -> String {
        n == 1
            ? s("Det er 1 feil i skjemaet", "There is 1 problem with the form")
            : s("Det er \(n) feil i skjemaet", "There are \(n) problems with the form")
    }
    var optional: String { s("(valgfritt)", "(optional)", nn: "(valfritt)") }
    /// Read before each field's error by screen readers ("Feil: …").
    var errorPrefix: String { s("Feil", "Error") }
    func kommunenummer(_ n: String) -> String { s("Kommunenummer \(n)", "Municipality number \(n)") }
    var yes: String { s("Ja", "Yes") }
    var no: String { s("Nei", "No") }
    var chooseOne: String { s("Velg …", "Choose …", nn: "Vel …") }
    var continueButton: String { s("Gå videre", "Continue", nn: "Gå vidare") }
    // Attachments (issue 19)
    func attachmentRules(_ r: AttachmentRules) -> String {
        let kinds = r.kinds.map { $0.rawValue.uppercased() }
        let list =
            kinds.count > 1 ? kinds.dropLast().joined(separator: ", ") + s(" eller ", " or ") + kinds.last! : kinds[0]
        let mb = r.maxBytes / 1_048_576
        return s(
            "\(list), høyst \(mb) MB per fil og \(r.maxFiles) \(r.maxFiles == 1 ? "fil" : "filer").",
            "\(list), at most \(mb) MB per file and \(r.maxFiles) \(r.maxFiles == 1 ? "file" : "files").",
            nn: "\(list), høgst \(mb) MB per fil og \(r.maxFiles) \(r.maxFiles == 1 ? "fil" : "filer").")
    }
    var chooseFile: String { s("Velg fil", "Choose a file", nn: "Vel fil") }
    var fileDescription: String {
        s("Hva er filen? (valgfritt)", "What is the file? (optional)", nn: "Kva er fila? (valfritt)")
    }
    var fileDescriptionHint: String {
        s(
            "For eksempel «Legeerklæring fra fastlegen»", "For example “Medical certificate from my GP”",
            nn: "Til dømes «Legeerklæring frå fastlegen»")
    }
    var uploadButton: String { s("Last opp filen", "Upload the file", nn: "Last opp fila") }
    var removeFile: String { s("Fjern", "Remove") }
    var uploadedFiles: String { s("Lastet opp", "Uploaded", nn: "Lasta opp") }
    var noFilesYet: String {
        s("Ingen filer lastet opp ennå.", "No files uploaded yet.", nn: "Ingen filer er lasta opp enno.")
    }
    var attachments: String { s("Vedlegg", "Attachments") }
    var download: String { s("Last ned", "Download") }
    var back: String { s("Tilbake", "Back") }
    func onlyIfOutcome(_ outcome: String) -> String {
        s(
            "Fylles ut når utfallet er «\(outcome)».", "Filled in when the outcome is “\(outcome)”.",
            nn: "Fyllast ut når utfallet er «\(outcome)».")
    }
    var writtenFormLabel: String {
        s("Målform i brev fra kommunen", "Written form of Norwegian in letters", nn: "Målform i brev frå kommunen")
    }
    var writtenFormHint: String {
        s(
            "Vedtak og andre brev skrives på bokmål eller nynorsk, som du velger.",
            "Decisions and other letters are written in bokmål or nynorsk, as you choose.",
            nn: "Vedtak og andre brev blir skrivne på bokmål eller nynorsk, som du vel.")
    }
    // Repeating groups (issue 19)
    func addEntry(_ item: String) -> String {
        s(
            "Legg til en til: \(item.lowercasedFirst)", "Add another: \(item.lowercasedFirst)",
            nn: "Legg til ein til: \(item.lowercasedFirst)")
    }
    func removeEntry(_ entry: String) -> String {
        s("Fjern \(entry.lowercasedFirst)", "Remove \(entry.lowercasedFirst)")
    }
    func groupLimits(_ min: Int, _ max: Int) -> String {
        s("Minst \(min) og høyst \(max).", "At least \(min) and at most \(max).", nn: "Minst \(min) og høgst \(max).")
    }
    // Steps (issue 19)
    func stepOf(_ n: Int, _ total: Int) -> String { s("Steg \(n) av \(total)", "Step \(n) of \(total)") }
    var stepsLabel: String { s("Stegene i søknaden", "The steps of the application", nn: "Stega i søknaden") }
    // Drafts (issue 19)
    var saveForLater: String {
        s("Lagre og fortsett senere", "Save and continue later", nn: "Lagre og hald fram seinare")
    }
    var draftSaved: String {
        s(
            "Søknaden er lagret. Du finner den under «Ikke sendt» i 30 dager, også på andre enheter.",
            "Your application is saved. You will find it under “Not sent” for 30 days, on other devices too.",
            nn: "Søknaden er lagra. Du finn han under «Ikkje sendt» i 30 dagar, også på andre einingar.")
    }
    var notSent: String { s("Ikke sendt", "Not sent", nn: "Ikkje sendt") }
    func continueDraft(_ title: String) -> String {
        s("Fortsett: \(title)", "Continue: \(title)", nn: "Hald fram: \(title)")
    }
    var lastSaved: String { s("sist lagret", "last saved", nn: "sist lagra") }
    var keptUntil: String { s("slettes", "deleted", nn: "blir sletta") }
    var deleteDraft: String { s("Slett utkastet", "Delete the draft") }
    var sentApplications: String { s("Sendte søknader", "Sent applications", nn: "Sende søknader") }
    func fileKind(_ mediaType: String) -> String {
        mediaType == "application/pdf" ? "PDF" : s("bilde", "picture", nn: "bilete")
    }
    func onlyIf(_ label: String, _ answer: String) -> String {
        s(
            "Svar bare hvis du svarte «\(answer)» på «\(label)»",
            "Answer only if you answered “\(answer)” to “\(label)”",
            nn: "Svar berre om du svarte «\(answer)» på «\(label)»")
    }
    /// A condition's parts (issue 19), put together by `FormView.describe`.
    func answered(_ label: String, _ answer: String) -> String {
        s("du svarte «\(answer)» på «\(label)»", "you answered “\(answer)” to “\(label)”")
    }
    func atLeast(_ label: String, _ n: String) -> String {
        s("«\(label)» er minst \(n)", "“\(label)” is at least \(n)")
    }
    func atMost(_ label: String, _ n: String) -> String {
        s("«\(label)» er høyst \(n)", "“\(label)” is at most \(n)", nn: "«\(label)» er høgst \(n)")
    }
    func notThis(_ part: String) -> String {
        s("det ikke er slik at \(part)", "it is not so that \(part)", nn: "det ikkje er slik at \(part)")
    }
    var andWord: String { s(" og ", " and ") }
    var orWord: String { s(" eller ", " or ") }
    func answerOnlyIf(_ parts: String) -> String {
        s("Svar bare hvis \(parts)", "Answer only if \(parts)", nn: "Svar berre om \(parts)")
    }
    var street: String { s("Gateadresse", "Street address") }
    var moneyFormatHint: String {
        s(
            "Beløp i kroner, for eksempel 12 500", "Amount in kroner, like 12 500",
            nn: "Beløp i kroner, til dømes 12 500")
    }
    var postcode: String { s("Postnummer", "Postcode") }
    var city: String { s("Poststed", "Town", nn: "Poststad") }

    func message(_ e: FieldError) -> String {
        let label = e.field.label[lang]
        switch e.problem {
        case .required:
            switch e.field.type {
            case .choice, .yesno:
                return s(
                    "Velg et svar for «\(label)»", "Select an answer for “\(label)”", nn: "Vel eit svar for «\(label)»")
            case .attachment: return s("Last opp «\(label.lowercasedFirst)»", "Upload “\(label.lowercasedFirst)”")
            case .address:
                let part =
                    e.inputID.hasSuffix(".postnummer") ? postcode : e.inputID.hasSuffix(".poststed") ? city : street
                return s("Skriv \(part.lowercased())", "Enter the \(part.lowercased())")
            default: return s("Skriv \(label.lowercasedFirst)", "Enter \(label.lowercasedFirst)")
            }
        case .tooLong(let max):
            return s(
                "«\(label)» kan ha høyst \(max) tegn", "“\(label)” must be \(max) characters or fewer",
                nn: "«\(label)» kan ha høgst \(max) teikn")
        case .pattern(let m): return m?[lang] ?? s("«\(label)» har feil format", "“\(label)” is in the wrong format")
        case .notANumber where e.field.decimals == 0, .tooManyDecimals(allowed: 0):
            return s(
                "«\(label)» må være et helt tall, for eksempel 3", "“\(label)” must be a whole number, like 3",
                nn: "«\(label)» må vere eit heilt tal, til dømes 3")
        case .notANumber:
            return s(
                "«\(label)» må være et tall, for eksempel 3,5", "“\(label)” must be a number, like 3.5",
                nn: "«\(label)» må vere eit tal, til dømes 3,5")
        case .notAnEmail:
            return s(
                "«\(label)» må være en e-postadresse, for eksempel navn@eksempel.no",
                "“\(label)” must be an e-mail address, like name@example.com",
                nn: "«\(label)» må vere ei e-postadresse, til dømes namn@eksempel.no")
        case .notAPhone:
            return s(
                "«\(label)» må være et telefonnummer med 8 siffer, eller + og landskode",
                "“\(label)” must be a phone number of 8 digits, or + and a country code",
                nn: "«\(label)» må vere eit telefonnummer med 8 siffer, eller + og landskode")
        case .notAnAmount:
            return s(
                "«\(label)» må være et beløp i kroner, for eksempel 12 500 eller 12 500,50",
                "“\(label)” must be an amount in kroner, like 12 500 or 12 500.50",
                nn: "«\(label)» må vere eit beløp i kroner, til dømes 12 500 eller 12 500,50")
        case .tooManyDecimals(let allowed):
            return s(
                "«\(label)» kan ha høyst \(allowed) desimaler", "“\(label)” can have at most \(allowed) decimals",
                nn: "«\(label)» kan ha høgst \(allowed) desimalar")
        case .numberOutOfRange(let lo, let hi):
            let l = lo.map { "\($0)".replacingOccurrences(of: ".", with: lang == .en ? "." : ",") } ?? ""
            let h = hi.map { "\($0)".replacingOccurrences(of: ".", with: lang == .en ? "." : ",") } ?? ""
            switch (lo, hi) {
            case (.some, .some):
                return s(
                    "«\(label)» må være mellom \(l) og \(h)", "“\(label)” must be between \(l) and \(h)",
                    nn: "«\(label)» må vere mellom \(l) og \(h)")
            case (.some, nil):
                return s(
                    "«\(label)» må være minst \(l)", "“\(label)” must be at least \(l)",
                    nn: "«\(label)» må vere minst \(l)")
            default:
                return s(
                    "«\(label)» kan være høyst \(h)", "“\(label)” must be at most \(h)",
                    nn: "«\(label)» kan vere høgst \(h)")
            }
        case .notADate:
            return s(
                "«\(label)» må være en gyldig dato, for eksempel 15.08.2027",
                "“\(label)” must be a real date, like 15.08.2027",
                nn: "«\(label)» må vere ein gyldig dato, til dømes 15.08.2027")
        case .dateOutOfRange(let earliest, let latest):
            let c = NorwegianCalendar()
            let e1 = earliest.map { c.norwegianDate($0) } ?? ""
            let l1 = latest.map { c.norwegianDate($0) } ?? ""
            return s(
                "«\(label)» må være mellom \(e1) og \(l1)", "“\(label)” must be between \(e1) and \(l1)",
                nn: "«\(label)» må vere mellom \(e1) og \(l1)")
        case .notAnOption:
            return s(
                "Velg et av alternativene for «\(label)»", "Select one of the options for “\(label)”",
                nn: "Vel eitt av alternativa for «\(label)»")
        case .postcode:
            return s(
                "Postnummeret må være 4 siffer", "The postcode must be 4 digits", nn: "Postnummeret må vere 4 siffer")
        case .tooManyFiles(let max):
            return s(
                "«\(label)» kan ha høyst \(max) filer. Fjern en før du laster opp en ny.",
                "“\(label)” can have at most \(max) files. Remove one before uploading another.",
                nn: "«\(label)» kan ha høgst \(max) filer. Fjern ei før du lastar opp ei ny.")
        case .fileKind(let allowed):
            let kinds = allowed.map { $0.rawValue.uppercased() }.joined(separator: ", ")
            return s(
                "Filen må være \(kinds). Lagre eller skann dokumentet som PDF og last det opp på nytt.",
                "The file must be \(kinds). Save or scan the document as PDF and upload it again.",
                nn: "Fila må vere \(kinds). Lagre eller skann dokumentet som PDF og last det opp på nytt.")
        case .heic:
            return s(
                "Bilder i HEIC-format (fra iPhone) kan ikke arkiveres. Lagre bildet som JPEG, eller velg «Mest kompatibel» under Kamera > Formater, og last det opp på nytt.",
                "Pictures in HEIC format (from an iPhone) cannot be archived. Save the picture as JPEG, or choose “Most compatible” under Camera > Formats, and upload it again.",
                nn:
                    "Bilete i HEIC-format (frå iPhone) kan ikkje arkiverast. Lagre biletet som JPEG, eller vel «Mest kompatibel» under Kamera > Formater, og last det opp på nytt."
            )
        case .tooFewEntries(let min):
            return s(
                "«\(label)» må ha minst \(min)", "“\(label)” needs at least \(min)",
                nn: "«\(label)» må ha minst \(min)")
        case .tooManyEntries(let max):
            return s(
                "«\(label)» kan ha høyst \(max)", "“\(label)” can have at most \(max)",
                nn: "«\(label)» kan ha høgst \(max)")
        case .fileEmpty:
            return s(
                "Filen er tom. Velg en annen fil.", "The file is empty. Choose another file.",
                nn: "Fila er tom. Vel ei anna fil.")
        case .fileTooLarge(let max):
            return s(
                "Filen er for stor: den kan være høyst \(max / 1_048_576) MB.",
                "The file is too large: it must be \(max / 1_048_576) MB or smaller.",
                nn: "Fila er for stor: ho kan vere høgst \(max / 1_048_576) MB.")
        case .uploadTooLarge(let max):
            return s(
                "Vedleggene til en søknad kan til sammen være høyst \(max / 1_048_576) MB. Fjern et vedlegg eller last opp en mindre fil.",
                "The attachments of one application can be at most \(max / 1_048_576) MB together. Remove one or upload a smaller file.",
                nn:
                    "Vedlegga til ein søknad kan til saman vere høgst \(max / 1_048_576) MB. Fjern eit vedlegg eller last opp ei mindre fil."
            )
        case .fileInfected:
            return s(
                "Filen inneholder virus eller skadelig kode og ble ikke tatt imot. Last opp en annen fil.",
                "The file contains a virus or harmful code and was not accepted. Upload another file.",
                nn: "Fila inneheld virus eller skadeleg kode og vart ikkje teken imot. Last opp ei anna fil.")
        case .scannerUnavailable:
            return s(
                "Vi kan ikke ta imot vedlegg akkurat nå fordi virussjekken ikke svarer. Filen er ikke lagret. Prøv igjen om litt.",
                "We cannot accept attachments right now because the virus check does not answer. The file was not kept. Try again in a little while.",
                nn:
                    "Vi kan ikkje ta imot vedlegg akkurat no fordi viruskontrollen ikkje svarar. Fila er ikkje lagra. Prøv igjen om litt."
            )
        case .invisibleCharacter(let c):
            return invisibleCharacter(c, in: label)
        case .identity(let p):
            switch p {
            case .wrongLength, .notDigits:
                return s("Skriv fødselsnummeret med 11 siffer", "Enter the national identity number as 11 digits")
            case .checksum, .invalidDate:
                return s(
                    "Fødselsnummeret er ikke gyldig. Sjekk at du har skrevet det riktig.",
                    "The national identity number is not valid. Check that you typed it correctly.",
                    nn: "Fødselsnummeret er ikkje gyldig. Sjekk at du har skrive det rett.")
            case .notAllowed(let kind):
                switch kind {
                case .synthetic, .syntheticDNummer:
                    return s(
                        "Syntetiske testnumre kan ikke brukes her. Skriv et ekte fødselsnummer eller D-nummer.",
                        "Synthetic test numbers cannot be used here. Enter a real national identity number or D number.",
                        nn: "Syntetiske testnummer kan ikkje brukast her. Skriv eit ekte fødselsnummer eller D-nummer.")
                default:
                    return s(
                        "Dette er et testmiljø: bruk et syntetisk testnummer (måned + 80), aldri et ekte fødselsnummer.",
                        "This is a test environment: use a synthetic test number (month + 80), never a real one.",
                        nn:
                            "Dette er eit testmiljø: bruk eit syntetisk testnummer (månad + 80), aldri eit ekte fødselsnummer."
                    )
                }
            }
        }
    }

    // Check answers
    var checkTitle: String {
        s("Sjekk svarene dine før du sender", "Check your answers before sending", nn: "Sjekk svara dine før du sender")
    }
    var change: String { s("Endre", "Change") }
    var sendApplication: String { s("Send søknaden", "Send application") }
    var sendDeclaration: String {
        s(
            "Når du sender søknaden, bekrefter du at opplysningene er riktige.",
            "By sending the application you confirm that the information is correct.",
            nn: "Når du sender søknaden, stadfestar du at opplysningane er rette.")
    }
    var notAnswered: String { s("Ikke besvart", "Not answered", nn: "Ikkje svart") }
    var draftMissing: String {
        s(
            "Vi fant ikke svarene dine. Fyll ut skjemaet på nytt.",
            "We could not find your answers. Please fill in the form again.",
            nn: "Vi fann ikkje svara dine. Fyll ut skjemaet på nytt.")
    }

    // Receipt and cases
    var receiptTitle: String { s("Søknaden er sendt", "Application sent", nn: "Søknaden er send") }
    var yourCaseNumber: String { s("Saksnummeret ditt er", "Your case number is") }
    var whatNext: String { s("Hva skjer nå", "What happens next", nn: "Kva skjer no") }
    func nextSteps(_ kommune: String, _ due: String) -> String {
        s(
            "\(kommune) behandler søknaden. Du får svar senest \(due). Vedtaket kommer i innboksen din her.",
            "\(kommune) will process your application. You will get an answer by \(due). The decision will arrive in your inbox here.",
            nn: "\(kommune) behandlar søknaden. Du får svar seinast \(due). Vedtaket kjem i innboksen din her.")
    }
    var decidedAutomatically: String {
        s(
            "Søknaden din er allerede avgjort automatisk etter reglene for tjenesten. Vedtaket, med begrunnelse og klagerett, ligger i innboksen din. Du kan be om at en saksbehandler ser på saken.",
            "Your application has already been decided automatically under the rules for this service. The decision, with reasons and your right to appeal, is in your inbox. You can ask for a caseworker to review it.",
            nn:
                "Søknaden din er alt avgjord automatisk etter reglane for tenesta. Vedtaket, med grunngiving og klagerett, ligg i innboksen din. Du kan be om at ein saksbehandlar ser på saka."
        )
    }
    /// A refused character named to a person, in the field `label` or in "the text".
    func invisibleCharacter(_ c: Unicode.Scalar, in label: String? = nil) -> String {
        let nb = label.map { "«\($0)»" } ?? "Teksten"
        let en = label.map { "“\($0)”" } ?? "The text"
        if c.value == 0xFFFD {
            return s(
                "\(nb) inneholder tegn som ikke kunne leses (ikke UTF-8), kanskje fra et annet tegnsett. Skriv teksten på nytt.",
                "\(en) contains characters that could not be read (not UTF-8), perhaps from another character set. Type the text again.",
                nn:
                    "\(nb) inneheld teikn som ikkje kunne lesast (ikkje UTF-8), kanskje frå eit anna teiknsett. Skriv teksten på nytt."
            )
        }
        let what = PlainText.describe(c)
        return s(
            "\(nb) inneholder et tegn som ikke synes (\(what)), kanskje fra innliming. Skriv teksten på nytt.",
            "\(en) contains a character that cannot be seen (\(what)), perhaps from pasting. Type the text again.",
            nn: "\(nb) inneheld eit teikn som ikkje synest (\(what)), kanskje frå innliming. Skriv teksten på nytt.")
    }
    func automatedOutcome(_ outcome: String) -> String { s("Vedtak: \(outcome)", "Decision: \(outcome)") }
    var readDecision: String { s("Les vedtaket i innboksen", "Read the decision in your inbox") }
    var followCase: String {
        s("Følg saken under «Mine saker».", "Follow the case under “My cases”.", nn: "Følg saka under «Mine saker».")
    }
    var noCases: String { s("Du har ingen saker ennå.", "You have no cases yet.", nn: "Du har ingen saker enno.") }
    var caseNumber: String { s("Saksnummer", "Case number") }
    var service: String { s("Tjeneste", "Service", nn: "Teneste") }
    var status: String { s("Status", "Status") }
    var submitted: String { s("Sendt", "Sent") }
    var answerBy: String { s("Svar innen", "Answer by", nn: "Svar innan") }
    var timeline: String { s("Tidslinje", "Timeline", nn: "Tidsline") }
    var yourAnswers: String { s("Svarene dine", "Your answers", nn: "Svara dine") }
    var decision: String { s("Vedtak", "Decision") }
    var kommune: String { s("Kommune", "Municipality") }

    func statusLabel(_ st: CaseStatus) -> String {
        switch st {
        case .mottatt: s("Mottatt", "Received", nn: "Motteken")
        case .underBehandling: s("Under behandling", "In progress")
        case .venterPaSoker: s("Venter på søker", "Waiting for the applicant", nn: "Ventar på søkjar")
        case .avsluttet: s("Vedtak fattet", "Decided", nn: "Vedtak gjort")
        case .paklaget: s("Påklaget", "Appealed", nn: "Påklaga")
        case .oversendt: s("Sendt til klageinstans", "With the appeal body", nn: "Send til klageinstans")
        case .tilGodkjenning: s("Til godkjenning", "Awaiting approval", nn: "Til godkjenning")
        }
    }

    /// The status as the applicant reads it: the case waits for *them*.
    func citizenStatusLabel(_ st: CaseStatus) -> String {
        st == .venterPaSoker ? s("Venter på deg", "Waiting for you", nn: "Ventar på deg") : statusLabel(st)
    }

    func eventLabel(_ k: CaseEventKind?) -> String {
        switch k {
        case .submitted: s("Søknaden ble mottatt", "Application received", nn: "Søknaden vart motteken")
        case .opened:
            s(
                "En saksbehandler startet behandlingen", "A caseworker started processing",
                nn: "Ein saksbehandlar starta behandlinga")
        case .decided: s("Vedtak fattet", "Decision made", nn: "Vedtak gjort")
        case .letterSent: s("Brev sendt til innboksen", "Letter sent to the inbox")
        case .letterRead: s("Brevet ble lest", "Letter read", nn: "Brevet vart lese")
        case .messageReceived: s("Melding fra søker", "Message from the applicant", nn: "Melding frå søkjar")
        case .informationRequested:
            s("Ba om flere opplysninger", "Asked for more information", nn: "Bad om fleire opplysningar")
        case .informationReceived:
            s(
                "Søker svarte på forespørselen", "The applicant answered the request",
                nn: "Søkjar svarte på førespurnaden")
        case .requestExpired:
            s(
                "Svarfristen gikk ut uten svar", "The due date passed without an answer",
                nn: "Svarfristen gjekk ut utan svar")
        case .requestWithdrawn:
            s("Forespørselen ble trukket", "The request was withdrawn", nn: "Førespurnaden vart trekt")
        case .reminderSent: s("Påminnelse sendt", "Reminder sent", nn: "Påminning send")
        case .assigned: s("Saken ble tildelt", "The case was assigned", nn: "Saka vart tildelt")
        case .preliminaryAnswer:
            s("Foreløpig svar sendt", "Preliminary answer sent", nn: "Førebels svar sendt")
        case .reviewRequested:
            s(
                "Søker ba om at en saksbehandler vurderer det automatiske vedtaket",
                "The applicant asked a caseworker to review the automated decision",
                nn: "Søkjar bad om at ein saksbehandlar vurderer det automatiske vedtaket")
        case .appealReceived: s("Klagen ble mottatt", "Appeal received", nn: "Klaga vart motteken")
        case .appealed: s("Vedtaket ble påklaget", "The decision was appealed", nn: "Vedtaket vart påklaga")
        case .forwarded:
            s(
                "Kommunen opprettholdt vedtaket og sendte klagen til klageinstansen",
                "The kommune upheld the decision and sent the appeal to the appeal body",
                nn: "Kommunen heldt oppe vedtaket og sende klaga til klageinstansen")
        case .appealSettled: s("Klagen er avgjort", "The appeal is settled", nn: "Klaga er avgjord")
        case .appealUpheld:
            s(
                "Klageinstansen stadfestet vedtaket", "The appeal body upheld the decision",
                nn: "Klageinstansen stadfesta vedtaket")
        case .appealQuashed:
            s(
                "Klageinstansen opphevet vedtaket; saken behandles på nytt",
                "The appeal body quashed the decision; the case is processed anew",
                nn: "Klageinstansen oppheva vedtaket; saka blir behandla på nytt")
        case .decisionProposed:
            s(
                "Forslag til vedtak lagt fram for godkjenning", "Decision proposed for approval",
                nn: "Framlegg til vedtak lagt fram for godkjenning")
        case .proposalReturned:
            s(
                "Forslaget til vedtak ble sendt tilbake", "The proposal was returned",
                nn: "Framlegget til vedtak vart sendt tilbake")
        case .meetingBooked: s("Møte avtalt", "Meeting booked", nn: "Møte avtalt")
        case .meetingMoved: s("Møtet ble flyttet", "The meeting was moved", nn: "Møtet vart flytt")
        case .meetingCancelled: s("Møtet ble avlyst", "The meeting was cancelled", nn: "Møtet vart avlyst")
        case .meetingProposed:
            s("Kommunen foreslo et møte", "The kommune proposed a meeting", nn: "Kommunen føreslo eit møte")
        case .meetingGuestInvited:
            s("Gjest invitert til møtet", "Guest invited to the meeting", nn: "Gjest invitert til møtet")
        case .meetingReminded: s("Påminnelse om møtet sendt", "Meeting reminder sent", nn: "Påminning om møtet sendt")
        case .meetingStarted: s("Møtet begynte", "The meeting began", nn: "Møtet tok til")
        case .meetingHeld: s("Møtet ble holdt", "The meeting was held", nn: "Møtet vart halde")
        case .meetingMinutes: s("Møtereferat skrevet", "Meeting minutes written", nn: "Møtereferat skrive")
        case .admissionOffered:
            s("Tilbud om barnehageplass", "Offer of a kindergarten place", nn: "Tilbod om barnehageplass")
        case .admissionNoOffer: s("Ingen plass i opptaket", "No place in the admission", nn: "Ingen plass i opptaket")
        case .admissionAccepted: s("Tilbudet ble tatt imot", "The offer was accepted", nn: "Tilbodet vart teke imot")
        case .admissionDeclined: s("Tilbudet ble avslått", "The offer was declined", nn: "Tilbodet vart avslått")
        case .deadlineSet: s("Saksbehandlingsfrist satt", "Processing deadline set", nn: "Saksbehandlingsfrist sett")
        case .documentsMissing:
            s("Søknaden mangler dokumenter", "The application lacks documents", nn: "Søknaden manglar dokument")
        case .thirdPartiesNotified: s("Nabovarsel sendt", "Neighbours notified", nn: "Nabovarsel sendt")
        case .thirdPartyCommented: s("Merknad fra nabo", "Comment from a neighbour", nn: "Merknad frå nabo")
        case .feeSet: s("Gebyr fastsatt", "Fee set", nn: "Gebyr fastsett")
        case .followUpReceived:
            s("Oppfølgingssøknad mottatt", "Follow-up application received", nn: "Oppfølgingssøknad motteken")
        case .followUpDecided:
            s("Oppfølgingssøknad avgjort", "Follow-up application decided", nn: "Oppfølgingssøknad avgjord")
        case nil: s("Hendelse", "Event", nn: "Hending")
        }
    }

    // Inbox
    var noLetters: String { s("Du har ingen brev.", "You have no letters.") }
    var unread: String { s("Ulest", "Unread", nn: "Ulese") }
    var read: String { s("Lest", "Read", nn: "Lese") }
    var received: String { s("Mottatt", "Received", nn: "Motteke") }
    var from: String { s("Fra", "From", nn: "Frå") }
    var backToInbox: String { s("Tilbake til innboksen", "Back to inbox") }

    // Errors
    var errorTitle: String { s("Noe gikk galt", "Something went wrong", nn: "Noko gjekk gale") }
    var notFoundTitle: String { s("Fant ikke siden", "Page not found", nn: "Fann ikkje sida") }
    var goHome: String { s("Gå til forsiden", "Go to the front page", nn: "Gå til framsida") }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}

extension Strings {
    var formRefusedTitle: String {
        s("Skjemaet ble ikke lagret", "The form was not saved", nn: "Skjemaet vart ikkje lagra")
    }
    var formRefusedIntro: String {
        s(
            "Noen felt inneholder tegn som ikke synes eller ikke kunne leses, og som vi ikke lagrer. Ingenting er lagret. Gå tilbake, skriv feltene under på nytt og send igjen; det du skrev, står her så du kan kopiere det.",
            "Some fields contain characters that cannot be seen or could not be read, which we do not store. Nothing was saved. Go back, type the fields below again and send once more; what you typed is shown here so you can copy it.",
            nn:
                "Nokre felt inneheld teikn som ikkje synest eller ikkje kunne lesast, og som vi ikkje lagrar. Ingenting er lagra. Gå tilbake, skriv felta under på nytt og send igjen; det du skreiv, står her så du kan kopiere det."
        )
    }
    func formRefusedField(_ name: String) -> String { s("Feltet «\(name)»", "The field “\(name)”") }
}

extension Strings {
    var dateFormatHint: String { s("Skriv datoen som dd.mm.åååå.", "Write the date as dd.mm.yyyy.") }
}
