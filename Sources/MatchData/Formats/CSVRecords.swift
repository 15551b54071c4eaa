import Foundation
package import MatchCore

/// The CSV formats of offers and candidates (docs/formats.md, "CSV files"): one record per line, columns
/// named like the JSON members (`lieuTravail.latitude`, `mobilite.tempsMaxMinutes`), other columns
/// ignored — so France Travail's own flat export (`|`-separated, lists as Python literals) reads as is.
package enum CSVRecords {
    /// Reads every record; a row that cannot be read is a problem on its line, the others go on.
    static func offers(_ csv: CSVReader) throws -> ParsedFile<JobOffer> {
        try offerWindows(csv, windowBytes: .max).read(0)
    }

    static func candidates(_ csv: CSVReader) throws -> ParsedFile<Candidate> {
        try candidateWindows(csv, windowBytes: .max).read(0)
    }

    /// The offers in windows of about `windowBytes` bytes of the file (``RecordWindows``).
    static func offerWindows(_ csv: CSVReader, windowBytes: Int) throws -> RecordWindows<JobOffer> {
        let layout = try OfferLayout(csv)
        return windows(csv, windowBytes: windowBytes) { try offer(CSVCells(row: $0), layout) }
    }

    /// The candidates in windows of about `windowBytes` bytes of the file (``RecordWindows``).
    static func candidateWindows(_ csv: CSVReader, windowBytes: Int) throws -> RecordWindows<Candidate> {
        let layout = try CandidateLayout(csv)
        return windows(csv, windowBytes: windowBytes) { try candidate(CSVCells(row: $0), layout) }
    }

    /// The file cut into windows of about `windowBytes` bytes, each read in parts on all cores (one part
    /// per core); each bad row is a problem on its line. Windows are numbered as they are read, so they
    /// must be read in order.
    private static func windows<Record: Sendable>(_ csv: CSVReader, windowBytes: Int,
                                                  _ make: @escaping @Sendable (CSVReader.Row) throws -> Record) -> RecordWindows<Record> {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let windowCount = max(1, csv.bodyBytes / max(1, windowBytes))
        let (parts, lines) = csv.parts(windowCount * cores, minimumBytes: windowCount > 1 ? 0 : 1 << 20)
        let groups = stride(from: 0, to: parts.count, by: cores).map { Array(parts[$0..<min(parts.count, $0 + cores)]) }
        nonisolated(unsafe) let places = CSVPlaces(csv)   // only the reader of the current window touches it
        return RecordWindows(count: groups.count, estimatedRecords: { lines }) { k in
            try read(csv, parts: groups[k], places: places, make)
        }
    }

    /// Reads `parts` on all cores; their records are numbered after those already in `places`.
    private static func read<Record: Sendable>(_ csv: CSVReader, parts: [CSVReader.Part], places: CSVPlaces,
                                               _ make: @escaping @Sendable (CSVReader.Row) throws -> Record) throws -> ParsedFile<Record> {
        var results = [Result<Part<Record>, any Error>?](repeating: nil, count: parts.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: parts.count) { k in
                slots[k] = Result { try read(csv, part: parts[k], make) }
            }
        }
        var parsed = ParsedFile<Record>(places: places)
        // Joined part by part, each part freed once copied: the records are never all held twice.
        let total = results.reduce(0) { $0 + ((try? $1?.get())?.records.count ?? 0) }
        parsed.records.reserveCapacity(total)
        parsed.indices.reserveCapacity(total)
        let first = places.count
        for k in results.indices {
            let part = try results[k]!.get()
            results[k] = nil
            for (record, index) in zip(part.records, part.indices) { parsed.append(record, index: index + places.count) }
            parsed.problems += part.problems
            places.append(part.places)
        }
        parsed.read = places.count - first
        return parsed
    }

    /// The records of one part of the file, numbered from 0.
    private struct Part<Record> {
        var records: [Record] = []
        var indices: [Int] = []
        var problems: [ImportProblem] = []
        var places: CSVPlaces
    }

    private static func read<Record>(_ csv: CSVReader, part: CSVReader.Part, _ make: (CSVReader.Row) throws -> Record) throws -> Part<Record> {
        var out = Part<Record>(places: CSVPlaces(csv))
        try csv.forEachRecord(in: part) { row in
            let index = out.places.add(row)
            do {
                guard row.count == csv.header.count else {
                    throw CellError(column: "", message: "\(csv.header.count) champs attendus (comme dans l'en-tête), trouvé \(row.count)")
                }
                out.records.append(try make(row))
                out.indices.append(index)
            } catch let error as CellError {
                out.problems.append(out.places.problem(record: index, field: error.column.isEmpty ? nil : error.column,
                                                       message: error.message))
            }
        }
        return out
    }

    /// The names of the columns that must be in the header.
    static func requireColumns(_ columns: [CSVColumn], _ csv: CSVReader) throws {
        let missing = columns.filter { $0.index == nil }.map(\.name)
        guard missing.isEmpty else {
            throw MatchError(.invalidRecord, file: csv.file, line: 1, message: "colonne\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) absente\(missing.count > 1 ? "s" : "") de l'en-tête (séparateur lu : « \(Character(UnicodeScalar(csv.separator))) »)")
        }
    }
}

