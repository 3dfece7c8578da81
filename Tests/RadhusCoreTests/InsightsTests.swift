import Foundation
import RadhusCore
import Testing

/// The processing-time histogram behind the insights rollups: buckets tile the seconds without
/// gaps, and locating a percentile's bucket and rank gives the exact nearest-rank value.
@Suite struct ProcessingHistogramTests {
    @Test func bucketsTileTheSecondsWithoutGaps() {
        var next = 0
        for b in 0..<2_000 {
            let r = ProcessingHistogram.range(b)
            #expect(r.lowerBound == next, "bucket \(b) starts where \(b - 1) ended")
            #expect(ProcessingHistogram.bucket(r.lowerBound) == b && ProcessingHistogram.bucket(r.upperBound - 1) == b)
            next = r.upperBound
        }
        #expect((0..<128).allSatisfy { ProcessingHistogram.range($0).count == 1 }, "under 128 s every second is exact")
        #expect(
            ProcessingHistogram.range(ProcessingHistogram.bucket(7 * 86_400)).count == 8_192,
            "1/64 of a power of two wide")
        #expect(ProcessingHistogram.bucket(-5) == 0)
        #expect(ProcessingHistogram.range(ProcessingHistogram.bucket(Int(Int32.max))).contains(Int(Int32.max)))
    }

    @Test func locatedRankGivesTheNearestRankPercentile() throws {
        var rng = SplitMix64(seed: 42)
        for trial in 0..<200 {
            let n = 1 + Int(rng.next() % 400)
            // Many instant (automated) decisions and a long tail of manual ones, as in practice.
            let values = (0..<n).map { _ in
                rng.next() % 3 == 0 ? Int(rng.next() % 3) : Int(rng.next() % UInt64(40 * 86_400))
            }
            var histogram: [Int: Int] = [:]
            for v in values { histogram[ProcessingHistogram.bucket(v), default: 0] += 1 }
            let sorted = values.sorted()
            for p in [0.5, 0.9, 0.01, 1.0] {
                let (bucket, rank) = try #require(ProcessingHistogram.locate(p, of: n, in: histogram))
                let inBucket = sorted.filter { ProcessingHistogram.range(bucket).contains($0) }
                #expect(inBucket[rank - 1] == nearestRankPercentile(sorted, p), "trial \(trial), p \(p)")
            }
        }
        #expect(ProcessingHistogram.locate(0.5, of: 0, in: [:]) == nil)
    }
}
