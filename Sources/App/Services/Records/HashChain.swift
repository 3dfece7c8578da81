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
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
