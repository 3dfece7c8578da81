import Foundation
import RadhusCore
import RoutingKit

/// Every route of the site, each written once as its pattern (`:name` for a parameter).
/// `routes.swift` registers these shapes (`pathComponents`); `SiteURL` fills them in for every
/// link and redirect, so a path and its route cannot drift apart.
public enum SiteRoute: String, CaseIterable, Sendable {
    case health = "/health"
    case healthLive = "/health/live"
    case healthReady = "/health/ready"
    case metrics = "/metrics"
    case asset = "/assets/:file"
    case favicon = "/favicon.ico"

    // Citizen portal
    case home = "/"
    case login = "/logg-inn"
    case logout = "/logg-ut"
    case idporten = "/logg-inn/idporten"
    case idportenCallback = "/logg-inn/idporten/tilbake"
    case frontChannelLogout = "/logg-ut/idporten"
    case language = "/sprak/:code"
    case profile = "/min-profil"
    case kommune = "/k/:kommune"
    case publicJournal = "/k/:kommune/postjournal"
    case accessRequest = "/k/:kommune/postjournal/:entry/innsyn"
    case service = "/k/:kommune/:service"
    case form = "/k/:kommune/:service/soknad"
    case check = "/k/:kommune/:service/sjekk"
    case send = "/k/:kommune/:service/send"
    case myCases = "/mine-saker"
    case myCase = "/mine-saker/:case"
    case receipt = "/mine-saker/:case/kvittering"
    case myAttachment = "/mine-saker/:case/vedlegg/:attachment"
    case myCaseMessage = "/mine-saker/:case/melding"
    case myCaseReview = "/mine-saker/:case/vurdering"
    case myCaseAppeal = "/mine-saker/:case/klage"
    /// A follow-up application on the decided case (issue 24).
    case myCaseFollowUp = "/mine-saker/:case/oppfolging/:kind"
    case myCaseMeeting = "/mine-saker/:case/mote"
    case cancelMeeting = "/mine-saker/:case/mote/:meeting/avlys"
    /// The video room (issue 22): the case's parties by their login, guests by their link.
    case admissionAnswer = "/mine-saker/:case/tilbud"
    case admissionWishes = "/mine-saker/:case/onsker"
    case meetingRoom = "/moterom/:meeting"
    case meetingRoomSocket = "/moterom/:meeting/ws"
    case guestRoom = "/gjest/:token"
    case guestRoomSocket = "/gjest/:token/ws"
    /// A neighbour's personal link (issue 24): the application to read and comment on.
    case thirdParty = "/nabovarsel/:token"
    case thirdPartyAttachment = "/nabovarsel/:token/vedlegg/:attachment"
    case deleteDraft = "/mine-saker/utkast/:kommune/:service/slett"
    case inbox = "/innboks"
    case letter = "/innboks/:letter"
    case catalog = "/katalog"
    case catalogService = "/katalog/:service"
    case catalogPackage = "/katalog/:service/:version/pakke.json"

    // The public API (the operations themselves come from openapi.yaml, under `api`)
    case api = "/api/v1"
    case apiToken = "/api/v1/oauth/token"
    case apiSpec = "/api/v1/openapi.yaml"
    case developers = "/utviklere"

