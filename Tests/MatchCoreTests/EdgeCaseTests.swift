import MatchTestSupport
import Testing
@testable import MatchCore

@Suite struct EdgeCaseTests {
    @Test func emptyPool() throws {
        let world = try SyntheticWorld(seed: 71)
        let matcher = try makeMatcher(world: world, pool: [], policy: .standard)
        let offer = world.offers(count: 1, seed: 1)[0]
        for strategy in Matcher.Strategy.allCases {
            let list = try matcher.shortlist(for: offer, top: 5, strategy: strategy)
            #expect(list.entries.isEmpty && list.considered == 0 && list.scanned == 0 && list.excluded.isEmpty)
        }
    }

    /// Candidates with equal scores must come out by id whatever their rows: here ten "Z…" candidates
    /// travelling by car and ten "A…" ones by car or transit (same best time, so same score) live in
    /// one commune; the car-only block comes first in row order.
    @Test(arguments: Matcher.Strategy.allCases)
    func tiedScoresAreBrokenByIdAcrossBlocks(strategy: Matcher.Strategy) throws {
        let world = try SyntheticWorld(seed: 72)
        let home = world.hubs[1]
        let pool = (0..<10).flatMap { i in [
            Candidate(id: "Z\(i)", commune: home, mobility: .init(modes: [.car], maxMinutes: 30)),
            Candidate(id: "A\(i)", commune: home, mobility: .init(modes: [.car, .transit], maxMinutes: 30)),
        ] }
        let offer = JobOffer(id: "O", romeCode: world.rome.fiches[0].code, workplace: .init(commune: home))
        let expected = try ReferenceScorer(world: world).rank(offer, candidates: pool)
        #expect(Set(expected.ranked.map(\.score)).count == 1, "all twenty candidates tie")
        let matcher = try makeMatcher(world: world, pool: pool, policy: .standard)
        let top3 = try matcher.shortlist(for: offer, top: 3, strategy: strategy).entries.map(\.candidateId)
        let top20 = try matcher.shortlist(for: offer, top: 20, strategy: strategy).entries.map(\.candidateId)
        #expect(top20 == expected.ranked.map(\.candidateId))
        #expect(top3 == ["A0", "A1", "A2"])
        #expect(top3 == Array(top20.prefix(3)), "top 3 is not a prefix of top 20")
    }
}
