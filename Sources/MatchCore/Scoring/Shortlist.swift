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
    public var warnings: [String]
}

/// One candidate of a shortlist with the reasons for their rank.
public struct ShortlistEntry: Sendable, Hashable {
    public var rank: Int
    public var candidateId: String
    public var score: Double
    public var travel: Travel
    public var components: [ScoreComponent: Double]
    /// Offer competences the candidate holds (item codes).
    public var matched: [String]
    /// Offer competences the candidate lacks (item codes), then unmet desired requirements by name.
    public var missing: [String]
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
