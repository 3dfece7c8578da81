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

    /// Field → message, in the three languages, for the page that asked.
    struct Problems: Error {
        var fields: [String: LocalizedText]

        func fields(in language: Language) -> [String: String] { fields.mapValues { $0[language] } }
    }

    static let usernameWithSpaces = LocalizedText(
        nb: "Skriv et brukernavn uten mellomrom.", en: "Write a username without spaces.",
        nn: "Skriv eit brukarnamn utan mellomrom.")
    static let passwordTooShort = LocalizedText(
        nb: "Passordet må ha minst \(minimumPasswordLength) tegn.",
        en: "The password must have at least \(minimumPasswordLength) characters.",
        nn: "Passordet må ha minst \(minimumPasswordLength) teikn.")

    /// A refused character at a field, in the three languages.
    static func invisible(_ c: Unicode.Scalar, in label: LocalizedText) -> LocalizedText {
        LocalizedText(
            nb: Strings(.nb).invisibleCharacter(c, in: label.nb),
            en: Strings(.en).invisibleCharacter(c, in: label[.en]),
            nn: Strings(.nn).invisibleCharacter(c, in: label[.nn]))
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
            throw Problems(fields: [
                "username": Self.usernameWithSpaces
            ])
        }
        let chosen = password ?? APIClients.randomToken(bytes: 15)
        guard chosen.count >= Self.minimumPasswordLength else {
            throw Problems(fields: ["password": Self.passwordTooShort])
        }
        let cost = app.radhusConfig.bcryptCost
        let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(chosen, cost: cost) }
        let now = app.clock.now()
        try await app.writer.write(on: db) { tx in
            guard try await Operator.query(on: tx).filter(\.$username == username).first() == nil else {
                throw Problems(fields: [
                    "username": LocalizedText(
                        nb: "Det finnes alt en operatør med brukernavnet \(username).",
                        en: "There is an operator with the username \(username) already.",
                        nn: "Det finst alt ein operatør med brukarnamnet \(username).")
                ])
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
        var problems: [String: LocalizedText] = [:]
        let official = Kommuneliste.name(of: number)
        let list = "\(Kommuneliste.source), \(Format.norwegianDate(iso: Kommuneliste.validFrom))"
        if official == nil {
            problems["kommunenummer"] = LocalizedText(
                nb: "Skriv et kommunenummer med fire siffer fra den offisielle lista (\(list)).",
                en: "Write a four-digit municipality number from the official list (\(list)).",
                nn: "Skriv eit kommunenummer med fire siffer frå den offisielle lista (\(list)).")
        } else if try await Municipality.query(on: db).filter(\.$number == number).first() != nil {
            problems["kommunenummer"] = LocalizedText(
                nb: "Kommune \(number) er alt lagt til.", en: "Municipality \(number) is added already.",
                nn: "Kommune \(number) er alt lagd til.")
        }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        let units = input.units.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if units.isEmpty {
            problems["enheter"] = LocalizedText(
                nb: "Skriv minst én enhet, for eksempel «Oppvekst og utdanning».",
                en: "Write at least one unit, for example “Oppvekst og utdanning”.",
                nn: "Skriv minst éi eining, til dømes «Oppvekst og utdanning».")
        }
        if !Self.isEmail(input.postmottak) {
            problems["postmottak"] = LocalizedText(
                nb: "Skriv postmottakets e-postadresse, for eksempel postmottak@kommune.no.",
                en: "Write the post room's e-mail address, for example postmottak@kommune.no.",
                nn: "Skriv e-postadressa til postmottaket, til dømes postmottak@kommune.no.")
        }
        if !Self.isEmail(input.adminEmail) {
            problems["admin"] = LocalizedText(
                nb: "Skriv e-postadressen til den som skal være administrator i kommunen.",
                en: "Write the e-mail address of the municipality's administrator-to-be.",
                nn: "Skriv e-postadressa til den som skal vere administrator i kommunen.")
        }
        // Invisible characters (PlainText) in what is typed: named at the field, nothing stored.
        for (field, label, text, multiline) in [
            ("navn", Strings.all(\.nameColumn), input.name, false),
            ("enheter", Strings.all(\.unitsLabel), input.units, true),
            ("kontakt", Strings.all(\.contactPersonLabel), input.contact, false),
            ("logotekst", Strings.all(\.logoTextLabel), input.logoText, false),
        ] {
            if let c = PlainText.refused(in: text, multiline: multiline) {
                problems[field] = Self.invisible(c, in: label)
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
            throw Problems(fields: [
                "epost": LocalizedText(
                    nb: "Skriv en e-postadresse, for eksempel kari.nordmann@kommune.no.",
                    en: "Write an e-mail address, for example kari.nordmann@kommune.no.",
                    nn: "Skriv ei e-postadresse, til dømes kari.nordmann@kommune.no.")
            ])
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
            throw Problems(fields: ["lenke": Strings.all(\.invitationUsedOrExpired)])
        }
        var problems: [String: LocalizedText] = [:]
        let name = form.name.trimmingCharacters(in: .whitespaces)
        let username = form.username.trimmingCharacters(in: .whitespaces).lowercased()
        if let c = PlainText.refused(in: name) {
            problems["navn"] = Self.invisible(c, in: Strings.all(\.yourName))
        } else if name.isEmpty {
            problems["navn"] = LocalizedText(
                nb: "Skriv navnet ditt slik kollegene kjenner det.", en: "Write your name as your colleagues know it.",
                nn: "Skriv namnet ditt slik kollegane kjenner det.")
        }
        if username.isEmpty || username.contains(" ") || PlainText.refused(in: username) != nil {
            problems["brukernavn"] = Self.usernameWithSpaces
        } else if try await StaffUser.query(on: db).filter(\.$username == username).first() != nil {
            problems["brukernavn"] = LocalizedText(
                nb: "Brukernavnet er tatt. Velg et annet.", en: "The username is taken. Choose another.",
                nn: "Brukarnamnet er teke. Vel eit anna.")
        }
        if form.password.count < Self.minimumPasswordLength {
            problems["passord"] = Self.passwordTooShort
        } else if form.password != form.repeated {
            problems["gjenta"] = LocalizedText(
                nb: "Passordene er ikke like. Skriv det samme passordet to ganger.",
                en: "The passwords differ. Write the same password twice.",
                nn: "Passorda er ikkje like. Skriv det same passordet to gonger.")
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
                throw Problems(fields: ["lenke": Strings.all(\.invitationUsedOrExpired)])
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
            throw Refused(description: p.fields(in: .nb).values.sorted().joined(separator: " "))
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
                description: p.fields(in: .nb).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(
                    separator: "\n"))
        }
    }
}
