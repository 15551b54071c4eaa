import MatchTestSupport
import Testing
@testable import MatchCore

/// One synthetic world with a candidate pool, offers, a policy, the reference scorer and a matcher.
struct Scenario: Sendable {
    let seed: UInt64
    let world: SyntheticWorld
    let pool: [Candidate]
    let offers: [JobOffer]
    let policy: ScoringPolicy
    let reference: ReferenceScorer
    let matcher: Matcher

    init(seed: UInt64, poolSize: Int, offerCount: Int = 10, policy: ScoringPolicy = .standard) throws {
        self.seed = seed
        world = try SyntheticWorld(seed: seed)
        pool = world.candidates(count: poolSize, seed: seed &* 1_000 &+ 1)
        offers = world.offers(count: offerCount, seed: seed &* 1_000 &+ 2)
        self.policy = policy
        reference = ReferenceScorer(world: world, policy: policy)
        matcher = try makeMatcher(world: world, pool: pool, policy: policy)
    }
}

/// A matcher over `pool`, its index built with the policy's priority rules at the world's reference date.
func makeMatcher(world: SyntheticWorld, pool: [Candidate], policy: ScoringPolicy) throws -> Matcher {
    let index = try CandidateIndex(candidates: pool, rome: world.rome, communes: world.communes,
                                   embedding: world.embedding, referenceDate: world.referenceDate,
                                   priorityRules: policy.priorityRules, inference: policy.inference)
    return try Matcher(rome: world.rome, communes: world.communes, embedding: world.embedding,
                   policy: policy, travel: world.travel, index: index)
}

/// Policies the equivalence tests run under.
enum Policies {
    static let standard = ScoringPolicy.standard

    /// Missing an `E` competence excludes.
    static var hardEssentials: ScoringPolicy {
        var p = ScoringPolicy.standard
        p.version = "test-hard-essentials"
        p.essentialSkillsAreHard = true
        return p
    }

    /// Other weights, uneven bonuses, mobility relations counting as relevant experience, fewer implied skills.
    static var unusual: ScoringPolicy {
        var p = ScoringPolicy.standard
        p.version = "test-unusual"
        p.weights = .init(skills: 0.25, skillAffinity: 0.3, metier: 0.1, experience: 0.2, diploma: 0.05, travel: 0.1)
        p.priorityBonus = ["jeune": 0.01, "senior": 0.03, "rqth": 0.05, "qpv": 0, "rsa": 0.02,
                           "deld": 0.04, "licencieEconomique": 0.015, "sortantFormation": 0.025]
        p.targetedPublicMultiplier = 3
        p.essentialSkillWeight = 3
        p.relevantExperienceProximity = 0.6
        p.experienceFullCreditMonths = 24
        p.impliedSkillsFromFiche = 4
        p.rerankFactor = 2
        var inference = InferenceRules()
        inference.essentialThreshold = 0.3
        inference.itemsPerFiche = 6
        inference.mobilityItemsPerFiche = 12
        inference.mobilityFactor = 0.8
        inference.halfLifeYears = 2
        p.inference = inference
        return p
    }

    /// Declared competences only (no inference).
    static var declaredOnly: ScoringPolicy { ScoringPolicy.standard.withoutInference }
}

/// The scenarios of the equivalence tests: 6 seeds, pools of 800–1500 candidates, 10 offers each.
let equivalenceScenarios: [(seed: UInt64, poolSize: Int, policy: String)] = [
    (1, 800, "standard"), (2, 1000, "standard"), (3, 1500, "standard"),
    (4, 1200, "declaredOnly"), (5, 900, "hardEssentials"), (6, 1100, "unusual"),
]

func policy(named name: String) -> ScoringPolicy {
    switch name {
    case "hardEssentials": Policies.hardEssentials
    case "unusual": Policies.unusual
    case "declaredOnly": Policies.declaredOnly
    default: Policies.standard
    }
}

/// Two batch settings that must keep the same pairs: the same (row, offer) edges, scores within float
/// tolerance (sgemm may round a dot product differently when it groups offers and rows differently), and
/// some edges at all. The one latitude: where a row's last kept offer and the first left out score within
/// that tolerance (a tie up to rounding), either may be kept — the same number of edges per row, and the
/// edges only one graph has scoring alike.
func expectSameGraph(_ a: BatchScorer, _ b: BatchScorer, offers: [JobOffer], listSize: Int,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    let x = a.score(offers: offers, listSize: { _ in listSize }).graph.edges
    let y = b.score(offers: offers, listSize: { _ in listSize }).graph.edges
    #expect(x.count == y.count, sourceLocation: sourceLocation)
    let inY = Dictionary(y.map { ([$0.row, $0.offer], $0.score) }, uniquingKeysWith: { a, _ in a })
    let inX = Dictionary(x.map { ([$0.row, $0.offer], $0.score) }, uniquingKeysWith: { a, _ in a })
    for e in x { if let s = inY[[e.row, e.offer]] { #expect(abs(e.score - s) < 1e-5, sourceLocation: sourceLocation) } }
    let onlyX = x.filter { inY[[$0.row, $0.offer]] == nil }, onlyY = y.filter { inX[[$0.row, $0.offer]] == nil }
    #expect(onlyX.map(\.row) == onlyY.map(\.row), "rows whose kept offers differ", sourceLocation: sourceLocation)
    for (p, q) in zip(onlyX, onlyY) {
        #expect(abs(p.score - q.score) < 1e-5, "row \(p.row): offer \(p.offer) or \(q.offer), not a tie", sourceLocation: sourceLocation)
    }
    #expect(onlyX.count <= max(1, x.count / 100), "more than rounding ties differ", sourceLocation: sourceLocation)
    #expect(!x.isEmpty, sourceLocation: sourceLocation)
}
