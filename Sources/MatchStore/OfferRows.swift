import Foundation
import GRDB
import MatchCore

/// Offers ↔ rows of `offer`, `offerCompetence`, `offerPermis`, `offerLangue` and `offerFormation`: read
/// through GRDB records, written in bulk by ``OfferWriter``. Lists keep their order; competences without a
/// ROME code are kept after the coded ones.
enum OfferRows {
    /// The hash of everything stored about `o` (see ``StableHasher``), field by field: hashing its
    /// canonical JSON instead cost a third of a 50,000-offer import's processor time.
    static func hash(_ o: JobOffer) -> Int64 {
        var h = StableHasher()
        h.combine(o.id); h.combine(o.title); h.combine(o.romeCode); h.combine(o.romeCodeInferred)
        h.combine(o.appellationCode)
        h.combine(o.workplace.label); h.combine(o.workplace.commune)
        h.combine(o.workplace.latitude); h.combine(o.workplace.longitude)
        h.combine(o.contractType); h.combine(o.positions)
        h.combine(o.skills.count)
        for s in o.skills { h.combine(s.code); h.combine(s.label); h.combine(s.exigence.rawValue) }
        h.combine(o.uncodedSkills.count)
        for s in o.uncodedSkills { h.combine(s.label); h.combine(s.exigence.rawValue) }
        for list in [o.licences, o.languages] {
            h.combine(list.count)
            for r in list { h.combine(r.label); h.combine(r.exigence.rawValue) }
        }
        h.combine(o.education.count)
        for e in o.education { h.combine(e.levelLabel); h.combine(e.domainLabel); h.combine(e.exigence.rawValue) }
        h.combine(o.experienceRequirement?.rawValue); h.combine(o.experienceLabel); h.combine(o.experienceMonths)
        h.combine(o.accessibleTH); h.combine(o.createdAt); h.combine(o.startDate.map { Int($0.ordinal) })
        h.combine(o.targetedPublics.map(\.rawValue))
        return h.value
    }

    // MARK: Reading

    /// Every stored offer (or only offer `key`) in key order, with their keys.
    static func load(_ db: Database, only key: Int64? = nil) throws -> (keys: [Int64], offers: [JobOffer]) {
        func rows<R: FetchableRecord & TableRecord & OfferListRow>(_ type: R.Type) throws -> [Int64: [R]] {
            var request = R.order(Column("offerKey"), Column("position"))
            if let key { request = request.filter(Column("offerKey") == key) }
            return Dictionary(grouping: try request.fetchAll(db), by: \.offerKey)
        }
        var request = OfferRecord.order(Column("offerKey"))
        if let key { request = request.filter(Column("offerKey") == key) }
        let mains = try request.fetchAll(db)
        let competences = try rows(OfferCompetenceRecord.self), permis = try rows(OfferPermisRecord.self)
        let langues = try rows(OfferLangueRecord.self), formations = try rows(OfferFormationRecord.self)
        let offers = mains.map { m in
            offer(m, competences[m.offerKey!] ?? [], permis[m.offerKey!] ?? [], langues[m.offerKey!] ?? [],
                  formations[m.offerKey!] ?? [])
        }
        return (mains.map { $0.offerKey! }, offers)
    }

    private static func offer(_ m: OfferRecord, _ competences: [OfferCompetenceRecord], _ permis: [OfferPermisRecord],
                              _ langues: [OfferLangueRecord], _ formations: [OfferFormationRecord]) -> JobOffer {
        func exigence(_ raw: String) -> Exigence { raw == "E" ? .required : .desired }
        var o = JobOffer(
            id: m.id, title: m.intitule, romeCode: m.romeCode,
            workplace: .init(label: m.lieuLibelle, commune: m.lieuCommune, latitude: m.latitude, longitude: m.longitude),
            contractType: m.typeContrat, positions: m.nombrePostes,
            skills: competences.compactMap { c in c.code.map { OfferSkill(code: $0, label: c.libelle, exigence: exigence(c.exigence)) } },
            licences: permis.map { OfferRequirement(label: $0.libelle, exigence: exigence($0.exigence)) },
            languages: langues.map { OfferRequirement(label: $0.libelle, exigence: exigence($0.exigence)) },
            education: formations.map { f in
                var e = OfferEducation(levelLabel: f.niveauLibelle, exigence: exigence(f.exigence))
                e.domainLabel = f.domaineLibelle
                return e
            },
            experienceRequirement: m.experienceExige.flatMap(JobOffer.ExperienceRequirement.init(rawValue:)),
            experienceMonths: m.experienceMois, startDate: m.dateDebut.flatMap { Day($0) },
            targetedPublics: m.publicsPrioritaires.split(separator: ",").compactMap { PriorityPublic(rawValue: String($0)) })
        o.uncodedSkills = competences.filter { $0.code == nil }.map { UncodedSkill(label: $0.libelle ?? "?", exigence: exigence($0.exigence)) }
        o.appellationCode = m.appellationCode
        o.romeCodeInferred = m.romeCodeDeduit
        o.experienceLabel = m.experienceLibelle
        o.accessibleTH = m.accessibleTH
        o.createdAt = m.dateCreation
        return o
    }
}

/// A row of one of an offer's lists.
protocol OfferListRow {
    var offerKey: Int64 { get }
}

extension OfferCompetenceRecord: OfferListRow {}
extension OfferPermisRecord: OfferListRow {}
extension OfferLangueRecord: OfferListRow {}
extension OfferFormationRecord: OfferListRow {}

