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
    /// How competences are inferred from experience and training (``InferenceRules``); absent in a policy
    /// file (policy-v1, policy-v2): declared competences only.
    public var inference: InferenceRules?
    /// Where fitted weights come from (``PolicyProvenance``); nil for a policy written by hand.
    public var provenance: PolicyProvenance?

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
        try inference?.validate(policy: version)
    }

    public func bonus(for public: PriorityPublic) -> Float { priorityBonus[`public`.rawValue] ?? 0 }

    /// Whether a row's dot product with a query is its priority bonuses alone: the affinity has no weight,
    /// so a query vector holds the bonuses only (``OfferQuery/queryVector(skills:offer:embedding:policy:stride:)``),
    /// and neither a shortlist nor a batch need read a row's vector (policy-v4 and policy-v5).
    public var dotIsBonusesOnly: Bool { weights.skillAffinity == 0 }

    /// The policy shipped as `models/policy-v5.json` (its rules, without the file's provenance), for tests and
    /// embedding in tools.
    ///
    /// Fitted by `apparier model fit` on generator v2's data from policy-v4 (itself fitted from v3), with the
    /// record's silence (``InferenceRules/silenceWeight``) among the rules: coverage of the offer's
    /// competences (an `E` weighing four `S`), declared or inferred, and the métier, which the inference lets
    /// weigh on what the candidate did; docs/engine.md, "Fitted weights", has the figures.
    public static let standard = ScoringPolicy(
        version: "policy-v5",
        weights: Weights(skills: 0.46049, skillAffinity: 0, metier: 0.47497, experience: 0, diploma: 0.00725, travel: 0.01979),
        priorityBonus: Dictionary(uniqueKeysWithValues: PriorityPublic.allCases.map { ($0.rawValue, Float(0.02)) }),
        targetedPublicMultiplier: 2,
        essentialSkillWeight: 4, desiredSkillWeight: 1,
        metierProximity: MetierProximity(sameFiche: 1, sameParent: 0.8, mobility: 0.6, sameDomaine: 0.3),
        essentialSkillsAreHard: false,
        relevantExperienceProximity: 0.8,
        experienceFullCreditMonths: 12,
        impliedSkillsFromFiche: 8,
        rerankFactor: 3,
        priorityRules: PriorityRules(),
        inference: InferenceRules(experienceCeiling: 0.9, monthsScale: 12, trainingConfidence: 0.9, secondaryFactor: 0.6,
                                  mobilityFactor: 0.7, itemsPerFiche: 32, mobilityItemsPerFiche: 4, essentialThreshold: 0.4,
                                  silenceWeight: 1),
        provenance: nil
    )

    /// This policy without inference: declared competences only (the evaluation's `apparierNoInference`).
    public var withoutInference: ScoringPolicy {
        var p = self
        p.inference = nil
        return p
    }
}

/// How a policy's weights were fitted (`apparier model fit`): the data sets, the method and the metrics
/// before and after, so that a shipped policy says where its numbers come from.
public struct PolicyProvenance: Codable, Sendable, Hashable {
    public var method: String
    /// `AAAA-MM-JJ`.
    public var date: String
    public var generator: String
    public var startedFrom: String
    public var candidates: Int
    public var offers: Int
    public var plantedOffers: Int
    public var trainingSeed: UInt64
    public var heldOutSeed: UInt64
    /// `training` / `heldOut` → metric (`ndcg@10`, `recall@50`) of the starting policy and of the fitted one.
    public var before: [String: [String: Double]]
    public var after: [String: [String: Double]]

    public init(method: String, date: String, generator: String, startedFrom: String, candidates: Int, offers: Int,
                plantedOffers: Int, trainingSeed: UInt64, heldOutSeed: UInt64,
                before: [String: [String: Double]], after: [String: [String: Double]]) {
        self.method = method; self.date = date; self.generator = generator; self.startedFrom = startedFrom
        self.candidates = candidates; self.offers = offers; self.plantedOffers = plantedOffers
        self.trainingSeed = trainingSeed; self.heldOutSeed = heldOutSeed; self.before = before; self.after = after
    }
}
