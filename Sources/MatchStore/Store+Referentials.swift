import Foundation
import GRDB
import MatchCore
import MatchData

/// The referentials the records were checked against (ROME fiches and items, communes), copied into the
/// store so that SQL can label and join (`JOIN romeFiche USING (romeCode)`…), with their versions.
/// They are replaced when the shipped files change. Records do not reference them by foreign key: a
/// newer referential (communes merge, ROME versions retire fiches) must never delete or block records;
/// the import checks decide what is accepted.
extension Store {
    /// The versions of the referentials in the store: `rome`, `communes`.
    public func referentialVersions() throws -> [String: String] {
        try writer.read { db in
            Dictionary(uniqueKeysWithValues: try ReferentialVersionRecord.fetchAll(db).map { ($0.name, $0.version) })
        }
    }

    /// Replaces a referential whose version differs from the model's (inside the caller's transaction).
    func syncReferentials(_ db: Database, model: MatchModel) throws {
        let current = Dictionary(uniqueKeysWithValues: try ReferentialVersionRecord.fetchAll(db).map { ($0.name, $0.version) })
        if current["rome"] != model.rome.version { try replaceRome(db, model.rome) }
        let communesVersion = Store.version(of: model.communes)
        if current["communes"] != communesVersion { try replaceCommunes(db, model.communes, version: communesVersion) }
    }

    /// "3788 communes #<hash of codes and coordinates>".
    static func version(of communes: CommuneDirectory) -> String {
        var h = StableHasher()
        for c in communes.communes { h.combine(c.code); h.combine(c.location.latitude); h.combine(c.location.longitude) }
        return "\(communes.count) communes #\(String(UInt64(bitPattern: h.value), radix: 16))"
    }

    private func replaceRome(_ db: Database, _ rome: RomeReferential) throws {
        try db.execute(sql: "DELETE FROM romeFiche; DELETE FROM romeItem")
        var fiche = try RawStatement(db, "INSERT INTO romeFiche (code, label, parentCode, domaineCode) VALUES (?, ?, ?, ?)")
        for f in rome.fiches {
            fiche.bind(f.code); fiche.bind(f.label); fiche.bind(f.parentCode); fiche.bind(f.domaineCode)
            try fiche.execute()
        }
        var item = try RawStatement(db, "INSERT OR IGNORE INTO romeItem (code, label, kind) VALUES (?, ?, ?)")
        for i in rome.items {
            item.bind(i.code); item.bind(i.label); item.bind(i.kind.rawValue)
            try item.execute()
        }
        try ReferentialVersionRecord(name: "rome", version: rome.version, rowCount: rome.fiches.count + rome.items.count,
                                     loadedAt: timestamp).upsert(db)
    }

    private func replaceCommunes(_ db: Database, _ communes: CommuneDirectory, version: String) throws {
        try db.execute(sql: "DELETE FROM commune")
        var insert = try RawStatement(db, """
            INSERT OR IGNORE INTO commune (code, name, latitude, longitude, population, epci, zoneEmploi) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for c in communes.communes {
            insert.bind(c.code); insert.bind(c.name); insert.bind(c.location.latitude); insert.bind(c.location.longitude)
            insert.bind(c.population); insert.bind(c.epci); insert.bind(c.zoneEmploi)
            try insert.execute()
        }
        try ReferentialVersionRecord(name: "communes", version: version, rowCount: communes.count, loadedAt: timestamp).upsert(db)
    }
}
