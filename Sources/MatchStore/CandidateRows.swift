import Foundation
import GRDB
import MatchCore
import MatchData

/// Candidates ↔ rows of `candidate` (code lists as JSON arrays), `candidateExperience`,
/// `candidateLanguage` and `candidateVector`, in bulk (``RawStatement``): an import of 500,000
/// candidates writes about 2.5 million rows.
///
/// Lists keep their order, so a stored candidate reads back equal to the imported one.
enum CandidateRows {
    static let mainColumns = ["commune", "metiersRecherches", "competences", "niveauDiplome", "permis", "modes",
                              "tempsMaxMinutes", "rayonKm", "contrats", "disponibleLe", "dateNaissance", "inscritDepuis",
                              "rqth", "rsa", "qpv", "licenciementEconomique", "formationRomeCode", "formationFin",
                              "contentHash", "importId", "updatedAt"]
    static let childTables = ["candidateExperience", "candidateLanguage"]

    /// The hash of everything stored about `c` (see ``StableHasher``).
    static func hash(_ c: Candidate) -> Int64 {
        var h = StableHasher()
        h.combine(c.id); h.combine(c.commune); h.combine(c.targetRomeCodes)
        h.combine(c.experiences.count)
        for e in c.experiences { h.combine(e.romeCode); h.combine(e.months) }
        h.combine(c.skills); h.combine(c.diplomaLevel)
        h.combine(c.languages.count)
        for l in c.languages { h.combine(l.language); h.combine(l.level?.rawValue) }
        h.combine(c.licences); h.combine(c.mobility.modes.map(\.rawValue)); h.combine(c.mobility.maxMinutes)
        h.combine(c.mobility.radiusKm); h.combine(c.acceptedContracts)
        for day in [c.availableFrom, c.birthDate, c.unemployedSince, c.training?.endDate] { h.combine(day.map { Int($0.ordinal) }) }
        for flag in [c.rqth, c.rsa, c.qpv, c.economicLayoff] { h.combine(flag) }
        h.combine(c.training?.romeCode)
        return h.value
    }
}

// MARK: - Writing

/// What a candidate's row needs besides its scalar fields, computed before the transaction on all cores:
/// its content hash and the JSON of its code lists.
struct PreparedCandidate: Sendable {
    var hash: Int64 = 0
    var metiers = "", skills = "", licences = "", modes = "", contracts = ""

    init() {}

    init(_ c: Candidate) {
        hash = CandidateRows.hash(c)
        metiers = JSONList.encode(c.targetRomeCodes)
        skills = JSONList.encode(c.skills)
        licences = JSONList.encode(c.licences)
        modes = JSONList.encode(c.mobility.modes.map(\.rawValue))
        contracts = JSONList.encode(c.acceptedContracts)
    }

}

/// The prepared statements of a candidate import, used inside one transaction.
struct CandidateWriter {
    private var rows: RecordStatements
    private var experience, language: RawStatement

    init(_ db: Database) throws {
        rows = try RecordStatements(db, table: "candidate", key: "candidateKey", columns: CandidateRows.mainColumns,
                                    lists: CandidateRows.childTables, vectors: "candidateVector")
        experience = try RawStatement(db, "INSERT INTO candidateExperience (candidateKey, position, romeCode, mois, fin) VALUES (?, ?, ?, ?, ?)")
        language = try RawStatement(db, "INSERT INTO candidateLanguage (candidateKey, position, langue, niveau) VALUES (?, ?, ?, ?)")
    }

    /// The key and content hash of the stored candidate `id`, if any.
    mutating func existing(_ id: String) throws -> (key: Int64, hash: Int64)? { try rows.existing(id) }

    /// Inserts a new candidate with its lists; returns its key.
    mutating func insert(_ c: Candidate, _ p: PreparedCandidate, importId: Int64, at time: String, db: Database) throws -> Int64 {
        let key = try rows.insert(id: c.id, createdAt: time, db: db) { Self.bindMain(&$0, c, p, importId: importId, at: time) }
        try writeLists(key, c)
        return key
    }

    /// Replaces a stored candidate's values and lists (its key and `createdAt` stay).
    mutating func update(key: Int64, _ c: Candidate, _ p: PreparedCandidate, importId: Int64, at time: String) throws {
        try rows.update(key: key) { Self.bindMain(&$0, c, p, importId: importId, at: time) }
        try writeLists(key, c)
    }

    /// Stores (or replaces) the candidate's vector.
    mutating func writeVector(key: Int64, model: String, _ values: UnsafeBufferPointer<Float>) throws {
        try rows.writeVector(key: key, model: model, values)
    }

    private static func bindMain(_ s: inout RawStatement, _ c: Candidate, _ p: PreparedCandidate, importId: Int64, at time: String) {
        s.bind(c.commune); s.bind(p.metiers); s.bind(p.skills); s.bind(c.diplomaLevel); s.bind(p.licences); s.bind(p.modes)
        s.bind(c.mobility.maxMinutes); s.bind(c.mobility.radiusKm); s.bind(p.contracts)
        s.bind(c.availableFrom?.iso); s.bind(c.birthDate?.iso); s.bind(c.unemployedSince?.iso)
        s.bind(c.rqth); s.bind(c.rsa); s.bind(c.qpv); s.bind(c.economicLayoff)
        s.bind(c.training?.romeCode); s.bind(c.training?.endDate?.iso)
        s.bind(p.hash); s.bind(importId); s.bind(time)
    }

