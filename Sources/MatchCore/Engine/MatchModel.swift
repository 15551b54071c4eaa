/// The way into the engine: everything that does not depend on the candidate pool — the ROME
/// referential, the communes, the skill embedding, the scoring policy (with its priority-public rules)
/// and the travel times — checked once, and the one place that builds an index and a matcher from them,
/// so that the two always agree.
///
///     let model = try MatchModel(rome: rome, communes: communes, embedding: embedding, policy: policy)
///     let matcher = try model.matcher(candidates: pool, referenceDate: Day("2026-11-23")!)
///     let list = try matcher.shortlist(for: offer, top: 20)
///     for entry in list.entries { print(entry.rank, entry.candidateId, entry.score) }
///
/// Files are read by `MatchModel.load(root:travelMatrix:)` in MatchData; tests build one in memory.
public struct MatchModel: Sendable {
    public let rome: RomeReferential
    public let communes: CommuneDirectory
    public let embedding: SkillEmbedding
    public let policy: ScoringPolicy
    /// Estimates, plus the entries of a real travel-time matrix when one was imported.
    public var travel: TravelTimes

    /// The rules that derive priority publics, part of the policy.
    public var priorityRules: PriorityRules { policy.priorityRules }

    /// Checks the parts against each other: a valid policy, and an embedding learned from this ROME
    /// referential (every fiche it embeds is a fiche of `rome`). Throws ``MatchError`` with code
    /// ``MatchError/Code/invalidModel`` or ``MatchError/Code/modelMismatch``.
    public init(rome: RomeReferential, communes: CommuneDirectory, embedding: SkillEmbedding,
                policy: ScoringPolicy, travel: TravelTimes = TravelTimes()) throws {
        try policy.validate()
        if let stranger = embedding.ficheCodes.first(where: { rome.ficheIndex[$0] == nil }) {
            throw MatchError(.modelMismatch, message: "the skill embedding \(embedding.version) embeds fiche \(stranger), "
                             + "unknown to the ROME referential \(rome.version): rebuild the embedding from this referential")
        }
        self.rome = rome; self.communes = communes; self.embedding = embedding
        self.policy = policy; self.travel = travel
    }

    /// The index of `candidates`, with priority publics judged on `referenceDate` under this model's rules.
    ///
    /// `profiles`: the candidates' skill profiles computed ahead (by the store at import), used instead of
    /// embedding every candidate again; refused when another embedding made them.
    ///
    ///     let index = try model.index(of: pool, referenceDate: today)
    ///
    /// - Complexity: O(n log n + n × (skills + dimension)).
    public func index(of candidates: [Candidate], referenceDate: Day, profiles: SkillProfiles? = nil) throws -> CandidateIndex {
        try CandidateIndex(candidates: candidates, rome: rome, communes: communes, embedding: embedding,
                           referenceDate: referenceDate, priorityRules: priorityRules, profiles: profiles,
                           inference: policy.inference)
    }

    /// The matcher over `index`, which must have been built by this model: the same embedding (version and
    /// dimension) and priority rules. An index from another model is refused (code
    /// ``MatchError/Code/modelMismatch``), never scored with vectors it was not built for.
    public func matcher(over index: CandidateIndex) throws -> Matcher {
        try Matcher(rome: rome, communes: communes, embedding: embedding, policy: policy, travel: travel, index: index)
    }

    /// ``index(of:referenceDate:profiles:)`` then ``matcher(over:)``.
    public func matcher(candidates: [Candidate], referenceDate: Day, profiles: SkillProfiles? = nil) throws -> Matcher {
        try matcher(over: index(of: candidates, referenceDate: referenceDate, profiles: profiles))
    }

    /// Label of a ROME item (competence or savoir) code, for explanations.
    ///
    ///     model.itemLabel("100341")   // "Accueillir une clientèle"
    public func itemLabel(_ code: String) -> String? {
        rome.itemIndex[code].map { rome.items[Int($0)].label }
    }
}
