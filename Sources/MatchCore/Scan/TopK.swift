/// Keeps the `capacity` best (score, row) pairs seen, as a min-heap on score. Ties go to the lower
/// `tieKey` (the engine passes the row's rank in id order, so ties resolve as the final order does).
///
/// Hand-written rather than swift-collections' `Heap`: this sits in the per-row loop and only needs
/// "replace the minimum", with the threshold readable in O(1) to skip most rows without touching the heap.
///
///     var top = TopK(capacity: 2)
///     for (row, s) in [0.3, 0.9, 0.5].enumerated() { top.insert(Float(s), row: Int32(row)) }
///     top.sortedDescending().map(\.row)   // [1, 2]
public struct TopK: Sendable {
    public let capacity: Int
    private var scores: [Float] = []
    private var rows: [Int32] = []
    private var keys: [Int32] = []

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
        scores.reserveCapacity(self.capacity)
        rows.reserveCapacity(self.capacity)
        keys.reserveCapacity(self.capacity)
    }

    public var count: Int { scores.count }

    /// A score must beat this to enter once the heap is full.
    @inline(__always) public var threshold: Float {
        capacity == 0 ? .infinity : scores.count < capacity ? -.infinity : scores[0]
    }

    @inline(__always) func worse(_ i: Int, _ j: Int) -> Bool {
        scores[i] < scores[j] || (scores[i] == scores[j] && keys[i] > keys[j])
    }

    /// Offers a row; `tieKey` orders equal scores (lower wins), the row itself by default.
    public mutating func insert(_ score: Float, row: Int32, tieKey: Int32? = nil) {
        guard capacity > 0 else { return }
        let key = tieKey ?? row
        if scores.count < capacity {
            scores.append(score); rows.append(row); keys.append(key)
            siftUp(scores.count - 1)
        } else if score > scores[0] || (score == scores[0] && key < keys[0]) {
            scores[0] = score; rows[0] = row; keys[0] = key
            siftDown(0)
        }
    }

    /// Offers every score of `scores`, rows `firstRow…`. The threshold is kept in a register and only
    /// re-read after an insertion, so the loop is one comparison per score for all but the few that enter.
    ///
    /// - Complexity: O(n + m log k), m the scores that beat the threshold when seen.
    public mutating func insert(contentsOf scores: UnsafeBufferPointer<Float>, firstRow: Int32 = 0) {
        guard capacity > 0 else { return }
        var bar = threshold
        for i in scores.indices where scores[i] >= bar {
            insert(scores[i], row: firstRow + Int32(i))
            bar = threshold
        }
    }

    /// The entries kept, in no particular order (for a caller that orders them itself).
    public var unordered: Zip2Sequence<[Float], [Int32]> { zip(scores, rows) }

    /// Best first.
    public func sortedDescending() -> [(score: Float, row: Int32)] {
        (0..<scores.count).sorted { a, b in scores[a] > scores[b] || (scores[a] == scores[b] && keys[a] < keys[b]) }
            .map { (scores[$0], rows[$0]) }
    }

    private mutating func swap(_ i: Int, _ j: Int) {
        scores.swapAt(i, j); rows.swapAt(i, j); keys.swapAt(i, j)
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard worse(i, parent) else { return }
            swap(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = scores.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < n, worse(l, smallest) { smallest = l }
            if r < n, worse(r, smallest) { smallest = r }
            guard smallest != i else { return }
            swap(i, smallest)
            i = smallest
        }
    }
}
