import Dispatch
import Synchronization

/// The shortlist's sink: the best k' rows of one offer (ties by id rank, as the final order breaks them).
/// When several workers share one shortlist (``Scan/runBlocked(_:workers:)``), each keeps its own list and
/// they publish their thresholds to each other through a ``ScoreFloor``: a row below another worker's
/// threshold is beaten by that worker's whole list, so it cannot enter the merged one.
struct ShortlistSink: ScanSink {
    var heap: TopK
    /// Rank of each row's id in id order (``CandidateIndex/idRank``).
    let idRank: [Int32]
    /// The thresholds the workers of one shortlist publish, and the highest one read.
    var floor: ScoreFloor?
    var floorScore = -Float.infinity
    /// Rows no longer in the pool (``LivePool``): never kept.
    let removed: RowSet?

    init(capacity: Int, index: CandidateIndex, removed: RowSet? = nil) {
        heap = TopK(capacity: capacity)
        idRank = index.idRank
        self.removed = removed.flatMap { $0.isEmpty ? nil : $0 }
    }

    @inline(__always) func threshold(row r: Int) -> Float { max(heap.threshold, floorScore) }

    @inline(__always) mutating func insert(_ score: Float, row r: Int) {
        if let removed, removed.contains(r) { return }
        heap.insert(score, row: Int32(r), tieKey: idRank[r])
    }

    /// Publishes this worker's threshold and reads the highest one published (no-op alone).
    @inline(__always) mutating func enterGroup() {
        guard let floor else { return }
        floorScore = floor.raise(to: heap.threshold)
    }
}

extension Scan where Sink == ShortlistSink {
    /// ``runBlocked(part:of:)`` on `workers` threads, each with its own copy of `scan` and its own share of
    /// the commune groups; the workers publish their lists' thresholds to each other (``ScoreFloor``), then
    /// their lists, counts and exclusions are merged into one scan. The list is the one a single worker
    /// finds: a row below another worker's threshold is beaten by that worker's whole list.
    static func runBlocked(_ scan: Scan, workers: Int) -> Scan {
        let floor = ScoreFloor()
        var parts = [Scan](repeating: scan, count: workers)
        for i in parts.indices { parts[i].sink.floor = floor }
        parts.withUnsafeMutableBufferPointer { buffer in
            let shared = DisjointAccess(buffer)  // worker i touches parts[i] only
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                // On the worker's own stack: the scans' counters side by side in one buffer would share cache lines.
                var mine = shared.value[worker]
                mine.runBlocked(part: worker, of: workers)
                shared.value[worker] = mine
            }
        }
        var merged = scan
        for part in parts {
            for entry in part.sink.heap.sortedDescending() {
                merged.sink.heap.insert(entry.score, row: entry.row, tieKey: scan.index.idRank[Int(entry.row)])
            }
            merged.excluded &+= part.excluded
            merged.scanned += part.scanned
            merged.fullyScored += part.fullyScored
        }
        return merged
    }
}

/// The highest list threshold published by the workers of one shortlist, shared between them.
final class ScoreFloor: Sendable {
    private let key = Atomic<UInt32>(ScoreFloor.key(-.infinity))

    /// Publishes `threshold`; returns the highest threshold published so far.
    @inline(__always)
    func raise(to threshold: Float) -> Float {
        let mine = ScoreFloor.key(threshold)
        var current = key.load(ordering: .relaxed)
        while mine > current {
            let (exchanged, original) = key.compareExchange(expected: current, desired: mine, ordering: .relaxed)
            if exchanged { return threshold }
            current = original
        }
        return ScoreFloor.score(current)
    }

    /// Floats mapped to unsigned integers in the same order (sign bit flipped; negatives' bits inverted).
    @inline(__always)
    static func key(_ x: Float) -> UInt32 {
        let bits = x.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    @inline(__always)
    static func score(_ key: UInt32) -> Float {
        Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
    }
}