    // Caseworker workspace
    case staffLogin = "/ansatt/logg-inn"
    case staffSSO = "/ansatt/logg-inn/sso/:kommune"
    case staffSSOCallback = "/ansatt/logg-inn/sso"
    case loginSettings = "/ansatt/innlogging"
    case meetingHours = "/ansatt/motetider"
    case meetingRules = "/ansatt/motetider/regler"
    case proposeMeeting = "/ansatt/saker/:case/mote"
    case admission = "/ansatt/opptak"
    case admissionRound = "/ansatt/opptak/:round"
    case admissionRun = "/ansatt/opptak/:round/kjor"
    case admissionExport = "/ansatt/opptak/:round/private.csv"
    case inviteGuest = "/ansatt/saker/:case/mote/:meeting/gjest"
    case meetingMinutes = "/ansatt/saker/:case/mote/:meeting/referat"
    case staffCancelMeeting = "/ansatt/saker/:case/mote/:meeting/avlys"
    case staffUsers = "/ansatt/brukere"
    case staffInvite = "/ansatt/brukere/inviter"
    case adminLog = "/ansatt/brukere/logg"
    case staffUser = "/ansatt/brukere/:user"
    case invitation = "/invitasjon/:token"
    case operatorHome = "/drift"
    case operatorLogin = "/drift/logg-inn"
    case operatorLogout = "/drift/logg-ut"
    case operatorKommuner = "/drift/kommuner"
    case staffLogout = "/ansatt/logg-ut"
    case staffHome = "/ansatt"
    case queue = "/ansatt/saker"
    case bulkAssign = "/ansatt/saker/tildel"
    case savedFilters = "/ansatt/saker/filtre"
    case deleteSavedFilter = "/ansatt/saker/filtre/:filter/slett"
    case staffCase = "/ansatt/saker/:case"
    case revealIdentity = "/ansatt/saker/:case/fodselsnummer"
    case staffAttachment = "/ansatt/saker/:case/vedlegg/:attachment"
    case decide = "/ansatt/saker/:case/vedtak"
    case caseDialogue = "/ansatt/saker/:case/dialog/:kind"
    case withdrawRequest = "/ansatt/saker/:case/foresporsel/trekk"
    case assignCase = "/ansatt/saker/:case/tildel"
    case staffAppeal = "/ansatt/saker/:case/klage/:action"
    case caseProposal = "/ansatt/saker/:case/forslag/:action"
    case correctDocument = "/ansatt/saker/:case/journal/versjon"
    case stopShipment = "/ansatt/saker/:case/utsending/:shipment/stopp"
    case accessLog = "/ansatt/tilgangslogg"
    case dispatch = "/ansatt/utsending"
    case dispatchSettings = "/ansatt/utsending/innstillinger"
    case dispatchAction = "/ansatt/utsending/:shipment/:action"
    case report = "/ansatt/rapport"
    case reportCSV = "/ansatt/rapport.csv"
    /// The fees the decisions set (issue 24), for the kommune's economy system.
    case invoiceBasis = "/ansatt/rapport/fakturagrunnlag.csv"
    case reportNote = "/ansatt/rapport/kommentar"
    case baselines = "/ansatt/rapport/grunnlag"
    case comparison = "/ansatt/sammenligning"
    case paper = "/ansatt/papirsoknad"
    case paperForm = "/ansatt/papirsoknad/:service"
    case survey = "/ansatt/undersokelse"
    case maturity = "/ansatt/modenhet"
    case maturityMeasure = "/ansatt/modenhet/tiltak"
    case maturityProcess = "/ansatt/modenhet/prosess"
    case services = "/ansatt/tjenester"
    case staffService = "/ansatt/tjenester/:service"
    case adopt = "/ansatt/tjenester/:service/ta-i-bruk"
    case serviceLocal = "/ansatt/tjenester/:service/lokalt"
    case serviceUpgrade = "/ansatt/tjenester/:service/oppgrader"
    case servicePublish = "/ansatt/tjenester/:service/ny-versjon"
    case workshop = "/ansatt/tjenesteverksted"
    case workshopDraft = "/ansatt/tjenesteverksted/:draft"
    case workshopRuleFile = "/ansatt/tjenesteverksted/:draft/regelfil"
    case workshopPreview = "/ansatt/tjenesteverksted/:draft/forhandsvis"
    case workshopSample = "/ansatt/tjenesteverksted/:draft/eksempelbrev"
    case workshopDelete = "/ansatt/tjenesteverksted/:draft/slett"
    case apiClients = "/ansatt/api-klienter"
    case apiClientRevoke = "/ansatt/api-klienter/:client/trekk-tilbake"
    case webhooks = "/ansatt/api-klienter/webhooks"
    case webhookStop = "/ansatt/api-klienter/webhooks/:subscription/stopp"
    case automation = "/ansatt/automatisering"

