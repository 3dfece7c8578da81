import Foundation
import Testing

@testable import RadhusCore

/// The printed letter checked by the tools a print provider would use: qpdf for structure,
/// pdffonts for embedded fonts, pdftotext for the text (æøå included). Skipped, with the
/// reason, where the tools or a font are missing; `.ci/run` installs them.
@Suite("Printed letters (PDF)")
struct LetterPDFTests {
    static func tool(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return nil
    }

    static let ready: Bool =
        ["qpdf", "pdffonts", "pdftotext", "pdfinfo"].allSatisfy { tool($0) != nil }
        && (try? TrueTypeFont.locate()) != nil

    static func run(_ tool: String, _ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.tool(tool)!)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let letter = LetterPDF(
        sender: "Harstad kommune",
        recipient: ["Kari Nordmann", "Storgata 1", "9405 Harstad"],
        reference: "Saksnr. 2026/17", date: "23. november 2026",
        title: "Vedtak om skoleskyss – innvilget",
        body: """
            ## Vedtak
            Du får gratis skoleskyss for skoleåret. Avstanden er over grensen i opplæringslova § 7-1 (æøå ÆØÅ).

            ## Begrunnelse
            \(String(repeating: "Søknaden er vurdert etter reglene for skyss på grunn av særlig farlig skoleveg. ", count: 60))

            Med hilsen
            Harstad kommune
            """)

    @Test(
        "A4, fonts embedded, æøå extractable, left margin ≥ 18 mm, passes qpdf --check",
        .enabled(
            if: LetterPDFTests.ready,
            "needs qpdf, poppler-utils and a TrueType font (fonts-liberation); .ci/run installs them"))
    func printable() throws {
        let font = try TrueTypeFont.locate()
        let pdf = Self.letter.render(font: font)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("radhus-letter-\(UUID()).pdf").path
        try pdf.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let check = try Self.run("qpdf", ["--check", path])
        #expect(check.status == 0, "qpdf --check: \(check.output)")
        #expect(check.output.contains("No syntax or stream encoding errors"))

        let fonts = try Self.run("pdffonts", [path])
        #expect(fonts.status == 0)
        let rows = fonts.output.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        for row in rows {
            // Columns: name type encoding emb sub uni object ID; "emb" must be yes.
            let cols = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(cols.count >= 7 && cols[cols.count - 5] == "yes", "font not embedded: \(row)")
        }

        let info = try Self.run("pdfinfo", [path])
        #expect(info.output.contains("595.28 x 841.89 pts (A4)"), "\(info.output)")
        #expect(info.output.contains("Pages:           2"), "the long letter flows onto a second page: \(info.output)")
        #expect(info.output.contains("PDF version:     1.7"))
        #expect(info.output.contains("Title:           Vedtak om skoleskyss – innvilget"))

        let text = try Self.run("pdftotext", ["-layout", path, "-"])
        #expect(text.output.contains("Vedtak om skoleskyss – innvilget"))
        #expect(text.output.contains("(æøå") && text.output.contains("ÆØÅ)"))
        #expect(text.output.contains("Søknaden er vurdert"))
        #expect(text.output.contains("9405 Harstad"))

        // Left margin: the leftmost glyph starts at least 18 mm (51 pt) from the left edge.
        let bbox = try Self.run("pdftotext", ["-bbox", path, "-"])
        let xs = bbox.output.split(separator: "\n").compactMap { line -> Double? in
            guard line.contains("<word"), let r = line.range(of: "xMin=\"") else { return nil }
            return Double(line[r.upperBound...].prefix { $0 != "\"" })
        }
        #expect(!xs.isEmpty)
        #expect((xs.min() ?? 0) >= 18 * 72 / 25.4)
    }

    @Test("Widths come from the font: text is wrapped inside the page")
    func wrapping() throws {
        guard let font = try? TrueTypeFont.locate() else { return }
        let lines = Self.letter.lines(font: font)
        let maxWidth = LetterPDF.pageWidth - LetterPDF.leftMargin - LetterPDF.rightMargin
        #expect(lines.count > 40)
        for l in lines { #expect(font.width(l.text, size: l.size) <= maxWidth + 0.01) }
        #expect(font.width(WinAnsi.encode("æ"), size: 1000) > 0)
        #expect(WinAnsi.encode("æøå–€") == [0xE6, 0xF8, 0xE5, 0x96, 0x80])
    }
}
