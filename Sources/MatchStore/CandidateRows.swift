import Foundation
import GRDB
import MatchCore
import MatchData

/// Candidates ↔ rows of `candidate`, one row each (code lists as JSON arrays of strings, experiences and
/// languages as JSON arrays of objects: ``CandidateListsJSON``), in bulk (``RawStatement``). Their skill
/// profiles are not stored: the index computes them (``Store/candidatePool(model:)``).
///
/// Lists keep their order, so a stored candidate reads back equal to the imported one.
enum CandidateRows {
    static let mainColumns = ["commune", "metiersRecherches", "competences", "niveauDiplome", "permis", "modes",
                              "tempsMaxMinutes", "rayonKm", "contrats", "disponibleLe", "dateNaissance", "inscritDepuis",
                              "rqth", "rsa", "qpv", "licenciementEconomique", "formationRomeCode", "formationFin",
                              "experiences", "langues", "contentHash", "importId", "updatedAt"]

    /// The hash of everything stored about `c` (see ``StableHasher``).
    static func hash(_ c: Candidate) -> Int64 {
        var h = StableHasher()
        h.combine(c.id); h.combine(c.commune); h.combine(c.targetRomeCodes)
        h.combine(c.experiences.count)
        for e in c.experiences {
            h.combine(e.romeCode); h.combine(e.months)
            // Only when given, so that the hashes stored before end dates existed stay valid.
            if let end = e.endDate { h.byte(0x1D); h.combine(Int(end.ordinal)) }
        }
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

/// What a candidate's row needs besides its scalar fields, computed a chunk ahead on another thread:
/// its content hash and the JSON of its lists — not the lists when the hash is `storedHash`, the hash of
/// the candidate as stored (the record is then left alone; re-importing 500,000 unchanged candidates, the
/// rows phase went from 4.2 s to 1.9 s, `apparier import bench --format csv`).
struct PreparedCandidate: Sendable {
    var hash: Int64 = 0
    var metiers = "", skills = "", licences = "", modes = "", contracts = "", experiences = "", languages = ""

    init() {}

    init(_ c: Candidate, storedHash: Int64? = nil) {
        hash = CandidateRows.hash(c)
        if hash == storedHash { return }
        metiers = JSONList.encode(c.targetRomeCodes)
        skills = JSONList.encode(c.skills)
        licences = JSONList.encode(c.licences)
        modes = JSONList.encode(c.mobility.modes.map(\.rawValue))
        contracts = JSONList.encode(c.acceptedContracts)
        experiences = CandidateListsJSON.encode(c.experiences)
        languages = CandidateListsJSON.encode(c.languages)
    }

}

/// The prepared statements of a candidate import, used inside one transaction.
struct CandidateWriter {
    private var rows: RecordStatements

    init(_ db: Database) throws {
        rows = try RecordStatements(db, table: "candidate", key: "candidateKey", columns: CandidateRows.mainColumns,
                                    lists: [], vectors: nil)
    }

    /// Prepares ``existing(_:)`` for a file of `incoming` candidates.
    mutating func prepareLookups(_ db: Database, incoming: Int) throws { try rows.prepareLookups(db, incoming: incoming) }

    /// The stored candidates' keys and hashes by id, when ``prepareLookups(_:incoming:)`` read them all.
    var stored: [String: (key: Int64, hash: Int64)]? { rows.stored }

    /// The key and content hash of the stored candidate `id`, if any.
    mutating func existing(_ id: String) throws -> (key: Int64, hash: Int64)? { try rows.existing(id) }

    /// Stores `hash` as the content hash of `key` (see ``RecordStatements/refreshHash(key:_:)``).
    mutating func refreshHash(key: Int64, _ hash: Int64) throws { try rows.refreshHash(key: key, hash) }

    /// Inserts a new candidate; returns its key.
    @discardableResult
    mutating func insert(_ c: Candidate, _ p: PreparedCandidate, importId: Int64, at time: String, db: Database) throws -> Int64 {
        try rows.insert(id: c.id, createdAt: time, db: db) { Self.bindMain(&$0, c, p, importId: importId, at: time) }
    }

    /// Replaces a stored candidate's values (its key and `createdAt` stay).
    mutating func update(key: Int64, _ c: Candidate, _ p: PreparedCandidate, importId: Int64, at time: String) throws {
        try rows.update(key: key) { Self.bindMain(&$0, c, p, importId: importId, at: time) }
    }

    private static func bindMain(_ s: inout RawStatement, _ c: Candidate, _ p: PreparedCandidate, importId: Int64, at time: String) {
        s.bind(c.commune); s.bind(p.metiers); s.bind(p.skills); s.bind(c.diplomaLevel); s.bind(p.licences); s.bind(p.modes)
        s.bind(c.mobility.maxMinutes); s.bind(c.mobility.radiusKm); s.bind(p.contracts)
        s.bind(c.availableFrom?.iso); s.bind(c.birthDate?.iso); s.bind(c.unemployedSince?.iso)
        s.bind(c.rqth); s.bind(c.rsa); s.bind(c.qpv); s.bind(c.economicLayoff)
        s.bind(c.training?.romeCode); s.bind(c.training?.endDate?.iso)
        s.bind(p.experiences); s.bind(p.languages)
        s.bind(p.hash); s.bind(importId); s.bind(time)
    }
}

// MARK: - Reading

extension CandidateRows {
    /// Every stored candidate, or only candidate `key`, in key order, with their keys.
    ///
    /// - Complexity: one scan of `candidate` (an index lookup for one candidate).
    static func load(_ db: Database, only key: Int64? = nil) throws -> (keys: [Int64], candidates: [Candidate]) {
        let filter = key == nil ? "" : "WHERE candidateKey = ?"
        var keys = [Int64](), list = [Candidate]()
        var main = try RawStatement(db, """
            SELECT candidateKey, id, commune, metiersRecherches, competences, niveauDiplome, permis, modes, tempsMaxMinutes,
                   rayonKm, contrats, disponibleLe, dateNaissance, inscritDepuis, rqth, rsa, qpv, licenciementEconomique,
                   formationRomeCode, formationFin, experiences, langues
            FROM candidate \(filter) ORDER BY candidateKey
            """)
        if let key { main.bind(key) }
        while try main.step() {
            keys.append(Int64(main.int(0)))
            list.append(try candidate(main))
        }
        return (keys, list)
    }

    /// The stored candidate with key `key`.
    static func load(_ db: Database, key: Int64) throws -> Candidate? {
        try load(db, only: key).candidates.first
    }

    /// The candidate of the current row; a column that cannot be read (a damaged store) is an error naming
    /// the candidate and the column, never an empty list or a missing date.
    private static func candidate(_ s: RawStatement) throws -> Candidate {
        let id = s.text(1) ?? ""
        func damaged(_ column: String) -> MatchError {
            MatchError(.store, field: column, record: id,
                       message: "colonne illisible : le magasin est abîmé (restaurez une sauvegarde, ou effacez ce candidat avec « apparier erase --candidate \(id) » puis réimportez-le)")
        }
        func read<T>(_ column: Int32, _ value: T?) throws -> T {
            guard let value else { throw damaged(s.name(column)) }
            return value
        }
        func day(_ column: Int32) throws -> Day? {
            let bytes = s.utf8(column)
            guard !bytes.isEmpty else { return nil }
            return try read(column, CSVCells.day(bytes) ?? s.text(column).flatMap { Day($0) })
        }
        func list(_ column: Int32) throws -> [String] { try read(column, JSONList.decode(s.utf8(column))) }
        let modes = try list(7).map { try read(7, TransportMode(rawValue: $0)) }
        let trainingRome = s.text(18), trainingEnd = try day(19)
        return Candidate(
            id: id, commune: s.text(2) ?? "", targetRomeCodes: try list(3),
            experiences: try read(20, CandidateListsJSON.experiences(s.utf8(20))), skills: try list(4), diplomaLevel: s.int(5),
            languages: try read(21, CandidateListsJSON.languages(s.utf8(21))), licences: try list(6),
            mobility: .init(modes: modes, maxMinutes: s.int(8), radiusKm: s.double(9)),
            acceptedContracts: try list(10), availableFrom: try day(11), birthDate: try day(12), unemployedSince: try day(13),
            rqth: s.int(14) != 0, rsa: s.int(15) != 0, qpv: s.int(16) != 0, economicLayoff: s.int(17) != 0,
            training: trainingRome == nil && trainingEnd == nil ? nil : .init(romeCode: trainingRome, endDate: trainingEnd))
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
