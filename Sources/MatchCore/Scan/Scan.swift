import Dispatch

// The scan is the kernel both the shortlist and the batch run. Dependencies between the folders of
// MatchCore go one way (docs/architecture.md): Domain, Referential, Linear, Concurrency ← Model, Travel
// ← Index ← Query ← Scan ← Scoring ← Batch ← Engine. Scan/ names nothing of Scoring/ or Batch/: what a
// use keeps is its sink (``ScanSink``).

/// The first pass for one offer: hard constraints and scores of every reachable row, streamed into a sink.
///
///     var scan = Scan(query: q, index: index, policy: policy, times: times, sink: ShortlistSink(capacity: 60, index: index))
///     scan.runBlocked()
///     scan.excluded[ExclusionReason.licence.index]   // rows excluded for a missing licence
struct Scan<Sink: ScanSink> {
    let q: OfferQuery
    let index: CandidateIndex
    let w: ScoringPolicy.Weights
    let hardEssentials: Bool
    let times: CommuneTravelTimes
    let lookups: RowLookups
    var sink: Sink
    /// Rows excluded, by ``ExclusionReason/index`` (a vector, not an array: counted in the per-row loop
    /// without uniqueness checks).
    var excluded = SIMD8<Int>()
    var scanned = 0
    /// Feasible rows fully scored.
    var fullyScored = 0
    private var dots: [Float] = []

    init(query: OfferQuery, index: CandidateIndex, policy: ScoringPolicy, times: CommuneTravelTimes, sink: Sink) {
        q = query; self.index = index; w = policy.weights; hardEssentials = policy.essentialSkillsAreHard
        self.times = times; self.sink = sink
        lookups = RowLookups(query: query, index: index)
    }

    /// Visits only the rows that can reach the offer: communes out of reach for all their residents are
    /// skipped whole; in the others, per block, the prefix whose limit covers the block's time. With `parts`
    /// above 1, only the commune groups `g ≡ part (mod parts)`.
    mutating func runBlocked(part: Int = 0, of parts: Int = 1) {
        // Local copies of the two arrays the dot products read (one retain each, not one per row or block).
        let vectors = index.vectors, query = q.vector
        vectors.withUnsafeBufferPointer { rows in
            query.withUnsafeBufferPointer { x in
                index.communeGroups.withUnsafeBufferPointer { groups in
                    for g in Swift.stride(from: part, to: groups.count, by: parts) {
                        let group = groups[g]
                        guard RowLookups.reachable(times, group: group) else {
                            excludeForTravel(group.rows)
                            continue
                        }
                        sink.enterGroup()
                        for block in index.blocks[group.blocks] { visit(block, vectors: rows.baseAddress!, query: x.baseAddress!) }
                    }
                }
            }
        }
    }

    /// The dot product of a row with the query is computed last, for the rows that can still enter the
    /// sink once everything else is known: reading a row's vector (``CandidateIndex/stride`` floats) is
    /// the costliest step of a shortlist, and most reachable rows are ruled out before it.
    private mutating func visit(_ block: CandidateIndex.Block, vectors: UnsafePointer<Float>, query x: UnsafePointer<Float>) {
        let minutes = RowLookups.bestTime(times, commune: Int(block.commune), modes: block.modes.rawValue).minutes
        let reachable = RowLookups.prefix(of: block.rows, limits: index.limitMinutes, atLeast: minutes)
        excludeForTravel(reachable.upperBound..<block.rows.upperBound)
        guard !reachable.isEmpty else { return }
        scanned += reachable.count
        let distance = times.distanceKm[Int(block.commune)]
        let stride = index.stride
        for row in reachable {
            evaluate(row: row, columns: IndexColumns(), distanceKm: distance, minutes: minutes,
                     dot: { RowLookups.dot(vectors + row * stride, x, count: stride) }, coverage: nil)
        }
    }

