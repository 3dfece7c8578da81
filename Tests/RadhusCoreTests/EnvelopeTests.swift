import Foundation
import Testing

@testable import RadhusCore

/// A paper letter's envelope comes from the service's data, never from a field id in code.
@Suite struct EnvelopeTests {
    static let answers = [
        "hjem.gate": "Storgata 1", "hjem.postnummer": "9405", "hjem.poststed": "Harstad",
        "post.gate": "Postboks 7", "post.postnummer": "9401", "post.poststed": "Harstad",
    ]

    static func service(postalAddress: ServiceDefinition.PostalAddress?) -> ServiceDefinition {
        var s = FormValidationTests.service
        s.fields = [
            FieldDefinition(id: "hjem", type: .address, label: .init(nb: "Hjemmeadresse")),
            FieldDefinition(id: "post", type: .address, label: .init(nb: "Postadresse")),
            FieldDefinition(id: "navn", type: .text, label: .init(nb: "Navn")),
        ]
        s.postalAddress = postalAddress
        return s
    }

    @Test func theNamedFieldAndRecipientLineAreUsed() {
        // setup
        let s = Self.service(postalAddress: .init(field: "post", recipient: .init(nb: "Til foresatte")))
        // act / check
        #expect(s.envelopeAddress(answers: Self.answers) == ["Til foresatte", "Postboks 7", "9401 Harstad"])
        #expect(s.problems().isEmpty)
    }

    @Test func withoutAPostalAddressTheFirstAddressFieldIsUsedWithNoRecipientLine() {
        // setup
        let s = Self.service(postalAddress: nil)
        // act / check
        #expect(s.envelopeAddress(answers: Self.answers) == ["Storgata 1", "9405 Harstad"])
        #expect(s.envelopeAddress(answers: ["navn": "Kari"]) == nil)
    }

    @Test func aPostalAddressThatIsNotAnAddressFieldIsRefusedAtLoad() {
        // setup
        let s = Self.service(postalAddress: .init(field: "navn"))
        // act / check
        #expect(s.problems().contains { $0.contains("postalAddress.field «navn»") })
    }

    @Test func theArchivedApplicationListsEachAnswerWithItsLabel() {
        // setup
        let s = Self.service(postalAddress: nil)
        let at = NorwegianCalendar().parseDate("2026-03-01")!
        // act
        let text = ApplicationDocument.text(
            kommune: "Harstad", kommuneNumber: "5503", saksnummer: .init(year: 2026, sequence: 7),
            submittedAt: at, serviceID: s.id, service: s, answers: Self.answers.merging(["navn": "Kari"]) { a, _ in a })
        // check
        #expect(text.hasPrefix("Harstad\nSaksnr. 2026/7\nMottatt 01.03.2026"))
        #expect(text.contains("Hjemmeadresse: Storgata 1, 9405 Harstad\n") && text.contains("Navn: Kari\n"))
    }
}
