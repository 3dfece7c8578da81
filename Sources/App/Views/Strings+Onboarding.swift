import Foundation
import RadhusCore

/// The operator's pages, the sign-up of an invited person, the kommune's users and the staff
/// login settings (issue 12), in bokmål, English and nynorsk (issue 19).
extension Strings {
    // The operator
    var operatorLogin: String { s("Innlogging for drift", "Operator login", nn: "Innlogging for drift") }
    var operatorIntro: String {
        s(
            "For dem som driver Radhus-plattformen og legger til kommuner.",
            "For those who run the Radhus platform and add municipalities.",
            nn: "For dei som driv Radhus-plattforma og legg til kommunar.")
    }
    var kommunerOnPlatform: String {
        s("Kommuner på plattformen", "Municipalities on the platform", nn: "Kommunar på plattforma")
    }
    var kommuneAdded: String {
        s(
            "Kommunen er lagt til, og administratoren har fått invitasjon på e-post.",
            "The municipality is added, and its administrator has an invitation by e-mail.",
            nn: "Kommunen er lagd til, og administratoren har fått invitasjon på e-post.")
    }
    var kommuneAddedNoMail: String {
        s(
            "Kommunen er lagt til. E-posten kunne ikke sendes: be administratoren i kommunen be om en ny invitasjon.",
            "The municipality is added. The e-mail could not be sent: ask its administrator to ask for a new invitation.",
            nn:
                "Kommunen er lagd til. E-posten kunne ikkje sendast: be administratoren i kommunen be om ein ny invitasjon."
        )
    }
    var noKommunerYet: String { s("Ingen kommuner ennå.", "No municipalities yet.", nn: "Ingen kommunar enno.") }
    var kommunerTable: String { s("Kommuner", "Municipalities", nn: "Kommunar") }
    var numberColumn: String { s("Nummer", "Number") }
    var nameColumn: String { s("Navn", "Name", nn: "Namn") }
    var postmottakColumn: String { s("Postmottak", "Post room") }
    var addKommune: String { s("Legg til en kommune", "Add a municipality", nn: "Legg til ein kommune") }
    var kommunenummerLabel: String { s("Kommunenummer", "Municipality number") }
    func kommunenummerHint(_ source: String, _ from: String) -> String {
        s(
            "Fire siffer. Sjekkes mot \(source), gyldig fra \(from).",
            "Four digits. Checked against \(source), valid from \(from).",
            nn: "Fire siffer. Blir sjekka mot \(source), gyldig frå \(from).")
    }
    var kommuneNameHint: String {
        s(
            "Tomt: navnet fra lista, med «kommune» etter.", "Empty: the name from the list, followed by “kommune”.",
            nn: "Tomt: namnet frå lista, med «kommune» etter.")
    }
    var unitsLabel: String { s("Enheter", "Units", nn: "Einingar") }
    var unitsHint: String {
        s(
            "Én per linje, for eksempel Oppvekst og utdanning.", "One per line, for example Oppvekst og utdanning.",
            nn: "Éi per linje, til dømes Oppvekst og utdanning.")
    }
    var postmottakLabel: String { s("Postmottak (e-post)", "Post room (e-mail)") }
    var postmottakHint: String {
        s(
            "Brevene sier at klager sendes hit.", "The letters say appeals are sent here.",
            nn: "Breva seier at klager skal sendast hit.")
    }
    var contactPersonLabel: String { s("Kontaktperson", "Contact person") }
    var contactPersonHint: String {
        s("Navn og telefon, for driften.", "Name and phone, for the operators.", nn: "Namn og telefon, for drifta.")
    }
    var logoTextLabel: String { s("Tekst i logoen", "Text in the logo") }
    var logoTextHint: String {
        s("Tomt: kommunens navn.", "Empty: the municipality's name.", nn: "Tomt: namnet på kommunen.")
    }
    var adminEmailLabel: String {
        s("Administratorens e-post", "The administrator's e-mail", nn: "E-posten til administratoren")
    }
    var invitationHint: String {
        s(
            "Får en invitasjon som virker én gang, i 7 dager.", "Gets an invitation that works once, for 7 days.",
            nn: "Får ein invitasjon som verkar éin gong, i 7 dagar.")
    }
    var addTheKommune: String { s("Legg til kommunen", "Add the municipality") }

