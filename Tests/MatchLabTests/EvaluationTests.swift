import Foundation
import MatchCore
import Testing
@testable import MatchLab
import MatchData

@Suite struct EvaluationMetricTests {
    @Test func recallCountsRelevantIdsInTheFirstK() {
        let ranked = ["a", "x", "b", "y", "c"]
        #expect(RankingMetrics.recall(ranked, relevant: ["a", "b", "c"], at: 1) == 1.0 / 3)
        #expect(RankingMetrics.recall(ranked, relevant: ["a", "b", "c"], at: 3) == 2.0 / 3)
        #expect(RankingMetrics.recall(ranked, relevant: ["a", "b", "c"], at: 50) == 1)
        #expect(RankingMetrics.recall(ranked, relevant: [], at: 5) == 0)
        #expect(RankingMetrics.recall([], relevant: ["a"], at: 5) == 0)
    }

    @Test func ndcgAgainstHandComputedValues() {
        // Perfect: relevant first.
        #expect(abs(RankingMetrics.ndcg(["a", "b", "x"], relevant: ["a", "b"], at: 3) - 1) < 1e-12)
        // a at 1, b at 3: (1 + 1/log2(4)) / (1 + 1/log2(3)).
        let expected = (1 + 1 / log2(4.0)) / (1 + 1 / log2(3.0))
        #expect(abs(RankingMetrics.ndcg(["a", "x", "b"], relevant: ["a", "b"], at: 3) - expected) < 1e-12)
        // Cut at 2 loses b; the ideal at 2 still holds two relevant ids.
        #expect(abs(RankingMetrics.ndcg(["a", "x", "b"], relevant: ["a", "b"], at: 2) - 1 / (1 + 1 / log2(3.0))) < 1e-12)
        // More relevant ids than k: the ideal is k hits.
        #expect(abs(RankingMetrics.ndcg(["a", "b"], relevant: ["a", "b", "c"], at: 2) - 1) < 1e-12)
        #expect(RankingMetrics.ndcg(["x", "y"], relevant: ["a"], at: 2) == 0)
        // Reversing a ranking never improves it.
        let good = ["a", "b", "x", "y"], bad = ["x", "y", "a", "b"]
        #expect(RankingMetrics.ndcg(bad, relevant: ["a", "b"], at: 4) < RankingMetrics.ndcg(good, relevant: ["a", "b"], at: 4))
    }

    @Test func shortlistedNearMisses() {
        #expect(RankingMetrics.shortlisted(["a", "m", "b", "n"], among: ["m", "n"], at: 2) == 1)
        #expect(RankingMetrics.shortlisted(["a", "m", "b", "n"], among: ["m", "n"], at: 4) == 2)
        #expect(RankingMetrics.shortlisted(["a", "m"], among: ["m"], at: 0) == 0)
    }

    @Test func aucWithTiesAndExtremes() {
        #expect(RankingMetrics.auc(positives: [0.9, 0.8], negatives: [0.1, 0.85]) == 0.75)
        #expect(RankingMetrics.auc(positives: [2, 3], negatives: [0, 1]) == 1)
        #expect(RankingMetrics.auc(positives: [0, 1], negatives: [2, 3]) == 0)
        #expect(RankingMetrics.auc(positives: [1, 1], negatives: [1, 1, 1]) == 0.5)
        // One tie out of four pairs: (1 + 1 + 0.5 + 0) / 4.
        #expect(RankingMetrics.auc(positives: [0.5, 0.9], negatives: [0.5, 0.95]) == 0.375)
        #expect(RankingMetrics.auc(positives: [], negatives: [1]) == 0.5)
    }
}

@Suite struct EvaluationRankerTests {
    /// The selection keeps the best scores in order and breaks ties by the neutral key, not by row.
    @Test func topSelectionOrdersByScoreThenTieKey() throws {
        let tieKeys = (1...6).map { CandidateIndex.neutralHash("C\($0)") }
        var high = TopSelection(depth: 3, tieKeys: tieKeys, higherFirst: true)
        for (row, score) in [(0, Float(1)), (1, 5), (2, 3), (3, 5), (4, 0), (5, 4)] { high.offer(row, score) }
        let first = high.rows()
        #expect(first.count == 3)
        #expect(Set(first.prefix(2)) == [1, 3] && first[2] == 5)
        #expect(first[0] == (tieKeys[1] < tieKeys[3] ? 1 : 3))
        var low = TopSelection(depth: 2, tieKeys: tieKeys, higherFirst: false)
        for (row, score) in [(0, Float(1)), (1, 5), (2, 3), (4, 0)] { low.offer(row, score) }
        #expect(low.rows() == [4, 0])
        #expect(CandidateIndex.neutralHash("C1") == CandidateIndex.neutralHash("C1")
                && CandidateIndex.neutralHash("C1") != CandidateIndex.neutralHash("C2"))
    }
}

