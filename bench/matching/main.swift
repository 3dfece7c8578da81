// The benchmark's Swift side (bench/matching/run): Radhus's `DeferredAcceptance` from
// Sources/RadhusCore/Admission, compiled with this file by `swiftc -O`. Reads the instance,
// matches it five times (the median is the figure; the same result each time), writes the
// assignment. Reading the file is not counted, as in the Python programs.
import Foundation

let args = CommandLine.arguments
guard args.count == 3, let text = try? String(contentsOfFile: args[1], encoding: .utf8) else {
    FileHandle.standardError.write(Data("usage: matching INSTANCE ASSIGNMENT\n".utf8))
    exit(2)
}
var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
let capacity = lines[1].split(separator: " ").dropFirst().map { Int($0)! }
var weight: [Int] = []
var wishes: [[Int32]] = []
var priority: [[UInt64]] = []
for line in lines[2...] {
    let p = line.split(separator: " ").map { Int($0)! }
    weight.append(p[0])
    let lottery = p[1]
    var w: [Int32] = []
    var k: [UInt64] = []
    var i = 2
    while i + 1 < p.count {
        w.append(Int32(p[i]))
        k.append(AdmissionLottery.key(priorityClass: p[i + 1], lottery: lottery))
        i += 2
    }
    wishes.append(w)
    priority.append(k)
}
lines = []
let instance = DeferredAcceptance.Instance(capacity: capacity, weight: weight, wishes: wishes, priority: priority)
var times: [Double] = []
var result: DeferredAcceptance.Result?
for _ in 0..<5 {
    let start = ContinuousClock.now
    let r = DeferredAcceptance.match(instance)
    let d = ContinuousClock.now - start
    times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    if let result, result != r { fatalError("two runs differ") }
    result = r
}
let out = result!.unit.map { $0.map { String($0) } ?? "-1" }.joined(separator: "\n") + "\n"
try out.write(toFile: args[2], atomically: true, encoding: .utf8)
let median = times.sorted()[times.count / 2]
print("{\"seconds\": \(median), \"proposals\": \(result!.proposals)}")