    /// Visits a block whose dot products and skill coverage are already computed (batch tiles):
    /// `dots[row - origin]`, `coverage[row]`, with the row facts from `rows[row]` and the travel limits
    /// from `limits[row]`. `minutesByMode` and `distanceKm` are the travel times (by
    /// ``TransportMode/index``) and distance from the block's commune. `dots` may be nil only for a query
    /// whose dot products are the rows' bonuses (``OfferQuery/dotIsBonusesOnly``), then read from the rows'
    /// publics; when given, the dot products are read from it, whatever the query.
    @inline(__always)
    mutating func visit(_ block: CandidateIndex.Block, minutesByMode: SIMD4<Float>, distanceKm: Float,
                        rows: UnsafePointer<RowFacts>, limits: UnsafePointer<Float>, dots: UnsafePointer<Float>?,
                        origin: Int, coverage: CoverageTable) {
        let minutes = RowLookups.bestTime(minutesByMode, modes: block.modes.rawValue)
        let reachable = RowLookups.prefix(of: block.rows, limits: limits, atLeast: minutes)
        excludeForTravel(reachable.upperBound..<block.rows.upperBound)
        scanned += reachable.count
        for row in reachable {
            // The dot product is read only for rows that pass the hard constraints.
            evaluate(row: row, columns: PackedRowColumns(rows: rows, product: dots != nil), distanceKm: distanceKm, minutes: minutes,
                     dot: { dots.unsafelyUnwrapped[row - origin] }, coverage: coverage)
        }
    }

    /// Scores every row with one sgemv, then checks each: the baseline the blocks are measured against.
    mutating func runFlat() {
        scoreRows(0..<index.count)
        let dots = self.dots
        _ = checkEveryRow { row in dots[row] }
    }

    /// Checks every row, in row order, reading a row's vector only when its bound reaches the sink's
    /// threshold (never, for a sink that records verdicts only).
    mutating func runEveryRow() {
        let stride = index.stride
        let vectors = index.vectors, query = q.vector
        vectors.withUnsafeBufferPointer { rows in
            query.withUnsafeBufferPointer { x in
                scanned += checkEveryRow { row in RowLookups.dot(rows.baseAddress! + row * stride, x.baseAddress!, count: stride) }
            }
        }
    }

