import Foundation

/// Coordinated kindergarten admission (issue 23): children rank kindergartens, kindergartens
/// rank children by priority class and the round's lottery, and places are matched by
/// applicant-proposing deferred acceptance (Gale–Shapley) with capacities in places.
///
/// A kindergarten's places are split in units — an age group or a department — each with a
/// capacity in places and the age groups it takes; a child under three takes two places. A
/// child's wish for a kindergarten is a wish for the unit there that takes its age group.
///
/// A unit holds, of the children who have proposed to it, the longest run in priority order
/// that fits its places (it never skips a child to fit a smaller one behind: a place is never
/// given past a child with a better claim). That choice is substitutable, so deferred
/// acceptance ends in the stable matching every child likes best among the stable ones: no
/// child and unit such that the child would rather have the unit and the unit would take the
/// child among those it holds (`AdmissionCheck.blockingPairs` is the independent check).
public enum DeferredAcceptance {
    /// The instance, in flat arrays indexed by child and unit, the way 100,000 children are
    /// matched in tens of milliseconds.
    public struct Instance: Sendable {
        /// Places per unit.
        public var capacity: [Int]
        /// Places each child takes (2 under three years, else 1).
        public var weight: [Int]
        /// Each child's units in order of preference, best first (a unit at most once).
        public var wishes: [[Int32]]
        /// The unit's ranking of a child who wishes it, `priority[c][i]` for `wishes[c][i]`:
        /// lower is better — the priority class, then the lottery (`AdmissionLottery.key`).
        public var priority: [[UInt64]]

        public init(capacity: [Int], weight: [Int], wishes: [[Int32]], priority: [[UInt64]]) {
            self.capacity = capacity
            self.weight = weight
            self.wishes = wishes
            self.priority = priority
        }

        public var children: Int { weight.count }
        public var units: Int { capacity.count }
    }

    /// Each child's unit (nil: none of its wishes), and how many proposals were made.
    public struct Result: Sendable, Equatable {
        public var unit: [Int32?]
        /// The wish each child got (0: the first), nil when none.
        public var wishIndex: [Int?]
        public var proposals: Int
    }

    public static func match(_ p: Instance) -> Result {
        let n = p.children
        // Each unit's held children as a max-heap on priority (the worst on top), and the places
        // they take.
        var heaps = [[(key: UInt64, child: Int32)]](repeating: [], count: p.units)
        var used = [Int](repeating: 0, count: p.units)
        var next = [Int](repeating: 0, count: n)  // the next wish each child proposes to
        var held = [Int32](repeating: -1, count: n)
        var free: [Int32] = (0..<n).reversed().map { Int32($0) }
        var proposals = 0
        while let c32 = free.popLast() {
            let c = Int(c32)
            let wishes = p.wishes[c]
            guard next[c] < wishes.count else { continue }  // none left: unmatched
            let i = next[c]
            next[c] += 1
            let u = Int(wishes[i])
            let key = p.priority[c][i]
            proposals += 1
            // A child who cannot fit even in an empty unit is refused at once.
            guard p.weight[c] <= p.capacity[u] else {
                free.append(c32)
                continue
            }
            Self.push(&heaps[u], (key, c32))
            used[u] += p.weight[c]
            held[c] = Int32(u)
            // Over capacity: the worst go until it fits (the longest prefix in priority order).
            while used[u] > p.capacity[u] {
                let worst = Self.pop(&heaps[u])
                used[u] -= p.weight[Int(worst.child)]
                held[Int(worst.child)] = -1
                free.append(worst.child)
            }
        }
        var unit = [Int32?](repeating: nil, count: n)
        var wishIndex = [Int?](repeating: nil, count: n)
        for c in 0..<n where held[c] >= 0 {
            unit[c] = held[c]
            wishIndex[c] = next[c] - 1
        }
        return Result(unit: unit, wishIndex: wishIndex, proposals: proposals)
    }

