import Foundation
import GRDB
import MatchCore

/// Offers ↔ rows of `offer`, `offerCompetence`, `offerPermis`, `offerLangue` and `offerFormation`, through
/// GRDB records. Lists keep their order; competences without a ROME code are kept after the coded ones.
enum OfferRows {
    /// The hash of everything stored about `o`: its canonical JSON.
    static func hash(_ o: JobOffer) -> Int64 {
        var h = StableHasher()
        h.combine(Store.json(encoding: o))
        return h.value
    }

    static func insert(_ db: Database, _ o: JobOffer, hash: Int64, importId: Int64?, at time: String) throws -> Int64 {
        var record = main(o, hash: hash, importId: importId, at: time)
        record.createdAt = time
        try record.insert(db)
        let key = record.offerKey!
        try insertLists(db, key, o)
        return key
    }

    /// Replaces a stored offer's values and lists (its key and `createdAt` stay).
    static func update(_ db: Database, key: Int64, _ o: JobOffer, hash: Int64, importId: Int64?, at time: String) throws {
        var record = main(o, hash: hash, importId: importId, at: time)
        record.offerKey = key
        record.createdAt = try String.fetchOne(db, sql: "SELECT createdAt FROM offer WHERE offerKey = ?", arguments: [key]) ?? time
        try record.update(db)
        for table in ["offerCompetence", "offerPermis", "offerLangue", "offerFormation"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE offerKey = ?", arguments: [key])
        }
        try insertLists(db, key, o)
    }

    private static func main(_ o: JobOffer, hash: Int64, importId: Int64?, at time: String) -> OfferRecord {
        OfferRecord(offerKey: nil, id: o.id, intitule: o.title, romeCode: o.romeCode, romeCodeDeduit: o.romeCodeInferred,
                    appellationCode: o.appellationCode,
                    lieuLibelle: o.workplace.label, lieuCommune: o.workplace.commune, latitude: o.workplace.latitude,
                    longitude: o.workplace.longitude, typeContrat: o.contractType, nombrePostes: o.positions,
                    experienceExige: o.experienceRequirement?.rawValue, experienceLibelle: o.experienceLabel,
                    experienceMois: o.experienceMonths, accessibleTH: o.accessibleTH, dateCreation: o.createdAt,
                    dateDebut: o.startDate?.description,
                    publicsPrioritaires: o.targetedPublics.map(\.rawValue).joined(separator: ","),
                    contentHash: hash, importId: importId, createdAt: time, updatedAt: time)
    }

    private static func insertLists(_ db: Database, _ key: Int64, _ o: JobOffer) throws {
        let coded = o.skills.map { ($0.code as String?, $0.label, $0.exigence) }
        let uncoded = o.uncodedSkills.map { (nil as String?, $0.label as String?, $0.exigence) }
        for (i, s) in (coded + uncoded).enumerated() {
            try OfferCompetenceRecord(offerKey: key, position: i, code: s.0, libelle: s.1, exigence: s.2.rawValue).insert(db)
        }
        for (i, p) in o.licences.enumerated() {
            try OfferPermisRecord(offerKey: key, position: i, libelle: p.label, exigence: p.exigence.rawValue).insert(db)
        }
        for (i, l) in o.languages.enumerated() {
            try OfferLangueRecord(offerKey: key, position: i, libelle: l.label, exigence: l.exigence.rawValue).insert(db)
        }
        for (i, f) in o.education.enumerated() {
            try OfferFormationRecord(offerKey: key, position: i, niveauLibelle: f.levelLabel, domaineLibelle: f.domainLabel,
                                     exigence: f.exigence.rawValue).insert(db)
        }
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
