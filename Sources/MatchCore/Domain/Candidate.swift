/// A job seeker, reduced to what matching needs (the fields of the platforms' processing register):
/// no name, address line or phone number. `id` is pseudonymous.
///
/// Dates are `YYYY-MM-DD`. docs/formats.md is the reference for the JSON format.
///
///     let c = Candidate(id: "C1", commune: "59350", targetRomeCodes: ["N1103"],
///                       mobility: .init(modes: [.car], maxMinutes: 40))
public struct Candidate: Codable, Sendable, Hashable {
    public var id: String
    /// INSEE code of the home commune.
    public var commune: String
    public var targetRomeCodes: [String]
    public var experiences: [Experience]
    /// ROME items (`code_ogr`) the candidate masters.
    public var skills: [String]
    /// 0 none, 3 CAP/BEP, 4 Bac, 5 Bac+2, 6 Bac+3/4, 7 Bac+5, 8 doctorat.
    public var diplomaLevel: Int
    public var languages: [LanguageSkill]
    public var licences: [String]
    public var mobility: Mobility
    /// Accepted `typeContrat` codes; empty means any.
    public var acceptedContracts: [String]
    public var availableFrom: Day?
    public var birthDate: Day?
    public var unemployedSince: Day?
    public var rqth: Bool
    public var rsa: Bool
    public var qpv: Bool
    public var economicLayoff: Bool
    public var training: Training?

    /// A past (or current) job: its fiche, its length, and when it ended (`fin`, optional: absent means
    /// current or unknown). Skills inferred from it fade with the years since it ended (docs/engine.md,
    /// "Inferred competences").
    public struct Experience: Codable, Sendable, Hashable {
        public var romeCode: String
        public var months: Int
        public var endDate: Day?
        public init(romeCode: String, months: Int, endDate: Day? = nil) {
            self.romeCode = romeCode; self.months = months; self.endDate = endDate
        }
        enum CodingKeys: String, CodingKey { case romeCode, months = "mois", endDate = "fin" }
    }

    public struct LanguageSkill: Codable, Sendable, Hashable {
        public var language: String
        public var level: CEFRLevel?
        public init(language: String, level: CEFRLevel? = nil) { self.language = language; self.level = level }
        enum CodingKeys: String, CodingKey { case language = "langue", level = "niveau" }
    }

    public struct Mobility: Codable, Sendable, Hashable {
        public var modes: [TransportMode]
        /// Longest accepted one-way travel time, minutes.
        public var maxMinutes: Int
        /// Optional longest accepted distance as the crow flies, km.
        public var radiusKm: Double?
        public init(modes: [TransportMode], maxMinutes: Int, radiusKm: Double? = nil) {
            self.modes = modes; self.maxMinutes = maxMinutes; self.radiusKm = radiusKm
        }
        enum CodingKeys: String, CodingKey { case modes, maxMinutes = "tempsMaxMinutes", radiusKm = "rayonKm" }
    }

    public struct Training: Codable, Sendable, Hashable {
        public var romeCode: String?
        public var endDate: Day?
        public init(romeCode: String?, endDate: Day?) { self.romeCode = romeCode; self.endDate = endDate }
        enum CodingKeys: String, CodingKey { case romeCode, endDate = "fin" }
    }

    public init(
        id: String, commune: String, targetRomeCodes: [String] = [], experiences: [Experience] = [],
        skills: [String] = [], diplomaLevel: Int = 0, languages: [LanguageSkill] = [], licences: [String] = [],
        mobility: Mobility, acceptedContracts: [String] = [], availableFrom: Day? = nil, birthDate: Day? = nil,
        unemployedSince: Day? = nil, rqth: Bool = false, rsa: Bool = false, qpv: Bool = false,
        economicLayoff: Bool = false, training: Training? = nil
    ) {
        self.id = id; self.commune = commune; self.targetRomeCodes = targetRomeCodes
        self.experiences = experiences; self.skills = skills; self.diplomaLevel = diplomaLevel
        self.languages = languages; self.licences = licences; self.mobility = mobility
        self.acceptedContracts = acceptedContracts; self.availableFrom = availableFrom
        self.birthDate = birthDate; self.unemployedSince = unemployedSince; self.rqth = rqth
        self.rsa = rsa; self.qpv = qpv; self.economicLayoff = economicLayoff; self.training = training
    }

    enum CodingKeys: String, CodingKey {
        case id, commune, targetRomeCodes = "metiersRecherches", experiences, skills = "competences"
        case diplomaLevel = "niveauDiplome", languages = "langues", licences = "permis", mobility = "mobilite"
        case acceptedContracts = "contrats", availableFrom = "disponibleLe", birthDate = "dateNaissance"
        case unemployedSince = "inscritDepuis", rqth, rsa, qpv, economicLayoff = "licenciementEconomique"
        case training = "formation"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        commune = try c.decode(String.self, forKey: .commune)
        targetRomeCodes = try c.decodeIfPresent([String].self, forKey: .targetRomeCodes) ?? []
        experiences = try c.decodeIfPresent([Experience].self, forKey: .experiences) ?? []
        skills = try c.decodeIfPresent([String].self, forKey: .skills) ?? []
        diplomaLevel = try c.decodeIfPresent(Int.self, forKey: .diplomaLevel) ?? 0
        languages = try c.decodeIfPresent([LanguageSkill].self, forKey: .languages) ?? []
        licences = try c.decodeIfPresent([String].self, forKey: .licences) ?? []
        mobility = try c.decode(Mobility.self, forKey: .mobility)
        acceptedContracts = try c.decodeIfPresent([String].self, forKey: .acceptedContracts) ?? []
        availableFrom = try c.decodeIfPresent(Day.self, forKey: .availableFrom)
        birthDate = try c.decodeIfPresent(Day.self, forKey: .birthDate)
        unemployedSince = try c.decodeIfPresent(Day.self, forKey: .unemployedSince)
        rqth = try c.decodeIfPresent(Bool.self, forKey: .rqth) ?? false
        rsa = try c.decodeIfPresent(Bool.self, forKey: .rsa) ?? false
        qpv = try c.decodeIfPresent(Bool.self, forKey: .qpv) ?? false
        economicLayoff = try c.decodeIfPresent(Bool.self, forKey: .economicLayoff) ?? false
        training = try c.decodeIfPresent(Training.self, forKey: .training)
    }
}
