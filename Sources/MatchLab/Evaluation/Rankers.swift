import Foundation
import MatchCore
import MatchData

/// The rankers compared by `apparier evaluate`.
///
/// Apparier ranks the candidates who meet the offer's hard constraints (that is the engine). The two
/// baselines are run twice, because "how good is the ranking" has two honest readings:
///
/// - **as a team would run them** (``RankerName`` in the report's `rankers`): a CV search engine does
///   not know each candidate's own travel limit, licences, contract wishes or availability, so the
///   keyword baseline searches everyone within a fixed radius of the workplace
///   (``BaselineScope/searchRadiusKm``, 30 km, a usual default) and the distance baseline everyone;
///   near misses can then be listed, which the near-miss rate shows;
/// - **on the same eligible pool** as Apparier (`rankersOnEligiblePool`): differences then come from
///   the ordering alone.
public enum RankerName: String, CaseIterable, Codable, Sendable {
    /// `Matcher.shortlist`: the engine itself.
    case apparier
    /// The same engine with declared competences only (the policy without its `inference` rules).
    case apparierNoInference
    /// Skill overlap scored like a search engine (BM25 over the candidates' competence codes), blind to
    /// métier, experience, diploma and travel.
    case keyword
    /// Nearest first (crow-flies distance to the workplace), blind to everything else.
    case distance
    /// Not a competitor: the records ranked by the probability of a fit under the generator's own laws
    /// (``RecordOracle``), an estimate of the best any ranker of records could do. Truths of generator v2
    /// only.
    case recordOracle
}

/// Which candidates a baseline ranks.
enum BaselineScope: String, Sendable {
    /// Everyone (distance) or everyone within ``searchRadiusKm`` (keyword): what a search tool sees.
    case unfiltered
    /// The candidates meeting the offer's hard constraints, as for Apparier.
    case eligible

    /// Radius of the keyword search when unfiltered. [assumed: a usual default of CV search tools]
    static let searchRadiusKm: Float = 30
}

/// BM25 over competence codes: what a team gets by typing an offer's competences into a CV search
/// engine. Each competence of the offer (coded, or the fiche's core items for an offer that lists none —
/// the engine's rule) held by the candidate adds `idf · (k₁ + 1) / (1 + k₁ (1 − b + b · |skills| / avg))`
/// (k₁ = 1.2, b = 0.75); `E` and `S` count alike, since a search engine does not know the difference.
/// Ties are broken by a hash of the id.
///
///     let ranked = KeywordRanker(index: index, itemCount: rome.items.count, tieKeys: keys).rank(offer, rows: rows, depth: 50)
struct KeywordRanker: Sendable {
    let index: CandidateIndex
    let tieKeys: [UInt64]
    /// Inverse document frequency of each ROME item over the pool.
    let idf: [Float]
    let averageLength: Float
    let k1: Float = 1.2, b: Float = 0.75

    init(index: CandidateIndex, itemCount: Int, tieKeys: [UInt64]) {
        self.index = index
        self.tieKeys = tieKeys
        var df = [Int](repeating: 0, count: itemCount)
        for (item, source) in zip(index.skillItems, index.skillSources)
        where Int(item) < itemCount && source == InferredSkills.declared { df[Int(item)] += 1 }
        let n = Float(max(index.count, 1))
        idf = df.map { log(1 + (n - Float($0) + 0.5) / (Float($0) + 0.5)) }
        averageLength = Float((0..<index.count).reduce(0) { $0 + index.skillCount(row: $1) }) / n
    }

    func score(_ offer: BaselineQuery, row r: Int) -> Float {
        let norm = k1 * (1 - b + b * Float(index.skillCount(row: r)) / max(averageLength, 1))
        var score: Float = 0
        for item in offer.queryItems where index.holds(row: r, item: item) { score += idf[Int(item)] * (k1 + 1) / (1 + norm) }
        return score
    }

    /// The best `depth` of `rows`.
    func rank(_ offer: BaselineQuery, rows: some Sequence<Int>, depth: Int) -> [Int] {
        var selection = TopSelection(depth: depth, tieKeys: tieKeys, higherFirst: true)
        for r in rows { selection.offer(r, score(offer, row: r)) }
        return selection.rows()
    }

    /// Rows within the search radius of the workplace.
    func searchable(_ offer: BaselineQuery) -> [Int] {
        (0..<index.count).filter { offer.distanceKm(row: $0, in: index) <= BaselineScope.searchRadiusKm }
    }
}

/// Nearest candidates first, by crow-flies distance from their commune to the workplace; ties (same
/// commune) broken by a hash of the id.
struct DistanceRanker: Sendable {
    let index: CandidateIndex
    let tieKeys: [UInt64]

    func rank(_ offer: BaselineQuery, rows: some Sequence<Int>, depth: Int) -> [Int] {
        var selection = TopSelection(depth: depth, tieKeys: tieKeys, higherFirst: false)
        for r in rows { selection.offer(r, offer.distanceKm(row: r, in: index)) }
        return selection.rows()
    }
}

/// Keeps the best `depth` (row, score) pairs seen, ordered by score then by a neutral tie key per row;
/// O(n) comparisons against the current threshold plus O(depth) per insertion.
struct TopSelection {
    let depth: Int
    let tieKeys: [UInt64]
    let higherFirst: Bool
    private var kept: [(row: Int, score: Float)] = []

    init(depth: Int, tieKeys: [UInt64], higherFirst: Bool) {
        self.depth = max(0, depth); self.tieKeys = tieKeys; self.higherFirst = higherFirst
        kept.reserveCapacity(self.depth + 1)
    }

    /// Whether `a` ranks before `b`.
    private func before(_ a: (row: Int, score: Float), _ b: (row: Int, score: Float)) -> Bool {
        if a.score != b.score { return higherFirst ? a.score > b.score : a.score < b.score }
        return tieKeys[a.row] < tieKeys[b.row]
    }

    mutating func offer(_ row: Int, _ score: Float) {
        let item = (row: row, score: score)
        if kept.count == depth {
            guard let last = kept.last, before(item, last) else { return }
            kept.removeLast()
        }
        var lo = 0, hi = kept.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if before(kept[mid], item) { lo = mid + 1 } else { hi = mid }
        }
        kept.insert(item, at: lo)
    }

    func rows() -> [Int] { kept.map(\.row) }
}
