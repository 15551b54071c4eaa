/// A rule an offer or a candidate breaks: which field, and what is wrong. The one place where the rules
/// that make a record usable are written: files, the store and the engine all check records through
/// ``JobOffer/problems(rome:communes:)`` and ``Candidate/problems(rome:communes:)``; the file layer adds
/// where the field is in its file.
///
///     let problems = candidate.problems(rome: rome, communes: communes)
///     problems.first?.field         // "mobilite.tempsMaxMinutes"
///     problems.first?.description   // "expected 1 to 240 minutes, found 0"
public struct RecordProblem: Sendable, Hashable, CustomStringConvertible {
    /// The dotted path of the field inside the record (`experiences[0].romeCode`).
    public var field: String
    public var kind: Kind

    public enum Kind: Sendable, Hashable {
        case emptyId
        case communeCodeLength(found: String)
        /// A commune of the covered départements that the referential does not know.
        case unknownCommune(String, departements: [String])
        case unknownCommuneWithoutCoordinates(String)
        /// A commune written by name or postcode that several communes fit (their names and codes).
        case ambiguousCommune(String, candidates: [String])
        /// A commune written by name or postcode that none fits; the nearest names, if any.
        case unresolvedCommune(String, suggestions: [String])
        /// A workplace outside the covered départements with no coordinates: stored, not matchable (a warning).
        case communeOutsideReferential(String, departements: [String])
        case noWorkplace
        case latitudeOutOfRange(Double)
        case longitudeOutOfRange(Double)
        case latitudeWithoutLongitude
        case longitudeWithoutLatitude
        case diplomaLevelOutOfRange(Int)
        case travelLimitOutOfRange(Int)
        case radiusOutOfRange(Double)
        case noTransportMode
        case unknownRomeCode(String)
        /// No ROME code, and no title it could be found from.
        case missingRomeCode
        case negativeMonths(Int)
        /// More months than ``RecordProblem/experienceMonths`` allows (50 years).
        case tooManyMonths(Int)
        /// An `experienceLibelle` whose duration ("768614336404564651 An(s)") is beyond 50 years.
        case experienceLabelOutOfRange(String)
        case noPosition(found: Int)
        /// A licence label Apparier does not know (so it could not check it); the nearest known one, if any.
        case unknownLicence(String, suggestion: String?)
        /// A language Apparier does not know; the nearest known one, if any.
        case unknownLanguage(String, suggestion: String?)
        /// A competence code that is no item of the ROME referential; the code of the item its label names, if any.
        case unknownCompetence(String, suggestion: String?)
        /// More posts than ``RecordProblem/positions`` allows.
        case tooManyPositions(Int)
    }

    public init(_ field: String, _ kind: Kind) { self.field = field; self.kind = kind }

    /// Whether the engine cannot match the record at all with this problem (it cannot place it, or name its
    /// métier); the other rules guard what is stored.
    public var stopsMatching: Bool {
        switch kind {
        case .unknownCommune, .unknownCommuneWithoutCoordinates, .communeOutsideReferential, .noWorkplace,
             .ambiguousCommune, .unresolvedCommune,
             .latitudeOutOfRange, .longitudeOutOfRange, .latitudeWithoutLongitude, .longitudeWithoutLatitude,
             .unknownRomeCode, .missingRomeCode, .noTransportMode, .communeCodeLength:
            true
        case .emptyId, .diplomaLevelOutOfRange, .travelLimitOutOfRange, .radiusOutOfRange, .negativeMonths, .noPosition,
             .tooManyMonths, .experienceLabelOutOfRange, .tooManyPositions, .unknownLicence, .unknownLanguage, .unknownCompetence:
            false
        }
    }

