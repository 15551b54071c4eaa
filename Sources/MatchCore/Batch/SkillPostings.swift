/// For every skill item, the rows of the index that hold it, ascending (the transpose of the index's
/// per-row skill lists).
///
/// The batch uses it to compute an offer's skill coverage for all rows of a tile at once: an offer names a
/// handful of skills, so adding each skill's weight along its posting list touches far fewer entries than
/// walking every candidate's skill list once per offer.
struct SkillPostings {
    /// Rows holding item i are `rows[start[i]..<start[i + 1]]`, ascending.
    let start: [Int32]
    let rows: [Int32]
    /// The confidence level of each entry of ``rows`` (``CandidateIndex`` `skillLevels`).
    let levels: [UInt8]

    init(index: CandidateIndex) {
        var rowOfEntry = [Int32](repeating: 0, count: index.skillItems.count)
        for r in 0..<index.count {
            for i in Int(index.skillStart[r])..<Int(index.skillStart[r + 1]) { rowOfEntry[i] = Int32(r) }
        }
        // Entries are stored row after row and the grouping is stable, so each list comes out ascending.
        let groups = KeyGroups(count: index.skillItems.count, keys: index.items.count) { Int(index.skillItems[$0]) }
        start = groups.start
        rows = groups.order.map { rowOfEntry[Int($0)] }
        levels = groups.order.map { index.skillLevels[Int($0)] }
    }

    /// Positions in ``rows`` of the rows of `item` that lie in `span`.
    func range(of item: Int32, in span: Range<Int>) -> Range<Int> {
        let end = Int(start[Int(item) + 1])
        let lo = firstPosition(from: Int(start[Int(item)]), to: end, atLeast: span.lowerBound)
        let hi = firstPosition(from: lo, to: end, atLeast: span.upperBound)
        return lo..<hi
    }

    /// Binary search in an ascending posting list.
    private func firstPosition(from lo: Int, to hi: Int, atLeast row: Int) -> Int {
        var lo = lo, hi = hi
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(rows[mid]) < row { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// One worker's skill coverage of the current offer for every row: `weight[row]` and `hits[row]` equal
/// ``Scan/coverage(row:)`` on the rows filled, 0 elsewhere.
///
/// Exactly the same floats as the per-row loop: that loop adds the weights of a row's items in ascending
/// item order, zeros included (adding 0 changes nothing); filling item by item in ascending order adds the
/// same non-zero weights to each row in the same order.
final class CoverageScratch {
    private let weight: UnsafeMutableBufferPointer<Float>
    private let hits: UnsafeMutableBufferPointer<Int32>
    /// The posting ranges filled for the current offer, to clear them afterwards.
    private var filled: [Range<Int>] = []

    init(rows: Int) {
        weight = .allocate(capacity: max(1, rows))
        weight.initialize(repeating: 0)
        hits = .allocate(capacity: max(1, rows))
        hits.initialize(repeating: 0)
    }

    deinit {
        weight.deallocate()
        hits.deallocate()
    }

    /// Read access for the scan; valid until the next ``fill`` or ``clear``.
    var table: CoverageTable { CoverageTable(weight: UnsafePointer(weight.baseAddress!), hits: UnsafePointer(hits.baseAddress!)) }

    /// Adds the offer's skill weights (and essential flags) to the rows of `span` holding them.
    func fill(_ q: OfferQuery, postings: SkillPostings, span: Range<Int>) {
        filled.removeAll(keepingCapacity: true)
        for (item, w, e) in q.skillItems {
            let positions = postings.range(of: item, in: span)
            for p in positions {
                let r = Int(postings.rows[p])
                let c = ScoreTerms.credit(weight: w, essential: e, level: postings.levels[p], essentialLevel: q.essentialLevel)
                weight[r] += c.weight
                hits[r] += c.hit
            }
            filled.append(positions)
        }
    }

    /// Back to all zeros.
    func clear(postings: SkillPostings) {
        for positions in filled {
            for p in positions {
                let r = Int(postings.rows[p])
                weight[r] = 0
                hits[r] = 0
            }
        }
        filled.removeAll(keepingCapacity: true)
    }
}
