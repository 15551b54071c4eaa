public import Foundation
public import MatchCore
import MatchData

/// The result of `apparier evaluate`: ranking quality of Apparier and of two baselines against the
/// planted truth, the skill embedding's mobilité AUC, priority-public shares, consistency checks, and
/// the figures per bassin and per offer. Encodes to the `--json` object (keys sorted).
///
///     let report = try Evaluator(model: ws).evaluate(offers: o, candidates: c, truth: t)
///     report.rankers["apparier"]?["recall@50"]
public struct EvaluationReport: Codable, Sendable {
    public var dataset: DatasetInfo
    /// The k of recall@k and NDCG@k.
    public var cutoffs: [Int]
    /// Size of the shortlists whose priority-public shares are compared with the eligible pool.
    public var shortlistSize: Int
    /// Ranker name (`apparier`, `keyword`, `distance`) → metric (`recall@50`, `ndcg@10`, `nearMissRate`…),
    /// the baselines run as a team would (keyword: everyone within ``searchRadiusKm`` of the workplace;
    /// distance: everyone). Recall and NDCG are means over the planted offers; `nearMissRate` is the
    /// share of all planted near misses ranked among the first R of the list, R = the offer's number of
    /// planted fits (the places the fits should take; 0 for a perfect ranking). `ndcgAllFits@k` also
    /// counts as relevant the background candidates who meet the fit definition ("natural" fits, which
    /// the truth does not list: in dense bassins many job seekers targeting the offer's fiche hold its
    /// competences), a diagnostic of how much of the gap to 1 they explain.
    public var rankers: [String: [String: Double]]
    /// `keyword` and `distance` ranking only the candidates who meet the hard constraints, as Apparier
    /// does: the difference with Apparier is then the ordering alone.
    public var rankersOnEligiblePool: [String: [String: Double]]
    /// Radius of the unfiltered keyword search.
    public var searchRadiusKm: Double
    /// Ranking (`apparier`, `keyword`, `distance`, `keyword/eligible`, `distance/eligible`) → near-miss
    /// kind → how many were ranked among the first R, of how many.
    public var nearMissesByKind: [String: [String: Count]]
    /// AUC of ROME mobilité pairs of fiches against random pairs under the skill embedding.
    public var mobilityAUC: Double
    public var embedding: String
    /// Version of the scoring policy Apparier ranked with.
    public var policy: String
    public var priorityPublics: PriorityShares
    public var checks: Checks
    public var bassins: [BassinResult]
    public var offers: [OfferResult]

    public struct DatasetInfo: Codable, Sendable {
        public var generator: String
        public var seed: UInt64
        public var referenceDate: Day
        public var candidates: Int
        public var offers: Int
        public var plantedOffers: Int
        public var fits: Int
        public var nearMisses: Int
        /// Eligible background candidates meeting the fit definition, summed over the planted offers.
        public var naturalFits: Int
    }

    public struct Count: Codable, Sendable, Equatable {
        public var shortlisted: Int
        public var total: Int
    }

    /// Shares of each priority public (and `any`) among the eligible candidates and in each ranking's
    /// first ``EvaluationReport/shortlistSize`` candidates (keys as in ``nearMissesByKind``): per offer,
    /// then averaged over the planted offers (each offer weighs the same on both sides).
    public struct PriorityShares: Codable, Sendable {
        public var eligible: [String: Double]
        public var shortlists: [String: [String: Double]]
    }

    public struct Checks: Codable, Sendable {
        /// Planted fits that meet every hard constraint (should be all).
        public var fitsEligible: Count
        /// Planted near misses that fail exactly the constraint they were built to fail, first in the
        /// engine's order (`essentialSkills`: eligible and holding no `E` competence).
        public var nearMissesAsBuilt: Count
        /// Offers where the engine's exclusion counts per reason equal the evaluation's own.
        public var engineAgreement: Count
        /// The first disagreements, for diagnosis.
        public var problems: [String]
    }

    public struct BassinResult: Codable, Sendable {
        public var code: String
        public var name: String
        public var offers: Int
        /// Ranking (keys as in ``nearMissesByKind``) → metric, means over the bassin's planted offers.
        public var rankers: [String: [String: Double]]
    }

    public struct OfferResult: Codable, Sendable {
        public var offerId: String
        public var bassin: String
        public var romeCode: String
        public var fits: Int
        public var nearMisses: Int
        public var eligible: Int
        /// Eligible background candidates meeting the fit definition (not in the truth).
        public var naturalFits: Int
        public var excluded: [String: Int]
        public var rankers: [String: [String: Double]]
    }
}

