import Foundation
import Synchronization

/// The présélection engine: for an offer, every candidate of the index who meets the hard
/// constraints, ranked by score, with explanations.
///
///     let matcher = Matcher(rome: rome, communes: communes, embedding: embedding,
///                           policy: policy, travel: TravelTimes(), index: index)
///     let list = try matcher.shortlist(for: offer, top: 20)
///     list.entries.first?.components[.skills]
public struct Matcher: Sendable {
    public let rome: RomeReferential
    public let communes: CommuneDirectory
    public let embedding: SkillEmbedding
    public let policy: ScoringPolicy
    public let travel: TravelTimes
    public let index: CandidateIndex
    /// Beyond this crow-flies distance from an offer no candidate of the index can reach it by any mode
    /// (estimates; a real matrix entry still counts): the shortlist spares those communes' travel times.
    public let reachKm: Double

    /// Rows of the index per worker of a shared shortlist scan: a pool smaller than twice this is scanned on
    /// one thread whatever `threads` says (waking a second worker cost more than it saved at 50,000–200,000
    /// candidates on the development machine; it gains about a fifth at 500,000).
    public var rowsPerScanWorker = 125_000

    /// How rows are found: by reachable blocks (default) or by a flat scan of every row.
    public enum Strategy: String, Sendable, CaseIterable { case blocked, flat }

    public init(rome: RomeReferential, communes: CommuneDirectory, embedding: SkillEmbedding,
                policy: ScoringPolicy, travel: TravelTimes, index: CandidateIndex) {
        self.rome = rome; self.communes = communes; self.embedding = embedding
        self.policy = policy; self.travel = travel; self.index = index
        let longest = index.communeGroups.reduce(-Float.infinity) { max($0, $1.longestLimit.max()) }
        reachKm = travel.estimateReachKm(minutes: longest)
    }

    /// Compiles `offer` against the index (throws ``OfferQuery/InvalidOffer`` for an unknown ROME code
    /// or an offer that cannot be located).
    public func query(for offer: JobOffer) throws -> OfferQuery {
        try OfferQuery(offer: offer, index: index, rome: rome, communes: communes, embedding: embedding, policy: policy)
    }

    /// The best `k` candidates for `offer`, explained.
    ///
    /// - Parameter threads: workers sharing a `.blocked` scan (the commune groups dealt out between them),
    ///   at most one per ``rowsPerScanWorker`` rows: the whole machine for one présélection an assistant waits
    ///   for; 1 where shortlists already run side by side. The list, counts and exclusions do not depend on it.
    ///
    ///       let list = try matcher.shortlist(for: offer, top: 20, threads: 2)
    ///
    /// - Complexity: O(reachable rows × (stride + skills)) for `.blocked`; O(all rows × …) for `.flat`.
    public func shortlist(for offer: JobOffer, top k: Int = 20, strategy: Strategy = .blocked,
                          threads: Int = 1) throws -> Shortlist {
        let q = try query(for: offer)
        let times = travel.fromAllCommunes(of: communes, to: q.location, reachKm: reachKm)
        var scan = Scan(query: q, index: index, policy: policy, times: times,
                        heap: TopK(capacity: k * policy.rerankFactor))
        let workers = min(threads, index.count / max(1, rowsPerScanWorker))
        switch strategy {
        case .blocked where workers > 1: scan = Scan.runBlocked(scan, workers: workers)
        case .blocked: scan.runBlocked()
        case .flat: scan.runFlat()
        }
        let entries = rerank(scan.heap.sortedDescending().map { Int($0.row) }, query: q, times: times, top: k)
        var excluded = [ExclusionReason: Int]()
        for reason in ExclusionReason.allCases where scan.excluded[reason.index] > 0 {
            excluded[reason] = scan.excluded[reason.index]
        }
        return Shortlist(offerId: offer.id, romeCode: offer.romeCode, commune: q.location.communeCode,
                         considered: index.count, scanned: scan.scanned, excluded: excluded,
                         entries: entries, warnings: q.warnings)
    }

