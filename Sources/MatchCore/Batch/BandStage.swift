import Dispatch

/// The candidate vectors of one band, copied side by side: the band's sgemm is then one call per worker
/// over contiguous rows, instead of one call per chunk of the index.
///
/// A band's chunks are the reachable commune groups that lie next to each other in the index; in a sparse
/// region they are a few dozen rows each, and one sgemm call per chunk ran at two thirds of the rate of a
/// long call (docs/benchmarks.md, "Staged bands"). The copy of the next band is made by the workers while
/// they walk the current one, a share before each offer, so it overlaps the walk and leaves the rows in
/// cache for the sgemm that follows. Row `j` of the stage is the row of the band's column
/// `band.columns.lowerBound + j` (``TilePlan``: a band's columns are its chunks' rows, chunk after chunk).
///
///     let stage = BandStage()
///     stage.prepare(plan: plan, band: next, stride: index.stride)
///     stage.copy(part: 0, of: 1, from: vectors)   // every row of the band
///     stage.rows                                   // band.columns.count × stride floats
final class BandStage {
    private var buffer: UnsafeMutablePointer<Float>
    private var capacity: Int
    /// (first index row, first stage row, rows) of each chunk of the band prepared.
    private var pieces: [(source: Int, target: Int, count: Int)] = []
    private var stride = 0
    /// Rows of the band prepared.
    private(set) var rowCount = 0

    init() {
        capacity = 1
        buffer = .allocate(capacity: 1)
    }

    deinit { buffer.deallocate() }

    /// The staged rows (valid until the next ``prepare``).
    var rows: UnsafePointer<Float> { UnsafePointer(buffer) }

    /// Makes room for `band` and records where its chunks go; copies nothing.
    func prepare(plan: TilePlan, band: TilePlan.Band, stride: Int) {
        self.stride = stride
        rowCount = band.columns.count
        pieces = plan.chunks[band.chunks].map { (source: $0.rows.lowerBound, target: $0.columns.lowerBound - band.columns.lowerBound,
                                                 count: $0.rows.count) }
        let needed = rowCount * stride
        guard needed > capacity else { return }
        buffer.deallocate()
        capacity = max(needed, capacity * 3 / 2)
        buffer = .allocate(capacity: capacity)
    }

    /// ``prepare`` then every row copied, the rows shared out between `workers` threads.
    func fill(plan: TilePlan, band: TilePlan.Band, stride: Int, vectors: [Float], workers: Int) {
        prepare(plan: plan, band: band, stride: stride)
        vectors.withUnsafeBufferPointer { v in
            let shared = DisjointAccess((self, v.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let (stage, vectors) = shared.value
                stage.copy(part: worker, of: workers, from: vectors)
            }
        }
    }

    /// Copies stage rows `rowCount · part / parts ..< rowCount · (part + 1) / parts` from the index's
    /// vectors. Different parts touch different rows, so workers may copy theirs at the same time.
    func copy(part: Int, of parts: Int, from vectors: UnsafePointer<Float>) {
        guard parts > 0 else { return }
        let from = rowCount * part / parts, to = rowCount * (part + 1) / parts
        for piece in pieces where piece.target < to && piece.target + piece.count > from {
            let first = max(from, piece.target), end = min(to, piece.target + piece.count)
            (buffer + first * stride).update(from: vectors + (piece.source + first - piece.target) * stride,
                                             count: (end - first) * stride)
        }
    }
}