    /// The route's shape for Vapor's router.
    public var pathComponents: [PathComponent] { rawValue.pathComponents }

    /// Each pattern's segments, split once: the literal text, or nil where a parameter goes.
    private static let segments: [SiteRoute: [Substring?]] = Dictionary(
        uniqueKeysWithValues: allCases.map { route in
            (route, route.rawValue.split(separator: "/").map { $0.hasPrefix(":") ? nil : $0 })
        })

    /// The path with its parameters filled in, in order, each percent-encoded as a segment.
    func path(_ parameters: String...) -> String {
        var values = parameters.makeIterator()
        var path = ""
        for segment in Self.segments[self]! {
            path += "/"
            if let segment {
                path += segment
            } else {
                guard let value = values.next() else { preconditionFailure("\(rawValue): too few parameters") }
                path += value.addingPercentEncoding(withAllowedCharacters: SiteURL.segmentAllowed) ?? ""
            }
        }
        return path.isEmpty ? "/" : path
    }

    /// Everything under `/api` answers as an API (problem+json errors, no CSRF form tokens),
    /// also paths that no version has.
    static func isAPI(_ path: String) -> Bool { path == "/api" || path.hasPrefix("/api/") }

    /// `/api/v1/kommuner/{kommune}/tjenester/{service}/vedlegg`: an attachment's upload, whose
    /// body is streamed to its handler, not collected first.
    static func isAPIUpload(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 8 && parts[1] == "api" && parts[2] == "v1" && parts[3] == "kommuner"
            && parts[5] == "tjenester" && parts[7] == "vedlegg"
    }

}

