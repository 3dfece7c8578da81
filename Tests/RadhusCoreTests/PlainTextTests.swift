import Testing

@testable import RadhusCore

/// What `PlainText` lets through can be stored, hashed, shown and archived as it is.
@Suite struct PlainTextTests {
    /// Every character allowed (even in multi-line text) is a character XML 1.0 can hold, so the
    /// archive export of any stored text validates (U+FFFE and U+FFFF were allowed before).
    @Test func everyAllowedCharacterFitsInXML() {
        func xmlChar(_ v: UInt32) -> Bool {
            v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
                || (0x10000...0x10FFFF).contains(v)
        }
        var wrong: [UInt32] = []
        for v in UInt32(0)...0x10FFFF {
            guard let c = Unicode.Scalar(v), PlainText.isAllowed(c, multiline: true) else { continue }
            if !xmlChar(v) { wrong.append(v) }
        }
        #expect(wrong.isEmpty, "allowed but not XML: \(wrong.prefix(10).map { String($0, radix: 16) })")
    }

    /// Single-line text refuses line breaks and tabs; multi-line text takes them.
    @Test func lineBreaksOnlyInMultiLineText() {
        for c in ["\n", "\r", "\t", "\u{2028}", "\u{2029}"] {
            #expect(PlainText.refused(in: "a\(c)b") != nil)
            #expect(PlainText.refused(in: "a\(c)b", multiline: true) == nil)
        }
        #expect(PlainText.refused(in: "Kari Nordmann – Prøvestad, «Ås»") == nil)
    }
}
