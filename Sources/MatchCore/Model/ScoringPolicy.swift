/// Weights and rules of the score, loaded from a versioned file in `models/` (never hard-coded).
///
/// The score of a candidate who meets every hard constraint is
/// `Σ weight(component) × component` over the components below, each in [0, 1], plus the priority
/// bonus: `Σ priorityBonus(p)` over the priority publics `p` the candidate belongs to (doubled, by
/// default, for publics the offer targets). Bonuses are validated non-negative, so belonging to a
/// priority public can only raise a score.
///
///     let policy = try JSONDecoder().decode(ScoringPolicy.self, from: data)
///     try policy.validate()
public struct ScoringPolicy: Codable, Sendable, Hashable {
    public var version: String
    public var weights: Weights
    /// Bonus per priority public, keyed by ``PriorityPublic`` raw value.
    public var priorityBonus: [String: Float]
    /// Multiplier of the bonus for the publics an offer targets (`publicsPrioritaires`).
    public var targetedPublicMultiplier: Float
    /// Weight of an `E` competence relative to an `S` one in skill coverage.
    public var essentialSkillWeight: Float
    public var desiredSkillWeight: Float
    public var metierProximity: MetierProximity
    /// When true, a candidate missing any `E` competence is excluded instead of scored lower.
    public var essentialSkillsAreHard: Bool
    /// Experience in a fiche counts for an offer when their métier proximity is at least this.
    public var relevantExperienceProximity: Float
    /// Months of relevant experience that give a full experience component when the offer asks for less.
    public var experienceFullCreditMonths: Int
    /// When an offer lists no competence, use up to this many core items of its ROME fiche, as `S`.
    public var impliedSkillsFromFiche: Int
    /// The first pass keeps `rerankFactor × k` candidates for the exact rerank.
    public var rerankFactor: Int
    public var priorityRules: PriorityRules

    public struct Weights: Codable, Sendable, Hashable {
        /// Exact coverage of the offer's competences (E weigh more than S).
        public var skills: Float
        /// Closeness of skill profiles in the ROME skill embedding (related skills count).
        public var skillAffinity: Float
        public var metier: Float
        public var experience: Float
        public var diploma: Float
        /// Shorter travel relative to the candidate's own limit scores higher.
        public var travel: Float
    }

    public struct MetierProximity: Codable, Sendable, Hashable {
        public var sameFiche: Float
        public var sameParent: Float
        public var mobility: Float
        public var sameDomaine: Float
    }

    /// Checks the rules that keep scoring lawful and meaningful (throws ``MatchError`` with code
    /// ``MatchError/Code/invalidModel``).
    public func validate() throws {
        let w = weights
        for (name, value) in [("skills", w.skills), ("skillAffinity", w.skillAffinity), ("metier", w.metier),
                              ("experience", w.experience), ("diploma", w.diploma), ("travel", w.travel)]
        where !(value >= 0 && value.isFinite) {
            throw MatchError(.invalidModel, message: "policy \(version): weight \(name) must be a finite number ≥ 0")
        }
        for (key, bonus) in priorityBonus {
            guard PriorityPublic(rawValue: key) != nil else {
                throw MatchError(.invalidModel, message: "policy \(version): unknown priority public \"\(key)\"")
            }
            guard bonus >= 0, bonus.isFinite else {
                throw MatchError(.invalidModel, message: "policy \(version): priority bonus \(key) must be ≥ 0 (positive action only)")
            }
        }
        guard targetedPublicMultiplier >= 1 else {
            throw MatchError(.invalidModel, message: "policy \(version): targetedPublicMultiplier must be ≥ 1")
        }
        guard essentialSkillWeight > 0, desiredSkillWeight > 0, rerankFactor >= 1 else {
            throw MatchError(.invalidModel, message: "policy \(version): skill weights must be > 0 and rerankFactor ≥ 1")
        }
    }

    public func bonus(for public: PriorityPublic) -> Float { priorityBonus[`public`.rawValue] ?? 0 }

    /// The policy shipped as `models/policy-v2.json`, for tests and embedding in tools.
    ///
    /// Exact coverage of the offer's competences leads (an `E` competence weighs four `S` ones): on
    /// generated data it ranks the true fits first far better than v1's flatter weights
    /// (`models/policy-v1.json`, kept for comparison; docs/generator.md has both figures).
    public static let standard = ScoringPolicy(
        version: "policy-v2",
        weights: Weights(skills: 0.60, skillAffinity: 0.05, metier: 0.15, experience: 0.10, diploma: 0.05, travel: 0.05),
        priorityBonus: Dictionary(uniqueKeysWithValues: PriorityPublic.allCases.map { ($0.rawValue, Float(0.02)) }),
        targetedPublicMultiplier: 2,
        essentialSkillWeight: 4, desiredSkillWeight: 1,
        metierProximity: MetierProximity(sameFiche: 1, sameParent: 0.8, mobility: 0.6, sameDomaine: 0.3),
        essentialSkillsAreHard: false,
        relevantExperienceProximity: 0.8,
        experienceFullCreditMonths: 12,
        impliedSkillsFromFiche: 8,
        rerankFactor: 3,
        priorityRules: PriorityRules()
    )
}