    /// What is wrong, in one line (without the field), in French: the one place where record problems are
    /// worded, for the command line, the service and the desk.
    public var description: String {
        switch kind {
        case .emptyId: "l'identifiant est vide"
        case .communeCodeLength(let found): "un code commune INSEE à 5 caractères est attendu, trouvé « \(found) »"
        case .unknownCommune(let code, let deps):
            "commune « \(code) » inconnue (absente du référentiel des communes, \(RecordProblem.list(deps)))"
        case .unknownCommuneWithoutCoordinates(let code): "commune « \(code) » inconnue, et pas de coordonnées"
        case .ambiguousCommune(let text, let candidates):
            "« \(text) » désigne plusieurs communes : \(candidates.joined(separator: ", ")) ; donnez le code INSEE de la bonne"
        case .unresolvedCommune(let text, let suggestions):
            "aucune commune « \(text) » dans le référentiel (un code INSEE, un nom ou un code postal des Hauts-de-France)"
                + (suggestions.isEmpty ? "" : " ; vouliez-vous dire \(suggestions.joined(separator: " ou ")) ?")
        case .communeOutsideReferential(let code, let deps):
            "la commune « \(code) » est hors du référentiel (\(RecordProblem.list(deps))) et l'offre n'a pas de coordonnées : "
                + "elle est gardée, mais ne peut pas être appariée tant qu'elle n'en a pas"
        case .noWorkplace: "ni commune ni coordonnées"
        case .latitudeOutOfRange(let value): "une latitude de -90 à 90 est attendue, trouvé \(value)"
        case .longitudeOutOfRange(let value): "une longitude de -180 à 180 est attendue, trouvé \(value)"
        case .latitudeWithoutLongitude: "manquante alors que la latitude est donnée"
        case .longitudeWithoutLatitude: "manquante alors que la longitude est donnée"
        case .diplomaLevelOutOfRange(let level): "un niveau de 0 à 8 est attendu, trouvé \(level)"
        case .travelLimitOutOfRange(let minutes): "de 1 à 240 minutes attendues, trouvé \(minutes)"
        case .radiusOutOfRange(let km): "une distance ≥ 0 km est attendue, trouvé \(km)"
        case .noTransportMode: "au moins un mode de transport est nécessaire"
        case .unknownRomeCode(let code): "code ROME « \(code) » inconnu"
        case .missingRomeCode: "manquant : donnez le code ROME de la fiche (par exemple D1106), ou un intitulé qui permette de le trouver"
        case .negativeMonths(let months): "un nombre de mois ≥ 0 est attendu, trouvé \(months)"
        case .noPosition(let found): "au moins 1 poste est attendu, trouvé \(found)"
        case .tooManyMonths(let months): "au plus \(RecordProblem.experienceMonths.upperBound) mois (50 ans) attendus, trouvé \(months)"
        case .experienceLabelOutOfRange(let label): "une durée d'au plus 50 ans est attendue, trouvé « \(label) »"
        case .unknownLicence(let label, let suggestion):
            "permis « \(label) » inconnu : il ne pourrait pas être vérifié"
                + (suggestion.map { " ; vouliez-vous dire \($0) ?" } ?? " (écrivez sa catégorie : B, C, CE, D, CACES R489 3…)")
        case .unknownLanguage(let label, let suggestion):
            "langue « \(label) » inconnue" + (suggestion.map { " ; vouliez-vous dire \($0) ?" } ?? " (connues : \(Language.allNames.joined(separator: ", ")))")
        case .unknownCompetence(let code, let suggestion):
            "aucune compétence « \(code) » dans le référentiel ROME"
                + (suggestion.map { " ; son libellé est celui de l'item \($0)" } ?? " (un code_ogr de data/rome/unix_item_v460_utf8.csv)")
        case .tooManyPositions(let found): "au plus \(RecordProblem.positions.upperBound) postes par offre sont attendus, trouvé \(found)"
        }
    }

    private static func list(_ departements: [String]) -> String { "départements " + departements.joined(separator: ", ") }

    /// Longest travel limit a candidate may state, in minutes.
    public static let travelLimits = 1...240
    /// Diploma levels, 0 (none) to 8 (doctorate).
    public static let diplomaLevels = 0...8
    /// Months of experience, in an experience or asked by an offer: up to 50 years.
    public static let experienceMonths = 0...600
    /// Posts of one offer.
    public static let positions = 1...1_000
}

