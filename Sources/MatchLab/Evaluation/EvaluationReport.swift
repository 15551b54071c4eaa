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
    /// Ranker name (`apparier`, `apparierNoInference`, `keyword`, `distance`, and for a truth of generator v2
    /// the yardstick `recordOracle`, ``RankerName/recordOracle``) → metric (`recall@50`, `ndcg@10`, `nearMissRate`…),
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
    /// Profile type (`sparse`, `rich`, `reconversion`, `inflated`) → ranker (`apparier`,
    /// `apparierNoInference`, `keyword`, `distance`, `recordOracle`) → `recall@50`, `ndcg@10`, means over the planted offers
    /// that have fits of that type (decoys for `inflated`). For a type of fits, the other fits are taken out
    /// of the ranking; for `inflated`, only fits and decoys are kept. Absent for a truth of generator v1.
    public var profileTypes: [String: [String: [String: Double]]]?
    /// Profile type → planted offers it was measured on.
    public var profileTypeOffers: [String: Int]?

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

    /// A readable summary, in French: the ranker table, the AUC, near misses by kind, priority shares,
    /// checks and the bassins. Metric and ranker names stay as in the JSON (`recall@50`, `keyword`).
    public func table() -> String {
        let names = RankerName.allCases.map(\.rawValue)
        let baselines = [RankerName.keyword, .distance].map(\.rawValue)
        let rankings = RankingKey.allCases.map(\.rawValue)
        var lines = [String]()
        lines.append("Jeu de données : \(French.count(dataset.candidates)) candidats, \(French.count(dataset.offers)) offres (\(dataset.generator), graine \(dataset.seed), jour de référence \(French.date(dataset.referenceDate)))")
        lines.append("Vérité plantée : \(French.count(dataset.plantedOffers)) offres, \(French.count(dataset.fits)) vrais appariements, \(French.count(dataset.nearMisses)) quasi-appariements ; \(French.number(Double(dataset.naturalFits) / Double(max(dataset.plantedOffers, 1)), digits: 1)) appariements naturels par offre " + (profileTypes == nil
            ? "(candidats éligibles du fond qui répondent à la définition, hors vérité)"
            : "(candidats du fond qui remplissent la règle de vérité, comptés comme vrais appariements)"))
        lines.append("")
        let metricKeys = cutoffs.map { "recall@\($0)" } + cutoffs.map { "ndcg@\($0)" } + ["nearMissRate"]
            + cutoffs.filter { $0 <= 10 }.map { "ndcgAllFits@\($0)" }
        let right = [TextTable.Alignment](repeating: .right, count: metricKeys.count)
        func rankerTable(_ rows: [(String, [String: Double]?)]) -> String {
            var table = TextTable(["classeur"] + metricKeys, alignments: [.left] + right)
            for (label, m) in rows { table.append([label] + metricKeys.map { key in m?[key].map { French.number($0, digits: 3) } ?? "–" }) }
            return table.text
        }
        lines.append("Apparier avec la politique \(policy)")
        lines.append(rankerTable(names.map { ($0, rankers[$0]) }) + "Sur le même vivier éligible qu'apparier :")
        lines.append(rankerTable(baselines.map { ($0, rankersOnEligiblePool[$0]) })
                     + "(keyword : BM25 sur les codes de compétences, à moins de \(Int(searchRadiusKm)) km du lieu de travail ; distance : le plus proche d'abord ;")
        lines.append(" ndcgAllFits : les appariements naturels comptent aussi comme pertinents"
                     + (rankers[RankerName.recordOracle.rawValue] == nil ? ")"
                        : " ; recordOracle : un étalon, pas un concurrent : les dossiers classés selon les lois mêmes du générateur, ce qu'ils permettent au mieux)"))
        if let a = rankers["apparier"] {
            func gap(_ other: [String: Double]?, _ key: String) -> String {
                let points = 100 * ((a[key] ?? 0) - (other?[key] ?? 0))
                return (points >= 0 ? "+" : "") + French.number(points, digits: 1)
            }
            let gaps = baselines.map { b in
                "\(b) \(gap(rankers[b], "recall@50")) / \(gap(rankers[b], "ndcg@10")) (vivier éligible : \(gap(rankersOnEligiblePool[b], "recall@50")) / \(gap(rankersOnEligiblePool[b], "ndcg@10")))"
            }
            lines.append("apparier moins la référence, en points de recall@50 / ndcg@10 : " + gaps.joined(separator: " ; "))
        }
        if let types = profileTypes {
            lines.append("")
            lines.append("Par type de profil, recall@50 / ndcg@10 (sparse : presque rien de déclaré, des années dans le métier ; "
                         + "rich : ce qu'il sait est déclaré ; reconversion : un métier proche par la mobilité ROME et une formation ; "
                         + "inflated : les appariements face aux dossiers gonflés) :")
            var table = TextTable(["type", "offres"] + names, alignments: [.left, .right] + names.map { _ in .right })
            for type in ProfileType.allCases.map(\.rawValue) {
                guard let row = types[type] else { continue }
                table.append([type, French.count(profileTypeOffers?[type] ?? 0)] + names.map { n in
                    "\(French.number(row[n]?["recall@50"] ?? 0, digits: 3)) / \(French.number(row[n]?["ndcg@10"] ?? 0, digits: 3))"
                })
            }
            lines.append(table.text)
        }
        lines.append("")
        lines.append("Plongement des compétences (\(embedding)) : paires de mobilité face à des paires de fiches ROME au hasard, AUC \(French.number(mobilityAUC, digits: 3))")
        lines.append("")
        lines.append("Quasi-appariements classés dans les R premiers (R = appariements plantés de l'offre), par condition manquée :")
        var misses = TextTable(["condition"] + rankings, alignments: [.left] + rankings.map { _ in .right })
        for kind in ExclusionReason.allCases.map(\.rawValue) {
            guard let total = nearMissesByKind["apparier"]?[kind]?.total, total > 0 else { continue }
            misses.append([Wording.exclusionName(kind)] + rankings.map { n in nearMissesByKind[n]?[kind].map { "\($0.shortlisted)/\($0.total)" } ?? "–" })
        }
        lines.append(misses.text)
        lines.append("Publics prioritaires : part parmi les \(shortlistSize) premiers face au vivier éligible")
        var publics = TextTable(["public", "éligibles"] + rankings, alignments: [.left, .right] + rankings.map { _ in .right })
        for key in PriorityPublic.allCases.map(\.rawValue) + ["any"] {
            publics.append([key == "any" ? "au moins un" : Wording.publicName(key), percent(priorityPublics.eligible[key])]
                           + rankings.map { percent(priorityPublics.shortlists[$0]?[key]) })
        }
        lines.append(publics.text)
        lines.append("Vérifications : appariements éligibles \(checks.fitsEligible.shortlisted)/\(checks.fitsEligible.total), "
                     + "quasi-appariements qui échouent comme construits \(checks.nearMissesAsBuilt.shortlisted)/\(checks.nearMissesAsBuilt.total), "
                     + "exclusions du moteur concordantes \(checks.engineAgreement.shortlisted)/\(checks.engineAgreement.total) offres")
        for problem in checks.problems.prefix(5) { lines.append("  " + problem) }
        lines.append("")
        lines.append("Par bassin, recall@50 / ndcg@10 :")
        var byBassin = TextTable(["bassin", "offres"] + names, alignments: [.left, .right] + names.map { _ in .right })
        for b in bassins {
            byBassin.append(["\(b.code) \(b.name)", French.count(b.offers)] + names.map { n in
                "\(French.number(b.rankers[n]?["recall@50"] ?? 0, digits: 2)) / \(French.number(b.rankers[n]?["ndcg@10"] ?? 0, digits: 2))"
            })
        }
        lines.append(byBassin.text)
        return lines.joined(separator: "\n")
    }

    private func percent(_ value: Double?) -> String {
        value.map { French.percent($0) } ?? "–"
    }
}