// MARK: - Candidates

/// Where the candidate columns are.
package struct CandidateLayout {
    let id, commune, metiers, experiences, competences, niveau, langues, permis: CSVColumn
    let modes, tempsMax, rayon, contrats, disponible, naissance, inscrit: CSVColumn
    let rqth, rsa, qpv, licenciement, formationRome, formationFin: CSVColumn

    static let names = ["id", "commune", "metiersRecherches", "experiences", "competences", "niveauDiplome", "langues",
                        "permis", "mobilite.modes", "mobilite.tempsMaxMinutes", "mobilite.rayonKm", "contrats",
                        "disponibleLe", "dateNaissance", "inscritDepuis", "rqth", "rsa", "qpv",
                        "licenciementEconomique", "formation.romeCode", "formation.fin"]

    init(_ csv: CSVReader) throws {
        let header = Dictionary(csv.header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        func col(_ name: String) -> CSVColumn { CSVColumn(name, in: header) }
        id = col("id"); commune = col("commune"); metiers = col("metiersRecherches"); experiences = col("experiences")
        competences = col("competences"); niveau = col("niveauDiplome"); langues = col("langues"); permis = col("permis")
        modes = col("mobilite.modes"); tempsMax = col("mobilite.tempsMaxMinutes"); rayon = col("mobilite.rayonKm")
        contrats = col("contrats"); disponible = col("disponibleLe"); naissance = col("dateNaissance")
        inscrit = col("inscritDepuis"); rqth = col("rqth"); rsa = col("rsa"); qpv = col("qpv")
        licenciement = col("licenciementEconomique"); formationRome = col("formation.romeCode")
        formationFin = col("formation.fin")
        try CSVRecords.requireColumns([id, commune, modes, tempsMax], csv)
    }
}

extension CSVRecords {
    static func candidate(_ c: CSVCells, _ l: CandidateLayout) throws -> Candidate {
        let modes = try c.list(l.modes).map { raw -> TransportMode in
            guard let mode = TransportMode(rawValue: raw) else {
                throw c.fail(l.modes, "valeur « \(raw) » invalide ; attendu l'un de : \(TransportMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return mode
        }
        guard let minutes = try c.int(l.tempsMax) else { throw c.fail(l.tempsMax, "valeur obligatoire manquante") }
        let trainingRome = c.text(l.formationRome), trainingEnd = try c.day(l.formationFin)
        return Candidate(
            id: try c.required(l.id), commune: try c.required(l.commune), targetRomeCodes: try c.list(l.metiers),
            experiences: try experiences(c, l.experiences), skills: try c.list(l.competences),
            diplomaLevel: try c.int(l.niveau) ?? 0, languages: try languages(c, l.langues), licences: try c.list(l.permis),
            mobility: .init(modes: modes, maxMinutes: minutes, radiusKm: try c.double(l.rayon)),
            acceptedContracts: try c.list(l.contrats), availableFrom: try c.day(l.disponible),
            birthDate: try c.day(l.naissance), unemployedSince: try c.day(l.inscrit),
            rqth: try c.bool(l.rqth) ?? false, rsa: try c.bool(l.rsa) ?? false, qpv: try c.bool(l.qpv) ?? false,
            economicLayoff: try c.bool(l.licenciement) ?? false,
            training: trainingRome == nil && trainingEnd == nil ? nil : .init(romeCode: trainingRome, endDate: trainingEnd))
    }

    /// `N1103:18,N1105:6:2021-06-30` (an optional end date after the months), or
    /// `[{"romeCode": "N1103", "mois": 18, "fin": "2021-06-30"}]`.
    static func experiences(_ c: CSVCells, _ column: CSVColumn) throws -> [Candidate.Experience] {
        func endDate(_ text: String?) throws -> Day? {
            guard let text, !text.isEmpty else { return nil }
            guard let day = Day(text) else {
                throw c.fail(column, "la fin d'une expérience est une date AAAA-MM-JJ ou JJ/MM/AAAA, trouvé « \(text) »")
            }
            return day
        }
        if let items = try c.literalList(column) {
            return try items.map { item in
                guard let code = item["romeCode"]?.stringValue, let months = item["mois"]?.stringValue.flatMap({ Int($0) }) else {
                    throw c.fail(column, "chaque expérience a besoin de « romeCode » et d'un nombre entier de « mois »")
                }
                return .init(romeCode: code, months: months, endDate: try endDate(item["fin"]?.stringValue))
            }
        }
        return try c.list(column).map { item in
            let parts = item.split(separator: ":").map { $0.trimmedSpaces() }
            guard parts.count == 2 || parts.count == 3, let months = Int(parts[1]) else {
                throw c.fail(column, "des éléments ROME:mois[:fin] comme N1103:18 ou N1103:18:2021-06-30 sont attendus, trouvé « \(item) »")
            }
            return .init(romeCode: parts[0], months: months, endDate: try endDate(parts.count == 3 ? parts[2] : nil))
        }
    }

    /// `Anglais:B1,Néerlandais`, or `[{"langue": "Anglais", "niveau": "B1"}]`.
    static func languages(_ c: CSVCells, _ column: CSVColumn) throws -> [Candidate.LanguageSkill] {
        func level(_ raw: String?) throws -> CEFRLevel? {
            guard let raw, !raw.isEmpty else { return nil }
            guard let level = CEFRLevel(rawValue: raw.uppercased()) else {
                throw c.fail(column, "un niveau du CECRL A1…C2 est attendu, trouvé « \(raw) »")
            }
            return level
        }
        if let items = try c.literalList(column) {
            return try items.map { item in
                guard let name = item["langue"]?.stringValue else { throw c.fail(column, "chaque langue a besoin de « langue »") }
                return .init(language: name, level: try level(item["niveau"]?.stringValue))
            }
        }
        return try c.list(column).map { item in
            guard let colon = item.lastIndex(of: ":") else { return .init(language: item) }
            return .init(language: item[..<colon].trimmedSpaces(), level: try level(item[item.index(after: colon)...].trimmedSpaces()))
        }
    }
}

// MARK: - Offers

/// Where the offer columns are (France Travail names; `lieuTravail.*` flattened with dots).
package struct OfferLayout {
    let id, intitule, romeCode, appellation, lieuLibelle, lieuCommune, latitude, longitude, typeContrat: CSVColumn
    let nombrePostes, competences, permis, langues, formations, experienceExige, experienceLibelle: CSVColumn
    let experienceMois, accessibleTH, dateCreation, dateDebut, publics: CSVColumn

    static let names = ["id", "intitule", "romeCode", "appellationCode", "lieuTravail.libelle", "lieuTravail.commune",
                        "lieuTravail.latitude", "lieuTravail.longitude", "typeContrat", "nombrePostes", "competences",
                        "permis", "langues", "formations", "experienceExige", "experienceLibelle", "experienceMois",
                        "accessibleTH", "dateCreation", "dateDebut", "publicsPrioritaires"]

    init(_ csv: CSVReader) throws {
        let header = Dictionary(csv.header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        func col(_ name: String) -> CSVColumn { CSVColumn(name, in: header) }
        id = col("id"); intitule = col("intitule"); romeCode = col("romeCode"); appellation = col("appellationCode")
        lieuLibelle = col("lieuTravail.libelle"); lieuCommune = col("lieuTravail.commune")
        latitude = col("lieuTravail.latitude"); longitude = col("lieuTravail.longitude"); typeContrat = col("typeContrat")
        nombrePostes = col("nombrePostes"); competences = col("competences"); permis = col("permis"); langues = col("langues")
        formations = col("formations"); experienceExige = col("experienceExige"); experienceLibelle = col("experienceLibelle")
        experienceMois = col("experienceMois"); accessibleTH = col("accessibleTH"); dateCreation = col("dateCreation")
        dateDebut = col("dateDebut"); publics = col("publicsPrioritaires")
        try CSVRecords.requireColumns([id], csv)   // romeCode may be left for the title to give
    }
}

extension CSVRecords {
    static func offer(_ c: CSVCells, _ l: OfferLayout) throws -> JobOffer {
        var offer = JobOffer(
            id: try c.required(l.id), title: c.freeText(l.intitule), romeCode: c.text(l.romeCode) ?? "",
            workplace: .init(label: c.freeText(l.lieuLibelle), commune: c.text(l.lieuCommune),
                             latitude: try c.double(l.latitude), longitude: try c.double(l.longitude)),
            contractType: c.text(l.typeContrat), positions: try c.int(l.nombrePostes) ?? 1,
            licences: try requirements(c, l.permis), languages: try requirements(c, l.langues),
            education: try formations(c, l.formations), experienceRequirement: try experience(c, l.experienceExige),
            experienceMonths: try c.int(l.experienceMois), startDate: try c.day(l.dateDebut),
            targetedPublics: try publics(c, l.publics))
        (offer.skills, offer.uncodedSkills) = try competences(c, l.competences)
        offer.appellationCode = c.text(l.appellation)
        offer.experienceLabel = c.freeText(l.experienceLibelle)
        offer.accessibleTH = try c.bool(l.accessibleTH)
        offer.createdAt = c.text(l.dateCreation)
        return offer
    }

    /// `100341:E,300374`, or a literal list of `{code, libelle, exigence}` (items without a code are kept
    /// as uncoded competences, as in JSON).
    static func competences(_ c: CSVCells, _ column: CSVColumn) throws -> ([OfferSkill], [UncodedSkill]) {
        if let items = try c.literalList(column) {
            var coded = [OfferSkill](), uncoded = [UncodedSkill]()
            for item in items {
                if let code = item["code"]?.stringValue {
                    coded.append(OfferSkill(code: code, label: item["libelle"]?.stringValue, exigence: item.exigence))
                } else {
                    uncoded.append(UncodedSkill(label: item["libelle"]?.stringValue ?? "?", exigence: item.exigence))
                }
            }
            return (coded, uncoded)
        }
        return (try c.list(column).map { let (code, e) = CSVCells.withExigence($0); return OfferSkill(code: code, exigence: e) }, [])
    }

    /// `B - Véhicule léger:E,CACES R489 3`, or a literal list of `{libelle, exigence}`.
    static func requirements(_ c: CSVCells, _ column: CSVColumn) throws -> [OfferRequirement] {
        if let items = try c.literalList(column) {
            return try items.map { item in
                guard let label = item["libelle"]?.stringValue else { throw c.fail(column, "chaque élément a besoin de « libelle »") }
                return OfferRequirement(label: label, exigence: item.exigence)
            }
        }
        return try c.list(column).map { let (label, e) = CSVCells.withExigence($0); return OfferRequirement(label: label, exigence: e) }
    }

    /// `CAP:E`, or a literal list of `{niveauLibelle, domaineLibelle, exigence}`.
    static func formations(_ c: CSVCells, _ column: CSVColumn) throws -> [OfferEducation] {
        if let items = try c.literalList(column) {
            return items.map { item in
                var education = OfferEducation(levelLabel: item["niveauLibelle"]?.stringValue, exigence: item.exigence)
                education.domainLabel = item["domaineLibelle"]?.stringValue
                return education
            }
        }
        return try c.list(column).map { let (label, e) = CSVCells.withExigence($0); return OfferEducation(levelLabel: label, exigence: e) }
    }

    static func experience(_ c: CSVCells, _ column: CSVColumn) throws -> JobOffer.ExperienceRequirement? {
        guard let text = c.text(column) else { return nil }
        guard let value = JobOffer.ExperienceRequirement(label: text) else {
            throw c.fail(column, "valeur « \(text) » invalide ; attendu l'un de : D, S, E, Débutant accepté, Expérience souhaitée, Expérience exigée")
        }
        return value
    }

    static func publics(_ c: CSVCells, _ column: CSVColumn) throws -> [PriorityPublic] {
        try c.list(column).map { raw in
            guard let value = PriorityPublic(rawValue: raw) else {
                throw c.fail(column, "valeur « \(raw) » invalide ; attendu l'un de : \(PriorityPublic.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }
}
