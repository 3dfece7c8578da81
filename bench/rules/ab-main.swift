import Foundation

/// The rules engine's A/B benchmark (bench/rules/ab): one generated table, evaluated with
/// random inputs for a number of seconds; prints µs per evaluation. Compiled with the
/// RadhusRules sources of each commit into one executable, so both sides build the same way.
@main
struct RulesAB {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count == 4, let rules = Int(args[2]), let seconds = Double(args[3]) else {
            print("usage: rules-ab MODEL.dmn RULES SECONDS")
            exit(2)
        }
        let m = try DMNModel.load(contentsOf: URL(fileURLWithPath: args[1]))
        var state: UInt64 = 42
        func next() -> UInt64 {
            // SplitMix64, as the bench's generator.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let inputs: [[String: FeelValue]] = (0..<4096).map { _ in
            let d = Decimal(Int(next() % UInt64(rules * 100))) / 100
            let k = NSDecimalNumber(decimal: d).intValue % 7
            return ["Avstand": .number(d), "Kategori": .string("c\(k)")]
        }
        // Every input must give its rule's output (or null where two rules match, UNIQUE).
        for i in inputs.prefix(100) {
            guard case .number(let d)? = i["Avstand"] else { continue }
            let v = try m.evaluate(decision: "Tabell", inputs: i).value
            guard v == .string("R\(NSDecimalNumber(decimal: d).intValue)") || v == .null else {
                print("wrong result \(v) for \(i)")
                exit(1)
            }
        }
        var n = 0
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            for _ in 0..<256 {
                _ = try m.evaluate(decision: "Tabell", inputs: inputs[n & 4095])
                n += 1
            }
        }
        print(String(format: "%.3f", Date().timeIntervalSince(start) * 1e6 / Double(n)))
    }
}