    /// ``runEveryRow()`` over `rows` only (the rows a live pool has removed from its index, to take their
    /// verdicts back out of a scan's counts): no vector is read by a sink that records verdicts only.
    mutating func runRows(_ rows: [Int]) {
        let stride = index.stride
        let vectors = index.vectors, query = q.vector
        vectors.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { x in
                scanned += checkRows(rows) { row in RowLookups.dot(matrix.baseAddress! + row * stride, x.baseAddress!, count: stride) }
            }
        }
    }

    /// ``checkRows(_:dot:)`` over every row of the index, in row order.
    private mutating func checkEveryRow(dot: (Int) -> Float) -> Int { checkRows(0..<index.count, dot: dot) }

    /// The travel test of each row against its own limit, then ``evaluate(row:columns:distanceKm:minutes:dot:coverage:)``
    /// with `dot(row)`; returns how many rows are within their limit.
    private mutating func checkRows<Rows: Sequence<Int>>(_ rows: Rows, dot: (Int) -> Float) -> Int {
        var within = 0
        for row in rows {
            let commune = Int(index.commune[row])
            let minutes = RowLookups.bestTime(times, commune: commune, modes: index.modes[row]).minutes
            guard minutes <= index.limitMinutes[row] else { excludeForTravel(row..<(row + 1)); continue }
            within += 1
            evaluate(row: row, columns: IndexColumns(), distanceKm: times.distanceKm[commune], minutes: minutes,
                     dot: { dot(row) }, coverage: nil)
        }
        return within
    }

    /// Counts `rows` as out of reach (and names each one to a sink that records every row).
    @inline(__always)
    private mutating func excludeForTravel(_ rows: Range<Int>) {
        excluded[ExclusionReason.travel.index] += rows.count
        if Sink.recordsEveryRow { for r in rows { sink.exclude(row: r, reason: .travel) } }
    }

    /// `dots[0..<rows.count] = vectors[rows] · query`: sgemv for long ranges, a SIMD loop for short ones,
    /// where a BLAS call costs more than the arithmetic (measured: blocks are mostly a few rows).
    private mutating func scoreRows(_ rows: Range<Int>) {
        if dots.count < rows.count { dots = [Float](repeating: 0, count: max(rows.count, 1024)) }
        scanned += rows.count
        let stride = index.stride
        index.vectors.withUnsafeBufferPointer { matrix in
            q.vector.withUnsafeBufferPointer { x in
                dots.withUnsafeMutableBufferPointer { y in
                    let a = matrix.baseAddress! + rows.lowerBound * stride
                    if rows.count >= Scan.blasMinimumRows {
                        BLAS.gemv(rows: rows.count, cols: stride, a: a, lda: stride, x: x.baseAddress!, y: y.baseAddress!)
                    } else {
                        for i in 0..<rows.count { y[i] = RowLookups.dot(a + i * stride, x.baseAddress!, count: stride) }
                    }
                }
            }
        }
    }

    static var blasMinimumRows: Int { 64 }

    /// Hard constraints in ``ExclusionReason`` order, then the score; feasible rows go to the sink.
    /// `distanceKm` is from the row's commune; `dot` is read only for rows that pass the constraints and
    /// whose bound reaches the sink's threshold; the skill coverage comes from `table` when given (a batch),
    /// else it is computed on the spot (a shortlist). The row's columns come from `f`: generic, so that each
    /// caller gets this one code specialised to its own storage.
    @inline(__always)
    private mutating func evaluate<Columns: ScanColumns>(row r: Int, columns f: Columns, distanceKm: Float, minutes: Float,
                                                         dot: () -> Float, coverage table: CoverageTable?) {
        if let reason = firstCheapFailure(row: r, columns: f, distanceKm: distanceKm) {
            exclude(row: r, reason)
            return
        }
        // The métier lookup serves both the experience constraint and the score: done once.
        let m = f.packed(r).map { lookups.metier($0) } ?? lookups.metier(row: r)
        if q.requiredExperienceMonths > 0, m.relevantMonths < q.requiredExperienceMonths {
            exclude(row: r, .experience)
            return
        }
        if hardEssentials, q.essentialCount > 0, (table?[r] ?? lookups.coverage(row: r)).essentialHits < q.essentialCount {
            exclude(row: r, .essentialSkills)
            return
        }
        sink.eligible(row: r)
        // Threshold prefilter, in two steps: with full skill coverage, then with the row's own coverage,
        // each time with the largest dot product the row can have (``ScanColumns/dotCeiling``); the dot
        // product is read only when the row can still enter the sink. A small margin absorbs the different
        // rounding of the bounds and of the final sum, which adds the terms in the order below.
        let metierTerm = ScoreTerms.metier(weight: w.metier, proximity: m.proximity)
        let experienceTerm = ScoreTerms.experience(weight: w.experience, relevantMonths: m.relevantMonths,
                                                   fullCreditMonths: q.fullCreditMonths)
        let diplomaTerm = ScoreTerms.diploma(weight: w.diploma, level: Float(f.diploma(r, in: index)), target: Float(q.targetDiploma))
        let travelTerm = ScoreTerms.travel(weight: w.travel, minutes: minutes, limit: f.limitMinutes(r, in: index))
        let known = f.dotCeiling(r, in: index, query: q, dot: dot) + metierTerm + experienceTerm + diplomaTerm + travelTerm + 1e-4
        let threshold = sink.threshold(row: r)
        if known + w.skills < threshold { return }
        let cov = table?[r] ?? lookups.coverage(row: r)
        let skillsTerm = ScoreTerms.skills(weight: w.skills, covered: cov.weight, total: q.skillWeightTotal)
        if known + skillsTerm < threshold { return }
        var partial = f.dotProduct(r, in: index, query: q, dot: dot)
        partial += metierTerm
        partial += experienceTerm
        partial += diplomaTerm
        partial += travelTerm
        let score = partial + skillsTerm
        fullyScored += 1
        if score >= threshold { sink.insert(score, row: r) }
    }

    @inline(__always)
    private mutating func exclude(row r: Int, _ reason: ExclusionReason) {
        excluded[reason.index] += 1
        if Sink.recordsEveryRow { sink.exclude(row: r, reason: reason) }
    }

    /// The constraints before experience, in ``ExclusionReason`` order (all plain column tests; a column is
    /// read only when the tests before it pass).
    @inline(__always)
    private func firstCheapFailure<Columns: ScanColumns>(row r: Int, columns f: Columns, distanceKm: Float) -> ExclusionReason? {
        if distanceKm > f.radiusKm(r, in: index) { return .travel }
        if q.requiredLicences & ~f.licences(r, in: index) != 0 { return .licence }
        if q.requiredLanguages & ~f.languages(r, in: index) != 0 { return .language }
        if q.contractBit != 0, f.contracts(r, in: index) & q.contractBit == 0 { return .contract }
        if f.availableFrom(r, in: index) > q.startDay { return .availability }
        if f.diploma(r, in: index) < q.requiredDiploma { return .diploma }
        return nil
    }
}