    // A binary max-heap on the key (ties: the larger child index on top; keys are unique in
    // practice, the lottery being a permutation).
    @inline(__always)
    static func above(_ a: (key: UInt64, child: Int32), _ b: (key: UInt64, child: Int32)) -> Bool {
        a.key != b.key ? a.key > b.key : a.child > b.child
    }

    static func push(_ h: inout [(key: UInt64, child: Int32)], _ e: (key: UInt64, child: Int32)) {
        h.append(e)
        var i = h.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard above(h[i], h[parent]) else { break }
            h.swapAt(i, parent)
            i = parent
        }
    }

    static func pop(_ h: inout [(key: UInt64, child: Int32)]) -> (key: UInt64, child: Int32) {
        let top = h[0]
        let last = h.removeLast()
        guard !h.isEmpty else { return top }
        h[0] = last
        var i = 0
        let n = h.count
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < n && above(h[l], h[m]) { m = l }
            if r < n && above(h[r], h[m]) { m = r }
            if m == i { break }
            h.swapAt(i, m)
            i = m
        }
        return top
    }
}

/// The round's lottery (issue 23): drawn once from a seed stored with the round, so the same
/// round always breaks ties the same way and anyone can draw it again to check.
/// SplitMix64 (Steele, Lea, Flood 2014) shuffles the children's positions (Fisher–Yates).
public enum AdmissionLottery {
    /// Position in the lottery (0: first) of each of `count` children, by seed.
    public static func draw(count: Int, seed: UInt64) -> [Int] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var order = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                // An unbiased draw from 0...i (rejection of the short last stretch).
                let bound = UInt64(i + 1)
                let limit = UInt64.max - UInt64.max % bound
                var r = next()
                while r >= limit { r = next() }
                order.swapAt(i, Int(r % bound))
            }
        }
        var position = [Int](repeating: 0, count: count)
        for (p, child) in order.enumerated() { position[child] = p }
        return position
    }

    /// A unit's ranking key: the priority class first (1 is the best), then the lottery.
    public static func key(priorityClass: Int, lottery: Int) -> UInt64 {
        UInt64(priorityClass) << 32 | UInt64(lottery)
    }
}

/// The independent check of a matching (issue 23): capacities kept, every child in a wish of
/// theirs, and the blocking pairs — a child who would rather have a unit that would take them
/// among those it holds (the places of those it ranks above the child, plus the child's, fit).
public enum AdmissionCheck {
    public struct Blocking: Sendable, Equatable {
        public var child: Int
        public var unit: Int
    }

    public static func blockingPairs(_ p: DeferredAcceptance.Instance, _ unit: [Int32?]) -> [Blocking] {
        var members = [[Int]](repeating: [], count: p.units)
        for (c, u) in unit.enumerated() { if let u { members[Int(u)].append(c) } }
        // Each child's key at the unit they hold.
        var keyAt = [UInt64](repeating: 0, count: p.children)
        for (c, u) in unit.enumerated() {
            if let u, let i = p.wishes[c].firstIndex(of: u) { keyAt[c] = p.priority[c][i] }
        }
        var out: [Blocking] = []
        for c in 0..<p.children {
            for (i, u32) in p.wishes[c].enumerated() {
                if unit[c] == u32 { break }  // the rest are worse than what they hold
                let u = Int(u32)
                let key = p.priority[c][i]
                let ahead = members[u].filter { keyAt[$0] < key }.map { p.weight[$0] }.reduce(0, +)
                if ahead + p.weight[c] <= p.capacity[u] { out.append(Blocking(child: c, unit: u)) }
            }
        }
        return out
    }

    /// Whether each unit's children fit its places and each child holds one of its wishes.
    public static func feasible(_ p: DeferredAcceptance.Instance, _ unit: [Int32?]) -> Bool {
        var used = [Int](repeating: 0, count: p.units)
        for (c, u) in unit.enumerated() {
            guard let u else { continue }
            guard p.wishes[c].contains(u) else { return false }
            used[Int(u)] += p.weight[c]
        }
        return zip(used, p.capacity).allSatisfy { $0 <= $1 }
    }
}
