import Foundation

/// Where a tile's offers look: the commune groups each offer can reach, and the row chunks of the index
/// the tile's product covers (the union of those groups, adjacent groups merged).
///
/// The product has one row per offer and one column per row of the chunks, chunk after chunk: index row
/// `r` of a group `g` is column `r - origin[g]`. It is computed and walked band by band (``bands(maxColumns:)``).
struct TilePlan {
    /// Commune groups (ascending) reachable by each offer of the tile.
    let reachable: [[Int32]]
    /// Row ranges of the index multiplied for the whole tile, and their columns in the product.
    let chunks: [(rows: Range<Int>, columns: Range<Int>)]
    /// Columns of the product: rows over all chunks.
    let columns: Int
    /// `origin[g]`: index row minus product column, for the groups in the chunks.
    let origin: [Int]
    /// Consecutive chunks multiplied, then walked, together: their product (the tile's offers × their
    /// columns) stays in cache between the two.
    struct Band {
        /// Positions in ``chunks``.
        let chunks: Range<Int>
        /// Columns of the tile's product, and rows of the index, from the first chunk's start to the last's end.
        let columns: Range<Int>
        let rows: Range<Int>
    }

    /// - Parameter reachable: each offer's reachable groups (``LocationTravel/reachable``).
    init(reachable: [[Int32]], index: CandidateIndex, chunkRows: Int) {
        self.reachable = reachable
        var inTile = [Bool](repeating: false, count: index.communeGroups.count)
        for groups in reachable { for g in groups { inTile[Int(g)] = true } }
        var chunks = [(rows: Range<Int>, columns: Range<Int>)]()
        var origin = [Int](repeating: 0, count: index.communeGroups.count)
        var columns = 0
        for (g, group) in index.communeGroups.enumerated() where inTile[g] {
            let rows = group.rows
            if let last = chunks.last, last.rows.upperBound == rows.lowerBound, last.rows.count + rows.count <= chunkRows {
                chunks[chunks.count - 1] = (last.rows.lowerBound..<rows.upperBound, last.columns.lowerBound..<(columns + rows.count))
            } else {
                chunks.append((rows, columns..<(columns + rows.count)))
            }
            origin[g] = rows.lowerBound - columns
            columns += rows.count
        }
        self.chunks = chunks
        self.columns = columns
        self.origin = origin
    }

    /// The chunks in bands of at most `maxColumns` columns (a longer chunk makes a band alone).
    func bands(maxColumns: Int) -> [Band] {
        var bands = [Band]()
        var first = 0
        for c in chunks.indices {
            let next = c + 1
            if next == chunks.count || chunks[next].columns.upperBound - chunks[first].columns.lowerBound > maxColumns {
                bands.append(Band(chunks: first..<next,
                                  columns: chunks[first].columns.lowerBound..<chunks[c].columns.upperBound,
                                  rows: chunks[first].rows.lowerBound..<chunks[c].rows.upperBound))
                first = next
            }
        }
        return bands
    }
}

/// Which row of the tile's product holds offer i: the offers of worker 0 (i ≡ 0 mod workers) first, in
/// order, then those of worker 1, and so on, so that each worker's sgemm writes one block of rows.
struct ProductLayout {
    let offers: Int
    let workers: Int

    /// Offers of `worker`: i ≡ worker (mod workers), i < offers.
    func count(of worker: Int) -> Int { worker < offers ? (offers - worker + workers - 1) / workers : 0 }

    func rows(of worker: Int) -> Range<Int> {
        let start = (0..<worker).reduce(0) { $0 + count(of: $1) }
        return start..<(start + count(of: worker))
    }

    func row(of offer: Int) -> Int { rows(of: offer % workers).lowerBound + offer / workers }
}

/// The tile's product, reused from tile to tile (grown when a tile needs more, never shrunk) so that the
/// pages are touched once.
final class ProductBuffer {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private var capacity: Int

    init() {
        capacity = 1
        pointer = .allocate(capacity: 1)
    }

    /// Room for at least `count` floats (contents not kept).
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        pointer.deallocate()
        capacity = max(count, capacity * 3 / 2)
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }
}
