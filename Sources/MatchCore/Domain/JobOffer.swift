import Foundation

/// A job offer, with the field names of France Travail's *Offres d'emploi v2* API so that its
/// JSON (`{"resultats": [...]}`) decodes as is. Fields Apparier does not use are ignored.
///
/// Apparier adds three optional fields: `dateDebut` (start date, for availability),
/// `experienceMois` (months of experience, when `experienceLibelle` is not given) and
/// `publicsPrioritaires` (priority publics the employer targets, whose bonus is doubled).
/// docs/formats.md is the reference.
///
///     let offer = JobOffer(id: "O1", romeCode: "N1103",
///                          workplace: .init(commune: "59350", latitude: 50.63, longitude: 3.06))
public struct JobOffer: Codable, Sendable, Hashable {
    public var id: String
    public var title: String?
    public var romeCode: String
    /// The fiche was not given but found from the title at import (`romeCodeDeduit`): to be checked.
    public var romeCodeInferred = false
    public var appellationCode: String?
    public var workplace: Workplace
    public var contractType: String?
    public var positions: Int
    public var skills: [OfferSkill]
    public var licences: [OfferRequirement]
    public var languages: [OfferRequirement]
    public var education: [OfferEducation]
    public var experienceRequirement: ExperienceRequirement?
    public var experienceLabel: String?
    public var experienceMonths: Int?
    public var accessibleTH: Bool?
    public var createdAt: String?
    public var startDate: Day?
    public var targetedPublics: [PriorityPublic]
    /// Competences given without a ROME code (France Travail offers have some): they cannot be matched
    /// and are reported as warnings. They are written back into `competences` when encoding.
    public var uncodedSkills: [UncodedSkill] = []
    public var uncodedSkillLabels: [String] { uncodedSkills.map(\.label) }

    public struct Workplace: Codable, Sendable, Hashable {
        public var label: String?
        public var commune: String?
        public var latitude: Double?
        public var longitude: Double?
        /// France Travail's `codePostal`: read to find the commune when it is not given
        /// (``JobOffer/resolveCommune(in:)``), then dropped.
        public var postalCode: String?

        public init(label: String? = nil, commune: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
            self.label = label; self.commune = commune; self.latitude = latitude; self.longitude = longitude
        }

        enum CodingKeys: String, CodingKey {
            case label = "libelle", commune, latitude, longitude, postalCode = "codePostal"
        }

        /// Equal places: the postcode is input only (read to find the commune, then dropped), so it is not
        /// compared — an offer read from a file equals the same offer read back from the store.
        public static func == (a: Workplace, b: Workplace) -> Bool {
            a.label == b.label && a.commune == b.commune && a.latitude == b.latitude && a.longitude == b.longitude
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(label); hasher.combine(commune); hasher.combine(latitude); hasher.combine(longitude)
        }
    }

    public enum ExperienceRequirement: String, Codable, Sendable, Hashable {
        /// Débutant accepté.
        case beginnerAccepted = "D"
        /// Expérience souhaitée.
        case desired = "S"
        /// Expérience exigée.
        case required = "E"