/// Every path in the site, in one place: views and redirects build links from here.
public enum SiteURL: Sendable {
    case home
    case login(next: String?)
    case logout
    /// Logging in through ID-porten; `high`: at level high (a service that needs it).
    case idporten(next: String?, high: Bool = false)
    case idportenCallback
    case frontChannelLogout
    case language(String, back: String)
    case kommune(String)
    case service(kommune: String, service: String)
    case form(kommune: String, service: String)
    case check(kommune: String, service: String)
    case send(kommune: String, service: String)
    case myCases
    /// `flash`: what was just done (`MyCase.Flash`).
    case myCase(UUID, flash: MyCase.Flash? = nil)
    case myCaseReview(UUID)
    case myCaseAppeal(UUID)
    /// `moving`: the booked meeting to move (the page then moves it).
    case myCaseMeeting(UUID, moving: UUID? = nil)
    case cancelMeeting(case: UUID, meeting: UUID)
    case admissionAnswer(UUID)
    case admissionWishes(UUID)
    case meetingRoom(UUID)
    case meetingRoomSocket(UUID)
    case guestRoom(String)
    case guestRoomSocket(String)
    case thirdParty(String)
    case thirdPartyAttachment(token: String, attachment: UUID)
    case roomScript
    case myCaseMessage(UUID)
    case myCaseFollowUp(UUID, kind: String)
    case receipt(UUID)
    case myAttachment(case: UUID, attachment: UUID)
    case deleteDraft(kommune: String, service: String)
    case inbox
    case letter(UUID)
    case profile(saved: Bool = false)
    case publicJournal(String, query: [(String, String)] = [])
    case accessRequest(String, UUID)
    case catalog
    case catalogService(String)
    case catalogPackage(service: String, version: Int)
    case apiSpec
    case developers
    case apiCase(kommune: String, case: UUID)
    case staffLogin
    /// A kommune's staff single sign-on.
    case staffSSO(kommune: String)
    case staffSSOCallback
    case loginSettings(saved: Bool = false)
    case meetingHours(saved: Bool = false)
    case meetingRules
    case proposeMeeting(UUID)
    case admission(created: Bool = false)
    case admissionRound(UUID, matched: Int? = nil)
    case admissionRun(UUID)
    case admissionExport(UUID)
    case inviteGuest(case: UUID, meeting: UUID)
    case meetingMinutes(case: UUID, meeting: UUID)
    case staffCancelMeeting(case: UUID, meeting: UUID)
    case staffUsers(message: String? = nil)
    case staffInvite
    case adminLog
    case staffUser(UUID)
    case invitation(String)
    case operatorHome(message: String? = nil)
    case operatorLogin
    case operatorLogout
    case operatorKommuner
    case staffLogout
    case queue(service: String?, status: String?, assigned: String? = nil)
    case staffCase(UUID, flash: StaffCase.Flash? = nil)
    case bulkAssign
    case savedFilters
    case deleteSavedFilter(UUID)
    case caseDialogue(UUID, DialogueDraft.Kind)
    case withdrawRequest(UUID)
    case assignCase(UUID)
    /// `action`: `oversend` (forward an upheld appeal) or `utfall` (the appeal body's outcome).
    case staffAppeal(UUID, action: String)
    /// `action`: `godkjenn` or `returner` (the two-person check).
    case caseProposal(UUID, action: String)
    case revealIdentity(UUID)
    case staffAttachment(case: UUID, attachment: UUID)
    case decide(UUID)
    case accessLog(page: Int? = nil)
    case correctDocument(UUID)
    case stopShipment(case: UUID, shipment: UUID)
    /// The dispatch overview; `message` names what was just done (`lagret`, an action).
    case dispatch(message: String? = nil)
    case dispatchAction(shipment: UUID, action: String)
    case dispatchSettings
    /// The leader's report; `query` holds the period's parameters as the form sends them.
    case report(query: [(String, String)] = [])
    case reportCSV(query: [(String, String)])
    case invoiceBasis(period: String)
    case reportNote
    case baselines(saved: Bool = false)
    case comparison(period: String?)
    case paper
    case paperForm(service: String)
    case survey
    case maturity
    case maturityMeasure
    case maturityProcess
    case services
    case staffService(String, message: String? = nil)
    case adopt(service: String)
    case serviceLocal(service: String)
    case serviceUpgrade(service: String)
    case servicePublish(service: String)
    case workshop
    /// The editor; `message` says what was just done (`lagret`, `lastet-opp`).
    case workshopDraft(UUID, message: String? = nil)
    case workshopRuleFile(UUID)
    /// The form as a citizen sees it, at a page, in a language.
    case workshopPreview(UUID, step: String? = nil, language: Language? = nil)
    case workshopSample(UUID, language: Language? = nil)
    case workshopDelete(UUID)
    case apiClients(message: String? = nil)
    case apiClientRevoke(UUID)
    case webhooks
    case webhookStop(UUID)
    case automation(saved: Bool = false)
    case health
    case stylesheet