extension CommuneDirectory {
    /// The départements the directory covers (`59`, `62`…), sorted: a commune there must be known.
    public var departements: [String] { Array(Set(communes.map { CommuneDirectory.departement(of: $0.code) })).sorted() }

    /// The département of an INSEE code (`59`, or `971` overseas).
    public static func departement(of commune: String) -> String {
        commune.hasPrefix("97") ? String(commune.prefix(3)) : String(commune.prefix(2))
    }
}

extension Candidate {
    /// Every rule the candidate breaks, in the order they are checked (the first one is the one reported).
    /// Without referentials, only the shape is checked (the rules of docs/formats.md that need no lookup).
    public func problems(rome: RomeReferential? = nil, communes: CommuneDirectory? = nil) -> [RecordProblem] {
        var out = [RecordProblem]()
        if id.allSatisfy(\.isWhitespace) { out.append(.init("id", .emptyId)) }
        if commune.allSatisfy(\.isWhitespace) {
            out.append(.init("commune", .communeCodeLength(found: commune)))
        } else if let communes, communes.index[commune] == nil {
            out.append(.init("commune", RecordProblem.Kind.commune(commune, in: communes)))
        }
        if !RecordProblem.diplomaLevels.contains(diplomaLevel) {
            out.append(.init("niveauDiplome", .diplomaLevelOutOfRange(diplomaLevel)))
        }
        if mobility.modes.isEmpty { out.append(.init("mobilite.modes", .noTransportMode)) }
        if !RecordProblem.travelLimits.contains(mobility.maxMinutes) {
            out.append(.init("mobilite.tempsMaxMinutes", .travelLimitOutOfRange(mobility.maxMinutes)))
        }
        if let radius = mobility.radiusKm, !(radius.isFinite && radius >= 0) {
            out.append(.init("mobilite.rayonKm", .radiusOutOfRange(radius)))
        }
        func unknown(_ code: String) -> Bool { rome.map { $0.ficheIndex[code] == nil } ?? false }
        for (i, code) in targetRomeCodes.enumerated() where unknown(code) {
            out.append(.init("metiersRecherches[\(i)]", .unknownRomeCode(code)))
        }
        for (i, e) in experiences.enumerated() {
            if unknown(e.romeCode) { out.append(.init("experiences[\(i)].romeCode", .unknownRomeCode(e.romeCode))) }
            if e.months < 0 { out.append(.init("experiences[\(i)].mois", .negativeMonths(e.months))) }
            if e.months > RecordProblem.experienceMonths.upperBound { out.append(.init("experiences[\(i)].mois", .tooManyMonths(e.months))) }
        }
        if let code = training?.romeCode, unknown(code) { out.append(.init("formation.romeCode", .unknownRomeCode(code))) }
        if let rome {
            for (i, code) in skills.enumerated() where rome.itemIndex[code] == nil {
                out.append(.init("competences[\(i)]", .unknownCompetence(code, suggestion: nil)))
            }
        }
        for (i, licence) in licences.enumerated() where Licence(label: licence) == nil {
            out.append(.init("permis[\(i)]", .unknownLicence(licence, suggestion: Licence.suggestion(for: licence))))
        }
        for (i, language) in languages.enumerated() where Language(label: language.language) == nil {
            out.append(.init("langues[\(i)].langue", .unknownLanguage(language.language, suggestion: Language.suggestion(for: language.language))))
        }
        return out
    }
}