        /// A code (`D`, `S`, `E`, any case) or France Travail's words for it (`Débutant accepté`,
        /// `Expérience souhaitée`, `Expérience exigée`).
        ///
        ///     JobOffer.ExperienceRequirement(label: "Débutant accepté")   // .beginnerAccepted
        public init?(label: String) {
            switch normalizedLabel(label) {
            case "d", "debutant accepte", "debutant", "debutants acceptes": self = .beginnerAccepted
            case "s", "experience souhaitee", "souhaitee": self = .desired
            case "e", "experience exigee", "exigee": self = .required
            default: return nil
            }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let value = Self(label: text) else {
                // Foundation's wording for a RawRepresentable: RecordFiles.readableMessage turns it into French
                // with the allowed values.
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "Cannot initialize ExperienceRequirement from invalid String value \(text)")
            }
            self = value
        }
    }

    public init(
        id: String, title: String? = nil, romeCode: String, workplace: Workplace,
        contractType: String? = "CDI", positions: Int = 1, skills: [OfferSkill] = [],
        licences: [OfferRequirement] = [], languages: [OfferRequirement] = [], education: [OfferEducation] = [],
        experienceRequirement: ExperienceRequirement? = nil, experienceMonths: Int? = nil,
        startDate: Day? = nil, targetedPublics: [PriorityPublic] = []
    ) {
        self.id = id; self.title = title; self.romeCode = romeCode; self.workplace = workplace
        self.contractType = contractType; self.positions = positions; self.skills = skills
        self.licences = licences; self.languages = languages; self.education = education
        self.experienceRequirement = experienceRequirement; self.experienceMonths = experienceMonths
        self.startDate = startDate; self.targetedPublics = targetedPublics
    }

    enum CodingKeys: String, CodingKey {
        case id, title = "intitule", romeCode, romeCodeInferred = "romeCodeDeduit", appellationCode, workplace = "lieuTravail"
        case contractType = "typeContrat", positions = "nombrePostes", skills = "competences"
        case licences = "permis", languages = "langues", education = "formations"
        case experienceRequirement = "experienceExige", experienceLabel = "experienceLibelle"
        case experienceMonths = "experienceMois", accessibleTH, createdAt = "dateCreation"
        case startDate = "dateDebut", targetedPublics = "publicsPrioritaires"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        // Missing is allowed here: an import finds the fiche from the title, or refuses the offer.
        romeCode = try c.decodeIfPresent(String.self, forKey: .romeCode) ?? ""
        romeCodeInferred = try c.decodeIfPresent(Bool.self, forKey: .romeCodeInferred) ?? false
        appellationCode = try c.decodeIfPresent(String.self, forKey: .appellationCode)
        workplace = try c.decode(Workplace.self, forKey: .workplace)
        contractType = try c.decodeIfPresent(String.self, forKey: .contractType)
        positions = try c.decodeIfPresent(Int.self, forKey: .positions) ?? 1
        let listed = try c.decodeIfPresent([ListedSkill].self, forKey: .skills) ?? []
        skills = []
        licences = try c.decodeIfPresent([OfferRequirement].self, forKey: .licences) ?? []
        languages = try c.decodeIfPresent([OfferRequirement].self, forKey: .languages) ?? []
        education = try c.decodeIfPresent([OfferEducation].self, forKey: .education) ?? []
        experienceRequirement = try c.decodeIfPresent(ExperienceRequirement.self, forKey: .experienceRequirement)
        experienceLabel = try c.decodeIfPresent(String.self, forKey: .experienceLabel)
        experienceMonths = try c.decodeIfPresent(Int.self, forKey: .experienceMonths)
        accessibleTH = try c.decodeIfPresent(Bool.self, forKey: .accessibleTH)
        createdAt = try c.decodeIfPresent(String.self, forKey: .createdAt)
        startDate = try c.decodeIfPresent(Day.self, forKey: .startDate)
        targetedPublics = try c.decodeIfPresent([PriorityPublic].self, forKey: .targetedPublics) ?? []
        setListedSkills(listed.map { ($0.code, $0.label, $0.exigence) })
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encode(romeCode, forKey: .romeCode)
        if romeCodeInferred { try c.encode(true, forKey: .romeCodeInferred) }
        try c.encodeIfPresent(appellationCode, forKey: .appellationCode)
        try c.encode(workplace, forKey: .workplace)
        try c.encodeIfPresent(contractType, forKey: .contractType)
        try c.encode(positions, forKey: .positions)
        var listed = c.nestedUnkeyedContainer(forKey: .skills)
        for s in skills { try listed.encode(s) }
        for s in uncodedSkills { try listed.encode(s) }
        try c.encode(licences, forKey: .licences)
        try c.encode(languages, forKey: .languages)
        try c.encode(education, forKey: .education)
        try c.encodeIfPresent(experienceRequirement, forKey: .experienceRequirement)
        try c.encodeIfPresent(experienceLabel, forKey: .experienceLabel)
        try c.encodeIfPresent(experienceMonths, forKey: .experienceMonths)
        try c.encodeIfPresent(accessibleTH, forKey: .accessibleTH)
        try c.encodeIfPresent(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(startDate, forKey: .startDate)
        if !targetedPublics.isEmpty { try c.encode(targetedPublics, forKey: .targetedPublics) }
    }

    /// Sets ``skills`` and ``uncodedSkills`` from an offer file's `competences`, in their order: those with a
    /// code are skills, the others are kept by their label.
    ///
    ///     offer.setListedSkills([("104331", "Accueillir", .desired), (nil, "Conduite en sécurité", .required)])
    public mutating func setListedSkills(_ listed: [(code: String?, label: String?, exigence: Exigence)]) {
        skills = listed.compactMap { s in s.code.map { OfferSkill(code: $0, label: s.label, exigence: s.exigence) } }
        uncodedSkills = listed.filter { $0.code == nil }.map { UncodedSkill(label: $0.label ?? "?", exigence: $0.exigence) }
    }

    /// Months of experience the offer asks for: `experienceMois`, else parsed from
    /// `experienceLibelle` ("3 Mois", "2 An(s)"), else 0; never more than 50 years (600 months), whatever
    /// a record holds.
    public var requestedExperienceMonths: Int {
        let limit = RecordProblem.experienceMonths.upperBound
        if let months = experienceMonths { return min(max(0, months), limit) }
        return labelledExperienceMonths ?? limit
    }

    /// The months `experienceLibelle` states ("3 Mois", "2 An(s)"): 0 without a label or a number, `nil`
    /// beyond 50 years (an import refuses it). The product is checked: "768614336404564651 An(s)" does
    /// not overflow.
    public var labelledExperienceMonths: Int? {
        guard let label = experienceLabel else { return 0 }
        let words = label.split(whereSeparator: { $0 == " " || $0 == "-" })
        guard let first = words.first, words.count > 1, first.allSatisfy(\.isASCII), first.allSatisfy(\.isNumber) else { return 0 }
        guard let value = Int(first) else { return nil }   // too many digits for an Int
        let (months, overflow) = normalizedLabel(String(words[1])).hasPrefix("an")
            ? value.multipliedReportingOverflow(by: 12) : (value, false)
        return overflow || months > RecordProblem.experienceMonths.upperBound ? nil : months
    }

    /// `nombrePostes` within 1…1,000, whatever a record holds: what capacities are computed from.
    public var boundedPositions: Int { min(max(1, positions), RecordProblem.positions.upperBound) }

    /// The diploma level (3 CAP … 8 doctorat) required (`E`) by the offer, or 0.
    public var requiredDiplomaLevel: Int {
        education.filter { $0.exigence == .required }.compactMap(\.level).max() ?? 0
    }

    /// The diploma level only desired (`S`), or 0.
    public var desiredDiplomaLevel: Int {
        education.filter { $0.exigence == .desired }.compactMap(\.level).max() ?? 0
    }
}

