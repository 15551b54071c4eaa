import MatchTestSupport
import Testing
@testable import MatchCore

/// A change to a candidate's facts that puts them in one priority public and changes nothing else.
enum PriorityFlip: String, CaseIterable, Sendable {
    case rqth, rsa, qpv, economicLayoff, young, senior, trainingLeaver, longTermUnemployed

    var target: PriorityPublic {
        switch self {
        case .rqth: .rqth
        case .rsa: .rsa
        case .qpv: .qpv
        case .economicLayoff: .licencieEconomique
        case .young: .jeune
        case .senior: .senior
        case .trainingLeaver: .sortantFormation
        case .longTermUnemployed: .deld
        }
    }

    func apply(to c: inout Candidate, on date: Day) {
        switch self {
        case .rqth: c.rqth = true
        case .rsa: c.rsa = true
        case .qpv: c.qpv = true
        case .economicLayoff: c.economicLayoff = true
        case .young: c.birthDate = Day(year: date.components.year - 20, month: 6, day: 1)
        case .senior: c.birthDate = Day(year: date.components.year - 55, month: 6, day: 1)
        case .trainingLeaver: c.training = .init(romeCode: c.training?.romeCode, endDate: date.adding(days: -30))
        case .longTermUnemployed: c.unemployedSince = date.adding(days: -400)
        }
    }
}

/// Belonging to a priority public can only raise a score (positive action).
@Suite struct PriorityMonotonicityTests {
    /// Candidates the flip moves into exactly one more public, with their flipped copy.
    static func eligible(_ s: Scenario, _ flip: PriorityFlip) -> [(before: Candidate, after: Candidate)] {
        let rules = s.policy.priorityRules
        return s.pool.compactMap { c in
            var after = c
            flip.apply(to: &after, on: s.world.referenceDate)
            let old = rules.publics(of: c, on: s.world.referenceDate)
            let new = rules.publics(of: after, on: s.world.referenceDate)
            return new == old.union(PriorityPublics([flip.target])) && !old.contains(PriorityPublics([flip.target]))
                ? (c, after) : nil
        }
    }

    @Test(arguments: PriorityFlip.allCases)
    func referenceScoreNeverDrops(flip: PriorityFlip) throws {
        for (seed, policyName) in [(21 as UInt64, "standard"), (22, "unusual")] {
            let s = try Scenario(seed: seed, poolSize: 400, offerCount: 5, policy: policy(named: policyName))
            let pairs = Self.eligible(s, flip)
            #expect(pairs.count >= 20, "\(flip): only \(pairs.count) eligible candidates")
            for offer in s.offers {
                let multiplier = offer.targetedPublics.contains(flip.target) ? Double(s.policy.targetedPublicMultiplier) : 1
                let gain = Double(s.policy.bonus(for: flip.target)) * multiplier
                for (before, after) in pairs {
                    let old = try s.reference.evaluate(before, for: offer), new = try s.reference.evaluate(after, for: offer)
                    #expect(old.reason == new.reason, "\(flip) \(before.id): feasibility changed")
                    guard let o = old.entry, let n = new.entry else { continue }
                    #expect(n.score >= o.score, "\(flip) \(before.id) \(offer.id): \(o.score) → \(n.score)")
                    if flip == .trainingLeaver && s.policy.inference != nil {
                        // A more recent training also teaches more surely (inferred competences fade with the
                        // years since it ended, from a year after): the bonus at least, never less.
                        #expect(n.score - o.score >= gain - 1e-12)
                    } else {
                        #expect(abs(n.score - o.score - gain) <= 1e-12)
                    }
                }
            }
        }
    }

    /// The same through the engine: flip a third of the eligible candidates, rebuild the index, compare.
    @Test(arguments: PriorityFlip.allCases)
    func matcherScoreNeverDrops(flip: PriorityFlip) throws {
        let s = try Scenario(seed: 23, poolSize: 400, offerCount: 4, policy: Policies.unusual)
        let flipped = Dictionary(uniqueKeysWithValues: Self.eligible(s, flip).enumerated()
            .filter { $0.offset % 3 == 0 }.map { ($0.element.after.id, $0.element.after) })
        let pool = s.pool.map { flipped[$0.id] ?? $0 }
        let after = try makeMatcher(world: s.world, pool: pool, policy: s.policy)
        for offer in s.offers {
            let old = scores(try s.matcher.shortlist(for: offer, top: pool.count))
            let new = scores(try after.shortlist(for: offer, top: pool.count))
            #expect(Set(old.keys) == Set(new.keys), "\(flip) \(offer.id): the feasible set changed")
            for (id, score) in old {
                guard let now = new[id] else { continue }
                if flipped[id] != nil {
                    #expect(now >= score, "\(flip) \(id) \(offer.id): \(score) → \(now)")
                } else {
                    #expect(abs(now - score) <= 1e-9, "\(flip) \(id): an unflipped candidate moved")
                }
            }
        }
    }

    private func scores(_ list: Shortlist) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: list.entries.map { ($0.candidateId, $0.score) })
    }

    @Test func policyRejectsNegativeBonus() {
        var p = ScoringPolicy.standard
        p.priorityBonus["rsa"] = -0.01
        #expect { try p.validate() } throws: { ($0 as? MatchError)?.code == .invalidModel }
        #expect(throws: Never.self) { try Policies.unusual.validate() }
        #expect(throws: Never.self) { try Policies.hardEssentials.validate() }
    }
}
