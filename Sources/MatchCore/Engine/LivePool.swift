/// A candidate pool that follows imports and erasures without rebuilding its index: the index it started
/// from (the **base**), the base rows taken out since (erased or replaced), and a small index of the
/// candidates added or updated since (the **addition**), rebuilt on each change. A shortlist scans both
/// and merges them; it equals the shortlist of one index built from the same candidates (tested).
///
/// A value: a change returns a new pool and leaves the old one whole, so a reader holding a pool sees one
/// state from start to end.
///
///     var pool = try LivePool(model: model, base: index)
///     pool = try pool.upserting([newcomer])
///     pool = pool.removing(["C000123"])
///     let list = try pool.shortlist(for: offer, top: 20)
///
/// When the addition grows large (``needsCompaction``: it is rebuilt on every change), ``compacted()`` makes
/// one index of the pool again.
public struct LivePool: Sendable {
    public let model: MatchModel
    /// The matcher over the base index.
    public let base: Matcher
    /// Base rows no longer in the pool.
    public private(set) var removed = RowSet()
    /// The candidates added or updated since the base, by id, and the matcher over them.
    public private(set) var added: [String: Candidate] = [:]
    public private(set) var addition: Matcher?
    private let baseRows: BaseRows

    /// Above this many added or removed candidates, ``needsCompaction`` says so.
    public static let compactionThreshold = 20_000

    /// The pool of `base`, which `model` built (else ``MatchError/Code/modelMismatch``).
    public init(model: MatchModel, base: CandidateIndex) throws {
        self.model = model
        self.base = try model.matcher(over: base)
        baseRows = BaseRows(base.ids)
    }

    public var referenceDate: Day { base.index.referenceDate }
    /// Candidates in the pool.
    public var count: Int { base.index.count - removed.count + added.count }
    /// Whether the pool has changed enough since its base that one index would serve it better.
    public var needsCompaction: Bool { added.count + removed.count > LivePool.compactionThreshold }

    /// Whether candidate `id` is in the pool.
    public func contains(_ id: String) -> Bool {
        if added[id] != nil { return true }
        return baseRows.row(of: id).map { !removed.contains($0) } ?? false
    }

    /// Ids of the candidates of the pool who meet every hard constraint of `offer`, with
    /// `travelSlackMinutes` beyond each one's own travel limit (``Matcher/eligibility(for:travelSlackMinutes:)``).
    ///
    ///     let nearMisses = Set(try pool.eligibleIds(for: offer, travelSlackMinutes: 10))
    ///         .subtracting(try pool.eligibleIds(for: offer))   // would qualify with 10 more minutes
    public func eligibleIds(for offer: JobOffer, travelSlackMinutes slack: Float = 0) throws -> [String] {
        let ids = base.index.ids
        var eligible = try base.eligibility(for: offer, travelSlackMinutes: slack).eligibleRows
            .filter { !removed.contains($0) }.map { ids[$0] }
        if let addition { eligible += try addition.eligibility(for: offer, travelSlackMinutes: slack).eligibleIds }
        return eligible
    }

    /// The pool with `candidates` added, or replacing those with the same id. Throws ``MatchError`` (code
    /// ``MatchError/Code/invalidCandidate``) as the index does, leaving this pool as it was.
    ///
    /// - Complexity: O(a log a) for the a candidates added since the base: the addition is rebuilt.
    public func upserting(_ candidates: [Candidate]) throws -> LivePool {
        guard !candidates.isEmpty else { return self }
        var next = self
        for c in candidates {
            if let row = baseRows.row(of: c.id) { next.removed.insert(row) }
            next.added[c.id] = c
        }
        try next.rebuildAddition()
        return next
    }

    /// The pool without the candidates `ids` (those not in it are ignored).
    public func removing(_ ids: some Sequence<String>) throws -> LivePool {
        var next = self
        var additionChanged = false
        for id in ids {
            if let row = baseRows.row(of: id) { next.removed.insert(row) }
            if next.added.removeValue(forKey: id) != nil { additionChanged = true }
        }
        if additionChanged { try next.rebuildAddition() }
        return next
    }

    /// The same candidates as one index, and no addition or removal: a copy of the rows kept, in order
    /// (no candidate read or vectorised again). Equal shortlists (tested).
    public func compacted() throws -> LivePool {
        try LivePool(model: model, base: CandidateIndex(merging: base.index, removing: removed, adding: addition?.index,
                                                        communes: model.communes))
    }

    private mutating func rebuildAddition() throws {
        let candidates = added.values.sorted { $0.id < $1.id }
        addition = candidates.isEmpty ? nil
            : try model.matcher(candidates: candidates, referenceDate: base.index.referenceDate)
    }

    /// The best `k` candidates of the pool for `offer`, explained; the counts cover the whole pool.
    ///
    /// - Parameter threads: workers sharing the base's scan (see ``Matcher/shortlist(for:top:strategy:threads:)``).
    public func shortlist(for offer: JobOffer, top k: Int = 20, threads: Int = 1) throws -> Shortlist {
        var list = try base.shortlist(for: offer, top: k, threads: threads, removing: removed)
        if let addition {
            list.merge(try addition.shortlist(for: offer, top: k), top: k)
        }
        return list
    }
}

extension Shortlist {
    /// Adds the candidates and counts of `other`, a list for the same offer over other candidates, keeping
    /// the best `k` in the final order (score, then id).
    mutating func merge(_ other: Shortlist, top k: Int) {
        considered += other.considered
        scanned += other.scanned
        excluded.merge(other.excluded, uniquingKeysWith: +)
        let all = (entries + other.entries).sorted {
            $0.score > $1.score || ($0.score == $1.score && $0.candidateId < $1.candidateId)
        }
        entries = all.prefix(k).enumerated().map { i, entry in
            var e = entry
            e.rank = i + 1
            return e
        }
    }
}

/// The base index's rows by id, shared by every pool made from one base (built once: 500,000 ids).
private final class BaseRows: Sendable {
    let rows: [String: Int]
    init(_ ids: [String]) {
        var rows = [String: Int](minimumCapacity: ids.count)
        for (row, id) in ids.enumerated() { rows[id] = row }
        self.rows = rows
    }
    func row(of id: String) -> Int? { rows[id] }
}