/// A competence an offer names by its label only.
public struct UncodedSkill: Codable, Sendable, Hashable {
    public var label: String
    public var exigence: Exigence
    public init(label: String, exigence: Exigence) { self.label = label; self.exigence = exigence }
    enum CodingKeys: String, CodingKey { case label = "libelle", exigence }
}

/// A competence as listed in an offer file, where France Travail sometimes omits the code.
struct ListedSkill: Decodable {
    var code: String?
    var label: String?
    var exigence: Exigence

    enum CodingKeys: String, CodingKey { case code, label = "libelle", exigence }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        exigence = try c.decodeIfPresent(Exigence.self, forKey: .exigence) ?? .desired
    }
}

/// A competence of an offer: a ROME item (`code` = `code_ogr`) marked E or S.
public struct OfferSkill: Codable, Sendable, Hashable {
    public var code: String
    public var label: String?
    public var exigence: Exigence

    public init(code: String, label: String? = nil, exigence: Exigence) {
        self.code = code; self.label = label; self.exigence = exigence
    }

    enum CodingKeys: String, CodingKey { case code, label = "libelle", exigence }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        exigence = try c.decodeIfPresent(Exigence.self, forKey: .exigence) ?? .desired
    }
}

/// A licence or language named by its France Travail label, marked E or S.
public struct OfferRequirement: Codable, Sendable, Hashable {
    public var label: String
    public var exigence: Exigence

    public init(label: String, exigence: Exigence) { self.label = label; self.exigence = exigence }

    enum CodingKeys: String, CodingKey { case label = "libelle", exigence }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        label = try c.decode(String.self, forKey: .label)
        exigence = try c.decodeIfPresent(Exigence.self, forKey: .exigence) ?? .desired
    }
}

/// A diploma requirement (`formations[]`): France Travail gives the level as a label.
public struct OfferEducation: Codable, Sendable, Hashable {
    public var levelLabel: String?
    public var domainLabel: String?
    public var exigence: Exigence

    public init(levelLabel: String?, exigence: Exigence) { self.levelLabel = levelLabel; self.exigence = exigence }

    enum CodingKeys: String, CodingKey { case levelLabel = "niveauLibelle", domainLabel = "domaineLibelle", exigence }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        levelLabel = try c.decodeIfPresent(String.self, forKey: .levelLabel)
        domainLabel = try c.decodeIfPresent(String.self, forKey: .domainLabel)
        exigence = try c.decodeIfPresent(Exigence.self, forKey: .exigence) ?? .desired
    }

    /// The level (3 CAP/BEP, 4 Bac, 5 Bac+2, 6 Bac+3/4, 7 Bac+5, 8 doctorat) the label names, if any.
    public var level: Int? { levelLabel.flatMap(DiplomaLevel.level(fromLabel:)) }
}

/// French diploma levels (nomenclature 2019): 3 CAP/BEP … 8 doctorat; 0 none.
public enum DiplomaLevel {
    /// Reads a France Travail `niveauLibelle` ("CAP, BEP et équivalents", "Bac+2 ou équivalents"…).
    public static func level(fromLabel label: String) -> Int? {
        let key = normalizedLabel(label).replacingOccurrences(of: " ", with: "")
        if key.hasPrefix("bac+8") || key.contains("doctorat") { return 8 }
        if key.hasPrefix("bac+5") { return 7 }
        if key.hasPrefix("bac+3") || key.hasPrefix("bac+4") { return 6 }
        if key.hasPrefix("bac+2") { return 5 }
        if key.hasPrefix("bac") { return 4 }
        if key.hasPrefix("cap") || key.hasPrefix("bep") { return 3 }
        if key.contains("primaire") || key.contains("aucun") || key.contains("sansdiplome") { return 0 }
        return nil
    }
}
