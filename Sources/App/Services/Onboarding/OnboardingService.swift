import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// A kommune goes live without the demo seeder (issue 18): an operator adds it (checked
/// against the official list) with its first admin's e-mail; the admin signs up from a
/// one-time link and invites the staff, who sign up the same way. Every step is in the admin
/// log, written in the same transaction as the change.
struct OnboardingService {
    let app: Application
    var db: any Database { app.db }

    /// Field → message, in Norwegian, for the page that asked.
    struct Problems: Error {
        var fields: [String: String]
    }

    struct KommuneInput: Sendable {
        var number = ""
        var name = ""
        var units = ""
        var contact = ""
        var postmottak = ""
        var logoText = ""
        var adminEmail = ""
    }

    /// An invitation just made: the link (with the token, never stored) and whether the
    /// e-mail went out.
    struct Sent: Sendable {
        var link: String
        var emailed: Bool
    }

    static let invitationLifetime: TimeInterval = 7 * 24 * 3600
    static let minimumPasswordLength = 12

    // MARK: Operators

    /// `radhus operator create`: an operator with this password (or a new random one,
    /// returned to be printed once).
    func createOperator(username raw: String, name: String, password: String?) async throws -> String {
        let username = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard !username.isEmpty, PlainText.refused(in: username) == nil, !username.contains(" ") else {
            throw Problems(fields: ["username": "Skriv et brukernavn uten mellomrom."])
        }
        let chosen = password ?? APIClients.randomToken(bytes: 15)
        guard chosen.count >= Self.minimumPasswordLength else {
            throw Problems(fields: ["password": "Passordet må ha minst \(Self.minimumPasswordLength) tegn."])
        }
        let cost = app.radhusConfig.bcryptCost
        let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(chosen, cost: cost) }
        let now = app.clock.now()
        try await app.writer.write(on: db) { tx in
            guard try await Operator.query(on: tx).filter(\.$username == username).first() == nil else {
                throw Problems(fields: ["username": "Det finnes alt en operatør med brukernavnet \(username)."])
            }
            let o = Operator()
            o.username = username
            o.passwordHash = hash
            o.displayName = name.isEmpty ? username : name
            o.active = true
            o.createdAt = now
            try await o.create(on: tx)
            try await AdminLogEntry(
                at: now, municipalityID: nil, actor: "cli", action: "operator-created", detail: username
            ).create(on: tx)
        }
        return chosen
    }

    // MARK: Kommuner

    /// Adds a kommune with its units and invites its first admin.
    func addKommune(_ input: KommuneInput, actor: String) async throws -> (Municipality, Sent) {
        let number = input.number.trimmingCharacters(in: .whitespaces)
        var problems: [String: String] = [:]
        let official = Kommuneliste.name(of: number)
        if official == nil {
            problems["kommunenummer"] =
                "Skriv et kommunenummer med fire siffer fra den offisielle lista (\(Kommuneliste.source), gyldig fra \(Format.norwegianDate(iso: Kommuneliste.validFrom)))."
        } else if try await Municipality.query(on: db).filter(\.$number == number).first() != nil {
            problems["kommunenummer"] = "Kommune \(number) er alt lagt til."
        }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        let units = input.units.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if units.isEmpty { problems["enheter"] = "Skriv minst én enhet, for eksempel «Oppvekst og utdanning»." }
        if !Self.isEmail(input.postmottak) {
            problems["postmottak"] = "Skriv postmottakets e-postadresse, for eksempel postmottak@kommune.no."
        }
        if !Self.isEmail(input.adminEmail) {
            problems["admin"] = "Skriv e-postadressen til den som skal være administrator i kommunen."
        }
        // Invisible characters (PlainText) in what is typed: named at the field, nothing stored.
        for (field, label, text, multiline) in [
            ("navn", "Navn", input.name, false), ("enheter", "Enheter", input.units, true),
            ("kontakt", "Kontaktperson", input.contact, false), ("logotekst", "Tekst i logoen", input.logoText, false),
        ] {
            if let c = PlainText.refused(in: text, multiline: multiline) {
                problems[field] = Strings(.nb).invisibleCharacter(c, in: label)
            }
        }
        guard problems.isEmpty, let official else { throw Problems(fields: problems) }
        let now = app.clock.now()
        let municipality = Municipality(
            id: UUID(), number: number, name: name.isEmpty ? "\(official) kommune" : name, brandColor: "#1d3a5f",
            contactEmail: input.postmottak.trimmingCharacters(in: .whitespaces))
        municipality.contact = input.contact.isEmpty ? nil : input.contact
        municipality.logoText = input.logoText.isEmpty ? nil : input.logoText
        let token = APIClients.randomToken(bytes: 32)
        try await app.writer.write(on: db) { tx in
            try await municipality.create(on: tx)
            for unit in units { try await MunicipalUnit(municipalityID: municipality.id!, name: unit).create(on: tx) }
            try await AdminLogEntry(
                at: now, municipalityID: municipality.id, actor: actor, action: "kommune-added",
                detail: "\(number) \(municipality.name); enheter: \(units.joined(separator: ", "))"
            ).create(on: tx)
            try await Self.makeInvitation(
                token: token, municipalityID: municipality.id!, email: input.adminEmail, role: .admin, unitID: nil,
                actor: actor, now: now, on: tx)
        }
        let emailed = await send(token: token, to: input.adminEmail, kommune: municipality.name, role: .admin)
        return (municipality, Sent(link: link(token), emailed: emailed))
    }

    // MARK: Invitations

    /// Invites someone to be staff of a kommune, by e-mail.
    func invite(
        email: String, role: StaffRole, unitID: UUID?, municipality: Municipality.Snapshot, actor: String
    ) async throws -> Sent {
        guard Self.isEmail(email) else {
            throw Problems(fields: ["epost": "Skriv en e-postadresse, for eksempel kari.nordmann@kommune.no."])
        }
        let token = APIClients.randomToken(bytes: 32)
        let now = app.clock.now()
        try await app.writer.write(on: db) { tx in
            try await Self.makeInvitation(
                token: token, municipalityID: municipality.id, email: email, role: role, unitID: unitID,
                actor: actor, now: now, on: tx)
        }
        let emailed = await send(token: token, to: email, kommune: municipality.name, role: role)
        return Sent(link: link(token), emailed: emailed)
    }

    private static func makeInvitation(
        token: String, municipalityID: UUID, email: String, role: StaffRole, unitID: UUID?, actor: String, now: Date,
        on tx: any Database
    ) async throws {
        let i = Invitation()
        i.municipalityID = municipalityID
        i.email = email.trimmingCharacters(in: .whitespaces).lowercased()
        i.role = role.rawValue
        i.unitID = unitID
        i.tokenHash = APIClients.digest(token)
        i.expiresAt = now.addingTimeInterval(invitationLifetime)
        i.invitedBy = actor
        i.createdAt = now
        try await i.create(on: tx)
        try await AdminLogEntry(
            at: now, municipalityID: municipalityID, actor: actor, action: "invited",
            detail: "\(i.email) som \(role.rawValue)"
        ).create(on: tx)
    }

    func link(_ token: String) -> String {
        app.radhusConfig.absoluteURL(SiteURL.invitation(token).path)
    }

    /// Sends the invitation's e-mail; false when there is no SMTP server or it failed (the
    /// page then shows the link to pass on).
    func send(token: String, to email: String, kommune: String, role: StaffRole) async -> Bool {
        guard let settings = app.radhusConfig.smtpSettings else { return false }
        let body = """
            Hei!

            Du er invitert til Radhus som \(role.rawValue) i \(kommune). Lag brukeren din her:
            \(link(token))

            Lenken virker én gang og i 7 dager. Var invitasjonen ikke til deg, kan du se bort fra den.

            --
            You are invited to Radhus as staff of \(kommune). Create your user at the link above (valid once, for 7 days).
            """
        let message = MailMessage(
            to: email, subject: "Invitasjon til Radhus i \(kommune)", body: body,
            messageID: "<invitation.\(UUID().uuidString)@radhus>", date: app.clock.now())
        do {
            try await SMTPClient.send(message, settings: settings)
            return true
        } catch {
            app.logger.warning(
                "invitation e-mail not sent", metadata: ["error": .string(String(describing: type(of: error)))])
            return false
        }
    }

    /// The invitation a link's token opens, if it is unused and not expired.
    func invitation(token: String) async throws -> Invitation? {
        guard let i = try await Invitation.query(on: db).filter(\.$tokenHash == APIClients.digest(token)).first(),
            i.usedAt == nil, i.expiresAt > app.clock.now()
        else { return nil }
        return i
    }

    struct SignUp: Sendable {
        var name = ""
        var username = ""
        var password = ""
        var repeated = ""
    }

    /// Makes the invited person's account; the invitation is spent in the same transaction.
    func accept(token: String, _ form: SignUp) async throws -> StaffUser {
        guard let invitation = try await invitation(token: token) else {
            throw Problems(fields: ["lenke": "Lenken er brukt eller utløpt. Be om en ny invitasjon."])
        }
        var problems: [String: String] = [:]
        let name = form.name.trimmingCharacters(in: .whitespaces)
        let username = form.username.trimmingCharacters(in: .whitespaces).lowercased()
        if let c = PlainText.refused(in: name) {
            problems["navn"] = Strings(.nb).invisibleCharacter(c, in: "Navnet ditt")
        } else if name.isEmpty {
            problems["navn"] = "Skriv navnet ditt slik kollegene kjenner det."
        }
        if username.isEmpty || username.contains(" ") || PlainText.refused(in: username) != nil {
            problems["brukernavn"] = "Skriv et brukernavn uten mellomrom."
        } else if try await StaffUser.query(on: db).filter(\.$username == username).first() != nil {
            problems["brukernavn"] = "Brukernavnet er tatt. Velg et annet."
        }
        if form.password.count < Self.minimumPasswordLength {
            problems["passord"] = "Passordet må ha minst \(Self.minimumPasswordLength) tegn."
        } else if form.password != form.repeated {
            problems["gjenta"] = "Passordene er ikke like. Skriv det samme passordet to ganger."
        }
        guard problems.isEmpty else { throw Problems(fields: problems) }
        let cost = app.radhusConfig.bcryptCost
        let password = form.password
        let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
        let now = app.clock.now()
        let user = StaffUser(
            municipalityID: invitation.municipalityID, unitID: invitation.unitID, username: username,
            passwordHash: hash, displayName: name, role: invitation.role)
        let invitationID = try invitation.requireID()
        try await app.writer.write(on: db) { tx in
            // Spent only if still unspent: two tabs sending the same link make one account.
            let spent = try await tx.sql.update(Invitation.schema).set("used_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(invitationID)).where("used_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard !spent.isEmpty else {
                throw Problems(fields: ["lenke": "Lenken er brukt eller utløpt. Be om en ny invitasjon."])
            }
            try await user.create(on: tx)
            try await Invitation.query(on: tx).filter(\.$id == invitationID).set(\.$staffUserID, to: user.id).update()
            try await AdminLogEntry(
                at: now, municipalityID: invitation.municipalityID, actor: "staff:\(username)",
                action: "invitation-accepted", detail: "\(username) (\(invitation.email)) som \(invitation.role)"
            ).create(on: tx)
        }
        return user
    }

    /// An e-mail address as the service forms read one (`FormValidator.email`), with no
    /// invisible character.
    static func isEmail(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        return FormValidator.email(t) != nil && PlainText.refused(in: t) == nil
    }
}

