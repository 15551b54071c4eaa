import MatchTestSupport
import Testing
@testable import MatchCore

@Suite struct TopKTests {
    /// Random scores on a coarse grid (many ties), rows inserted in random order, against a full sort.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func matchesFullSort(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = rng.nextInt(in: 0...400)
        let rows = rng.sample(Array(0..<n), count: n)
        let data = rows.map { (score: Float(rng.nextInt(in: -8...12)) / 4, row: Int32($0)) }
        let sorted = data.sorted { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
        for capacity in [0, 1, 2, 7, 50, n, n + 5] {
            var top = TopK(capacity: capacity)
            for d in data { top.insert(d.score, row: d.row) }
            let got = top.sortedDescending()
            let want = sorted.prefix(capacity)
            #expect(got.map(\.row) == want.map(\.row), "seed \(seed), n \(n), capacity \(capacity)")
            #expect(got.map(\.score) == want.map(\.score))
            #expect(top.count == min(capacity, n))
            if capacity > 0, n >= capacity { #expect(top.threshold == want.last!.score) } else if capacity > n {
                #expect(top.threshold == -.infinity)
            }
        }
    }

    @Test func negativeCapacityKeepsNothing() {
        var top = TopK(capacity: -3)
        top.insert(1, row: 0)
        #expect(top.capacity == 0)
        #expect(top.sortedDescending().isEmpty)
    }

    @Test func tieKeepsLowerRow() {
        var top = TopK(capacity: 2)
        for row in [5, 3, 9, 1] as [Int32] { top.insert(0.5, row: row) }
        #expect(top.sortedDescending().map(\.row) == [1, 3])
    }

    /// With capacity 0 nothing can enter, so the threshold is +∞.
    @Test func thresholdOfAZeroCapacityHeap() {
        var top = TopK(capacity: 0)
        #expect(top.threshold == .infinity)
        top.insert(1, row: 0)
        #expect(top.count == 0)
    }
}

@Suite struct TopKBulkTests {
    /// The bulk insert keeps exactly what one-by-one insertion keeps.
    @Test(arguments: [1, 7, 50] as [Int])
    func bulkInsertMatchesOneByOne(k: Int) {
        var rng = SplitMix64(seed: UInt64(k))
        let scores = (0..<1_003).map { _ in Float(Int(rng.next() % 200)) / 200 }  // many ties
        var bulk = TopK(capacity: k), single = TopK(capacity: k)
        scores.withUnsafeBufferPointer { bulk.insert(contentsOf: $0, firstRow: 10) }
        for (i, s) in scores.enumerated() { single.insert(s, row: Int32(i + 10)) }
        #expect(bulk.sortedDescending().map(\.row) == single.sortedDescending().map(\.row))
    }
}
