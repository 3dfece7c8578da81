import Crypto
import Foundation

/// One link of a hash chain (journal entries, access log): SHA-256 over the previous link's
/// hash and the row's own fields, in a fixed order with a separator that cannot occur in them.
/// Changing, removing or reordering a row breaks the chain at that row.
public enum HashChain {
    public static func genesis(_ name: String) -> String { digest(Data("radhus-chain:\(name)".utf8)) }

    public static func link(previous: String, fields: [String]) -> String {
        var data = Data(previous.utf8)
        for f in fields {
            data.append(0x1F)
            data.append(contentsOf: Data(f.utf8))
        }
        return digest(data)
    }

    public static func digest(_ data: Data) -> String {
        hexString(SHA256.hash(data: data))
    }
}

/// Bytes as hex digits (lowercase unless asked). `String(format: "%02x")` per byte went through
/// Foundation's format parser 32 times per SHA-256: a quarter of `radhus archive verify`'s CPU,
/// and paid on every journal entry and access-log row written.
public func hexString<Bytes: Sequence>(_ bytes: Bytes, uppercase: Bool = false) -> String where Bytes.Element == UInt8 {
    let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
