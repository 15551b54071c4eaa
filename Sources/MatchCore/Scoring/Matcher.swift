import Foundation

/// The présélection engine: for an offer, every candidate of the index who meets the hard
/// constraints, ranked by score, with explanations.
///
///     let matcher = try model.matcher(candidates: pool, referenceDate: today)   // see MatchModel
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

    /// Refuses an index built with another skill embedding (version or dimension) or other priority-public
    /// rules than `embedding` and `policy` (``MatchError/Code/modelMismatch``): its vectors would be scored
    /// against queries they were not made for. ``MatchModel/matcher(over:)`` is the usual way in.
    public init(rome: RomeReferential, communes: CommuneDirectory, embedding: SkillEmbedding,
                policy: ScoringPolicy, travel: TravelTimes, index: CandidateIndex) throws {
        try Matcher.checkCompatible(index, embedding: embedding, policy: policy)
        self.rome = rome; self.communes = communes; self.embedding = embedding
        self.policy = policy; self.travel = travel; self.index = index
        let longest = index.communeGroups.reduce(-Float.infinity) { max($0, $1.longestLimit.max()) }
        reachKm = travel.estimateReachKm(minutes: longest)
    }

    /// Throws unless `index` was built with `embedding` and the priority rules of `policy`.
    static func checkCompatible(_ index: CandidateIndex, embedding: SkillEmbedding, policy: ScoringPolicy) throws {
        if index.embeddingVersion != embedding.version || index.dimension != embedding.dimension {
            throw MatchError(.modelMismatch, message: "the index was built with the skill embedding \(index.embeddingVersion) "
                             + "(dimension \(index.dimension)), the model uses \(embedding.version) "
                             + "(dimension \(embedding.dimension)): rebuild the index")
        }
        if index.inference != policy.inference {
            throw MatchError(.modelMismatch, message: "the index inferred competences with other rules than the policy "
                             + "\(policy.version): rebuild the index")
        }
        if index.priorityRules != policy.priorityRules {
            throw MatchError(.modelMismatch, message: "the index derived priority publics with other rules than the policy "
                             + "\(policy.version): rebuild the index")
        }
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
        try shortlist(for: offer, top: k, strategy: strategy, threads: threads, removing: RowSet())
    }

    /// ``shortlist(for:top:strategy:threads:)`` as if the rows of `removed` were not in the index: they are
    /// never listed, and their own verdicts are taken back out of the counts (a ``LivePool`` erases and
    /// replaces candidates this way without rebuilding its index).
    package func shortlist(for offer: JobOffer, top k: Int, strategy: Strategy = .blocked, threads: Int,
                           removing removed: RowSet) throws -> Shortlist {
        let q = try query(for: offer)
        let times = travel.fromAllCommunes(of: communes, to: q.location, reachKm: reachKm)
        var scan = Scan(query: q, index: index, policy: policy, times: times,
                        sink: ShortlistSink(capacity: k * policy.rerankFactor, index: index, removed: removed))
        let workers = min(threads, index.count / max(1, rowsPerScanWorker))
        switch strategy {
        case .blocked where workers > 1: scan = Scan.runBlocked(scan, workers: workers)
        case .blocked: scan.runBlocked()
        case .flat: scan.runFlat()
        }
        var excludedRows = scan.excluded, scanned = scan.scanned
        if !removed.isEmpty {
            var gone = Scan(query: q, index: index, policy: policy, times: times, sink: CountingSink())
            gone.runRows(removed.rows)
            excludedRows &-= gone.excluded
            scanned -= gone.scanned
        }
        let entries = rerank(scan.sink.heap.sortedDescending().map { Int($0.row) }, query: q, times: times, top: k)
        var excluded = [ExclusionReason: Int]()
        for reason in ExclusionReason.allCases where excludedRows[reason.index] > 0 {
            excluded[reason] = excludedRows[reason.index]
        }
        return Shortlist(offerId: offer.id, romeCode: offer.romeCode, commune: q.location.communeCode,
                         considered: index.count - removed.count, scanned: scanned, excluded: excluded,
                         entries: entries, warnings: q.warnings)
    }

    /// Recomputes the survivors' scores exactly (double precision, from the rows) and explains the best `k`.
    func rerank(_ rows: [Int], query q: OfferQuery, times: CommuneTravelTimes, top k: Int) -> [ShortlistEntry] {
        let explainer = Explainer(query: q, index: index, policy: policy, rome: rome, times: times)
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

/// A sink that keeps nothing: the scan's own counts (exclusions by reason, rows within their limit) are
/// what its user reads.
struct CountingSink: ScanSink {
    @inline(__always) func threshold(row r: Int) -> Float { .infinity }
    @inline(__always) mutating func insert(_ score: Float, row r: Int) {}
}
