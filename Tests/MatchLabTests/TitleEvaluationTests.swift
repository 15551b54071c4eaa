import Foundation
import MatchCore
import MatchData
import MatchTestSupport
import Testing
@testable import MatchLab

@Suite("Job titles to ROME: the evaluation on France Travail's offers")
struct TitleEvaluationTests {
    static let data = RepositoryPaths.dataDirectory()

    @Test("108 of the 150 titles are free; the matcher beats word overlap on them, in the same run")
    func evaluation() throws {
        let rome = try ReferentialLoader.loadRome(from: Self.data)
        let matcher = try ReferentialLoader.loadTitleMatcher(from: Self.data, rome: rome)
        let samples = try TitleEvaluation.loadSamples(at: Self.data.appending(path: "offres/france_travail_offres_dept07_2025-06-01.json"))
        #expect(samples.count == 150)
        let report = TitleEvaluation.run(samples, matcher: matcher, rome: rome)
        let free = try #require(report.groups.first)
        #expect(free.offers == 108)
        let ours = free.rankers[0], baseline = free.rankers[1]
        #expect(ours.appellationTop1 > baseline.appellationTop1 + 0.05, "\(ours) vs \(baseline)")
        #expect(ours.appellationTop5 > baseline.appellationTop5, "\(ours) vs \(baseline)")
        // The rates are the hits counted again from the outcomes.
        let freeOutcomes = report.outcomes.filter(\.isFree)
        let hits = freeOutcomes.filter { $0.apparier.first == $0.appellationRomeCode }.count
        #expect(abs(ours.appellationTop1 - Double(hits) / 108) < 1e-9)
    }

    @Test("A title that is a label, H/F aside, is not free")
    func freeTitles() {
        let labels = TitleEvaluation.labelSet([Appellation(code: "1", label: "Cuisinier / Cuisinière", shortLabel: "Cuisinier(ère)", romeCode: "G1602")])
        #expect(TitleEvaluation.isAppellationLabel("Cuisinier / Cuisinière (H/F)", labels: labels))
        #expect(TitleEvaluation.isAppellationLabel("CUISINIER(ÈRE) H/F", labels: labels))
        #expect(!TitleEvaluation.isAppellationLabel("Cuisinier H/F", labels: labels))
    }

    @Test("The word-overlap baseline ranks by Jaccard over the labels' words")
    func baseline() {
        let ranker = WordOverlapRanker([
            Appellation(code: "1", label: "Vendeur en boulangerie", shortLabel: "Vendeur en boulangerie", romeCode: "D1106"),
            Appellation(code: "2", label: "Boulanger", shortLabel: "Boulanger", romeCode: "D1102"),
            Appellation(code: "3", label: "Vendeur en épicerie fine", shortLabel: "Vendeur en épicerie fine", romeCode: "D1107"),
        ])
        #expect(ranker.fiches(for: "vendeur boulangerie", top: 5) == ["D1106", "D1107"])
        #expect(ranker.fiches(for: "boulanger", top: 5) == ["D1102"])
    }
}
