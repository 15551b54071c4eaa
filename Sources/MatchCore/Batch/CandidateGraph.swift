/// For every candidate row, the best few offers seen so far: the candidate side of the batch graph.
///
/// A class so that the per-offer scans of a batch can all feed it; not thread-safe. The columns live in
/// fixed buffers (no copy-on-write or exclusivity checks in the scan's inner loop).
final class CandidateTopLists {
    let capacity: Int
    let rows: Int
    private let scores: UnsafeMutableBufferPointer<Float>
    private let offers: UnsafeMutableBufferPointer<Int32>
    private let counts: UnsafeMutableBufferPointer<Int32>
    /// The lowest score kept for each row once its list is full (-∞ before): what a new offer must beat.
    private let thresholds: UnsafeMutableBufferPointer<Float>

    init(rows: Int, capacity: Int) {
        self.capacity = capacity
        self.rows = rows
        scores = .allocate(capacity: max(1, rows * capacity))
        scores.initialize(repeating: -.infinity)
        offers = .allocate(capacity: max(1, rows * capacity))
        offers.initialize(repeating: -1)
        counts = .allocate(capacity: max(1, rows))
        counts.initialize(repeating: 0)
        thresholds = .allocate(capacity: max(1, rows))
        thresholds.initialize(repeating: capacity == 0 ? .infinity : -.infinity)
    }

    deinit {
        scores.deallocate(); offers.deallocate(); counts.deallocate(); thresholds.deallocate()
    }

    /// A score below this cannot enter the row's list.
    @inline(__always)
    func threshold(row: Int) -> Float { thresholds[row] }

    /// Keeps (offer, score) if it is among the row's `capacity` best (ties: the lower offer number).
    @inline(__always)
    func insert(_ score: Float, offer: Int32, row: Int) {
        guard capacity > 0 else { return }
        let base = row * capacity
        let n = Int(counts[row])
        if n < capacity {
            scores[base + n] = score; offers[base + n] = offer
            counts[row] += 1
            if n + 1 == capacity { thresholds[row] = lowestScore(base: base) }
            return
        }
        var worst = base
        for i in base..<(base + capacity) where scores[i] < scores[worst] || (scores[i] == scores[worst] && offers[i] > offers[worst]) {
            worst = i
        }
        if score > scores[worst] || (score == scores[worst] && offer < offers[worst]) {
            scores[worst] = score; offers[worst] = offer
            thresholds[row] = lowestScore(base: base)
        }
    }

    @inline(__always)
    private func lowestScore(base: Int) -> Float {
        var low = scores[base]
        for i in (base + 1)..<(base + capacity) { low = min(low, scores[i]) }
        return low
    }

    /// Adds every entry of `other` (same rows and capacity), as if inserted here.
    func merge(_ other: CandidateTopLists) {
        for row in 0..<rows {
            for (offer, score) in other.entries(row: row) { insert(score, offer: offer, row: row) }
        }
    }

    func entries(row: Int) -> [(offer: Int32, score: Float)] {
        let base = row * capacity
        return (0..<Int(counts[row])).map { (offers[base + $0], scores[base + $0]) }
    }
}

/// A scored (candidate, offer) pair of the batch graph.
public struct CandidateOfferEdge: Sendable, Hashable {
    /// Row of the candidate in the cohort index.
    public var row: Int32
    /// Position of the offer in the batch's offer list.
    public var offer: Int32
    public var score: Float

    public init(row: Int32, offer: Int32, score: Float) { self.row = row; self.offer = offer; self.score = score }
}

/// The sparse graph the assignment works on: the top candidates of each offer and the top offers of
/// each candidate, merged, every edge feasible under the hard constraints.
public struct CandidateGraph: Sendable {
    public var edges: [CandidateOfferEdge]
    public var candidateCount: Int
    public var offerCount: Int
    /// Feasible pairs fully scored (the threshold prefilter skips those that could enter no top list).
    public var feasiblePairs: Int
    /// Rows scored (dot products computed), for the GFLOP/s figure.
    public var scoredPairs: Int

    public init(edges: [CandidateOfferEdge], candidateCount: Int, offerCount: Int, feasiblePairs: Int = 0, scoredPairs: Int = 0) {
        self.edges = edges; self.candidateCount = candidateCount; self.offerCount = offerCount
        self.feasiblePairs = feasiblePairs; self.scoredPairs = scoredPairs
    }
}
