import Foundation
import OpenAPIVapor
import Vapor

/// Every route. Paths have the same shapes as `SiteURL`.
func routes(_ app: Application) throws {
    app.get("health", use: HealthController.health)
    app.get("assets", ":file", use: HealthController.stylesheet)
    app.get("favicon.ico") { _ in
        Response(status: .noContent, headers: ["Cache-Control": "public, max-age=86400"])
    }

    // Citizen portal
    app.get(use: PortalController.home)
    app.get("logg-inn", use: LoginController.citizenForm)
    app.post("logg-inn", use: LoginController.citizenLogin)
    app.post("logg-ut", use: LoginController.citizenLogout)
    app.get("sprak", ":code", use: LoginController.language)
    app.get("k", ":kommune", use: PortalController.kommune)
    app.get("k", ":kommune", "postjournal", use: PublicJournalController.page)
    app.get("k", ":kommune", "postjournal", ":entry", "innsyn", use: PublicJournalController.requestForm)
    app.post("k", ":kommune", "postjournal", ":entry", "innsyn", use: PublicJournalController.sendRequest)
    app.get("k", ":kommune", ":service", use: PortalController.serviceStart)
    app.get("katalog", use: CatalogController.page)
    app.get("katalog", ":service", use: CatalogController.service)
    app.get("katalog", ":service", ":version", "pakke.json", use: CatalogController.download)

    let citizen = app.grouped(RequireCitizenMiddleware())
    citizen.get("k", ":kommune", ":service", "soknad", use: PortalController.form)
    citizen.post("k", ":kommune", ":service", "soknad", use: PortalController.submitForm)
    citizen.get("k", ":kommune", ":service", "sjekk", use: PortalController.check)
    citizen.post("k", ":kommune", ":service", "send", use: PortalController.send)
    citizen.get("mine-saker", use: PortalController.myCases)
    citizen.get("mine-saker", ":case", use: PortalController.myCase)
    citizen.get("mine-saker", ":case", "kvittering", use: PortalController.receipt)
    citizen.get("innboks", use: PortalController.inbox)
    citizen.get("innboks", ":letter", use: PortalController.letter)
    citizen.get("min-profil", use: ProfileController.page)
    citizen.post("min-profil", use: ProfileController.save)

    // The public API for domain systems (Sources/AppAPI/openapi.yaml): the token endpoint and
    // the spec itself are open; every generated operation needs an access token.
    app.post("api", "v1", "oauth", "token", use: TokenController.token)
    app.get("api", "v1", "openapi.yaml", use: APIDocsController.spec)
    app.get("utviklere", use: APIDocsController.page)
    let transport = VaporTransport(routesBuilder: app.grouped(APIAuthMiddleware()).grouped(RequestInjection()))
    try PublicAPI().registerHandlers(on: transport, serverURL: URL(string: "/api/v1")!, middlewares: [APIProblemMiddleware()])
    // A method the spec does not list on a path it has: 405 with Allow, not 404.
    for (path, allowed) in APIDocsController.methodsByPath() {
        let components = ("api/v1" + path).pathComponents
        for method in [HTTPMethod.GET, .POST, .PUT, .PATCH, .DELETE, .TRACE, .OPTIONS, .HEAD, .RAW(value: "QUERY")] where !allowed.contains(method.rawValue) {
            if method == .HEAD && allowed.contains("GET") { continue }
            app.on(method, components) { _ in
                let r = APIProblem(status: .methodNotAllowed, detail: "Bruk \(allowed.sorted().joined(separator: " eller ")) her.").response
                r.headers.replaceOrAdd(name: .allow, value: allowed.sorted().joined(separator: ", "))
                return r
            }
        }
    }

    // Caseworker workspace
    app.get("ansatt", "logg-inn", use: LoginController.staffForm)
    app.post("ansatt", "logg-inn", use: LoginController.staffLogin)
    app.post("ansatt", "logg-ut", use: LoginController.staffLogout)
    let staff = app.grouped("ansatt").grouped(RequireStaffMiddleware())
    staff.get { req in req.redirect(to: SiteURL.queue(service: nil, status: nil).path) }
    staff.get("saker", use: WorkspaceController.queuePage)
    staff.get("saker", ":case", use: WorkspaceController.casePage)
    staff.post("saker", ":case", "fodselsnummer", use: WorkspaceController.reveal)
    staff.post("saker", ":case", "vedtak", use: WorkspaceController.decide)
    staff.post("saker", ":case", "journal", "versjon", use: WorkspaceController.correctDocument)
    staff.post("saker", ":case", "utsending", ":shipment", "stopp", use: DispatchController.stopFromCase)
    staff.get("tilgangslogg", use: AccessLogController.page)
    staff.get("utsending", use: DispatchController.page)
    staff.post("utsending", "innstillinger", use: DispatchController.saveSettings)
    staff.post("utsending", ":shipment", ":action", use: DispatchController.act)
    staff.get("rapport", use: ReportController.page)
    staff.get("rapport.csv", use: ReportController.csv)
    staff.post("rapport", "kommentar", use: ReportController.saveNote)
    staff.get("rapport", "grunnlag", use: ReportController.baselinePage)
    staff.post("rapport", "grunnlag", use: ReportController.saveBaselines)
    staff.get("sammenligning", use: ReportController.comparison)
    staff.get("papirsoknad", use: PaperController.list)
    staff.get("papirsoknad", ":service", use: PaperController.form)
    staff.post("papirsoknad", ":service", use: PaperController.submit)
    staff.get("undersokelse", use: MaturityController.surveyPage)
    staff.post("undersokelse", use: MaturityController.answer)
    staff.get("modenhet", use: MaturityController.page)
    staff.post("modenhet", "tiltak", use: MaturityController.addMeasure)
    staff.post("modenhet", "prosess", use: MaturityController.addProcess)
    staff.get("tjenester", use: ServicesController.page)
    staff.post("tjenester", ":service", "ta-i-bruk", use: ServicesController.adopt)
    staff.get("tjenester", ":service", use: ServicesController.service)
    staff.post("tjenester", ":service", "lokalt", use: ServicesController.saveLocal)
    staff.post("tjenester", ":service", "oppgrader", use: ServicesController.upgrade)
    staff.get("tjenester", ":service", "ny-versjon", use: ServicesController.publishForm)
    staff.post("tjenester", ":service", "ny-versjon", use: ServicesController.publish)
    staff.get("api-klienter", use: APIClientsController.page)
    staff.post("api-klienter", use: APIClientsController.create)
    staff.post("api-klienter", ":client", "trekk-tilbake", use: APIClientsController.revoke)
    staff.post("api-klienter", "webhooks", use: APIClientsController.subscribe)
    staff.post("api-klienter", "webhooks", ":subscription", "stopp", use: APIClientsController.unsubscribe)
    staff.get("automatisering", use: AutomationController.page)
    staff.post("automatisering", use: AutomationController.save)
}
