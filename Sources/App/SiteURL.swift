import Foundation

/// Every path in the site, in one place: views and redirects build links from here,
/// `routes.swift` registers the same shapes.
public enum SiteURL: Sendable {
    case home
    case login(next: String?)
    case logout
    case language(String, back: String)
    case kommune(String)
    case service(kommune: String, service: String)
    case form(kommune: String, service: String)
    case check(kommune: String, service: String)
    case send(kommune: String, service: String)
    case myCases
    case myCase(UUID)
    case receipt(UUID)
    case inbox
    case letter(UUID)
    case staffLogin
    case staffLogout
    case queue(service: String?, status: String?)
    case staffCase(UUID)
    case revealIdentity(UUID)
    case decide(UUID)
    case profile
    case publicJournal(String)
    case accessRequest(String, UUID)
    case accessLog
    case correctDocument(UUID)
    case stopShipment(case: UUID, shipment: UUID)
    case dispatch
    case dispatchAction(shipment: UUID, action: String)
    case dispatchSettings
    case health
    case stylesheet

    public var path: String {
        switch self {
        case .home: return "/"
        case .login(let next):
            guard let next, SiteURL.isLocalPath(next) else { return "/logg-inn" }
            return "/logg-inn?neste=" + SiteURL.query(next)
        case .logout: return "/logg-ut"
        case .language(let code, let back): return "/sprak/\(code)?tilbake=" + SiteURL.query(back)
        case .kommune(let k): return "/k/\(k)"
        case .service(let k, let s): return "/k/\(k)/\(s)"
        case .form(let k, let s): return "/k/\(k)/\(s)/soknad"
        case .check(let k, let s): return "/k/\(k)/\(s)/sjekk"
        case .send(let k, let s): return "/k/\(k)/\(s)/send"
        case .myCases: return "/mine-saker"
        case .myCase(let id): return "/mine-saker/\(id.uuidString.lowercased())"
        case .receipt(let id): return "/mine-saker/\(id.uuidString.lowercased())/kvittering"
        case .inbox: return "/innboks"
        case .letter(let id): return "/innboks/\(id.uuidString.lowercased())"
        case .staffLogin: return "/ansatt/logg-inn"
        case .staffLogout: return "/ansatt/logg-ut"
        case .queue(let service, let status):
            var q: [String] = []
            if let service, !service.isEmpty { q.append("tjeneste=" + SiteURL.query(service)) }
            if let status, !status.isEmpty { q.append("status=" + SiteURL.query(status)) }
            return "/ansatt/saker" + (q.isEmpty ? "" : "?" + q.joined(separator: "&"))
        case .staffCase(let id): return "/ansatt/saker/\(id.uuidString.lowercased())"
        case .revealIdentity(let id): return "/ansatt/saker/\(id.uuidString.lowercased())/fodselsnummer"
        case .decide(let id): return "/ansatt/saker/\(id.uuidString.lowercased())/vedtak"
        case .profile: return "/min-profil"
        case .publicJournal(let k): return "/k/\(k)/postjournal"
        case .accessRequest(let k, let id): return "/k/\(k)/postjournal/\(id.uuidString.lowercased())/innsyn"
        case .accessLog: return "/ansatt/tilgangslogg"
        case .correctDocument(let c): return "/ansatt/saker/\(c.uuidString.lowercased())/journal/versjon"
        case .stopShipment(let c, let s): return "/ansatt/saker/\(c.uuidString.lowercased())/utsending/\(s.uuidString.lowercased())/stopp"
        case .dispatch: return "/ansatt/utsending"
        case .dispatchAction(let s, let a): return "/ansatt/utsending/\(s.uuidString.lowercased())/\(a)"
        case .dispatchSettings: return "/ansatt/utsending/innstillinger"
        case .health: return "/health"
        case .stylesheet: return "/assets/radhus-\(Stylesheet.version).css"
        }
    }

    /// Only paths on this site may be redirect targets (no open redirects).
    public static func isLocalPath(_ s: String) -> Bool {
        s.hasPrefix("/") && !s.hasPrefix("//") && !s.contains("\\") && !s.contains("\n") && !s.contains("\r")
    }

    static func query(_ s: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