    public var path: String {
        switch self {
        case .home: return SiteRoute.home.path()
        case .login(let next):
            guard let next, SiteURL.isLocalPath(next) else { return SiteRoute.login.path() }
            return SiteRoute.login.path() + Self.query([("neste", next)])
        case .logout: return SiteRoute.logout.path()
        case .idporten(let next, let high):
            var q: [(String, String)] = []
            if let next, SiteURL.isLocalPath(next) { q.append(("neste", next)) }
            if high { q.append(("niva", "hoy")) }
            return SiteRoute.idporten.path() + (q.isEmpty ? "" : Self.query(q))
        case .idportenCallback: return SiteRoute.idportenCallback.path()
        case .frontChannelLogout: return SiteRoute.frontChannelLogout.path()
        case .language(let code, let back): return SiteRoute.language.path(code) + Self.query([("tilbake", back)])
        case .kommune(let k): return SiteRoute.kommune.path(k)
        case .service(let k, let s): return SiteRoute.service.path(k, s)
        case .form(let k, let s): return SiteRoute.form.path(k, s)
        case .check(let k, let s): return SiteRoute.check.path(k, s)
        case .send(let k, let s): return SiteRoute.send.path(k, s)
        case .myCases: return SiteRoute.myCases.path()
        case .myCase(let id, let flash):
            return SiteRoute.myCase.path(Self.id(id)) + Self.query(flash.map { [("melding", $0.rawValue)] } ?? [])
        case .myCaseReview(let id): return SiteRoute.myCaseReview.path(Self.id(id))
        case .myCaseAppeal(let id): return SiteRoute.myCaseAppeal.path(Self.id(id))
        case .myCaseMeeting(let id, let moving):
            return SiteRoute.myCaseMeeting.path(Self.id(id)) + (moving.map { "?flytt=" + Self.id($0) } ?? "")
        case .cancelMeeting(let c, let m): return SiteRoute.cancelMeeting.path(Self.id(c), Self.id(m))
        case .admissionAnswer(let c): return SiteRoute.admissionAnswer.path(Self.id(c))
        case .admissionWishes(let c): return SiteRoute.admissionWishes.path(Self.id(c))
        case .meetingRoom(let m): return SiteRoute.meetingRoom.path(Self.id(m))
        case .meetingRoomSocket(let m): return SiteRoute.meetingRoomSocket.path(Self.id(m))
        case .guestRoom(let t): return SiteRoute.guestRoom.path(t)
        case .guestRoomSocket(let t): return SiteRoute.guestRoomSocket.path(t)
        case .thirdParty(let t): return SiteRoute.thirdParty.path(t)
        case .thirdPartyAttachment(let t, let a): return SiteRoute.thirdPartyAttachment.path(t, Self.id(a))
        case .roomScript: return SiteRoute.asset.path("moterom-\(MeetingRoomScript.version).js")
        case .myCaseMessage(let id): return SiteRoute.myCaseMessage.path(Self.id(id))
        case .myCaseFollowUp(let id, let kind): return SiteRoute.myCaseFollowUp.path(Self.id(id), kind)
        case .receipt(let id): return SiteRoute.receipt.path(Self.id(id))
        case .myAttachment(let c, let a): return SiteRoute.myAttachment.path(Self.id(c), Self.id(a))
        case .deleteDraft(let k, let s): return SiteRoute.deleteDraft.path(k, s)
        case .inbox: return SiteRoute.inbox.path()
        case .letter(let id): return SiteRoute.letter.path(Self.id(id))
        case .profile(let saved): return SiteRoute.profile.path() + (saved ? Self.query([("lagret", "1")]) : "")
        case .publicJournal(let k, let q): return SiteRoute.publicJournal.path(k) + Self.query(q)
        case .accessRequest(let k, let id): return SiteRoute.accessRequest.path(k, Self.id(id))
        case .catalog: return SiteRoute.catalog.path()
        case .catalogService(let s): return SiteRoute.catalogService.path(s)
        case .catalogPackage(let s, let v): return SiteRoute.catalogPackage.path(s, String(v))
        case .apiSpec: return SiteRoute.apiSpec.path()
        case .developers: return SiteRoute.developers.path()
        case .apiCase(let k, let id): return SiteRoute.api.path() + "/kommuner/\(k)/saker/\(id.uuidString)"
        case .staffLogin: return SiteRoute.staffLogin.path()
        case .staffSSO(let kommune): return SiteRoute.staffSSO.path(kommune)
        case .staffSSOCallback: return SiteRoute.staffSSOCallback.path()
        case .loginSettings(let saved): return SiteRoute.loginSettings.path() + (saved ? "?lagret=1" : "")
        case .meetingHours(let saved): return SiteRoute.meetingHours.path() + (saved ? "?lagret=1" : "")
        case .meetingRules: return SiteRoute.meetingRules.path()
        case .proposeMeeting(let c): return SiteRoute.proposeMeeting.path(Self.id(c))
        case .admission(let created): return SiteRoute.admission.path() + (created ? "?opprettet=1" : "")
        case .admissionRound(let r, let matched):
            return SiteRoute.admissionRound.path(Self.id(r)) + (matched.map { "?kjort=\($0)" } ?? "")
        case .admissionRun(let r): return SiteRoute.admissionRun.path(Self.id(r))
        case .admissionExport(let r): return SiteRoute.admissionExport.path(Self.id(r))
        case .inviteGuest(let c, let m): return SiteRoute.inviteGuest.path(Self.id(c), Self.id(m))
        case .meetingMinutes(let c, let m): return SiteRoute.meetingMinutes.path(Self.id(c), Self.id(m))
        case .staffCancelMeeting(let c, let m): return SiteRoute.staffCancelMeeting.path(Self.id(c), Self.id(m))
        case .staffUsers(let message):
            return SiteRoute.staffUsers.path() + (message.map { Self.query([("melding", $0)]) } ?? "")
        case .staffInvite: return SiteRoute.staffInvite.path()
        case .adminLog: return SiteRoute.adminLog.path()
        case .staffUser(let id): return SiteRoute.staffUser.path(id.uuidString)
        case .invitation(let token): return SiteRoute.invitation.path(token)
        case .operatorHome(let message):
            return SiteRoute.operatorHome.path() + (message.map { Self.query([("melding", $0)]) } ?? "")
        case .operatorLogin: return SiteRoute.operatorLogin.path()
        case .operatorLogout: return SiteRoute.operatorLogout.path()
        case .operatorKommuner: return SiteRoute.operatorKommuner.path()
        case .staffLogout: return SiteRoute.staffLogout.path()
        case .queue(let service, let status, let assigned):
            return SiteRoute.queue.path()
                + Self.query(
                    [("tjeneste", service ?? ""), ("status", status ?? ""), ("tildelt", assigned ?? "")].filter {
                        !$0.1.isEmpty
                    })
        case .caseDialogue(let id, let kind): return SiteRoute.caseDialogue.path(Self.id(id), kind.rawValue)
        case .withdrawRequest(let id): return SiteRoute.withdrawRequest.path(Self.id(id))
        case .bulkAssign: return SiteRoute.bulkAssign.path()
        case .savedFilters: return SiteRoute.savedFilters.path()
        case .deleteSavedFilter(let id): return SiteRoute.deleteSavedFilter.path(Self.id(id))
        case .assignCase(let id): return SiteRoute.assignCase.path(Self.id(id))
        case .staffAppeal(let id, let action): return SiteRoute.staffAppeal.path(Self.id(id), action)
        case .caseProposal(let id, let action): return SiteRoute.caseProposal.path(Self.id(id), action)
        case .staffCase(let id, let flash):
            return SiteRoute.staffCase.path(Self.id(id)) + Self.query(flash.map { [("melding", $0.rawValue)] } ?? [])
        case .revealIdentity(let id): return SiteRoute.revealIdentity.path(Self.id(id))
        case .staffAttachment(let c, let a): return SiteRoute.staffAttachment.path(Self.id(c), Self.id(a))
        case .decide(let id): return SiteRoute.decide.path(Self.id(id))
        case .accessLog(let page):
            return SiteRoute.accessLog.path() + Self.query(page.map { [("side", String($0))] } ?? [])
        case .correctDocument(let c): return SiteRoute.correctDocument.path(Self.id(c))
        case .stopShipment(let c, let s): return SiteRoute.stopShipment.path(Self.id(c), Self.id(s))
        case .dispatch(let message):
            return SiteRoute.dispatch.path() + Self.query(message.map { [("melding", $0)] } ?? [])
        case .dispatchAction(let s, let a): return SiteRoute.dispatchAction.path(Self.id(s), a)
        case .dispatchSettings: return SiteRoute.dispatchSettings.path()
        case .report(let q): return SiteRoute.report.path() + Self.query(q)
        case .reportCSV(let q): return SiteRoute.reportCSV.path() + Self.query(q)
        case .invoiceBasis(let p): return SiteRoute.invoiceBasis.path() + Self.query([("periode", p)])
        case .reportNote: return SiteRoute.reportNote.path()
        case .baselines(let saved): return SiteRoute.baselines.path() + (saved ? Self.query([("lagret", "1")]) : "")
        case .comparison(let period):
            return SiteRoute.comparison.path() + Self.query(period.map { [("periode", $0)] } ?? [])
        case .paper: return SiteRoute.paper.path()
        case .paperForm(let s): return SiteRoute.paperForm.path(s)
        case .survey: return SiteRoute.survey.path()
        case .maturity: return SiteRoute.maturity.path()
        case .maturityMeasure: return SiteRoute.maturityMeasure.path()
        case .maturityProcess: return SiteRoute.maturityProcess.path()
        case .services: return SiteRoute.services.path()
        case .staffService(let s, let message):
            return SiteRoute.staffService.path(s) + Self.query(message.map { [("melding", $0)] } ?? [])
        case .adopt(let s): return SiteRoute.adopt.path(s)
        case .serviceLocal(let s): return SiteRoute.serviceLocal.path(s)
        case .serviceUpgrade(let s): return SiteRoute.serviceUpgrade.path(s)
        case .servicePublish(let s): return SiteRoute.servicePublish.path(s)
        case .workshop: return SiteRoute.workshop.path()
        case .workshopDraft(let id, let message):
            return SiteRoute.workshopDraft.path(id.uuidString) + Self.query(message.map { [("melding", $0)] } ?? [])
        case .workshopRuleFile(let id): return SiteRoute.workshopRuleFile.path(id.uuidString)
        case .workshopPreview(let id, let step, let language):
            return SiteRoute.workshopPreview.path(id.uuidString)
                + Self.query([step.map { ("steg", $0) }, language.map { ("sprak", $0.rawValue) }].compactMap { $0 })
        case .workshopSample(let id, let language):
            return SiteRoute.workshopSample.path(id.uuidString)
                + Self.query(language.map { [("sprak", $0.rawValue)] } ?? [])
        case .workshopDelete(let id): return SiteRoute.workshopDelete.path(id.uuidString)
        case .apiClients(let message):
            return SiteRoute.apiClients.path() + Self.query(message.map { [("melding", $0)] } ?? [])
        case .apiClientRevoke(let id): return SiteRoute.apiClientRevoke.path(id.uuidString)
        case .webhooks: return SiteRoute.webhooks.path()
        case .webhookStop(let id): return SiteRoute.webhookStop.path(id.uuidString)
        case .automation(let saved): return SiteRoute.automation.path() + (saved ? Self.query([("lagret", "1")]) : "")
        case .health: return SiteRoute.health.path()
        case .stylesheet: return SiteRoute.asset.path("radhus-\(Stylesheet.version).css")
        }
    }

    /// Only paths on this site may be redirect targets (no open redirects). Browsers drop tabs
    /// and line breaks inside a URL and read a backslash as a slash, so `/\t/evil.example` and
    /// `/\\evil.example` both become `//evil.example` — another site. A local path is therefore
    /// one slash followed by visible ASCII only: no control character, no space, no backslash,
    /// nothing above ASCII (a path we make is percent-encoded).
    public static func isLocalPath(_ s: String) -> Bool {
        guard s.hasPrefix("/"), !s.hasPrefix("//") else { return false }
        return s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }
    }

    /// Ids in paths are lower-case, as the router and the tests expect them.
    private static func id(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// A query string (`?a=1&b=2`), each value percent-encoded; empty for no parameters.
    static func query(_ parameters: [(String, String)]) -> String {
        parameters.isEmpty ? "" : "?" + parameters.map { "\($0.0)=\(query($0.1))" }.joined(separator: "&")
    }

    static func query(_ s: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// What a path segment may hold unencoded.
    static let segmentAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return allowed
    }()
}
