import Foundation
import MatchCore
import GRDB
@testable import MatchStore
import Testing

@Suite("Schema and migrations")
struct SchemaTests {
    /// The migrations as shipped. A new migration is appended here; an existing one is never edited.
    static let shipped = ["v1 referentials", "v1 imports and audit", "v1 offers", "v1 candidates", "v1 vectors", "v1 shortlists",
                          "v2 service", "v3 inferred ROME codes", "v4 desk", "v5 offer lifecycle", "v5 batch reports"]

    @Test("Migrations are the shipped ones, in order, and all are applied")
    func migrations() throws {
        #expect(Array(Schema.migrationNames.prefix(SchemaTests.shipped.count)) == SchemaTests.shipped)
        let store = try Fixture.store()
        #expect(try store.appliedMigrations() == Schema.migrationNames)
    }

    @Test("The schema the shipped v1 migrations create has not changed (never edit a shipped migration)")
    func shippedSchemaIsFrozen() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v1 shortlists")
        let sql = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'grdb_%' ORDER BY name")
        }.joined(separator: "\n")
        #expect(Fingerprint.hex(of: Data(sql.utf8)) == SchemaTests.v1SchemaDigest, "schema SQL changed:\n\(sql)")
    }

    static let v1SchemaDigest = "d47557a1844679adf9c5b9dcafeae970726fd8f47b4114205303e40bededa478"

    @Test("A file store is in WAL mode, with foreign keys and secure_delete on; reopening keeps the data")
    func fileStore() throws {
        let path = try Fixture.directory().appending(path: "s.sqlite").path
        do {
            let store = try Store.open(at: path)
            try store.importCandidates(Data(Fixture.candidatesJSON.utf8), file: "c.json", model: Fixture.model, options: Fixture.options())
            let (mode, foreignKeys, secureDelete) = try store.read { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                 try Int.fetchOne(db, sql: "PRAGMA secure_delete"))
            }
            #expect(mode == "wal" && foreignKeys == 1 && secureDelete == 1)
        }
        let reopened = try Store.open(at: path)
        #expect(try reopened.counts().candidates == 5)
        #expect(try reopened.status().integrity == "ok")
    }

    @Test("The default store is in the user's data folder (XDG), unless APPARIER_DB is set")
    func defaultPath() {
        #expect(Store.defaultPath(environment: ["HOME": "/home/claire"]) == "/home/claire/.local/share/apparier/apparier.sqlite")
        #expect(Store.defaultPath(environment: ["HOME": "/home/claire", "XDG_DATA_HOME": "/data/claire"]) == "/data/claire/apparier/apparier.sqlite")
        #expect(Store.defaultPath(environment: ["HOME": "/home/claire", "XDG_DATA_HOME": "relative"]) == "/home/claire/.local/share/apparier/apparier.sqlite")
        #expect(Store.defaultPath(environment: ["APPARIER_DB": "/srv/a.sqlite", "XDG_DATA_HOME": "/data/claire"]) == "/srv/a.sqlite")
    }

    @Test("Opening a file that is not a store, or in a missing folder, says which and why")
    func badFiles() throws {
        let dir = try Fixture.directory()
        let junk = dir.appending(path: "junk.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: junk)
        #expect(throws: MatchError.self) { try Store.open(at: junk.path) }
        do { _ = try Store.open(at: dir.appending(path: "missing/a.sqlite").path) } catch {
            #expect("\(error)".contains("n'existe pas"))
        }
    }

    @Test("v7 moves a stored candidate's experiences and languages into its row, in order, and drops the stored profiles")
    func v7OneRowPerCandidate() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v6 experience end dates")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO candidate (candidateKey, id, commune, metiersRecherches, competences, niveauDiplome, permis, modes,
                  tempsMaxMinutes, contrats, rqth, rsa, qpv, licenciementEconomique, contentHash, createdAt, updatedAt)
                VALUES (1, 'C-1', '59350', '["N1101"]', '[]', 3, '[]', '["marche"]', 30, '[]', 0, 0, 0, 0, 7, 't', 't'),
                       (2, 'C-2', '59350', '[]', '[]', 0, '[]', '["marche"]', 30, '[]', 0, 0, 0, 0, 8, 't', 't');
                INSERT INTO candidateExperience (candidateKey, position, romeCode, mois, fin)
                VALUES (1, 1, 'H3302', 12, '2019-06-30'), (1, 0, 'N1101', 60, NULL);
                INSERT INTO candidateLanguage (candidateKey, position, langue, niveau)
                VALUES (1, 0, 'Français', 'C2'), (1, 1, 'Anglais "technique"', NULL);
                INSERT INTO candidateVector (candidateKey, modelVersion, dimension, vector) VALUES (1, 'm', 1, x'0000803f');
                """)
        }
        try Schema.migrator.migrate(queue)
        let (candidates, tables) = try queue.read { db in
            (try CandidateRows.load(db).candidates,
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'candidate%'"))
        }
        #expect(candidates.map(\.id) == ["C-1", "C-2"])
        #expect(candidates[0].experiences == [.init(romeCode: "N1101", months: 60),
                                              .init(romeCode: "H3302", months: 12, endDate: Day("2019-06-30"))])
        #expect(candidates[0].languages == [.init(language: "Français", level: .c2), .init(language: "Anglais \"technique\"", level: nil)])
        #expect(candidates[1].experiences.isEmpty && candidates[1].languages.isEmpty)
        #expect(tables == ["candidate"], "child tables and stored profiles are gone")
    }
}
