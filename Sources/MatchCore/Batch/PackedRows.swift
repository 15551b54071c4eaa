/// The index's constraint and score columns packed row by row (``RowFacts``), for the batch: a row's
/// facts are then one load from one cache line, where the columns cost one line each, and the batch reads
/// every reachable row once per offer.
final class PackedRows {
    private let facts: UnsafeMutableBufferPointer<RowFacts>

    init(index: CandidateIndex) {
        facts = .allocate(capacity: max(1, index.count))
        for r in 0..<index.count { (facts.baseAddress! + r).initialize(to: Scan.facts(row: r, in: index)) }
    }

    deinit {
        facts.deallocate()
    }

    /// Valid while this object lives.
    var pointer: UnsafePointer<RowFacts> { UnsafePointer(facts.baseAddress!) }
}
