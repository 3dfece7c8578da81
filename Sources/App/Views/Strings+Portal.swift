/// The portal's pages added with the page models: the shared catalogue and the developer page.
extension Strings {
    var catalogTitle: String { s("Tjenestekatalogen", "The service catalogue", nn: "Tenestekatalogen") }
    var catalogIntro: String {
        s(
            "Én kommune lager en tjeneste, de andre tar den i bruk. Her er alle tjenestene som deles i Radhus, hvem som gir dem ut, og hvilke kommuner som bruker hvilken versjon.",
            "One municipality makes a service, the others adopt it. Here are all the services shared in Radhus, who publishes them, and which municipalities use which version.",
            nn:
                "Éin kommune lagar ei teneste, dei andre tek henne i bruk. Her er alle tenestene som blir delte i Radhus, kven som gir dei ut, og kva kommunar som bruker kva versjon."
        )
    }
    var catalogServices: String { s("Tjenester i katalogen", "Services in the catalogue", nn: "Tenester i katalogen") }
    var publishedBy: String { s("Utgitt av", "Published by", nn: "Gitt ut av") }
    var latestVersion: String { s("Nyeste versjon", "Latest version", nn: "Nyaste versjon") }
    var usedBy: String { s("Brukes av", "Used by", nn: "Blir brukt av") }
    var noneYet: String { s("Ingen ennå", "None yet", nn: "Ingen enno") }
    var catalogHowToAdopt: String {
        s(
            "Kommunens leder eller administrator tar en tjeneste i bruk under «Tjenester» i arbeidsflaten.",
            "The municipality's leader or administrator adopts a service under “Services” in the workspace.",
            nn: "Leiaren eller administratoren i kommunen tek ei teneste i bruk under «Tenester» i arbeidsflata.")
    }
    func publishedAndUsed(_ publisher: String, _ users: [(String, Int)]) -> String {
        let nb = users.isEmpty ? "ingen ennå" : users.map { "\($0.0) (versjon \($0.1))" }.joined(separator: ", ")
        let en = users.isEmpty ? "none yet" : users.map { "\($0.0) (version \($0.1))" }.joined(separator: ", ")
        return s(
            "Utgitt av \(publisher). Brukes av: \(nb).", "Published by \(publisher). Used by: \(en).",
            nn: "Gitt ut av \(publisher). Blir brukt av: \(nb).")
    }
    func versionNumber(_ v: Int) -> String { s("Versjon \(v)", "Version \(v)") }
    var downloadPackage: String { s("Last ned pakken", "Download the package") }
    func forVersion(_ v: Int) -> String { s("for versjon \(v)", "for version \(v)") }

    var apiForSystems: String { s("API for fagsystemer", "API for domain systems", nn: "API for fagsystem") }
    func apiLead(_ title: String) -> String {
        s(
            "\(title): kommunens fagsystemer sender inn søknader, leser saker og hendelser og registrerer vedtak gjennom et åpent, standard API (OpenAPI 3.1).",
            "\(title): the municipality's domain systems submit applications, read cases and events and register decisions through an open, standard API (OpenAPI 3.1).",
            nn:
                "\(title): fagsystema i kommunen sender inn søknader, les saker og hendingar og registrerer vedtak gjennom eit ope, standard API (OpenAPI 3.1)."
        )
    }
    var machineReadable: String {
        s("Maskinlesbar beskrivelse", "Machine-readable description", nn: "Maskinlesbar skildring")
    }
    var adminCreatesClients: String {
        s(
            ". Kommunens administrator oppretter klienter under «API-klienter» i arbeidsflaten.",
            ". The municipality's administrator creates clients under “API clients” in the workspace.",
            nn: ". Administratoren i kommunen opprettar klientar under «API-klientar» i arbeidsflata.")
    }
    var gettingStarted: String { s("Slik kommer du i gang", "Getting started", nn: "Slik kjem du i gang") }
    var askForClient: String {
        s(
            "Be kommunens administrator om en klient med de omfangene fagsystemet trenger. Du får klient-id og hemmelighet én gang.",
            "Ask the municipality's administrator for a client with the scopes the system needs. You get the client id and secret once.",
            nn:
                "Be administratoren i kommunen om ein klient med dei omfanga fagsystemet treng. Du får klient-id og løyndom éin gong."
        )
    }
    var getToken: String { s("Hent en tilgangsnøkkel", "Get an access token", nn: "Hent ein tilgangsnøkkel") }
    var tokenGrant: String {
        s(
            "med grant_type=client_credentials (HTTP Basic). Nøkkelen varer i 15 minutter.",
            "with grant_type=client_credentials (HTTP Basic). The token lasts 15 minutes.",
            nn: "med grant_type=client_credentials (HTTP Basic). Nøkkelen varer i 15 minutt.")
    }
    var sendItAs: String { s("Send den som", "Send it as", nn: "Send han som") }
    var toOperationsBelow: String {
        s("til operasjonene under.", "to the operations below.", nn: "til operasjonane under.")
    }
    var operations: String { s("Operasjoner", "Operations", nn: "Operasjonar") }
    var or: String { s("eller", "or") }
    var required: String { s("påkrevd", "required", nn: "påkravd") }
    var responses: String { s("Svar", "Responses") }
}
