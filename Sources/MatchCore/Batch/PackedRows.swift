/// The index's constraint and score columns packed row by row (``RowFacts``), for the batch: a row's
/// facts, its fiches included when it has few, are then one load from one cache line, where the columns
/// cost one line each, and the batch reads every reachable row once per offer.
final class PackedRows {
    private let facts: UnsafeMutablePointer<RowFacts>

    init(index: CandidateIndex) {
        let count = max(1, index.count)
        // Aligned to the line size, so that each row's facts share one line.
        facts = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<RowFacts>.stride, alignment: 64)
            .bindMemory(to: RowFacts.self, capacity: count)
        for r in 0..<index.count { (facts + r).initialize(to: PackedRows.facts(row: r, in: index)) }
    }

    deinit {
        UnsafeMutableRawPointer(facts).deallocate()  // RowFacts is trivial: nothing to deinitialize
    }

    /// Valid while this object lives.
    var pointer: UnsafePointer<RowFacts> { UnsafePointer(facts) }

    /// The row's columns, with an inline copy of its fiches when they fit.
    private static func facts(row r: Int, in index: CandidateIndex) -> RowFacts {
        var f = RowFacts(row: r, in: index)
        let count = Int(f.ficheEnd - f.ficheStart)
        let fiches = index.ficheIds[Int(f.ficheStart)..<Int(f.ficheEnd)]
        guard (1...RowFacts.inlineCapacity).contains(count), fiches.allSatisfy({ $0 <= Int16.max }) else { return f }
        // The slots past the row's fiches repeat its first fiche with 0 months: they change neither the
        // best proximity nor the months (``RowLookups/metier(_:)`` reads all four).
        f.fiches = SIMD4(repeating: Int16(fiches.first!))
        for (i, fiche) in fiches.enumerated() {
            f.fiches[i] = Int16(fiche)
            f.months[i] = index.ficheMonths[Int(f.ficheStart) + i]
        }
        f.inlineFiches = true
        return f
    }
}
