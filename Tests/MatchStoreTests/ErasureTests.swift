import Foundation
import GRDB
import MatchCore
import MatchData
@testable import MatchStore
import Testing

@Suite("RGPD erasure leaves no trace", .serialized)
struct ErasureTests {
    let ws = Fixture.model
    /// The id and a value only this candidate has (a birth date, in the candidate's row): neither may survive
    /// anywhere. (A competence code of their own is no longer possible: an import refuses codes the
    /// referential does not have.)
    static let id = "ERASE-ME-4242"
    static let uniqueSkill = "1988-02-29"

    static func candidate(minutes: Int) -> String {
        """
        {"id": "\(id)", "commune": "59350", "metiersRecherches": ["N4101"], "permis": ["C"], "competences": ["100341"], "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": \(minutes)}, "dateNaissance": "\(uniqueSkill)", "rsa": true}
        """
    }

    /// Bytes of every file of the store's folder (database, WAL, shared memory).
    static func bytes(in dir: URL) throws -> [String: Data] {
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
        return try Dictionary(uniqueKeysWithValues: files.map { ($0.lastPathComponent, try Data(contentsOf: $0)) })
    }

    static func contains(_ data: Data, _ text: String) -> Bool { data.range(of: Data(text.utf8)) != nil }

    @Test("Rows, lists, audit history, import messages go; shortlist lines become placeholders; the file keeps no byte")
    func eraseEverywhere() throws {
        let dir = try Fixture.directory()
        let store = try Store.open(at: dir.appending(path: "apparier.sqlite").path, now: Fixture.now)
        try store.importOffers(Data(Fixture.offersJSON.utf8), file: "offres.json", model: ws, options: Fixture.options())
        let pool = String(Fixture.candidatesJSON.dropLast())
        try store.importCandidates(Data((pool + "," + ErasureTests.candidate(minutes: 45) + "\n]").utf8), file: "c1.json",
                                   model: ws, options: Fixture.options())
        // An update (the audit log keeps the previous values), then a refused duplicate naming the id.
        try store.importCandidates(Data((pool + "," + ErasureTests.candidate(minutes: 50) + "\n]").utf8), file: "c2.json",
                                   model: ws, options: Fixture.options())
        let dup = "[\n" + ErasureTests.candidate(minutes: 50) + ",\n" + ErasureTests.candidate(minutes: 50) + "\n]"
        try store.importCandidates(Data(dup.utf8), file: "c3.json", model: ws, options: Fixture.options(skipInvalid: true))
        // Two saved shortlists name the candidate.
        let (report, offer) = try ShortlistStoreTests.report(store)
        let rank = try #require(report.candidates.first { $0.id == ErasureTests.id }?.rank)
        let first = try store.saveShortlist(report, offer: offer, parameters: [:], requestedBy: "Amélie").saved!.id
        _ = try store.saveShortlist(report, offer: offer, parameters: [:], requestedBy: "Bruno")
        #expect(try store.auditLog(subject: ("candidate", ErasureTests.id)).count == 1)
        #expect(try store.imports()[3].errors.contains(ErasureTests.id))

        try store.compact()
        let before = try ErasureTests.bytes(in: dir)
        #expect(before.values.contains { ErasureTests.contains($0, ErasureTests.id) }, "the id is in the file before erasure")
        #expect(before.values.contains { ErasureTests.contains($0, ErasureTests.uniqueSkill) })

        let receipt = try store.eraseCandidate(id: ErasureTests.id, by: "DPO")
        #expect(receipt.candidateRows == 1)   // the row (its code lists are in it; its profile is in no table)
        #expect(receipt.shortlistEntries == 2 && receipt.auditEvents == 1 && receipt.importMessages == 1)

        // Nothing left through the API…
        #expect(try store.candidate(id: ErasureTests.id) == nil)
        #expect(try store.candidates().count == 5)
        let (shown, _) = try store.shortlist(id: first)
        let line = try #require(shown.candidates.first { $0.rank == rank })
        #expect(line.isErased && line.id == ShortlistReport.erasedId && line.matched.isEmpty && line.score == 0)
        #expect(shown.candidates.count == report.candidates.count)
        #expect(try store.shortlists().allSatisfy { $0.erased == 1 })
        let erase = try #require(try store.auditLog().last)
        #expect(erase.action == "erase" && erase.actor == "DPO" && erase.subjectKind == "candidate" && erase.subjectId == nil)
        #expect(!erase.detail.contains(ErasureTests.id))
        #expect(try store.status().integrity == "ok")
        // … nor in any table …
        let rows = try store.read { db in
            try Store.tables(db).flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)").map { "\(table): \($0)" }
            }
        }
        #expect(rows.count > 100)
        for row in rows where row.contains(ErasureTests.id) || row.contains(ErasureTests.uniqueSkill) { Issue.record("left: \(row)") }
        // … nor in the bytes of the database files, after the checkpoint and VACUUM the erasure runs.
        for (name, data) in try ErasureTests.bytes(in: dir) {
            #expect(!ErasureTests.contains(data, ErasureTests.id), "\(name) still holds the id")
            #expect(!ErasureTests.contains(data, ErasureTests.uniqueSkill), "\(name) still holds the unique skill")
        }
    }

    @Test("Erasing an id the store has never seen is an error and logs nothing")
    func unknown() throws {
        let store = try Fixture.filledStore()
        let events = try store.auditLog().count
        #expect(throws: MatchError.self) { try store.eraseCandidate(id: "NOBODY", by: "DPO") }
        #expect(try store.auditLog().count == events)
    }
}
