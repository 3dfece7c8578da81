import Foundation
import RadhusCore

/// A letter's journey (sent, notified, read, printed), shown the same way to the citizen and
/// to staff; staff also see each step's detail (batch, failure, who stopped it).
enum DispatchView {
    struct LetterTrail {
        var letter: LetterRecord
        var shipments: [(ShipmentRecord, [ShipmentEventRecord])]
    }

    static func trails(letters: [LetterRecord], shipments: [ShipmentRecord], events: [ShipmentEventRecord])
        -> [LetterTrail]
    {
        let byShipment = Dictionary(grouping: events, by: \.shipmentID)
        return letters.map { l in
            LetterTrail(
                letter: l,
                shipments: shipments.filter { $0.letterID == l.id }.sorted { $0.channel > $1.channel }.map {
                    ($0, (byShipment[$0.id!] ?? []).sorted { $0.at < $1.at })
                })
        }
    }

    static func statusTag(_ s: ShipmentStatus, _ t: Strings) -> Node {
        el("span", .cls("tag tag-shipment-\(s.rawValue.lowercased())")) { t.shipmentStatus(s) }
    }

    /// The events of one shipment as a timeline.
    static func events(_ events: [ShipmentEventRecord], t: Strings, showDetail: Bool) -> Node {
        Layout.timeline(
            events.map { e in
                (e.at, t.shipmentStatus(e.shipmentStatus) + (showDetail && !e.detail.isEmpty ? " – \(e.detail)" : ""))
            })
    }
}