    // Sign-up
    var makeYourUser: String { s("Lag brukeren din", "Make your user", nn: "Lag brukaren din") }
    func invitedAs(_ role: String, _ kommune: String) -> String {
        s(
            "Du er invitert til Radhus som \(role) i \(kommune).",
            "You are invited to Radhus as \(role) in \(kommune).",
            nn: "Du er invitert til Radhus som \(role) i \(kommune).")
    }
    func passwordHint(_ n: Int) -> String {
        s(
            "Minst \(n) tegn. Bruk gjerne flere ord.", "At least \(n) characters. Several words are good.",
            nn: "Minst \(n) teikn. Bruk gjerne fleire ord.")
    }
    var repeatPassword: String { s("Gjenta passordet", "Repeat the password") }
    var makeTheUser: String { s("Lag brukeren", "Make the user", nn: "Lag brukaren") }
    var invitationInvalid: String {
        s("Invitasjonen virker ikke", "The invitation does not work", nn: "Invitasjonen verkar ikkje")
    }
    var invitationUsedOrExpired: String {
        s(
            "Lenken er brukt eller utløpt. Be administratoren i kommunen om en ny invitasjon.",
            "The link is used or has expired. Ask the municipality's administrator for a new invitation.",
            nn: "Lenkja er brukt eller har gått ut. Be administratoren i kommunen om ein ny invitasjon.")
    }

    // Users
    var users: String { s("Brukere", "Users", nn: "Brukarar") }
    var invitationSent: String {
        s(
            "Invitasjonen er sendt på e-post.", "The invitation is sent by e-mail.",
            nn: "Invitasjonen er send på e-post.")
    }
    var giveThisLink: String {
        s(
            "E-posten kunne ikke sendes. Gi denne lenken til personen (den virker én gang, i 7 dager):",
            "The e-mail could not be sent. Give this link to the person (it works once, for 7 days):",
            nn: "E-posten kunne ikkje sendast. Gi denne lenkja til personen (ho verkar éin gong, i 7 dagar):")
    }
    var seeAdminLog: String { s("Se loggen over endringer", "See the log of changes", nn: "Sjå loggen over endringar") }
    var login: String { s("Innlogging", "Login") }
    var roleUnitAccess: String { s("Rolle, enhet og tilgang", "Role, unit and access", nn: "Rolle, eining og tilgang") }
    var deactivatedSuffix: String { s(" (deaktivert)", " (deactivated)") }
    var byPassword: String { s("passord", "password") }
    var byKommuneLogin: String { s("kommunens pålogging", "the municipality's login", nn: "pålogginga til kommunen") }
    func roleFor(_ name: String) -> String { s("Rolle for \(name)", "Role for \(name)") }
    func unitFor(_ name: String) -> String { s("Enhet for \(name)", "Unit for \(name)", nn: "Eining for \(name)") }
    func accessFor(_ name: String) -> String { s("Tilgang for \(name)", "Access for \(name)") }
    var noUnit: String { s("Ingen enhet", "No unit", nn: "Inga eining") }
    var deactivated: String { s("Deaktivert", "Deactivated") }
    func forName(_ name: String) -> String { s(" for \(name)", " for \(name)") }
    var thisIsYou: String { s("Dette er deg.", "This is you.") }
    var unusedInvitations: String {
        s("Invitasjoner som ikke er brukt", "Invitations not used yet", nn: "Invitasjonar som ikkje er brukte")
    }
    func invitationLine(_ email: String, _ role: String, _ until: String) -> String {
        s("\(email) som \(role), til \(until)", "\(email) as \(role), until \(until)")
    }
    var inviteStaff: String { s("Inviter en ansatt", "Invite a member of staff", nn: "Inviter ein tilsett") }
    var email: String { s("E-post", "E-mail") }
    var inviteEmailHint: String {
        s(
            "Personen får en lenke som virker én gang, i 7 dager.",
            "The person gets a link that works once, for 7 days.",
            nn: "Personen får ei lenkje som verkar éin gong, i 7 dagar.")
    }
    var sendInvitation: String { s("Send invitasjon", "Send the invitation") }
    var chooseRole: String { s("Velg en rolle.", "Choose a role.", nn: "Vel ei rolle.") }
    var adminLogTitle: String { s("Logg over administrasjon", "Administration log") }
    var adminLogIntro: String {
        s(
            "Hver endring av brukere, invitasjoner og innlogging, nyeste først.",
            "Every change of users, invitations and login, newest first.",
            nn: "Kvar endring av brukarar, invitasjonar og innlogging, nyaste først.")
    }
    var log: String { s("Logg", "Log") }
    var who: String { s("Hvem", "Who", nn: "Kven") }
    var details: String { s("Detaljer", "Details") }

