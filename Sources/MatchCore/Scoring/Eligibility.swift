/// Who can take an offer, candidate by candidate: the scan's own hard constraints (the same code and order
/// as a shortlist's, not a second implementation), with the first constraint each excluded candidate fails.
///
///     let eligibility = try matcher.eligibility(for: offer)
///     eligibility.eligibleIds.count            // candidates who meet every hard constraint
///     eligibility.excluded[.licence]           // how many lack a required licence
///     eligibility.reason(for: "C000123")       // .travel, or nil when eligible
public struct Eligibility: Sendable {
    public let offerId: String
    /// Candidates excluded, by the first constraint they fail (the counts of ``Shortlist/excluded``).
    public let excluded: [ExclusionReason: Int]
    /// By row of the index: the first hard constraint the row fails, `nil` when it meets them all.
    package let reasons: [ExclusionReason?]
    /// The index's ids, by row.
    package let ids: [String]

    /// Rows of the index that meet every hard constraint, in row order.
    package var eligibleRows: [Int] { reasons.indices.filter { reasons[$0] == nil } }

    /// Ids of the candidates who meet every hard constraint, in the index's row order.
    public var eligibleIds: [String] { eligibleRows.map { ids[$0] } }

    /// The first hard constraint the candidate fails, or `nil` when they meet them all (or are not in the
    /// index).
    /// - Complexity: O(n): for a few candidates; walk ``eligibleIds`` for many.
    public func reason(for candidateId: String) -> ExclusionReason? {
        ids.firstIndex(of: candidateId).flatMap { reasons[$0] }
    }
}

/// The sink of an eligibility check: every row's verdict, no score kept (its threshold is never reached, so
/// the scan never reads a vector).
struct EligibilitySink: ScanSink {
    static var recordsEveryRow: Bool { true }
    var reasons: [ExclusionReason?]

    init(rows: Int) { reasons = [ExclusionReason?](repeating: nil, count: rows) }

    @inline(__always) func threshold(row r: Int) -> Float { .infinity }
    @inline(__always) mutating func insert(_ score: Float, row r: Int) {}
    @inline(__always) mutating func exclude(row r: Int, reason: ExclusionReason) { reasons[r] = reason }
}

extension Matcher {
    /// Every candidate's verdict for `offer`: eligible, or the first hard constraint failed, in
    /// ``ExclusionReason`` order. The counts equal the exclusions of ``shortlist(for:top:strategy:threads:)``.
    ///
    /// - Parameter travelSlackMinutes: as if each candidate accepted that many minutes beyond their own
    ///   limit (the near misses on travel: who would qualify with 10 more minutes); 0 for the offer as it is.
    ///
    ///       let closer = try matcher.eligibility(for: offer).eligibleIds.count
    ///       let with10 = try matcher.eligibility(for: offer, travelSlackMinutes: 10).eligibleIds.count   // ≥ closer
    ///
    /// - Complexity: O(rows × constraints); no vector is read.
    public func eligibility(for offer: JobOffer, travelSlackMinutes slack: Float = 0) throws -> Eligibility {
        let q = try query(for: offer)
        var times = travel.fromAllCommunes(of: communes, to: q.location)
        if slack > 0 { times.minutes = times.minutes.map { row in row.map { max(0, $0 - slack) } } }
        var scan = Scan(query: q, index: index, policy: policy, times: times, sink: EligibilitySink(rows: index.count))
        scan.runEveryRow()
        var excluded = [ExclusionReason: Int]()
        for reason in ExclusionReason.allCases where scan.excluded[reason.index] > 0 {
            excluded[reason] = scan.excluded[reason.index]
        }
        return Eligibility(offerId: offer.id, excluded: excluded, reasons: scan.sink.reasons, ids: index.ids)
    }
}
