/// The named parts of a score. Contributions are `weight × value`; they add up to the score.
public enum ScoreComponent: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    case skills, skillAffinity, metier, experience, diploma, travel, priority
    public static func < (a: ScoreComponent, b: ScoreComponent) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A ranked, explained list of candidates for one offer.
public struct Shortlist: Sendable, Hashable {
    public var offerId: String
    public var romeCode: String
    public var commune: String?
    /// Candidates in the pool, all looked at (by block or by row).
    public var considered: Int
    /// Rows actually scored after geo-blocking.
    public var scanned: Int
    public var excluded: [ExclusionReason: Int]
    public var entries: [ShortlistEntry]
    /// Offer requirements Apparier could not check (e.g. an unknown licence label).
    public var warnings: [QueryWarning]
}

/// One candidate of a shortlist with the reasons for their rank.
public struct ShortlistEntry: Sendable, Hashable {
    public var rank: Int
    public var candidateId: String
    public var score: Double
    public var travel: Travel
    public var components: [ScoreComponent: Double]
    /// Offer competences the candidate holds (item codes): declared, or inferred and counted.
    public var matched: [String]
    /// Offer competences the candidate was not asked about but are deduced from their experience or
    /// training, with how sure and from what (those counted are in ``matched`` too).
    public var inferred: [InferredSkill] = []
    /// Offer competences the candidate lacks, then unmet desired requirements.
    public var missing: [MissingItem]
    public var priorityPublics: [PriorityPublic]

    public struct Travel: Sendable, Hashable {
        public var minutes: Double
        public var mode: TransportMode
        public var limitMinutes: Double
        public var distanceKm: Double
        /// "estimate" (distance model) or "matrix" (imported travel times).
        public var source: String
    }
}

/// An offer competence deduced from a candidate's past rather than declared (docs/engine.md, "Inferred
/// competences"). The words are the printing layer's.
///
///     // « déduit : 5 ans comme Conducteur / Conductrice de chariot élévateur (N1101) »
public struct InferredSkill: Sendable, Hashable {
    public var code: String
    /// 0…1.
    public var confidence: Double
    /// Whether it counts: always for an `S` competence; for an `E` one, at the policy's threshold or above.
    public var meetsRequirement: Bool
    public var origin: Origin
    /// How many competences of the source fiche the record declares, when the policy counts a record's
    /// silence (``InferenceRules/silenceWeight``): why a competence it leaves out is less sure. 0 otherwise.
    public var declaredBesides: Int

    public enum Origin: Sendable, Hashable {
        /// An experience of `months` months in the fiche.
        case experience(romeCode: String, months: Int)
        /// A training whose target is the fiche.
        case training(romeCode: String)
        /// An experience in the fiche, the competence carrying over to a fiche linked by a mobility relation.
        case mobility(romeCode: String, months: Int)
    }

    public init(code: String, confidence: Double, meetsRequirement: Bool, origin: Origin, declaredBesides: Int = 0) {
        self.code = code; self.confidence = confidence; self.meetsRequirement = meetsRequirement; self.origin = origin
        self.declaredBesides = declaredBesides
    }
}

/// What a listed candidate lacks for the offer: a competence, or a wish (`S`) of the offer not met. The
/// words are the printing layer's (MatchData's reports).
public enum MissingItem: Sendable, Hashable {
    /// An offer competence (ROME item code) the candidate does not hold.
    case competence(code: String)
    /// A desired licence (its code: `B`, `CE`…).
    case desiredLicence(code: String)
    /// A desired language (its name).
    case desiredLanguage(name: String)
    /// A desired diploma level above the candidate's.
    case desiredDiploma(level: Int)
    /// Desired months of experience the candidate does not have in the offer's métier.
    case desiredExperience(months: Int)
}

/// An offer requirement Apparier could not check: it is neither scored nor enforced, and the shortlist says so.
public enum QueryWarning: Sendable, Hashable {
    /// A competence given as text, without a ROME code.
    case uncodedCompetence(label: String)
    /// A licence whose label Apparier does not know.
    case unknownLicence(label: String)
    /// A language whose label Apparier does not know.
    case unknownLanguage(label: String)
}
