import Foundation
import MatchCore
import Testing
@testable import MatchLab

/// The yardstick (`RecordOracle`): its pieces against plain computations, and its reading of a record.
@Suite struct RecordOracleTests {
    /// The Poisson binomial tail against the sum over every outcome.
    @Test func atLeastAgainstEveryOutcome() throws {
        let oracle = RecordOracle(rome: try GeneratorFixtures.load().rome)
        let p = [0.9, 0.15, 0.5, 0.33, 0.7]
        for k in 0...6 {
            var brute = 0.0
            for mask in 0..<(1 << p.count) {
                var chance = 1.0
                for (i, q) in p.enumerated() { chance *= mask & (1 << i) != 0 ? q : 1 - q }
                if mask.nonzeroBitCount >= k { brute += chance }
            }
            #expect(abs(oracle.atLeast(k, of: p) - brute) < 1e-12, "k = \(k)")
        }
    }

    /// Months written with ±25 %: as many as asked is a coin toss, a quarter more is sure, a quarter less
    /// is impossible, and an offer that asks none is met by anyone.
    @Test func monthsReachedUnderTheRecordingError() throws {
        let oracle = RecordOracle(rome: try GeneratorFixtures.load().rome)
        #expect(oracle.monthsReached(recorded: 0, asked: 0) == 1)
        #expect(oracle.monthsReached(recorded: 24, asked: 24) == 0.5)
        #expect(oracle.monthsReached(recorded: 30, asked: 24) == 1)
        #expect(oracle.monthsReached(recorded: 18, asked: 24) == 0)
        #expect(oracle.monthsReached(recorded: 0, asked: 12) == 0)
    }

    /// Another family is never a fit; a declared `E` competence makes a fit likelier than a silent record;
    /// years in the fiche make a silent record likelier than months.
    @Test func readsTheRecordOnly() throws {
        let rome = try GeneratorFixtures.load().rome
        let oracle = RecordOracle(rome: rome)
        let f = try #require(rome.ficheIndex["N1101"])
        let core = rome.ficheCoreItems[Int(f)]
        let essential = [core[0]], desired = Array(core[1..<4])
        func person(targets: [String] = ["N1101"], months: Int, declared: [Int32] = []) -> (Candidate, (Int32) -> Bool) {
            let c = Candidate(id: "C", commune: "62041", targetRomeCodes: targets,
                              experiences: [.init(romeCode: "N1101", months: months)],
                              skills: declared.map { rome.items[Int($0)].code }, mobility: .init(modes: [.car], maxMinutes: 30))
            return (c, { declared.contains($0) })
        }
        func chance(_ p: (Candidate, (Int32) -> Bool)) -> Double {
            oracle.probability(p.0, declared: p.1, fiche: f, essential: essential, desired: desired, requiredMonths: 0)
        }
        #expect(chance(person(targets: ["K2204"], months: 60)) == 0)
        let silent = chance(person(months: 60))
        #expect(silent > 0 && silent < 1)
        #expect(chance(person(months: 60, declared: [core[0]])) > silent)
        #expect(chance(person(months: 6)) < silent)
    }
}
