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

    /// With a travel slack, the verdicts are those of the reference for candidates whose limit is that much
    /// longer (the near misses on travel the desk lists).
    @Test(arguments: equivalenceScenarios.prefix(2))
    func travelSlackIsALongerLimit(seed: UInt64, poolSize: Int, policy name: String) throws {
        let s = try Scenario(seed: seed, poolSize: poolSize, offerCount: 6, policy: policy(named: name))
        var gained = 0
        for offer in s.offers {
            let relaxed = try s.matcher.eligibility(for: offer, travelSlackMinutes: 15)
            var eligible = Set<String>()
            for var candidate in s.pool {
                candidate.mobility.maxMinutes += 15
                if try s.reference.evaluate(candidate, for: offer).reason == nil { eligible.insert(candidate.id) }
            }
            #expect(Set(relaxed.eligibleIds) == eligible, "seed \(seed) \(offer.id): eligible with 15 more minutes")
            let strict = try s.matcher.eligibility(for: offer)
            #expect(Set(strict.eligibleIds).isSubset(of: Set(relaxed.eligibleIds)))
            gained += relaxed.eligibleIds.count - strict.eligibleIds.count
        }
        #expect(gained > 0, "seed \(seed): the slack never changed a verdict, the test shows nothing")
    }
}