/// What `radhus operator create` and `radhus kommune add` call.
public enum Onboarding {
    public struct Refused: Error, CustomStringConvertible {
        public var description: String
    }

    /// Makes an operator; returns the password (the one given, or a new one to print once).
    public static func createOperator(_ app: Application, username: String, name: String, password: String?)
        async throws -> String
    {
        do {
            return try await OnboardingService(app: app).createOperator(
                username: username, name: name, password: password)
        } catch let p as OnboardingService.Problems {
            throw Refused(description: p.fields.values.sorted().joined(separator: " "))
        }
    }

    /// Adds a kommune and invites its first admin; returns its name, the invitation link and
    /// whether the e-mail went out.
    public static func addKommune(
        _ app: Application, number: String, name: String, units: [String], contact: String, postmottak: String,
        logoText: String, adminEmail: String
    ) async throws -> (name: String, link: String, emailed: Bool) {
        let input = OnboardingService.KommuneInput(
            number: number, name: name, units: units.joined(separator: "\n"), contact: contact, postmottak: postmottak,
            logoText: logoText, adminEmail: adminEmail)
        do {
            let (m, sent) = try await OnboardingService(app: app).addKommune(input, actor: "cli")
            return (m.name, sent.link, sent.emailed)
        } catch let p as OnboardingService.Problems {
            throw Refused(
                description: p.fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(
                    separator: "\n"))
        }
    }
}