    // Staff login settings
    var staffLoginSettingsTitle: String { s("Innlogging for ansatte", "Staff login", nn: "Innlogging for tilsette") }
    var staffLoginIntro: String {
        s(
            "Ansatte logger inn med kommunens egen pålogging (Microsoft Entra ID eller en annen OpenID Connect-tjeneste). Gruppene de er med i, bestemmer rolle og enhet hver gang de logger inn. Brukere lages ved første innlogging, og den som ikke lenger er med i en gruppe som gir rolle, blir deaktivert.",
            "Staff log in with the municipality's own login (Microsoft Entra ID or another OpenID Connect service). The groups they are in decide their role and unit at every login. Users are made at their first login, and whoever is no longer in a group that gives a role is deactivated.",
            nn:
                "Tilsette loggar inn med den eigne pålogginga til kommunen (Microsoft Entra ID eller ei anna OpenID Connect-teneste). Gruppene dei er med i, avgjer rolle og eining kvar gong dei loggar inn. Brukarar blir laga ved første innlogging, og den som ikkje lenger er med i ei gruppe som gir rolle, blir deaktivert."
        )
    }
    var registerRedirect: String {
        s(
            "Registrer Radhus som app i Entra ID med denne adressen for svar (redirect URI): ",
            "Register Radhus as an app in Entra ID with this reply address (redirect URI): ",
            nn: "Registrer Radhus som app i Entra ID med denne adressa for svar (redirect URI): ")
    }
    var issuerLabel: String { s("Utsteder (issuer)", "Issuer", nn: "Utferdar (issuer)") }
    var issuerHint: String {
        s(
            "For Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0",
            "For Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0")
    }
    var clientIDLabel: String { s("Klient-ID (application id)", "Client ID (application id)") }
    var clientSecretLabel: String { s("Klienthemmelighet", "Client secret", nn: "Klientløyndom") }
    var secretStored: String {
        s(
            "Lagret. La feltet stå tomt for å beholde den.", "Stored. Leave the field empty to keep it.",
            nn: "Lagra. La feltet stå tomt for å halde på han.")
    }
    var groupsAndRoles: String { s("Grupper og roller", "Groups and roles", nn: "Grupper og roller") }
    func groupsHint(_ roles: String) -> String {
        s(
            "Én linje per gruppe: gruppe = rolle, eventuelt med enhet etter komma. Rollene er \(roles). Første linje som passer, gjelder.",
            "One line per group: group = role, with a unit after a comma if you like. The roles are \(roles). The first line that fits applies.",
            nn:
                "Éi linje per gruppe: gruppe = rolle, eventuelt med eining etter komma. Rollene er \(roles). Første linja som passar, gjeld."
        )
    }
    var allowPasswordLogin: String {
        s(
            "Tillat innlogging med brukernavn og passord (reserve)",
            "Allow login with username and password (fallback)",
            nn: "Tillat innlogging med brukarnamn og passord (reserve)")
    }
    var issuerMissing: String {
        s(
            "Skriv utstederens adresse, som begynner med https://.",
            "Write the issuer's address, starting with https://.",
            nn: "Skriv adressa til utferdaren, som byrjar med https://.")
    }
    var clientIDMissing: String {
        s(
            "Skriv klient-ID-en fra registreringen av appen.", "Write the client ID from the app's registration.",
            nn: "Skriv klient-ID-en frå registreringa av appen.")
    }
    var clientSecretMissing: String {
        s("Skriv klienthemmeligheten.", "Write the client secret.", nn: "Skriv klientløyndommen.")
    }
    var groupsMissing: String {
        s(
            "Skriv minst én gruppe som gir en rolle.", "Write at least one group that gives a role.",
            nn: "Skriv minst éi gruppe som gir ei rolle.")
    }
    var adminGroupNeeded: String {
        s(
            "Før passordinnloggingen slås av, må en gruppe gi rollen admin.",
            "Before the password login is turned off, a group must give the role admin.",
            nn: "Før passordinnlogginga blir slått av, må ei gruppe gi rolla admin.")
    }
}