    private mutating func writeLists(_ key: Int64, _ c: Candidate) throws {
        for (i, e) in c.experiences.enumerated() {
            experience.bind(key); experience.bind(i); experience.bind(e.romeCode); experience.bind(e.months)
            experience.bind(e.endDate?.iso)
            try experience.execute()
        }
        for (i, l) in c.languages.enumerated() {
            language.bind(key); language.bind(i); language.bind(l.language); language.bind(l.level?.rawValue)
            try language.execute()
        }
    }
}

// MARK: - Reading

extension CandidateRows {
    /// Every stored candidate, or only candidate `key`, in key order, with their keys.
    ///
    /// - Complexity: one scan of each candidate table (an index lookup each for one candidate).
    static func load(_ db: Database, only key: Int64? = nil) throws -> (keys: [Int64], candidates: [Candidate]) {
        let filter = key == nil ? "" : "WHERE candidateKey = ?"
        var keys = [Int64](), list = [Candidate]()
        var main = try RawStatement(db, """
            SELECT candidateKey, id, commune, metiersRecherches, competences, niveauDiplome, permis, modes, tempsMaxMinutes,
                   rayonKm, contrats, disponibleLe, dateNaissance, inscritDepuis, rqth, rsa, qpv, licenciementEconomique,
                   formationRomeCode, formationFin
            FROM candidate \(filter) ORDER BY candidateKey
            """)
        if let key { main.bind(key) }
        while try main.step() {
            keys.append(Int64(main.int(0)))
            list.append(candidate(main))
        }
        try attachLists(db, filter: filter, only: key, keys: keys, to: &list)
        return (keys, list)
    }

    /// The stored candidate with key `key`.
    static func load(_ db: Database, key: Int64) throws -> Candidate? {
        try load(db, only: key).candidates.first
    }

    private static func candidate(_ s: RawStatement) -> Candidate {
        func day(_ column: Int32) -> Day? {
            let bytes = s.utf8(column)
            return bytes.isEmpty ? nil : CSVCells.day(bytes) ?? s.text(column).flatMap { Day($0) }
        }
        func list(_ column: Int32) -> [String] { JSONList.decode(s.utf8(column)) }
        let trainingRome = s.text(18), trainingEnd = day(19)
        return Candidate(
            id: s.text(1) ?? "", commune: s.text(2) ?? "", targetRomeCodes: list(3), skills: list(4), diplomaLevel: s.int(5),
            licences: list(6),
            mobility: .init(modes: list(7).compactMap(TransportMode.init(rawValue:)), maxMinutes: s.int(8), radiusKm: s.double(9)),
            acceptedContracts: list(10), availableFrom: day(11), birthDate: day(12), unemployedSince: day(13),
            rqth: s.int(14) != 0, rsa: s.int(15) != 0, qpv: s.int(16) != 0, economicLayoff: s.int(17) != 0,
            training: trainingRome == nil && trainingEnd == nil ? nil : .init(romeCode: trainingRome, endDate: trainingEnd))
    }

    /// Reads the child tables in key order and appends each row to its candidate.
    private static func attachLists(_ db: Database, filter: String, only key: Int64?, keys: [Int64],
                                    to list: inout [Candidate]) throws {
        func each(_ columns: String, _ table: String, _ body: (Int, RawStatement) -> Void) throws {
            var s = try RawStatement(db, "SELECT candidateKey, \(columns) FROM \(table) \(filter) ORDER BY candidateKey, position")
            if let key { s.bind(key) }
            try merge(&s, keys, body)
        }
        try each("romeCode, mois, fin", "candidateExperience") { i, s in
            list[i].experiences.append(.init(romeCode: s.text(1) ?? "", months: s.int(2), endDate: s.text(3).flatMap(Day.init)))
        }
        try each("langue, niveau", "candidateLanguage") { i, s in
            list[i].languages.append(.init(language: s.text(1) ?? "", level: s.text(2).flatMap(CEFRLevel.init(rawValue:))))
        }
    }

    /// Merges the rows of a child query (sorted by key) with the sorted candidate keys.
    private static func merge(_ s: inout RawStatement, _ keys: [Int64], _ body: (Int, RawStatement) -> Void) throws {
        var i = 0
        while try s.step() {
            let key = Int64(s.int(0))
            while i < keys.count, keys[i] < key { i += 1 }
            if i < keys.count, keys[i] == key { body(i, s) }
        }
    }
}

extension Day {
    /// `YYYY-MM-DD`, as `description`, without its formatting machinery (millions per import).
    var iso: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return description }
        let digits: [UInt8] = [
            UInt8(48 + y / 1000), UInt8(48 + y / 100 % 10), UInt8(48 + y / 10 % 10), UInt8(48 + y % 10), UInt8(ascii: "-"),
            UInt8(48 + m / 10), UInt8(48 + m % 10), UInt8(ascii: "-"), UInt8(48 + d / 10), UInt8(48 + d % 10),
        ]
        return String(decoding: digits, as: UTF8.self)
    }
}
