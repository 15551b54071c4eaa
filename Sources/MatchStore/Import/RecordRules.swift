import Foundation
import MatchCore
import MatchData

/// The checks every imported record passes, whatever its format, so that anything in the store can be
/// matched: the rules of the JSON files (docs/formats.md, "What is checked") plus the referential checks
/// the engine would otherwise fail on later (unknown ROME code, unknown commune, no transport mode).
///
///     let rules = RecordRules(rome: ws.rome, communes: ws.communes)
///     rules.problem(of: candidate)   // ("experiences[0].romeCode", "unknown ROME code \"Z9999\"")
struct RecordRules {
    let rome: RomeReferential
    let communes: CommuneDirectory
    /// Départements the commune referential covers (`59`, `62`…): an unknown commune there is an error;
    /// an offer elsewhere can only be located by its coordinates.
    let departements: Set<String>

    init(rome: RomeReferential, communes: CommuneDirectory) {
        self.rome = rome
        self.communes = communes
        departements = Set(communes.communes.map { RecordRules.departement(of: $0.code) })
    }

    static func departement(of commune: String) -> String {
        commune.hasPrefix("97") ? String(commune.prefix(3)) : String(commune.prefix(2))
    }

    typealias Problem = (field: String, message: String)

    // MARK: Candidates

    func problem(of c: Candidate) -> Problem? {
        if c.id.trimmedSpaces().isEmpty { return ("id", "id is empty") }
        if c.commune.count != 5 { return ("commune", "expected a 5-character INSEE commune code, found \"\(c.commune)\"") }
        if communes.index[c.commune] == nil {
            return ("commune", "unknown commune \"\(c.commune)\" (not in the commune referential, \(departementList))")
        }
        if !(0...8).contains(c.diplomaLevel) { return ("niveauDiplome", "expected a level from 0 to 8, found \(c.diplomaLevel)") }
        if c.mobility.modes.isEmpty { return ("mobilite.modes", "at least one transport mode is needed") }
        if !(1...240).contains(c.mobility.maxMinutes) {
            return ("mobilite.tempsMaxMinutes", "expected 1 to 240 minutes, found \(c.mobility.maxMinutes)")
        }
        if let radius = c.mobility.radiusKm, !(radius.isFinite && radius >= 0) {
            return ("mobilite.rayonKm", "expected a distance ≥ 0 km, found \(radius)")
        }
        return romeProblem(of: c)
    }

    private func romeProblem(of c: Candidate) -> Problem? {
        for (i, code) in c.targetRomeCodes.enumerated() where rome.ficheIndex[code] == nil {
            return ("metiersRecherches[\(i)]", unknownRome(code))
        }
        for (i, e) in c.experiences.enumerated() {
            if rome.ficheIndex[e.romeCode] == nil { return ("experiences[\(i)].romeCode", unknownRome(e.romeCode)) }
            if e.months < 0 { return ("experiences[\(i)].mois", "expected months ≥ 0, found \(e.months)") }
        }
        if let code = c.training?.romeCode, rome.ficheIndex[code] == nil { return ("formation.romeCode", unknownRome(code)) }
        return nil
    }

    // MARK: Offers

    func problem(of o: JobOffer) -> Problem? {
        if o.id.trimmedSpaces().isEmpty { return ("id", "id is empty") }
        if rome.ficheIndex[o.romeCode] == nil { return ("romeCode", unknownRome(o.romeCode)) }
        if o.positions < 1 { return ("nombrePostes", "expected at least 1 post, found \(o.positions)") }
        if let months = o.experienceMonths, months < 0 { return ("experienceMois", "expected months ≥ 0, found \(months)") }
        return placeProblem(of: o.workplace)
    }

    private func placeProblem(of place: JobOffer.Workplace) -> Problem? {
        if let lat = place.latitude, !(lat.isFinite && (-90...90).contains(lat)) {
            return ("lieuTravail.latitude", "expected a latitude from -90 to 90, found \(lat)")
        }
        if let lon = place.longitude, !(lon.isFinite && (-180...180).contains(lon)) {
            return ("lieuTravail.longitude", "expected a longitude from -180 to 180, found \(lon)")
        }
        switch (place.latitude, place.longitude) {
        case (.some, nil): return ("lieuTravail.longitude", "missing while the latitude is given")
        case (nil, .some): return ("lieuTravail.latitude", "missing while the longitude is given")
        case (.some, .some): return nil
        case (nil, nil): break
        }
        guard let code = place.commune else { return ("lieuTravail", "neither a commune nor coordinates") }
        if communes.index[code] == nil, departements.contains(RecordRules.departement(of: code)) {
            return ("lieuTravail.commune", "unknown commune \"\(code)\" and no coordinates")
        }
        return nil
    }

    /// An offer stored but that cannot be matched until it has coordinates: its commune lies outside
    /// the départements of the referential (France Travail offers from elsewhere in France).
    func warning(of o: JobOffer) -> Problem? {
        guard o.workplace.latitude == nil, let code = o.workplace.commune, communes.index[code] == nil else { return nil }
        return ("lieuTravail.commune",
                "commune \"\(code)\" is outside the referential (\(departementList)) and the offer has no coordinates: stored, but it cannot be matched until it has some")
    }

    private var departementList: String { "départements " + departements.sorted().joined(separator: ", ") }

    private func unknownRome(_ code: String) -> String { "unknown ROME code \"\(code)\"" }
}

extension ParsedFile {
    /// Applies `problem` and the id rules (not empty, unique in the file) to every record: a record that
    /// fails is moved to `problems`; `warning` adds to the returned warnings.
    mutating func check(id: (Record) -> String, problem: (Record) -> RecordRules.Problem?,
                        warning: (Record) -> RecordRules.Problem? = { _ in nil }) -> [ImportProblem] {
        var kept = [Record](), keptIndices = [Int](), warnings = [ImportProblem]()
        var firstIndex = [String: Int]()
        kept.reserveCapacity(records.count)
        for (record, index) in zip(records, indices) {
            let key = id(record)
            if let first = firstIndex[key] {
                let line = places.problem(record: first, field: "id", message: "").line.map { " on line \($0)" } ?? ""
                problems.append(places.problem(record: index, field: "id",
                                               message: "duplicate id \"\(key)\" (already used by record \(first)\(line))"))
                continue
            }
            if let (field, message) = problem(record) {
                problems.append(places.problem(record: index, field: field, message: message))
                continue
            }
            firstIndex[key] = index
            if let (field, message) = warning(record) { warnings.append(places.problem(record: index, field: field, message: message)) }
            kept.append(record)
            keptIndices.append(index)
        }
        records = kept
        indices = keptIndices
        problems.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        return warnings
    }
}
