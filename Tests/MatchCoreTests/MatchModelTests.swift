import MatchTestSupport
import Testing
@testable import MatchCore

/// The way in: one model builds the index and the matcher, and refuses parts that do not belong together.
@Suite struct MatchModelTests {
    let world: SyntheticWorld
    let pool: [Candidate]

    init() throws {
        world = try SyntheticWorld(seed: 5)
        pool = world.candidates(count: 300, seed: 51)
    }

    func model(policy: ScoringPolicy = .standard, embedding: SkillEmbedding? = nil) throws -> MatchModel {
        guard let embedding else { return try world.model(policy: policy) }
        return try MatchModel(rome: world.rome, communes: world.communes, embedding: embedding, policy: policy,
                              travel: world.travel)
    }

    /// The model's matcher ranks exactly as a matcher assembled by hand from the same parts.
    @Test func matcherFromTheModelIsTheEngine() throws {
        let offer = world.offers(count: 1, seed: 52)[0]
        let fromModel = try model().matcher(candidates: pool, referenceDate: world.referenceDate)
        let byHand = try makeMatcher(world: world, pool: pool, policy: .standard)
        let a = try fromModel.shortlist(for: offer, top: 10), b = try byHand.shortlist(for: offer, top: 10)
        #expect(!a.entries.isEmpty)
        #expect(a.entries.map(\.candidateId) == b.entries.map(\.candidateId))
        #expect(a.entries.map(\.score) == b.entries.map(\.score))
    }

    @Test func indexFromAnotherEmbeddingIsRefused() throws {
        let other = SkillEmbeddingBuilder(dimension: 16, iterations: 20, seed: 99, version: "other-embedding")
            .build(from: world.rome)
        let index = try model(embedding: other).index(of: pool, referenceDate: world.referenceDate)
        #expect {
            _ = try model().matcher(over: index)
        } throws: { ($0 as? MatchError)?.code == .modelMismatch }
    }

    @Test func indexWithOtherPriorityRulesIsRefused() throws {
        var policy = ScoringPolicy.standard
        policy.priorityRules.seniorFromAge = 55
        let index = try model(policy: policy).index(of: pool, referenceDate: world.referenceDate)
        #expect {
            _ = try model().matcher(over: index)
        } throws: { ($0 as? MatchError)?.code == .modelMismatch }
        #expect(throws: Never.self) { _ = try model(policy: policy).matcher(over: index) }
    }

    @Test func embeddingOfAnotherReferentialIsRefused() throws {
        let stranger = try SyntheticWorld(seed: 6, ficheCount: 45)
        #expect {
            _ = try model(embedding: stranger.embedding)
        } throws: { ($0 as? MatchError)?.code == .modelMismatch }
    }

    @Test func invalidPolicyIsRefused() throws {
        var policy = ScoringPolicy.standard
        policy.weights.skills = -1
        #expect { _ = try model(policy: policy) } throws: { ($0 as? MatchError)?.code == .invalidModel }
    }
}
