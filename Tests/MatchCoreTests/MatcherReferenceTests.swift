import MatchTestSupport
import Testing
@testable import MatchCore

/// The engine (blocks, BLAS first pass, top-k heap, exact rerank) against the plain reference scorer.
@Suite struct MatcherReferenceTests {
    static let k = 20

    @Test(arguments: equivalenceScenarios)
    func topKMatchesReference(seed: UInt64, poolSize: Int, policy name: String) throws {
        let s = try Scenario(seed: seed, poolSize: poolSize, policy: policy(named: name))
        for offer in s.offers {
            let expected = try s.reference.rank(offer, candidates: s.pool)
            // The blocked scan also on 2 and 3 workers sharing their thresholds: the same list and counts.
            var shared = s.matcher
            shared.rowsPerScanWorker = 1  // these pools are small: make every worker count
            for (strategy, threads) in [(Matcher.Strategy.flat, 1), (.blocked, 1), (.blocked, 2), (.blocked, 3)] {
                let list = try shared.shortlist(for: offer, top: Self.k, strategy: strategy, threads: threads)
                let context = "seed \(seed) \(offer.id) \(strategy) on \(threads) threads"
                expectSameRanking(list.entries, expected.ranked, k: Self.k, context)
                #expect(list.excluded == expected.excluded, "\(context): exclusions")
                #expect(list.considered == s.pool.count, "\(context): considered")
                let scanned = strategy == .flat ? s.pool.count : expected.withinTimeLimit
                #expect(list.scanned == scanned, "\(context): blocked scans the rows within their time limit, flat all")
            }
        }
    }