@Suite struct EvaluationEndToEndTests {
    /// The real referentials with a zero embedding (every fiche pair ties), and the real employment areas.
    func zeroEmbeddingModel(_ f: GeneratorFixtures.Loaded) throws -> (MatchModel, BassinMap) {
        let model = try MatchModel(rome: f.rome, communes: f.communes, embedding: GeneratorFixtures.zeroEmbedding(f.rome),
                                   policy: .standard, travel: TravelTimes())
        return (model, try BassinMap.load(from: f.root.appending(path: "data"), communes: f.communes))
    }

    /// On a small generated set: every check passes (fits eligible, near misses failing as built, the
    /// engine's exclusion counts equal the evaluation's), metrics are in range, hard near misses are
    /// never in Apparier's lists, and the JSON has the documented keys. With a zero embedding every fiche
    /// pair ties, so the mobilité AUC is exactly 0.5.
    @Test func evaluatesASmallGeneratedSet() throws {
        let f = try GeneratorFixtures.load()
        let data = f.generator.generate(GeneratorFixtures.options(seed: 23, candidates: 3_000, offers: 250, planted: 8))
        let (model, bassins) = try zeroEmbeddingModel(f)
        let report = try Evaluator(model: model, bassins: bassins).evaluate(
            offers: data.offers, candidates: data.candidates, truth: data.truth,
            options: .init(cutoffs: [5], shortlistSize: 20, aucNegatives: 2_000))
        #expect(report.checks.fitsEligible.shortlisted == report.checks.fitsEligible.total)
        #expect(report.checks.nearMissesAsBuilt.shortlisted == report.checks.nearMissesAsBuilt.total)
        #expect(report.checks.engineAgreement.shortlisted == 8 && report.checks.engineAgreement.total == 8)
        #expect(report.checks.problems.isEmpty, "\(report.checks.problems)")
        #expect(report.cutoffs == [5, 10, 50])
        for name in ["apparier", "keyword", "distance"] {
            let m = try #require(report.rankers[name])
            for key in ["recall@5", "recall@10", "recall@50", "ndcg@10", "nearMissRate"] {
                let value = try #require(m[key], "\(name) \(key)")
                #expect((0...1).contains(value))
            }
        }
        #expect(report.rankersOnEligiblePool["keyword"]?["recall@50"] != nil)
        for (kind, count) in report.nearMissesByKind["apparier"] ?? [:] where kind != ExclusionReason.essentialSkills.rawValue {
            #expect(count.shortlisted == 0, "apparier listed a \(kind) near miss")
        }
        #expect(report.mobilityAUC == 0.5)
        #expect(report.offers.count == 8 && !report.bassins.isEmpty)
        let json = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any]
        let rankers = json?["rankers"] as? [String: [String: Double]]
        #expect(rankers?["apparier"]?["recall@50"] != nil && rankers?["keyword"]?["ndcg@10"] != nil)
        #expect(rankers?["distance"]?["nearMissRate"] != nil)
        #expect(json?["mobilityAUC"] as? Double == 0.5)
        #expect(report.table().contains("recall@50"))
        // Generator v2: every profile type, each measured for Apparier with and without inference, the baselines
        // and the yardstick.
        #expect(rankers?["recordOracle"]?["ndcg@10"].map { (0...1).contains($0) } == true)
        let types = try #require(json?["profileTypes"] as? [String: [String: [String: Double]]])
        #expect(Set(types.keys) == ["sparse", "rich", "reconversion", "inflated"])
        for (type, rankers) in types {
            #expect(Set(rankers.keys) == ["apparier", "apparierNoInference", "keyword", "distance", "recordOracle"], "\(type)")
            for (name, m) in rankers {
                #expect(m["recall@50"].map { (0...1).contains($0) } == true && m["ndcg@10"].map { (0...1).contains($0) } == true,
                        "\(type) \(name)")
            }
        }
        #expect(report.table().contains("Par type de profil"))
    }

    @Test func missingPlantedCandidateIsAnErrorNamingIt() throws {
        let f = try GeneratorFixtures.load()
        let data = f.generator.generate(GeneratorFixtures.options(seed: 29, candidates: 600, offers: 60, planted: 1))
        let (model, bassins) = try zeroEmbeddingModel(f)
        let missing = try #require(data.truth.plantedOffers.first?.fits.first)
        do {
            _ = try Evaluator(model: model, bassins: bassins)
                .evaluate(offers: data.offers, candidates: data.candidates.filter { $0.id != missing }, truth: data.truth)
            Issue.record("expected an error")
        } catch let error as MatchError {
            #expect(error.description.contains(missing))
        }
    }
}
