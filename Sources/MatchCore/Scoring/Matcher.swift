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

    /// How rows are found: by reachable blocks (default) or by a flat scan of every row.
    public enum Strategy: String, Sendable, CaseIterable { case blocked, flat }

    public init(rome: RomeReferential, communes: CommuneDirectory, embedding: SkillEmbedding,
                policy: ScoringPolicy, travel: TravelTimes, index: CandidateIndex) {
        self.rome = rome; self.communes = communes; self.embedding = embedding
        self.policy = policy; self.travel = travel; self.index = index
    }

    /// Compiles `offer` against the index (throws ``OfferQuery/InvalidOffer`` for an unknown ROME code
    /// or an offer that cannot be located).
    public func query(for offer: JobOffer) throws -> OfferQuery {
        try OfferQuery(offer: offer, index: index, rome: rome, communes: communes, embedding: embedding, policy: policy)
    }

    /// The best `k` candidates for `offer`, explained.
    ///
    /// - Complexity: O(reachable rows × (stride + skills)) for `.blocked`; O(all rows × …) for `.flat`.
    public func shortlist(for offer: JobOffer, top k: Int = 20, strategy: Strategy = .blocked) throws -> Shortlist {
        let q = try query(for: offer)
        let times = travel.fromAllCommunes(of: communes, to: q.location)
        var scan = Scan(query: q, index: index, policy: policy, times: times,
                        heap: TopK(capacity: k * policy.rerankFactor))
        switch strategy {
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
        let explained = rows.map { explainer.explain(row: $0) }
        let ordered = explained.sorted { $0.score > $1.score || ($0.score == $1.score && $0.candidateId < $1.candidateId) }
        return ordered.prefix(k).enumerated().map { i, e in var e = e; e.rank = i + 1; return e }
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
    var excluded = [Int](repeating: 0, count: ExclusionReason.allCases.count)
    var scanned = 0
    private var dots: [Float] = []
    /// In batch mode, every feasible (row, score) also goes to the candidates' own top lists, and the
    /// threshold prefilter lets through rows that could still enter them.
    var candidateLists: CandidateTopLists?
    /// Index of the offer in the batch, for ``candidateLists``.
    var offerNumber: Int32 = 0
    /// Feasible rows fully scored.
    var heapFeasibleCount = 0

    init(query: OfferQuery, index: CandidateIndex, policy: ScoringPolicy, times: CommuneTravelTimes, heap: TopK) {
        q = query; self.index = index; w = policy.weights; hardEssentials = policy.essentialSkillsAreHard
        self.times = times; self.heap = heap
    }

    /// Visits only the rows that can reach the offer: communes out of reach for all their residents are
    /// skipped whole; in the others, per block, the prefix whose limit covers the block's time.
    mutating func runBlocked() {
        for group in index.communeGroups {
            guard Scan.reachable(times, commune: Int(group.commune), longestLimit: group.longestLimit) else {
                excluded[ExclusionReason.travel.index] += group.rowCount
                continue
            }
            for block in index.blocks[group.blocks] { visit(block) }
        }
    }

    private mutating func visit(_ block: CandidateIndex.Block) {
        let minutes = Scan.bestTime(times, commune: Int(block.commune), modes: block.modes.rawValue).minutes
        let reachable = Scan.prefix(of: block.rows, limits: index.limitMinutes, atLeast: minutes)
        excluded[ExclusionReason.travel.index] += block.rows.count - reachable.count
        guard !reachable.isEmpty else { return }
        scoreRows(reachable)
        for (i, row) in reachable.enumerated() { evaluate(row: row, minutes: minutes, dot: dots[i]) }
    }

    /// Visits a block whose dot products are already computed: `dots[row - origin]` (batch tiles).
    mutating func visit(_ block: CandidateIndex.Block, dots: UnsafePointer<Float>, origin: Int) {
        let minutes = Scan.bestTime(times, commune: Int(block.commune), modes: block.modes.rawValue).minutes
        let reachable = Scan.prefix(of: block.rows, limits: index.limitMinutes, atLeast: minutes)
        excluded[ExclusionReason.travel.index] += block.rows.count - reachable.count
        scanned += reachable.count
        for row in reachable { evaluate(row: row, minutes: minutes, dot: dots[row - origin]) }
    }

    /// Whether some mode reaches the offer from `commune` within the longest limit of its users there.
    @inline(__always)
    static func reachable(_ times: CommuneTravelTimes, commune c: Int, longestLimit: SIMD4<Float>) -> Bool {
        let t = SIMD4(times.minutes[0][c], times.minutes[1][c], times.minutes[2][c], times.minutes[3][c])
        return any(t .<= longestLimit)
    }

    /// Scores every row with one sgemv, then checks each: the baseline the blocks are measured against.
    mutating func runFlat() {
        scoreRows(0..<index.count)
        for row in 0..<index.count {
            let minutes = Scan.bestTime(times, commune: Int(index.commune[row]), modes: index.modes[row]).minutes
            guard minutes <= index.limitMinutes[row] else { excluded[ExclusionReason.travel.index] += 1; continue }
            evaluate(row: row, minutes: minutes, dot: dots[row])
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

    /// Hard constraints in ``ExclusionReason`` order, then the score; feasible rows go to the heap.
    @inline(__always)
    private mutating func evaluate(row r: Int, minutes: Float, dot: Float) {
        if let reason = firstFailure(row: r) {
            excluded[reason.index] += 1
            return
        }
        // Threshold prefilter: everything but skill coverage is cheap; when even full coverage could not
        // lift the row above the heap's threshold, skip the coverage loop (a small margin absorbs the
        // different rounding of this bound and of the final sum).
        let m = metier(row: r)
        var partial = dot
        partial += w.metier * m.proximity
        partial += w.experience * min(1, m.relevantMonths / q.fullCreditMonths)
        partial += w.diploma * (q.targetDiploma == 0 ? 1 : min(1, Float(index.diploma[r]) / Float(q.targetDiploma)))
        partial += w.travel * max(0, 1 - minutes / index.limitMinutes[r])
        let bound = partial + w.skills + 1e-4
        if bound < heap.threshold {
            // In a batch, the row may still be among the candidate's own best offers.
            guard let lists = candidateLists, bound >= lists.thresholds[r] else { return }
        }
        let cov = coverage(row: r)
        let score = partial + w.skills * (q.skillWeightTotal > 0 ? cov.weight / q.skillWeightTotal : 0)
        heap.insert(score, row: Int32(r), tieKey: index.idRank[r])
        heapFeasibleCount += 1
        candidateLists?.insert(score, offer: offerNumber, row: r)
    }

    private func firstFailure(row r: Int) -> ExclusionReason? {
        if times.distanceKm[Int(index.commune[r])] > index.radiusKm[r] { return .travel }
        if q.requiredLicences & ~index.licences[r] != 0 { return .licence }
        if q.requiredLanguages & ~index.languages[r] != 0 { return .language }
        if q.contractBit != 0, index.contracts[r] & q.contractBit == 0 { return .contract }
        if index.availableFrom[r] > q.startDay { return .availability }
        if index.diploma[r] < q.requiredDiploma { return .diploma }
        if q.requiredExperienceMonths > 0, metier(row: r).relevantMonths < q.requiredExperienceMonths { return .experience }
        if hardEssentials, q.essentialCount > 0, coverage(row: r).essentialHits < q.essentialCount { return .essentialSkills }
        return nil
    }

    @inline(__always)
    func metier(row r: Int) -> (proximity: Float, relevantMonths: Float) {
        var best: Float = 0, months: Float = 0
        for i in Int(index.ficheStart[r])..<Int(index.ficheStart[r + 1]) {
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

    /// The leading rows of a block (limits sorted descending) whose limit is at least `minutes`.
    static func prefix(of rows: Range<Int>, limits: [Float], atLeast minutes: Float) -> Range<Int> {
        var lo = rows.lowerBound, hi = rows.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if limits[mid] >= minutes { lo = mid + 1 } else { hi = mid }
        }
        return rows.lowerBound..<lo
    }
}