    /// With `k` ≥ the pool, the shortlist is every feasible candidate: each one's parts match the reference's.
    @Test(arguments: equivalenceScenarios)
    func everyFeasibleCandidateMatchesReference(seed: UInt64, poolSize: Int, policy name: String) throws {
        let s = try Scenario(seed: seed, poolSize: poolSize, offerCount: 4, policy: policy(named: name))
        for offer in s.offers {
            let expected = try s.reference.rank(offer, candidates: s.pool)
            let list = try s.matcher.shortlist(for: offer, top: s.pool.count)
            let context = "seed \(seed) \(offer.id) full list"
            expectSameRanking(list.entries, expected.ranked, k: s.pool.count, context)
            let byId = Dictionary(uniqueKeysWithValues: expected.ranked.map { ($0.candidateId, $0) })
            let candidates = Dictionary(uniqueKeysWithValues: s.pool.map { ($0.id, $0) })
            let competences = try s.reference.competences(of: offer).map(\.code)
            for entry in list.entries {
                guard let ref = byId[entry.candidateId], let candidate = candidates[entry.candidateId] else { continue }
                let held = try s.reference.heldCompetences(of: candidate, for: offer)
                #expect(entry.matched == held, "\(context) \(entry.candidateId): matched")
                #expect(Array(entry.missing.prefix(competences.count - held.count)) == competences.filter { !held.contains($0) }.map { MissingItem.competence(code: $0) },
                        "\(context) \(entry.candidateId): missing")
                for part in ScoreComponent.allCases {
                    let got = entry.components[part] ?? .nan, want = ref.components[part] ?? .nan
                    #expect(abs(got - want) <= 1e-5, "\(context) \(entry.candidateId) \(part): \(got) vs \(want)")
                }
                #expect(entry.travel.minutes == ref.travelMinutes, "\(context) \(entry.candidateId): minutes")
                #expect(abs(entry.travel.distanceKm - ref.distanceKm) <= 1e-9, "\(context) \(entry.candidateId): km")
                #expect(entry.priorityPublics == ref.publics, "\(context) \(entry.candidateId): publics")
            }
        }
    }

    /// Every entry meets the offer's hard constraints, checked on the raw candidate; parts add up.
    @Test(arguments: equivalenceScenarios.prefix(4))
    func entriesMeetHardConstraints(seed: UInt64, poolSize: Int, policy name: String) throws {
        let s = try Scenario(seed: seed, poolSize: poolSize, offerCount: 6, policy: policy(named: name))
        let candidates = Dictionary(uniqueKeysWithValues: s.pool.map { ($0.id, $0) })
        let constraints = HardConstraints(world: s.world, policy: s.policy, reference: s.reference)
        for offer in s.offers {
            let list = try s.matcher.shortlist(for: offer, top: s.pool.count, strategy: .blocked)
            for entry in list.entries {
                let candidate = try #require(candidates[entry.candidateId])
                let broken = constraints.broken(by: candidate, entry: entry, offer: offer)
                #expect(broken.isEmpty, "seed \(seed) \(offer.id) \(entry.candidateId) breaks \(broken)")
                let sum = entry.components.values.reduce(0, +)
                #expect(abs(sum - entry.score) <= 1e-9, "\(entry.candidateId): parts add to \(sum), score \(entry.score)")
                #expect(entry.travel.minutes <= entry.travel.limitMinutes)
                #expect(entry.travel.limitMinutes == Double(candidate.mobility.maxMinutes))
                #expect(candidate.mobility.modes.contains(entry.travel.mode))
                #expect(entry.components.values.allSatisfy { $0 >= 0 }, "\(entry.candidateId): a negative part")
            }
            #expect(list.entries.map(\.rank) == Array(1..<(list.entries.count + 1)))
        }
    }

    @Test func unknownRomeCodeAndUnlocatableOfferAreRejected() throws {
        let s = try Scenario(seed: 9, poolSize: 50, offerCount: 1)
        var offer = s.offers[0]
        offer.romeCode = "Z9999"
        #expect { try s.matcher.shortlist(for: offer) } throws: {
            ($0 as? MatchError)?.code == .invalidOffer && ($0 as? MatchError)?.field == "romeCode"
        }
        offer = s.offers[0]
        offer.workplace = .init(commune: "00000")
        #expect { try s.matcher.shortlist(for: offer) } throws: {
            ($0 as? MatchError)?.code == .invalidOffer && ($0 as? MatchError)?.field?.hasPrefix("lieuTravail") == true
        }
    }

    @Test func unknownLicenceAndLanguageAreWarnedNotChecked() throws {
        let s = try Scenario(seed: 10, poolSize: 300, offerCount: 1)
        var offer = s.offers[0]
        offer.licences = [.init(label: "Permis bateau", exigence: .required)]
        offer.languages = [.init(label: "Klingon", exigence: .required)]
        let list = try s.matcher.shortlist(for: offer, top: 10)
        #expect(list.warnings.count == 2)
        #expect(list.warnings.contains(.unknownLicence(label: "Permis bateau")))
        #expect(list.warnings.contains(.unknownLanguage(label: "Klingon")))
        #expect(list.excluded[.licence] == nil && list.excluded[.language] == nil)
        let expected = try s.reference.rank(offer, candidates: s.pool)
        expectSameRanking(list.entries, expected.ranked, k: 10, "unknown labels")
    }
}

/// Expects `entries` to be the first `k` of `expected` in order, with scores within 1e-4.
func expectSameRanking(_ entries: [ShortlistEntry], _ expected: [ReferenceScorer.Entry], k: Int, _ context: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    let want = Array(expected.prefix(k))
    let gotIds = entries.map(\.candidateId), wantIds = want.map(\.candidateId)
    guard gotIds == wantIds else {
        let first = (0..<min(gotIds.count, wantIds.count)).first { gotIds[$0] != wantIds[$0] } ?? min(gotIds.count, wantIds.count)
        let around = { (list: [(String, Double)]) in
            list[max(0, first - 2)..<min(list.count, first + 3)].map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        }
        Issue.record("""
            \(context): ranking differs at position \(first + 1) (got \(gotIds.count), want \(wantIds.count))
              engine:    \(around(entries.map { ($0.candidateId, $0.score) }))
              reference: \(around(want.map { ($0.candidateId, $0.score) }))
            """, sourceLocation: sourceLocation)
        return
    }
    for (e, r) in zip(entries, want) where abs(e.score - r.score) > 1e-4 {
        Issue.record("\(context): \(e.candidateId) scores \(e.score), reference \(r.score)", sourceLocation: sourceLocation)
    }
}