extension EvaluationReport {
    /// The `--json` text.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// A readable summary: the ranker table, the AUC, near misses by kind, priority shares, checks and
    /// the bassins.
    public func table() -> String {
        let names = RankerName.allCases.map(\.rawValue)
        let rankings = RankingKey.allCases.map(\.rawValue)
        var lines = [String]()
        lines.append("Data set: \(dataset.candidates) candidates, \(dataset.offers) offers (\(dataset.generator), seed \(dataset.seed), reference date \(dataset.referenceDate))")
        lines.append("Planted truth: \(dataset.plantedOffers) offers, \(dataset.fits) true fits, \(dataset.nearMisses) near misses; \(String(format: "%.1f", Double(dataset.naturalFits) / Double(max(dataset.plantedOffers, 1)))) natural fits per offer (eligible background candidates meeting the fit definition, not in the truth)")
        lines.append("")
        let metricKeys = cutoffs.map { "recall@\($0)" } + cutoffs.map { "ndcg@\($0)" } + ["nearMissRate"]
            + cutoffs.filter { $0 <= 10 }.map { "ndcgAllFits@\($0)" }
        func row(_ label: String, _ m: [String: Double]?) -> String {
            pad(label, 20) + metricKeys.map { key in pad(m?[key].map { String(format: "%.3f", $0) } ?? "–", 14) }.joined()
        }
        lines.append("Apparier with policy \(policy)")
        lines.append(pad("ranker", 20) + metricKeys.map { pad($0, 14) }.joined())
        for name in names { lines.append(row(name, rankers[name])) }
        lines.append("On the same eligible pool as apparier:")
        for name in names.dropFirst() { lines.append(row("  " + name, rankersOnEligiblePool[name])) }
        lines.append("(keyword: BM25 over competence codes, within \(Int(searchRadiusKm)) km of the workplace; distance: nearest first;")
        lines.append(" ndcgAllFits: natural fits count as relevant too)")
        if let a = rankers["apparier"] {
            func gap(_ other: [String: Double]?, _ key: String) -> String {
                String(format: "%+.1f", 100 * ((a[key] ?? 0) - (other?[key] ?? 0)))
            }
            let gaps = names.dropFirst().map { b in
                "\(b) \(gap(rankers[b], "recall@50")) / \(gap(rankers[b], "ndcg@10")) (eligible pool: \(gap(rankersOnEligiblePool[b], "recall@50")) / \(gap(rankersOnEligiblePool[b], "ndcg@10")))"
            }
            lines.append("apparier minus baseline, points of recall@50 / ndcg@10: " + gaps.joined(separator: "; "))
        }
        lines.append("")
        lines.append("Skill embedding (\(embedding)): mobilité pairs vs random pairs of ROME fiches, AUC \(String(format: "%.3f", mobilityAUC))")
        lines.append("")
        lines.append("Near misses ranked among the first R (R = planted fits of the offer), by what they break:")
        lines.append(pad("kind", 16) + rankings.map { pad($0, 18) }.joined())
        for kind in ExclusionReason.allCases.map(\.rawValue) {
            guard let total = nearMissesByKind["apparier"]?[kind]?.total, total > 0 else { continue }
            lines.append(pad(kind, 16) + rankings.map { n in
                pad(nearMissesByKind[n]?[kind].map { "\($0.shortlisted)/\($0.total)" } ?? "–", 18)
            }.joined())
        }
        lines.append("")
        lines.append("Priority publics: share among the first \(shortlistSize) vs among the eligible pool")
        lines.append(pad("public", 20) + pad("eligible", 10) + rankings.map { pad($0, 18) }.joined())
        for key in PriorityPublic.allCases.map(\.rawValue) + ["any"] {
            lines.append(pad(key, 20) + pad(percent(priorityPublics.eligible[key]), 10)
                         + rankings.map { pad(percent(priorityPublics.shortlists[$0]?[key]), 18) }.joined())
        }
        lines.append("")
        lines.append("Checks: fits eligible \(checks.fitsEligible.shortlisted)/\(checks.fitsEligible.total), "
                     + "near misses failing as built \(checks.nearMissesAsBuilt.shortlisted)/\(checks.nearMissesAsBuilt.total), "
                     + "engine exclusion counts agree \(checks.engineAgreement.shortlisted)/\(checks.engineAgreement.total) offers")
        for problem in checks.problems.prefix(5) { lines.append("  " + problem) }
        lines.append("")
        lines.append("Per bassin, recall@50 / ndcg@10:")
        lines.append(pad("bassin", 32) + pad("offers", 8) + names.map { pad($0, 14) }.joined())
        for b in bassins {
            let cells = names.map { n in
                pad(String(format: "%.2f / %.2f", b.rankers[n]?["recall@50"] ?? 0, b.rankers[n]?["ndcg@10"] ?? 0), 14)
            }
            lines.append(pad("\(b.code) \(b.name)", 32) + pad(String(b.offers), 8) + cells.joined())
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    private func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f %%", 100 * $0) } ?? "–"
    }
}
