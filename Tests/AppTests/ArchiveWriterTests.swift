import Crypto
import Foundation
import Testing

@testable import App

extension AppTests {
    /// The archive export's writers (issue 6): what the export test's small archive does not
    /// reach — files of several buffers written by direct I/O on the file's own queue, the
    /// fallback where direct I/O is refused, and a full disk.
    @Suite struct ArchiveWriterTests {
        /// Several megabytes in writes of every size, escaping on the way; what `close` reports
        /// must be the file as it lies on disk.
        static func roundTrip(in folder: String) throws {
            // setup: 60,000 lines of known text
            let path = folder + "/radhus-xmlfile-\(UUID().uuidString).xml"
            defer { try? FileManager.default.removeItem(atPath: path) }
            let file = try XMLFile(path)
            var expected = ""
            for i in 0..<60_000 {
                let title = i % 7 == 0 ? "Søknad <\(i)> & \"vedlegg\"" : "Brev nr. \(i) – Åse"
                file.write(
                    "<post n=\"\(i)\"><tittel>\(x: title)</tittel>\(String(repeating: "·", count: i % 50))</post>\n")
                let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
                    of: "<", with: "&lt;"
                )
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                expected +=
                    "<post n=\"\(i)\"><tittel>\(escaped)</tittel>\(String(repeating: "·", count: i % 50))</post>\n"
            }
            // act
            let (sha, bytes) = try file.close()
            let onDisk = try Data(contentsOf: URL(fileURLWithPath: path))
            // check
            #expect(onDisk.count > 3 << 20, "more than two buffers' worth, and a partial last block")
            #expect(bytes == onDisk.count)
            #expect(onDisk == Data(expected.utf8))
            #expect(sha == SHA256.hash(data: onDisk).map { String(format: "%02x", $0) }.joined())
        }

        @Test func aFileOfManyBuffersIsWrittenWholeAndHashedAsWritten() throws {
            try Self.roundTrip(in: NSTemporaryDirectory())
        }

        @Test func aFilesystemWithoutDirectIOGetsTheSameFile() throws {
            // tmpfs refuses O_DIRECT on older kernels and takes it on newer ones: either way the same bytes.
            guard FileManager.default.fileExists(atPath: "/dev/shm") else { return }
            try Self.roundTrip(in: "/dev/shm")
        }

        @Test func aFullDiskFailsTheFileInsteadOfLeavingItShort() throws {
            guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
            // setup / act: the disk is full
            let file = try XMLFile("/dev/full")
            for _ in 0..<3000 { file.write("<endring>\(String(repeating: "x", count: 1000))</endring>\n") }
            // check
            #expect(throws: ArchiveExporter.Problem.self) { try file.close() }
        }

        @Test func escapingKeepsTextAndReplacesMarkup() {
            #expect(x("Åse & Øyvind <\"Ærlig\">") == "Åse &amp; Øyvind &lt;&quot;Ærlig&quot;&gt;")
            #expect(x("ingen tegn å erstatte") == "ingen tegn å erstatte")
            #expect(x("") == "")
            #expect(
                String(decoding: XMLText("<a n=\"\(42)\">\(x: "&")</a>").bytes, as: UTF8.self)
                    == "<a n=\"42\">&amp;</a>")
        }

        @Test func digestsAreLowercaseHex() {
            // FIPS 180-2's example: the chains stored in every database depend on this spelling.
            #expect(
                HashChain.digest(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
            )
            #expect(hexString([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
            #expect(hexString([0xAB], uppercase: true) == "AB")
        }

        @Test func derivedSystemIDsAreStableVersion5UUIDs() throws {
            // setup
            let entry = "00001D57-7AAD-4099-931D-F42CA5912F5A"
            // act
            let id = stableID("dokumentbeskrivelse", entry)
            // check
            #expect(id == stableID("dokumentbeskrivelse", entry), "the same in every export")
            #expect(id != stableID("dokumentbeskrivelse", "00001D57-7AAD-4099-931D-F42CA5912F5B"))
            #expect(id != stableID("klasse", entry))
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.uuidString == id)
            #expect(uuid.uuid.6 >> 4 == 5, "version 5")
            #expect(uuid.uuid.8 >> 6 == 0b10, "RFC 4122 variant")
        }
    }
}