    /// Recomputes the survivors' scores exactly (double precision, from the rows) and explains the best `k`.
    func rerank(_ rows: [Int], query q: OfferQuery, times: CommuneTravelTimes, top k: Int) -> [ShortlistEntry] {
        let explainer = Explainer(query: q, index: index, policy: policy, times: times)
        let ids = index.ids
        let ordered = rows.map { explainer.exactScore(row: $0) }
            .sorted { $0.score > $1.score || ($0.score == $1.score && ids[$0.row] < ids[$1.row]) }
        return ordered.prefix(k).enumerated().map { i, exact in
            var e = explainer.explain(exact)
            e.rank = i + 1
            return e
        }
    }
}

/// The first pass: hard constraints and scores of every reachable row, streamed into a top-k heap.
struct Scan {
    let q: OfferQuery
    let index: CandidateIndex
    let w: ScoringPolicy.Weights
    let hardEssentials: Bool
    let times: CommuneTravelTimes
    var heap: TopK
    /// Rows excluded, by ``ExclusionReason/index`` (a vector, not an array: counted in the per-row loop
    /// without uniqueness checks).
    var excluded = SIMD8<Int>()
    var scanned = 0
    private var dots: [Float] = []
    /// In batch mode, every feasible (row, score) also goes to the candidates' own top lists, and the
    /// threshold prefilter lets through rows that could still enter them.
    var candidateLists: CandidateTopLists?
    /// Index of the offer in the batch, for ``candidateLists``.
    var offerNumber: Int32 = 0
    /// Feasible rows fully scored.
    var heapFeasibleCount = 0
    /// When several workers share one list (``runBlocked(_:workers:)``): the thresholds they publish, and
    /// the highest one read, below which a row cannot enter the merged list.
    var floor: ScoreFloor?
    var floorScore = -Float.infinity

