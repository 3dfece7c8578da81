import Fluent
import Foundation
import RadhusCore

/// A kommune's identity provider for its staff (issue 18): most kommuner use Microsoft Entra
/// ID; any OpenID Connect provider does. Its groups decide each person's role and unit, at
/// every login; the password login can be switched off once this works.
public final class StaffLoginProvider: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "staff_login_providers"
    public static var municipalityKey: KeyPath<StaffLoginProvider, FieldProperty<StaffLoginProvider, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "issuer") public var issuer: String
    @Field(key: "client_id") public var clientID: String
    /// Sealed with `SessionSeal`.
    @Field(key: "client_secret") public var clientSecret: String
    /// JSON: `[GroupRole]`, first match wins.
    @Field(key: "group_roles") public var groupRoles: String
    @Field(key: "password_login") public var passwordLogin: Bool
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    /// One group's meaning: members get `role`, in `unit` (a unit's name) if given.
    public struct GroupRole: Codable, Sendable, Equatable {
        public var group: String
        public var role: StaffRole
        public var unit: String?

        public init(group: String, role: StaffRole, unit: String? = nil) {
            self.group = group
            self.role = role
            self.unit = unit
        }
    }

    var mappings: [GroupRole] { (try? JSONDecoder().decode([GroupRole].self, from: Data(groupRoles.utf8))) ?? [] }

    /// The role (and unit) of someone in `groups`: the first mapping that names one of them.
    func role(for groups: [String]) -> GroupRole? {
        let member = Set(groups)
        return mappings.first { member.contains($0.group) }
    }

    /// The mapping as the settings page writes it: one `group = role [, unit]` a line.
    static func parse(_ text: String) -> (mappings: [GroupRole], problem: LocalizedText?) {
        var result: [GroupRole] = []
        for (n, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let sides = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard sides.count == 2, !sides[0].isEmpty else {
                return (
                    [],
                    LocalizedText(
                        nb:
                            "Linje \(n + 1): skriv gruppe = rolle, for eksempel «radhus-saksbehandlere = saksbehandler».",
                        en: "Line \(n + 1): write group = role, for example “radhus-saksbehandlere = saksbehandler”.",
                        nn: "Linje \(n + 1): skriv gruppe = rolle, til dømes «radhus-saksbehandlere = saksbehandler».")
                )
            }
            let right = sides[1].split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let role = StaffRole(rawValue: right[0].lowercased()) else {
                let roles = StaffRole.allCases.map(\.rawValue).joined(separator: ", ")
                return (
                    [],
                    LocalizedText(
                        nb: "Linje \(n + 1): «\(right[0])» er ikke en rolle. Rollene er \(roles).",
                        en: "Line \(n + 1): “\(right[0])” is not a role. The roles are \(roles).",
                        nn: "Linje \(n + 1): «\(right[0])» er ikkje ei rolle. Rollene er \(roles).")
                )
            }
            result.append(
                GroupRole(group: sides[0], role: role, unit: right.count > 1 && !right[1].isEmpty ? right[1] : nil))
        }
        return (result, nil)
    }

    static func format(_ mappings: [GroupRole]) -> String {
        mappings.map { "\($0.group) = \($0.role.rawValue)" + ($0.unit.map { ", \($0)" } ?? "") }.joined(separator: "\n")
    }
}
