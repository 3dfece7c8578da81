import Foundation

/// A TrueType font read well enough to embed it in a PDF: advance widths for the WinAnsi
/// characters (so text can be wrapped), and the metrics the font descriptor needs.
public struct TrueTypeFont: Sendable {
    public let data: Data
    public let postScriptName: String
    let unitsPerEm: Double
    let bbox: [Int]
    let ascent: Int
    let descent: Int
    let capHeight: Int
    let italicAngle: Double
    /// Advance width in 1/1000 em for WinAnsi codes 32…255.
    let widths: [Int]

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// The fonts looked for when `RADHUS_PDF_FONT` is not set (Debian's fonts-liberation and
    /// fonts-dejavu-core). Both allow embedding.
    public static let searchPaths = [
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
    ]

    public static func locate(_ explicit: String? = nil) throws -> TrueTypeFont {
        let candidates = explicit.map { [$0] } ?? searchPaths
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            return try TrueTypeFont(path: path)
        }
        throw Problem(
            description:
                "No TrueType font for printed letters: set RADHUS_PDF_FONT or install fonts-liberation (looked in \(candidates.joined(separator: ", ")))"
        )
    }

    public init(path: String) throws {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "Cannot read font \(path)")
        }
        try self.init(data: d, name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
    }

    public init(data: Data, name: String) throws {
        let b = [UInt8](data)
        func u16(_ o: Int) -> Int { o + 1 < b.count ? Int(b[o]) << 8 | Int(b[o + 1]) : 0 }
        func i16(_ o: Int) -> Int { Int(Int16(bitPattern: UInt16(u16(o)))) }
        func u32(_ o: Int) -> Int { u16(o) << 16 | u16(o + 2) }
        var tables: [String: (offset: Int, length: Int)] = [:]
        let count = u16(4)
        for i in 0..<count {
            let r = 12 + 16 * i
            guard r + 16 <= b.count else { break }
            let tag = String(decoding: b[r..<r + 4], as: UTF8.self)
            tables[tag] = (u32(r + 8), u32(r + 12))
        }
        guard let head = tables["head"], let hhea = tables["hhea"], let hmtx = tables["hmtx"],
            let cmap = tables["cmap"],
            head.offset + 54 <= b.count, hhea.offset + 36 <= b.count
        else {
            throw Problem(description: "\(name) is not a TrueType font with head, hhea, hmtx and cmap tables")
        }
        let upm = Double(max(16, u16(head.offset + 18)))
        func scaled(_ v: Int) -> Int { Int((Double(v) * 1000 / upm).rounded()) }
        let numberOfHMetrics = u16(hhea.offset + 34)
        // The Windows Unicode BMP subtable, format 4.
        var sub: Int?
        for i in 0..<u16(cmap.offset + 2) {
            let r = cmap.offset + 4 + 8 * i
            if u16(r) == 3 && u16(r + 2) == 1 { sub = cmap.offset + u32(r + 4) }
        }
        guard let s = sub, u16(s) == 4 else {
            throw Problem(description: "\(name) has no Unicode (format 4) character map")
        }
        let segX2 = u16(s + 6)
        let ends = s + 14
        let starts = ends + segX2 + 2
        let deltas = starts + segX2
        let ranges = deltas + segX2
        func glyph(_ c: Int) -> Int {
            for seg in 0..<(segX2 / 2) where u16(ends + 2 * seg) >= c {
                let start = u16(starts + 2 * seg)
                guard start <= c else { return 0 }
                let delta = u16(deltas + 2 * seg)
                let ro = u16(ranges + 2 * seg)
                if ro == 0 { return (c + delta) & 0xFFFF }
                let g = u16(ranges + 2 * seg + ro + 2 * (c - start))
                return g == 0 ? 0 : (g + delta) & 0xFFFF
            }
            return 0
        }
        func advance(_ g: Int) -> Int { u16(hmtx.offset + 4 * min(g, max(0, numberOfHMetrics - 1))) }
        widths = (32...255).map { code in
            guard let u = WinAnsi.unicode(code) else { return 0 }
            return scaled(advance(glyph(Int(u))))
        }
        bbox = [i16(head.offset + 36), i16(head.offset + 38), i16(head.offset + 40), i16(head.offset + 42)].map(scaled)
        ascent = scaled(i16(hhea.offset + 4))
        descent = scaled(i16(hhea.offset + 6))
        if let os2 = tables["OS/2"], u16(os2.offset) >= 2, os2.offset + 90 <= b.count {
            capHeight = scaled(i16(os2.offset + 88))
        } else {
            capHeight = ascent
        }
        if let post = tables["post"] {
            italicAngle = Double(i16(post.offset + 4)) + Double(u16(post.offset + 6)) / 65536
        } else {
            italicAngle = 0
        }
        self.data = data
        self.unitsPerEm = upm
        self.postScriptName = name.filter { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    /// Width of `text` in points at `size`.
    func width(_ text: [UInt8], size: Double) -> Double {
        Double(text.reduce(0) { $0 + ($1 >= 32 ? widths[Int($1) - 32] : 0) }) * size / 1000
    }
}

/// Windows-1252 ("WinAnsiEncoding" in PDF): æøå and the Norwegian letters are in it, so a
/// simple font with this encoding needs no ToUnicode map for text extraction to work.
enum WinAnsi {
    static let high: [Int: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
        0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018,
        0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC,
        0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]
    static let reverse: [UInt32: UInt8] = Dictionary(uniqueKeysWithValues: high.map { ($0.value, UInt8($0.key)) })

    static func unicode(_ code: Int) -> UInt32? {
        if (32...126).contains(code) || (160...255).contains(code) { return UInt32(code) }
        return high[code]
    }

    /// The text in WinAnsi; characters outside it become `?` (and tabs a space).
    static func encode(_ s: String) -> [UInt8] {
        s.unicodeScalars.map { u in
            let v = u.value
            if v == 9 { return 32 }
            if (32...126).contains(v) || (160...255).contains(v) { return UInt8(v) }
            return reverse[v] ?? UInt8(ascii: "?")
        }
    }
}

/// A letter laid out for print: A4, 25 mm left margin (the print requirement is at least
/// 18 mm), the sender, the recipient's address block where a window envelope shows it, and
/// the text wrapped over as many pages as it needs. PDF 1.7 with the font embedded.
public struct LetterPDF: Sendable {
    public var sender: String
    public var recipient: [String]
    public var reference: String
    public var date: String
    public var title: String
    /// Plain text; `## ` starts a heading, blank lines separate paragraphs.
    public var body: String

    public init(sender: String, recipient: [String], reference: String, date: String, title: String, body: String) {
        self.sender = sender
        self.recipient = recipient
        self.reference = reference
        self.date = date
        self.title = title
        self.body = body
    }

    static let mm = 72.0 / 25.4
    static let pageWidth = 210 * mm, pageHeight = 297 * mm
    static let leftMargin = 25 * mm, rightMargin = 20 * mm, topMargin = 20 * mm, bottomMargin = 20 * mm

    struct Line {
        var text: [UInt8]
        var size: Double
        var gapBefore: Double
    }

    /// The lines of the letter after the address block, wrapped to the text width.
    func lines(font: TrueTypeFont) -> [Line] {
        let maxWidth = Self.pageWidth - Self.leftMargin - Self.rightMargin
        var out: [Line] = [Line(text: WinAnsi.encode(title), size: 15, gapBefore: 0)]
        for paragraph in body.components(separatedBy: "\n\n") {
            var first = true
            for raw in paragraph.split(separator: "\n", omittingEmptySubsequences: false) {
                let heading = raw.hasPrefix("## ")
                let size = heading ? 12.5 : 10.5
                let text = heading ? String(raw.dropFirst(3)) : String(raw)
                let gap = first ? (heading ? 10.0 : 7.0) : 0
                first = false
                for (i, w) in wrap(text, width: maxWidth, size: size, font: font).enumerated() {
                    out.append(Line(text: w, size: size, gapBefore: i == 0 ? gap : 0))
                }
            }
        }
        return out
    }

    func wrap(_ text: String, width: Double, size: Double, font: TrueTypeFont) -> [[UInt8]] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map { WinAnsi.encode(String($0)) }
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        for word in words {
            let candidate = current.isEmpty ? word : current + [32] + word
            if font.width(candidate, size: size) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
            // A single word longer than the line is broken where it must be.
            while font.width(current, size: size) > width, current.count > 1 {
                var cut = current.count - 1
                while cut > 1 && font.width(Array(current[..<cut]), size: size) > width { cut -= 1 }
                lines.append(Array(current[..<cut]))
                current = Array(current[cut...])
            }
        }
        lines.append(current)
        return lines
    }

    public func render(font: TrueTypeFont) -> Data {
        // Page content streams.
        var pages: [String] = []
        var page = ""
        func text(_ t: [UInt8], x: Double, y: Double, size: Double) {
            page += "BT /F1 \(fmt(size)) Tf \(fmt(x)) \(fmt(y)) Td (\(Self.escape(t))) Tj ET\n"
        }
        let left = Self.leftMargin
        var y = Self.pageHeight - Self.topMargin - 14
        text(WinAnsi.encode(sender), x: left, y: y, size: 16)
        // The address block sits where a C5 window envelope shows it (about 45–70 mm from the top).
        y = Self.pageHeight - 50 * Self.mm
        for l in recipient.prefix(5) {
            text(WinAnsi.encode(l), x: left, y: y, size: 10.5)
            y -= 13.5
        }
        let right = Self.pageWidth - Self.rightMargin
        var ry = Self.pageHeight - 50 * Self.mm
        for l in [reference, date] {
            let enc = WinAnsi.encode(l)
            text(enc, x: right - font.width(enc, size: 9.5), y: ry, size: 9.5)
            ry -= 12.5
        }
        y = Self.pageHeight - 95 * Self.mm
        for line in lines(font: font) {
            let step = line.size * 1.4 + line.gapBefore
            if y - step < Self.bottomMargin {
                pages.append(page)
                page = ""
                y = Self.pageHeight - Self.topMargin
            }
            y -= step
            text(line.text, x: left, y: y, size: line.size)
        }
        pages.append(page)
        for (i, _) in pages.enumerated() where pages.count > 1 {
            let label = WinAnsi.encode("Side \(i + 1) av \(pages.count)")
            pages[i] +=
                "BT /F1 8.5 Tf \(fmt(right - font.width(label, size: 8.5))) \(fmt(Self.bottomMargin - 8)) Td (\(Self.escape(label))) Tj ET\n"
        }

        // Objects: 1 catalog, 2 pages, 3 font, 4 descriptor, 5 font file, 6 info, then page + content pairs.
        var objects: [Data] = []
        let pageIDs = pages.indices.map { 7 + 2 * $0 }
        objects.append(Data("<< /Type /Catalog /Pages 2 0 R /Lang (nb-NO) >>".utf8))
        objects.append(
            Data(
                "<< /Type /Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>"
                    .utf8))
        objects.append(
            Data(
                "<< /Type /Font /Subtype /TrueType /BaseFont /\(font.postScriptName) /FirstChar 32 /LastChar 255 /Widths [\(font.widths.map(String.init).joined(separator: " "))] /Encoding /WinAnsiEncoding /FontDescriptor 4 0 R >>"
                    .utf8))
        objects.append(
            Data(
                "<< /Type /FontDescriptor /FontName /\(font.postScriptName) /Flags 32 /FontBBox [\(font.bbox.map(String.init).joined(separator: " "))] /ItalicAngle \(fmt(font.italicAngle)) /Ascent \(font.ascent) /Descent \(font.descent) /CapHeight \(font.capHeight) /StemV 80 /FontFile2 5 0 R >>"
                    .utf8))
        var fontFile = Data("<< /Length \(font.data.count) /Length1 \(font.data.count) >>\nstream\n".utf8)
        fontFile.append(font.data)
        fontFile.append(Data("\nendstream".utf8))
        objects.append(fontFile)
        objects.append(
            Data("<< /Title \(Self.textString(title)) /Author \(Self.textString(sender)) /Producer (Radhus) >>".utf8))
        for (i, content) in pages.enumerated() {
            objects.append(
                Data(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(fmt(Self.pageWidth)) \(fmt(Self.pageHeight))] /Resources << /Font << /F1 3 0 R >> >> /Contents \(pageIDs[i] + 1) 0 R >>"
                        .utf8))
            let bytes = Data(content.utf8)
            var stream = Data("<< /Length \(bytes.count) >>\nstream\n".utf8)
            stream.append(bytes)
            stream.append(Data("\nendstream".utf8))
            objects.append(stream)
        }

        var out = Data("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (i, obj) in objects.enumerated() {
            offsets.append(out.count)
            out.append(Data("\(i + 1) 0 obj\n".utf8))
            out.append(obj)
            out.append(Data("\nendobj\n".utf8))
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { table += String(repeating: "0", count: max(0, 10 - String(o).count)) + "\(o) 00000 n \n" }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 6 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out.append(Data(table.utf8))
        return out
    }

    /// A PDF text string for the document information (UTF-16BE with a byte order mark, which
    /// every reader decodes the same way; WinAnsi is only for the page content).
    static func textString(_ s: String) -> String {
        "<FEFF" + s.utf16.map { String(format: "%04X", $0) }.joined() + ">"
    }

    func fmt(_ v: Double) -> String { String(format: "%.2f", v) }

    /// A PDF literal string: parentheses and backslashes escaped, bytes outside ASCII as octal.
    static func escape(_ bytes: [UInt8]) -> String {
        var s = ""
        for b in bytes {
            switch b {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"): s += "\\" + String(UnicodeScalar(b))
            case 32...126: s += String(UnicodeScalar(b))
            default: s += "\\" + String(b, radix: 8).leftPadded(3)
            }
        }
        return s
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