extension JobOffer {
    /// Every rule the offer breaks, in the order they are checked (the first one is the one reported).
    /// Without referentials, only the shape is checked.
    public func problems(rome: RomeReferential? = nil, communes: CommuneDirectory? = nil) -> [RecordProblem] {
        var out = [RecordProblem]()
        if id.allSatisfy(\.isWhitespace) { out.append(.init("id", .emptyId)) }
        if romeCode.isEmpty {
            out.append(.init("romeCode", .missingRomeCode))
        } else if let rome, rome.ficheIndex[romeCode] == nil {
            out.append(.init("romeCode", .unknownRomeCode(romeCode)))
        }
        if positions < 1 { out.append(.init("nombrePostes", .noPosition(found: positions))) }
        if positions > RecordProblem.positions.upperBound { out.append(.init("nombrePostes", .tooManyPositions(positions))) }
        if let months = experienceMonths, months < 0 { out.append(.init("experienceMois", .negativeMonths(months))) }
        if let months = experienceMonths, months > RecordProblem.experienceMonths.upperBound {
            out.append(.init("experienceMois", .tooManyMonths(months)))
        }
        if experienceMonths == nil, let label = experienceLabel, labelledExperienceMonths == nil {
            out.append(.init("experienceLibelle", .experienceLabelOutOfRange(label)))
        }
        out += workplaceProblems(communes: communes)
        if let rome {
            for (i, skill) in skills.enumerated() where rome.itemIndex[skill.code] == nil {
                let named = skill.label.flatMap(rome.item(labelled:)).map { "\($0.code) (« \($0.label) »)" }
                out.append(.init("competences[\(i)].code", .unknownCompetence(skill.code, suggestion: named)))
            }
        }
        for (i, licence) in licences.enumerated() where Licence(label: licence.label) == nil {
            out.append(.init("permis[\(i)].libelle", .unknownLicence(licence.label, suggestion: Licence.suggestion(for: licence.label))))
        }
        for (i, language) in languages.enumerated() where Language(label: language.label) == nil {
            out.append(.init("langues[\(i)].libelle", .unknownLanguage(language.label, suggestion: Language.suggestion(for: language.label))))
        }
        return out
    }

    /// What does not stop the offer from being stored but stops it from being matched.
    public func warnings(communes: CommuneDirectory) -> [RecordProblem] {
        guard workplace.latitude == nil, let code = workplace.commune, communes.index[code] == nil else { return [] }
        return [.init("lieuTravail.commune", .communeOutsideReferential(code, departements: communes.departements))]
    }

    private func workplaceProblems(communes: CommuneDirectory?) -> [RecordProblem] {
        let place = workplace
        if let lat = place.latitude, !(lat.isFinite && (-90...90).contains(lat)) {
            return [.init("lieuTravail.latitude", .latitudeOutOfRange(lat))]
        }
        if let lon = place.longitude, !(lon.isFinite && (-180...180).contains(lon)) {
            return [.init("lieuTravail.longitude", .longitudeOutOfRange(lon))]
        }
        switch (place.latitude, place.longitude) {
        case (.some, nil): return [.init("lieuTravail.longitude", .longitudeWithoutLatitude)]
        case (nil, .some): return [.init("lieuTravail.latitude", .latitudeWithoutLongitude)]
        default: break
        }
        // Whether the offer can be placed at all is judged with the communes: without them, only the shape.
        guard let code = place.commune else {
            return communes == nil || place.latitude != nil ? [] : [.init("lieuTravail", .noWorkplace)]
        }
        guard let communes, communes.index[code] == nil else { return [] }
        // A name, or a postcode several communes share, must name one commune even beside coordinates.
        let kind = RecordProblem.Kind.commune(code, in: communes)
        if case .ambiguousCommune = kind { return [.init("lieuTravail.commune", kind)] }
        if !CommuneDirectory.looksLikeCode(code) { return [.init("lieuTravail.commune", kind)] }
        if place.latitude == nil, communes.departements.contains(CommuneDirectory.departement(of: code)) {
            return [.init("lieuTravail.commune", .unknownCommuneWithoutCoordinates(code))]
        }
        return []
    }
}

extension RecordProblem.Kind {
    /// Why `text`, which is not an INSEE code of `communes`, names no commune: several fit, none fits (with
    /// the nearest names), or an unknown code of the covered départements.
    static func commune(_ text: String, in communes: CommuneDirectory) -> RecordProblem.Kind {
        switch communes.lookup(text) {
        case .ambiguous(let several): return .ambiguousCommune(text, candidates: several.prefix(8).map(\.displayName))
        case .unknown(let suggestions) where !CommuneDirectory.looksLikeCode(text) || !suggestions.isEmpty:
            return .unresolvedCommune(text, suggestions: suggestions.prefix(3).map(\.displayName))
        case .found, .unknown: return .unknownCommune(text, departements: communes.departements)
        }
    }
}