    init(query: OfferQuery, index: CandidateIndex, policy: ScoringPolicy, times: CommuneTravelTimes, heap: TopK) {
        q = query; self.index = index; w = policy.weights; hardEssentials = policy.essentialSkillsAreHard
        self.times = times; self.heap = heap
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
                        guard Scan.reachable(times, group: group) else {
                            excluded[ExclusionReason.travel.index] += group.rows.count
                            continue
                        }
                        shareFloor()
                        for block in index.blocks[group.blocks] { visit(block, vectors: rows.baseAddress!, query: x.baseAddress!) }
                    }
                }
            }
        }
    }

    /// ``runBlocked(part:of:)`` on `workers` threads, each with its own copy of `scan` and its own share of
    /// the commune groups; the workers publish their lists' thresholds to each other (``ScoreFloor``), then
    /// their lists, counts and exclusions are merged into one scan. The list is the one a single worker
    /// finds: a row below another worker's threshold is beaten by that worker's whole list.
    static func runBlocked(_ scan: Scan, workers: Int) -> Scan {
        let floor = ScoreFloor()
        var parts = [Scan](repeating: scan, count: workers)
        for i in parts.indices { parts[i].floor = floor }
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
            for entry in part.heap.sortedDescending() {
                merged.heap.insert(entry.score, row: entry.row, tieKey: scan.index.idRank[Int(entry.row)])
            }
            merged.excluded &+= part.excluded
            merged.scanned += part.scanned
            merged.heapFeasibleCount += part.heapFeasibleCount
        }
        return merged
    }

    /// Publishes this worker's threshold and reads the highest one published (no-op alone).
    @inline(__always)
    private mutating func shareFloor() {
        guard let floor else { return }
        floorScore = floor.raise(to: heap.threshold)
    }

    /// The dot product of a row with the query is computed last, for the rows that can still enter the
    /// list once everything else is known: reading a row's vector (``CandidateIndex/stride`` floats) is
    /// the costliest step of a shortlist, and most reachable rows are ruled out before it.
    private mutating func visit(_ block: CandidateIndex.Block, vectors: UnsafePointer<Float>, query x: UnsafePointer<Float>) {
        let minutes = Scan.bestTime(times, commune: Int(block.commune), modes: block.modes.rawValue).minutes
        let reachable = Scan.prefix(of: block.rows, limits: index.limitMinutes, atLeast: minutes)
        excluded[ExclusionReason.travel.index] += block.rows.count - reachable.count
        guard !reachable.isEmpty else { return }
        scanned += reachable.count
        let distance = times.distanceKm[Int(block.commune)]
        let stride = index.stride
        for row in reachable {
            evaluate(row: row, columns: IndexColumns(), distanceKm: distance, minutes: minutes,
                     dot: { Scan.dot(vectors + row * stride, x, count: stride) }, coverage: nil)
        }
    }

    /// Visits a block whose dot products and skill coverage are already computed (batch tiles):
    /// `dots[row - origin]`, `coverage[row]`, with the row facts from `rows[row]` and the travel limits
    /// from `limits[row]`. `minutesByMode` and `distanceKm` are the travel times (by
    /// ``TransportMode/index``) and distance from the block's commune.
    @inline(__always)
    mutating func visit(_ block: CandidateIndex.Block, minutesByMode: SIMD4<Float>, distanceKm: Float,
                        rows: UnsafePointer<RowFacts>, limits: UnsafePointer<Float>, dots: UnsafePointer<Float>,
                        origin: Int, coverage: CoverageTable) {
        let minutes = Scan.bestTime(minutesByMode, modes: block.modes.rawValue)
        let reachable = Scan.prefix(of: block.rows, limits: limits, atLeast: minutes)
        excluded[ExclusionReason.travel.index] += block.rows.count - reachable.count
        scanned += reachable.count
        for row in reachable {
            // The dot product is read only for rows that pass the hard constraints.
            evaluate(row: row, columns: PackedRowColumns(rows: rows), distanceKm: distanceKm, minutes: minutes,
                     dot: { dots[row - origin] }, coverage: coverage)
        }
    }

    /// ``CandidateIndex/CommuneGroup/isReached(inMinutes:)`` with the times from the group's commune.
    @inline(__always)
    static func reachable(_ times: CommuneTravelTimes, group: CandidateIndex.CommuneGroup) -> Bool {
        let c = Int(group.commune)
        return group.isReached(inMinutes: SIMD4(times.minutes[0][c], times.minutes[1][c], times.minutes[2][c], times.minutes[3][c]))
    }

    /// Scores every row with one sgemv, then checks each: the baseline the blocks are measured against.
    mutating func runFlat() {
        scoreRows(0..<index.count)
        for row in 0..<index.count {
            let commune = Int(index.commune[row])
            let minutes = Scan.bestTime(times, commune: commune, modes: index.modes[row]).minutes
            guard minutes <= index.limitMinutes[row] else { excluded[ExclusionReason.travel.index] += 1; continue }
            let dot = dots[row]
            evaluate(row: row, columns: IndexColumns(), distanceKm: times.distanceKm[commune], minutes: minutes,
                     dot: { dot }, coverage: nil)
        }
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
                        for i in 0..<rows.count { y[i] = Scan.dot(a + i * stride, x.baseAddress!, count: stride) }
                    }
                }
            }
        }
    }

    static let blasMinimumRows = 64

    /// Dot product of two float vectors whose length is a multiple of 8, as SIMD8 multiply-adds.
    /// (Separate multiply and add: `addingProduct` would call libm's `fma` without an FMA target.)
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 16 <= count {
            acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        while i + 8 <= count {
            acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        return (acc0 + acc1).sum()
    }

    /// Hard constraints in ``ExclusionReason`` order, then the score; feasible rows go to the heap (and, in
    /// a batch, to the candidates' lists). `distanceKm` is from the row's commune; `dot` is read only for
    /// rows that pass the constraints; the skill coverage comes from `table` when given (a batch), else it
    /// is computed on the spot (a shortlist). The row's columns come from `f`: generic, so that each caller
    /// gets this one code specialised to its own storage.
    @inline(__always)
    private mutating func evaluate<Columns: ScanColumns>(row r: Int, columns f: Columns, distanceKm: Float, minutes: Float,
                                                         dot: () -> Float, coverage table: CoverageTable?) {
        if let reason = firstCheapFailure(row: r, columns: f, distanceKm: distanceKm) {
            excluded[reason.index] += 1
            return
        }
        // The métier lookup serves both the experience constraint and the score: done once.
        let m = f.packed(r).map { metier($0) } ?? metier(row: r)
        if q.requiredExperienceMonths > 0, m.relevantMonths < q.requiredExperienceMonths {
            excluded[ExclusionReason.experience.index] += 1
            return
        }
        if hardEssentials, q.essentialCount > 0, (table?[r] ?? coverage(row: r)).essentialHits < q.essentialCount {
            excluded[ExclusionReason.essentialSkills.index] += 1
            return
        }
        // Threshold prefilter, in two steps: with full skill coverage, then with the row's own coverage,
        // each time with the largest dot product the row can have (``ScanColumns/dotCeiling``); the dot
        // product is read only when the row can still enter a list. A small margin absorbs the different
        // rounding of the bounds and of the final sum, which adds the terms in the order below.
        let metierTerm = w.metier * m.proximity
        let experienceTerm = w.experience * min(1, m.relevantMonths / q.fullCreditMonths)
        let diplomaTerm = w.diploma * (q.targetDiploma == 0 ? 1 : min(1, Float(f.diploma(r, in: index)) / Float(q.targetDiploma)))
        let travelTerm = w.travel * max(0, 1 - minutes / f.limitMinutes(r, in: index))
        let known = f.dotCeiling(r, in: index, query: q, dot: dot) + metierTerm + experienceTerm + diplomaTerm + travelTerm + 1e-4
        // In a batch, the row may still be among the candidate's own best offers.
        let listThreshold = candidateLists?.threshold(row: r) ?? .infinity
        let heapThreshold = max(heap.threshold, floorScore)
        if known + w.skills < heapThreshold, known + w.skills < listThreshold { return }
        let cov = table?[r] ?? coverage(row: r)
        let skillsTerm = w.skills * (q.skillWeightTotal > 0 ? cov.weight / q.skillWeightTotal : 0)
        if known + skillsTerm < heapThreshold, known + skillsTerm < listThreshold { return }
        var partial = dot()
        partial += metierTerm
        partial += experienceTerm
        partial += diplomaTerm
        partial += travelTerm
        let score = partial + skillsTerm
        heapFeasibleCount += 1
        // Both inserts keep a pair only if it reaches the list's threshold (ties by key), so the tests
        // below just spare the calls.
        if score >= heapThreshold { heap.insert(score, row: Int32(r), tieKey: index.idRank[r]) }
        if score >= listThreshold { candidateLists?.insert(score, offer: offerNumber, row: r) }
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

    /// ``metier(fiches:)`` from the inline copy when the facts carry one (same fiches, same order).
    @inline(__always)
    func metier(_ f: RowFacts) -> (proximity: Float, relevantMonths: Float) {
        guard f.inlineFiches else { return metier(fiches: Int(f.ficheStart)..<Int(f.ficheEnd)) }
        var best: Float = 0, months: Float = 0
        q.proximity.withUnsafeBufferPointer { proximity in
            for i in 0..<Int(f.ficheEnd - f.ficheStart) {
                let p = proximity[Int(f.fiches[i])]
                best = max(best, p)
                if p >= q.relevantProximity { months += f.months[i] }
            }
        }
        return (best, months)
    }

    @inline(__always)
    func metier(row r: Int) -> (proximity: Float, relevantMonths: Float) {
        metier(fiches: Int(index.ficheStart[r])..<Int(index.ficheStart[r + 1]))
    }

    /// Best proximity of the row's fiches (`index.ficheIds[fiches]`) to the offer's, and the months of
    /// experience in the relevant ones.
    @inline(__always)
    func metier(fiches: Range<Int>) -> (proximity: Float, relevantMonths: Float) {
        var best: Float = 0, months: Float = 0
        for i in fiches {
            let p = q.proximity[Int(index.ficheIds[i])]
            best = max(best, p)
            if p >= q.relevantProximity { months += index.ficheMonths[i] }
        }
        return (best, months)
    }

    @inline(__always)
    func coverage(row r: Int) -> (weight: Float, essentialHits: Int) {
        var weight: Float = 0, hits = 0
        for i in Int(index.skillStart[r])..<Int(index.skillStart[r + 1]) {
            let item = Int(index.skillItems[i])
            weight += q.skillWeight[item]
            hits += Int(q.isEssential[item])
        }
        return (weight, hits)
    }

    /// The minutes of ``bestTime(_:commune:modes:)`` from the commune's four times at once.
    @inline(__always)
    static func bestTime(_ minutesByMode: SIMD4<Float>, modes: UInt8) -> Float {
        let used = (SIMD4<Int32>(repeating: Int32(modes)) & SIMD4<Int32>(1, 2, 4, 8)) .!= 0
        return SIMD4<Float>(repeating: .infinity).replacing(with: minutesByMode, where: used).min()
    }

    /// The fastest of `modes` from `commune`.
    @inline(__always)
    static func bestTime(_ times: CommuneTravelTimes, commune: Int, modes: UInt8) -> (minutes: Float, mode: TransportMode) {
        var best = Float.infinity, bestMode = TransportMode.car
        for mode in TransportMode.allCases where modes & mode.bit != 0 {
            let t = times.minutes[mode.index][commune]
            if t < best { best = t; bestMode = mode }
        }
        return (best, bestMode)
    }

    /// The leading rows of a block (limits sorted descending) whose limit is at least `minutes`, the limits
    /// read through a pointer. Most blocks an offer visits are either wholly out of reach or short: the first
    /// limit settles the former with one load, and a linear scan of a few contiguous floats beats the binary
    /// search's dependent loads for the latter.
    @inline(__always)
    static func prefix(of rows: Range<Int>, limits: UnsafePointer<Float>, atLeast minutes: Float) -> Range<Int> {
        var lo = rows.lowerBound, hi = rows.upperBound
        guard lo < hi, limits[lo] >= minutes else { return lo..<lo }
        if hi - lo <= 16 {
            while lo < hi, limits[lo] >= minutes { lo += 1 }
            return rows.lowerBound..<lo
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            if limits[mid] >= minutes { lo = mid + 1 } else { hi = mid }
        }
        return rows.lowerBound..<lo
    }

    /// ``prefix(of:limits:atLeast:)`` over the index's own column (a shortlist).
    static func prefix(of rows: Range<Int>, limits: [Float], atLeast minutes: Float) -> Range<Int> {
        guard !rows.isEmpty else { return rows }
        return limits.withUnsafeBufferPointer { prefix(of: rows, limits: $0.baseAddress!, atLeast: minutes) }
    }
}

/// Where ``Scan`` reads the columns of row `r` that the hard constraints and the score read: the index's
/// own columns (a shortlist: each test reads its column only when the tests before it pass) or the batch's
/// packed copy (``RowFacts``, one cache line a row). The scoring code is generic over it, so there is one
/// copy of the logic, specialised to each storage. The index is passed to each read rather than held, so
/// that the shortlist reads the scan's own columns in place (holding it would copy its arrays per row).
protocol ScanColumns {
    func licences(_ r: Int, in index: CandidateIndex) -> UInt64
    func languages(_ r: Int, in index: CandidateIndex) -> UInt32
    func availableFrom(_ r: Int, in index: CandidateIndex) -> Int32
    func radiusKm(_ r: Int, in index: CandidateIndex) -> Float
    func limitMinutes(_ r: Int, in index: CandidateIndex) -> Float
    func contracts(_ r: Int, in index: CandidateIndex) -> UInt16
    func diploma(_ r: Int, in index: CandidateIndex) -> UInt8
    /// The row's packed facts, when these columns are the packed copy (their inline fiches spare the
    /// métier lookup a visit to the fiche columns); `nil` for the index's columns.
    func packed(_ r: Int) -> RowFacts?
    /// What the prefilter may take as row `r`'s dot product with the query before reading the row's
    /// vector: an upper bound from its priority publics where the dot product costs a vector read (a
    /// shortlist), the dot product itself where it is already computed (a batch tile).
    func dotCeiling(_ r: Int, in index: CandidateIndex, query: OfferQuery, dot: () -> Float) -> Float
}

/// The shortlist reads the index's columns in place.
struct IndexColumns: ScanColumns {
    @inline(__always) func licences(_ r: Int, in index: CandidateIndex) -> UInt64 { index.licences[r] }
    @inline(__always) func languages(_ r: Int, in index: CandidateIndex) -> UInt32 { index.languages[r] }
    @inline(__always) func availableFrom(_ r: Int, in index: CandidateIndex) -> Int32 { index.availableFrom[r] }
    @inline(__always) func radiusKm(_ r: Int, in index: CandidateIndex) -> Float { index.radiusKm[r] }
    @inline(__always) func limitMinutes(_ r: Int, in index: CandidateIndex) -> Float { index.limitMinutes[r] }
    @inline(__always) func contracts(_ r: Int, in index: CandidateIndex) -> UInt16 { index.contracts[r] }
    @inline(__always) func diploma(_ r: Int, in index: CandidateIndex) -> UInt8 { index.diploma[r] }
    @inline(__always) func packed(_ r: Int) -> RowFacts? { nil }
    @inline(__always) func dotCeiling(_ r: Int, in index: CandidateIndex, query: OfferQuery, dot: () -> Float) -> Float {
        query.largestDot(publics: index.publics[r])
    }
}

/// The batch reads the packed copy of the columns (valid while the ``PackedRows`` it comes from lives).
struct PackedRowColumns: ScanColumns {
    let rows: UnsafePointer<RowFacts>

    @inline(__always) func licences(_ r: Int, in index: CandidateIndex) -> UInt64 { rows[r].licences }
    @inline(__always) func languages(_ r: Int, in index: CandidateIndex) -> UInt32 { rows[r].languages }
    @inline(__always) func availableFrom(_ r: Int, in index: CandidateIndex) -> Int32 { rows[r].availableFrom }
    @inline(__always) func radiusKm(_ r: Int, in index: CandidateIndex) -> Float { rows[r].radiusKm }
    @inline(__always) func limitMinutes(_ r: Int, in index: CandidateIndex) -> Float { rows[r].limitMinutes }
    @inline(__always) func contracts(_ r: Int, in index: CandidateIndex) -> UInt16 { rows[r].contracts }
    @inline(__always) func diploma(_ r: Int, in index: CandidateIndex) -> UInt8 { rows[r].diploma }
    @inline(__always) func packed(_ r: Int) -> RowFacts? { rows[r] }
    @inline(__always) func dotCeiling(_ r: Int, in index: CandidateIndex, query: OfferQuery, dot: () -> Float) -> Float { dot() }
}

/// The columns of a candidate row that the hard constraints and the score read, side by side: the batch
/// keeps a packed copy of them (one 64-byte cache line for all, instead of one per column).
struct RowFacts {
    var licences: UInt64
    var languages: UInt32
    var availableFrom: Int32
    var radiusKm: Float
    var limitMinutes: Float
    /// The row's fiches are `ficheStart..<ficheEnd` in the index's fiche columns.
    var ficheStart: Int32
    var ficheEnd: Int32
    var contracts: UInt16
    var diploma: UInt8
    /// Whether ``fiches`` and ``months`` hold the row's fiches (the batch's packed copy, rows with at most
    /// ``inlineCapacity`` fiches): the métier lookup then stays in this cache line.
    var inlineFiches = false
    var fiches = SIMD4<Int16>()
    var months = SIMD4<Float>()

    static let inlineCapacity = 4

    /// Row `r`'s columns, without the inline fiches.
    init(row r: Int, in index: CandidateIndex) {
        licences = index.licences[r]; languages = index.languages[r]; availableFrom = index.availableFrom[r]
        radiusKm = index.radiusKm[r]; limitMinutes = index.limitMinutes[r]
        ficheStart = index.ficheStart[r]; ficheEnd = index.ficheStart[r + 1]
        contracts = index.contracts[r]; diploma = index.diploma[r]
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