// MARK: - Writing

/// The prepared statements of an offer import, used inside one transaction (``RawStatement``: a regional
/// file holds 50,000 offers with half a million list rows, where GRDB's record encoding per row cost more
/// than SQLite itself).
struct OfferWriter {
    static let mainColumns = ["intitule", "romeCode", "romeCodeDeduit", "appellationCode", "lieuLibelle", "lieuCommune",
                              "latitude", "longitude", "typeContrat", "nombrePostes", "experienceExige", "experienceLibelle",
                              "experienceMois", "accessibleTH", "dateCreation", "dateDebut", "publicsPrioritaires",
                              "contentHash", "importId", "updatedAt"]
    static let listTables = ["offerCompetence", "offerPermis", "offerLangue", "offerFormation"]

    private var rows: RecordStatements
    private var competence, permis, langue, formation: RawStatement

    init(_ db: Database) throws {
        rows = try RecordStatements(db, table: "offer", key: "offerKey", columns: OfferWriter.mainColumns,
                                    lists: OfferWriter.listTables, vectors: "offerVector")
        competence = try RawStatement(db, "INSERT INTO offerCompetence (offerKey, position, code, libelle, exigence) VALUES (?, ?, ?, ?, ?)")
        permis = try RawStatement(db, "INSERT INTO offerPermis (offerKey, position, libelle, exigence) VALUES (?, ?, ?, ?)")
        langue = try RawStatement(db, "INSERT INTO offerLangue (offerKey, position, libelle, exigence) VALUES (?, ?, ?, ?)")
        formation = try RawStatement(db, "INSERT INTO offerFormation (offerKey, position, niveauLibelle, domaineLibelle, exigence) VALUES (?, ?, ?, ?, ?)")
    }

    /// The key and content hash of the stored offer `id`, if any.
    mutating func existing(_ id: String) throws -> (key: Int64, hash: Int64)? { try rows.existing(id) }

    /// Stores `hash` as the content hash of `key` (see ``RecordStatements/refreshHash(key:_:)``).
    mutating func refreshHash(key: Int64, _ hash: Int64) throws { try rows.refreshHash(key: key, hash) }

    /// Prepares ``existing(_:)`` for a file of `incoming` offers.
    mutating func prepareLookups(_ db: Database, incoming: Int) throws { try rows.prepareLookups(db, incoming: incoming) }

    /// Inserts a new offer with its lists; returns its key.
    mutating func insert(_ o: JobOffer, hash: Int64, importId: Int64, at time: String, db: Database) throws -> Int64 {
        let key = try rows.insert(id: o.id, createdAt: time, db: db) { Self.bindMain(&$0, o, hash: hash, importId: importId, at: time) }
        try writeLists(key, o)
        return key
    }

    /// Replaces a stored offer's values and lists (its key, `createdAt` and lifecycle stay).
    mutating func update(key: Int64, _ o: JobOffer, hash: Int64, importId: Int64, at time: String) throws {
        try rows.update(key: key) { Self.bindMain(&$0, o, hash: hash, importId: importId, at: time) }
        try writeLists(key, o)
    }

    /// Stores (or replaces) the offer's vector.
    mutating func writeVector(key: Int64, model: String, _ values: [Float]) throws {
        try values.withUnsafeBufferPointer { try rows.writeVector(key: key, model: model, $0) }
    }

    private static func bindMain(_ s: inout RawStatement, _ o: JobOffer, hash: Int64, importId: Int64, at time: String) {
        s.bind(o.title); s.bind(o.romeCode); s.bind(o.romeCodeInferred); s.bind(o.appellationCode)
        s.bind(o.workplace.label); s.bind(o.workplace.commune); s.bind(o.workplace.latitude); s.bind(o.workplace.longitude)
        s.bind(o.contractType); s.bind(o.positions); s.bind(o.experienceRequirement?.rawValue); s.bind(o.experienceLabel)
        s.bind(o.experienceMonths); s.bind(o.accessibleTH.map { $0 ? 1 : 0 }); s.bind(o.createdAt); s.bind(o.startDate?.description)
        s.bind(o.targetedPublics.map(\.rawValue).joined(separator: ","))
        s.bind(hash); s.bind(importId); s.bind(time)
    }

    private mutating func writeLists(_ key: Int64, _ o: JobOffer) throws {
        let coded = o.skills.map { ($0.code as String?, $0.label, $0.exigence) }
        let uncoded = o.uncodedSkills.map { (nil as String?, $0.label as String?, $0.exigence) }
        for (i, c) in (coded + uncoded).enumerated() {
            competence.bind(key); competence.bind(i); competence.bind(c.0); competence.bind(c.1); competence.bind(c.2.rawValue)
            try competence.execute()
        }
        for (i, p) in o.licences.enumerated() {
            permis.bind(key); permis.bind(i); permis.bind(p.label); permis.bind(p.exigence.rawValue)
            try permis.execute()
        }
        for (i, l) in o.languages.enumerated() {
            langue.bind(key); langue.bind(i); langue.bind(l.label); langue.bind(l.exigence.rawValue)
            try langue.execute()
        }
        for (i, f) in o.education.enumerated() {
            formation.bind(key); formation.bind(i); formation.bind(f.levelLabel); formation.bind(f.domainLabel)
            formation.bind(f.exigence.rawValue)
            try formation.execute()
        }
    }
}
