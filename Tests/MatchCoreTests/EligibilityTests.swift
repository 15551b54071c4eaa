import MatchTestSupport
import Testing
@testable import MatchCore

/// The engine's eligibility (the scan's own constraints, every row named) against the plain reference scorer.
@Suite struct EligibilityTests {
    @Test(arguments: equivalenceScenarios)
    func everyVerdictMatchesReference(seed: UInt64, poolSize: Int, policy name: String) throws {
        let s = try Scenario(seed: seed, poolSize: poolSize, offerCount: 6, policy: policy(named: name))
        for offer in s.offers {
            let eligibility = try s.matcher.eligibility(for: offer)
            let expected = try s.reference.rank(offer, candidates: s.pool)
            #expect(eligibility.excluded == expected.excluded, "seed \(seed) \(offer.id): exclusion counts")
            #expect(eligibility.excluded == (try s.matcher.shortlist(for: offer, top: 5).excluded),
                    "seed \(seed) \(offer.id): the shortlist's own counts")
            var eligible = Set<String>()
            for candidate in s.pool {
                let want = try s.reference.evaluate(candidate, for: offer).reason
                #expect(eligibility.reason(for: candidate.id) == want, "seed \(seed) \(offer.id) \(candidate.id)")
                if want == nil { eligible.insert(candidate.id) }
            }
            #expect(Set(eligibility.eligibleIds) == eligible, "seed \(seed) \(offer.id): eligible ids")
            #expect(eligibility.eligibleIds.count == expected.ranked.count, "seed \(seed) \(offer.id): every eligible one is ranked")
        }
    }
}
