import Foundation
import Testing

@testable import RadhusCore

/// Issue 23: deferred acceptance for kindergarten admission, checked against brute force.
@Suite struct AdmissionMatchingTests {
    /// A small random instance: kindergartens with places for under-threes (two places each)
    /// and for the older children, each child's wishes over the kindergartens (mapped to the
    /// unit there for its age), priority classes 1–3 per wish and a seeded lottery.
    static func instance(seed: UInt64, children: Int, kindergartens: Int) -> DeferredAcceptance.Instance {
        var rng = SplitMix(seed)
        let small = (0..<children).map { _ in rng.below(2) == 0 }
        var capacity: [Int] = []
        for _ in 0..<kindergartens {
            capacity.append(2 * rng.below(3))  // under three: 0, 2 or 4 places (0–2 children)
            capacity.append(rng.below(3))  // three and over: 0–2 places
        }
        let lottery = AdmissionLottery.draw(count: children, seed: seed)
        var wishes: [[Int32]] = []
        var priority: [[UInt64]] = []
        for c in 0..<children {
            var ks = Array(0..<kindergartens)
            for i in stride(from: ks.count - 1, to: 0, by: -1) { ks.swapAt(i, rng.below(i + 1)) }
            let chosen = ks.prefix(1 + rng.below(kindergartens))
            wishes.append(chosen.map { Int32($0 * 2 + (small[c] ? 0 : 1)) })
            priority.append(
                chosen.map { _ in AdmissionLottery.key(priorityClass: 1 + rng.below(3), lottery: lottery[c]) })
        }
        return DeferredAcceptance.Instance(
            capacity: capacity, weight: small.map { $0 ? 2 : 1 }, wishes: wishes, priority: priority)
    }

    /// Every feasible matching (each child in one of its wishes or none, places kept).
    static func allMatchings(_ p: DeferredAcceptance.Instance) -> [[Int32?]] {
        var out: [[Int32?]] = []
        var current = [Int32?](repeating: nil, count: p.children)
        func go(_ c: Int) {
            if c == p.children {
                if AdmissionCheck.feasible(p, current) { out.append(current) }
                return
            }
            current[c] = nil
            go(c + 1)
            for u in p.wishes[c] {
                current[c] = u
                go(c + 1)
            }
            current[c] = nil
        }
        go(0)
        return out
    }

    @Test func theResultIsStableAndTheBestStableOneForEveryChild() {
        var checked = 0
        for seed in UInt64(1)...300 {
            let p = Self.instance(seed: seed, children: 2 + Int(seed % 5), kindergartens: 1 + Int(seed % 3))
            let result = DeferredAcceptance.match(p)
            #expect(AdmissionCheck.feasible(p, result.unit), "seed \(seed)")
            #expect(AdmissionCheck.blockingPairs(p, result.unit).isEmpty, "seed \(seed): not stable")
            // brute force: among all stable matchings, none gives any child a better wish
            let stable = Self.allMatchings(p).filter { AdmissionCheck.blockingPairs(p, $0).isEmpty }
            #expect(stable.contains(result.unit), "seed \(seed)")
            func rank(_ c: Int, _ u: Int32?) -> Int { u.flatMap { p.wishes[c].firstIndex(of: $0) } ?? Int.max }
            for m in stable {
                for c in 0..<p.children where rank(c, m[c]) < rank(c, result.unit[c]) {
                    Issue.record("seed \(seed): child \(c) does better in another stable matching")
                }
            }
            checked += stable.count
        }
        #expect(checked > 300)
    }

    @Test func underThreesTakeTwoPlacesAndTiesFollowTheLottery() {
        // One kindergarten: 4 places for under-threes (two children), 1 for the older ones.
        // Three under-threes of one priority class: the lottery decides, in its order.
        let lottery = AdmissionLottery.draw(count: 4, seed: 2027)
        let p = DeferredAcceptance.Instance(
            capacity: [4, 1], weight: [2, 2, 2, 1], wishes: [[0], [0], [0], [1]],
            priority: (0..<4).map { [AdmissionLottery.key(priorityClass: 2, lottery: lottery[$0])] })
        let r = DeferredAcceptance.match(p)
        let admitted = (0..<3).filter { r.unit[$0] == 0 }
        let byLottery = (0..<3).sorted { lottery[$0] < lottery[$1] }
        #expect(admitted == byLottery.prefix(2).sorted())
        #expect(r.unit[3] == 1)
        // a better class beats the lottery
        var q = p
        q.priority[byLottery[2]] = [AdmissionLottery.key(priorityClass: 1, lottery: lottery[byLottery[2]])]
        #expect(DeferredAcceptance.match(q).unit[byLottery[2]] == 0)
    }

    @Test func theLotteryIsTheSameForTheSameSeedAndAPermutation() {
        let a = AdmissionLottery.draw(count: 1000, seed: 42)
        #expect(a == AdmissionLottery.draw(count: 1000, seed: 42))
        #expect(Set(a) == Set(0..<1000))
        #expect(a != AdmissionLottery.draw(count: 1000, seed: 43))
        // idempotent: matching the same instance twice gives the same result
        let p = Self.instance(seed: 9, children: 40, kindergartens: 6)
        #expect(DeferredAcceptance.match(p) == DeferredAcceptance.match(p))
    }

    struct SplitMix {
        var state: UInt64
        init(_ seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }
}