extension JobOffer {
    /// Writes the workplace's INSEE code when it was given otherwise and one commune fits: a name or a
    /// postcode in `commune` (`Arras`, `59000` when only one commune has it), or, without commune and
    /// coordinates, France Travail's `libelle` (`62 - ARRAS`) or `codePostal`. Anything else is left as it
    /// was, for the rules to refuse with the communes that fit or the nearest names. `codePostal` is dropped.
    public mutating func resolveCommune(in communes: CommuneDirectory) {
        defer { if workplace.postalCode != nil { workplace.postalCode = nil } }
        if let text = workplace.commune {
            guard communes.index[text] == nil, case .found(let commune) = communes.lookup(text) else { return }
            workplace.commune = commune.code
        } else if workplace.latitude == nil, workplace.longitude == nil {
            for text in [workplace.postalCode, workplace.label].compactMap({ $0 }) {
                if case .found(let commune) = communes.lookup(text) { workplace.commune = commune.code; return }
            }
        }
    }
}

extension JobOffer {
    /// Gives their code to the competences given by label only whose label is an item's (in any case,
    /// with or without accents); the others stay uncoded (reported, not evaluated).
    public mutating func resolveCompetenceLabels(in rome: RomeReferential) {
        guard !uncodedSkills.isEmpty else { return }
        var left: [UncodedSkill] = []
        for skill in uncodedSkills {
            if let item = rome.item(labelled: skill.label) {
                skills.append(OfferSkill(code: item.code, label: skill.label, exigence: skill.exigence))
            } else {
                left.append(skill)
            }
        }
        uncodedSkills = left
    }
}

extension Candidate {
    /// Writes the INSEE code of a commune given by name or postcode when one commune fits
    /// (``JobOffer/resolveCommune(in:)``).
    public mutating func resolveCommune(in communes: CommuneDirectory) {
        guard communes.index[commune] == nil, case .found(let found) = communes.lookup(commune) else { return }
        commune = found.code
    }
}

/// ROME codes as people type them.
public enum RomeCode {
    /// `d1106` or ` D1106 ` → `D1106`: a letter and four digits, in any case, around spaces. Any other text
    /// is returned as it was, for the rules to refuse with its own words.
    ///
    ///     RomeCode.canonical("d1106")   // "D1106"
    public static func canonical(_ text: String) -> String {
        if isCanonical(text) { return text }
        let scalars = Array(text.unicodeScalars.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard scalars.count == 5, ("a"..."z").contains(scalars[0]) || ("A"..."Z").contains(scalars[0]),
              scalars.dropFirst().allSatisfy({ ("0"..."9").contains($0) }) else { return text }
        return String(String.UnicodeScalarView(scalars)).uppercased()
    }

    /// A capital letter and four digits, as written in the referential: checked on the bytes, without a
    /// copy, since an import checks every code of every record.
    static func isCanonical(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 5, let first = bytes.first, (65...90).contains(first) else { return false }
        return bytes.dropFirst().allSatisfy { (48...57).contains($0) }
    }
}

extension JobOffer {
    /// Puts the offer's ROME code in canonical form (``RomeCode/canonical(_:)``).
    public mutating func canonicaliseRomeCodes() {
        if !RomeCode.isCanonical(romeCode) { romeCode = RomeCode.canonical(romeCode) }
    }
}

extension Candidate {
    /// Puts every ROME code of the candidate (métiers sought, experiences, training) in canonical form.
    public mutating func canonicaliseRomeCodes() {
        // Only a code that needs it is written: touching the arrays would copy them.
        for i in targetRomeCodes.indices where !RomeCode.isCanonical(targetRomeCodes[i]) {
            targetRomeCodes[i] = RomeCode.canonical(targetRomeCodes[i])
        }
        for i in experiences.indices where !RomeCode.isCanonical(experiences[i].romeCode) {
            experiences[i].romeCode = RomeCode.canonical(experiences[i].romeCode)
        }
        if let code = training?.romeCode, !RomeCode.isCanonical(code) { training?.romeCode = RomeCode.canonical(code) }
    }
}
