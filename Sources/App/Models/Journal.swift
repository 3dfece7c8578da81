import Fluent
import Foundation
import RadhusCore

/// A journalpost (Noark 5): one registered document in a case's saksmappe, inbound (the
/// application) or outbound (a letter). Numbered per kommune and year (journalpostnummer
/// `2026/17`) and within the case (`2026/1234-3`). Hash-chained per kommune and year: each
/// entry's hash covers the previous entry's hash and its own fields.
public final class JournalEntry: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "journal_entries"
    public static var municipalityKey: KeyPath<JournalEntry, FieldProperty<JournalEntry, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    /// The letter an outbound entry files (nil for inbound).
    @OptionalField(key: "letter_id") public var letterID: UUID?
    /// The message on the case the entry files (issue 20): an applicant's (I) or the one a
    /// caseworker's letter carries (U); its files are the post's attachments. Not hashed.
    @OptionalField(key: "message_id") public var messageID: UUID?
    /// The case's saksnummer, copied so the export can walk case files in order from one index.
    @Field(key: "saks_year") public var saksYear: Int
    @Field(key: "saks_seq") public var saksSeq: Int
    @Field(key: "journal_year") public var journalYear: Int
    @Field(key: "journal_seq") public var journalSeq: Int
    /// Number of the document in its case (the `3` in `2026/1234-3`).
    @Field(key: "document_number") public var documentNumber: Int
    @Field(key: "type") public var type: String
    @Field(key: "status") public var status: String
    @Field(key: "title") public var title: String
    @Field(key: "public_title") public var publicTitle: String
    @OptionalField(key: "screening_basis") public var screeningBasis: String?
    @Field(key: "correspondent") public var correspondent: String
    @Field(key: "class_id") public var classID: String
    @Field(key: "class_title") public var classTitle: String
    @Field(key: "service_id") public var serviceID: String
    /// Dates as Noark writes them (`yyyy-MM-dd`, and ISO 8601 seconds for the registration),
    /// stored as text so the hash over them is the same after any database round trip.
    @Field(key: "journal_date") public var journalDate: String
    @Field(key: "registered_at") public var registeredAt: String
    @Field(key: "registered_by") public var registeredBy: String
    @Field(key: "document_sha256") public var documentSHA256: String
    @Field(key: "prev_hash") public var prevHash: String
    @Field(key: "hash") public var hash: String

    public init() {}

    public var journalpostType: JournalpostType { JournalpostType(rawValue: type) ?? .inbound }
    public var journalStatus: JournalStatus { JournalStatus(rawValue: status) ?? .journalfort }
}

/// A document version filed on a journalpost (dokumentbeskrivelse + dokumentobjekt). Frozen
/// once written: a correction is a new row with the next version number.
public final class JournalDocument: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "journal_documents"
    public static var municipalityKey: KeyPath<JournalDocument, FieldProperty<JournalDocument, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "journal_entry_id") public var journalEntryID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "version") public var version: Int
    @Field(key: "title") public var title: String
    /// Noark format name and the file's media type.
    @Field(key: "format") public var format: String
    @Field(key: "mime") public var mime: String
    @Field(key: "size") public var size: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "content") public var content: Data
    @Field(key: "created_at") public var createdAt: String

    public init() {}
}
