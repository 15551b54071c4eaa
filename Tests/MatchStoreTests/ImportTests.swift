import Foundation
import GRDB
import MatchCore
import MatchData
@testable import MatchStore
import Testing

@Suite("Imports: JSON and CSV, one transaction per file")
struct ImportTests {
    let ws = Fixture.model

    @Test("Stored offers and candidates read back equal to the file's records")
    func roundTrip() throws {
        let store = try Fixture.filledStore()
        #expect(try store.offers() == Fixture.offers)
        #expect(try store.candidates() == Fixture.candidates)
        #expect(try store.candidate(id: "P-FULL") == Fixture.candidates[4])
        #expect(try store.offer(id: "LIL-C")?.uncodedSkills.map(\.label) == ["Conduite en sécurité"])
        let imports = try store.imports()
        #expect(imports.map(\.kind) == ["offers", "candidates"])
        #expect(imports[1].sha256 == Fingerprint.hex(of: Data(Fixture.candidatesJSON.utf8)))
        #expect(imports[1].rowsInserted == 5 && imports[1].format == "json" && imports[1].importedBy == "test")
    }

    @Test("CSV written by CSVExport imports back to the same records")
    func csvRoundTrip() throws {
        let store = try Fixture.store()
        try store.importCandidates(CSVExport.candidates(Fixture.candidates), file: "c.csv", model: ws, options: Fixture.options())
        try store.importOffers(CSVExport.offers(Fixture.offers), file: "o.csv", model: ws, options: Fixture.options())
        #expect(try store.candidates() == Fixture.candidates)
        #expect(try store.offers() == Fixture.offers)
        #expect(try store.imports().map(\.format) == ["csv", "csv"])
    }

    @Test("A hand-written candidate CSV: comma separator, quoted lists, decimal comma, oui/non")
    func handWrittenCSV() throws {
        let csv = """
        id,commune,metiersRecherches,experiences,competences,langues,permis,mobilite.modes,mobilite.tempsMaxMinutes,mobilite.rayonKm,rqth,formation.fin
        C-1,59350,"N1103,N1105",N1103:18,100341,"Anglais:B2,Néerlandais",B,"voiture,marche",45,"12,5",oui,2026-10-30
        """
        let store = try Fixture.store()
        try store.importCandidates(Data(csv.utf8), file: "c.csv", model: ws, options: Fixture.options())
        let c = try #require(try store.candidate(id: "C-1"))
        #expect(c.targetRomeCodes == ["N1103", "N1105"])
        #expect(c.experiences == [.init(romeCode: "N1103", months: 18)])
        #expect(c.languages == [.init(language: "Anglais", level: .b2), .init(language: "Néerlandais")])
        #expect(c.mobility == .init(modes: [.car, .walk], maxMinutes: 45, radiusKm: 12.5))
        #expect(c.rqth && c.training == .init(romeCode: nil, endDate: Day("2026-10-30")))
    }

    @Test("France Travail's sample imports as is, from its JSON and from its flat CSV, to the same offers",
          .enabled(if: Fixture.hasFranceTravailSample))
    func franceTravail() throws {
        let store = try Fixture.store()
        let json = try store.importOffers(from: Fixture.franceTravailJSON, model: ws, options: Fixture.options())
        #expect(json.inserted == 150 && json.rejected.isEmpty)
        // One offer (192XDYN) is in Ardèche without coordinates: stored, with a warning naming its line.
        #expect(json.warnings.count == 1)
        #expect(json.warnings.first?.field == "resultats[100].lieuTravail.commune")
        let csv = try store.importOffers(from: Fixture.franceTravailCSV, model: ws, options: Fixture.options())
        #expect(csv.read == 150 && csv.unchanged == 150, "the CSV holds the same offers as the JSON")
        let other = try Fixture.store()
        try other.importOffers(from: Fixture.franceTravailCSV, model: ws, options: Fixture.options())
        #expect(try other.offers() == store.offers())
        // As read and checked (competences given by an item's label get its code), not as merely decoded.
        #expect(try store.offers() == RecordFiles.readOffers(at: Fixture.franceTravailJSON, model: ws))
        let decoded = try RecordFiles.loadOffers(at: Fixture.franceTravailJSON)
        #expect(try store.offers().map(\.uncodedSkills.count).reduce(0, +) < decoded.map(\.uncodedSkills.count).reduce(0, +))
    }

    // MARK: Refusals

    /// Imports `text` as `file` into a filled store and returns the refusal; checks nothing changed: the
    /// same content digest (every table, the import log included). (A candidate file is written as it is
    /// read, so a refusal may come after rows were written, then rolled back.)
    func refused(_ text: String, file: String, kind: ImportKind) throws -> MatchError? {
        let store = try Fixture.filledStore()
        let before = try store.contentDigest()
        let refusal = Fixture.refusal {
            kind == .offers ? try store.importOffers(Data(text.utf8), file: file, model: ws, options: Fixture.options())
                : try store.importCandidates(Data(text.utf8), file: file, model: ws, options: Fixture.options())
        }
        #expect(try store.contentDigest() == before, "a refused file leaves the store unchanged")
        #expect(try store.imports().count == 2)
        return refusal
    }

    @Test("Each kind of bad record refuses the file with file:line: field, and nothing is stored",
          arguments: [
            // (file, content, expected first problem)
            ("bad.csv", "id;commune;mobilite.modes;mobilite.tempsMaxMinutes\nX1;59350;voiture;30\nX2;59350;voiture\n",
             "bad.csv:3: 4 champs attendus (comme dans l'en-tête), trouvé 3"),
            ("rome.json", "[\n{\"id\": \"X1\", \"commune\": \"59350\", \"mobilite\": {\"modes\": [\"voiture\"], \"tempsMaxMinutes\": 30}},\n{\"id\": \"X2\", \"commune\": \"59350\", \"metiersRecherches\": [\"Z9999\"], \"mobilite\": {\"modes\": [\"voiture\"], \"tempsMaxMinutes\": 30}}\n]",
             "rome.json:3: champ [1].metiersRecherches[0] : code ROME « Z9999 » inconnu"),
            ("commune.csv", "id;commune;mobilite.modes;mobilite.tempsMaxMinutes\nX1;59999;voiture;30\n",
             "commune.csv:2: champ commune : commune « 59999 » inconnue"),
            ("dup.json", "[\n{\"id\": \"X1\", \"commune\": \"59350\", \"mobilite\": {\"modes\": [\"voiture\"], \"tempsMaxMinutes\": 30}},\n{\"id\": \"X1\", \"commune\": \"59350\", \"mobilite\": {\"modes\": [\"voiture\"], \"tempsMaxMinutes\": 30}}\n]",
             "dup.json:3: champ [1].id : identifiant « X1 » en double"),
            ("type.json", "[\n{\"id\": \"X1\", \"commune\": \"59350\", \"mobilite\": {\"modes\": [\"voiture\"], \"tempsMaxMinutes\": \"trente\"}}\n]",
             "type.json:2: champ [0].mobilite.tempsMaxMinutes : un nombre entier attendu"),
          ])
    func refusedCandidates(file: String, content: String, expected: String) throws {
        let refusal = try #require(try refused(content, file: file, kind: .candidates))
        #expect(refusal.problems.first?.description.hasPrefix(expected) == true, "got: \(refusal)")
        #expect(refusal.description.contains("rien n'a été importé"))
    }

    @Test("Offers: NaN coordinates, unknown ROME code, unknown commune of the region without coordinates")
    func refusedOffers() throws {
        let csv = """
        id|romeCode|lieuTravail.commune|lieuTravail.latitude|lieuTravail.longitude
        O1|N1103|59350|50.63|3.06
        O2|N1103|59350|NaN|3.06
        O3|Z9999|59350||
        O4|N1103|59998||
        O5|N1103|07281||
        """
        let refusal = try #require(try refused(csv, file: "offres.csv", kind: .offers))
        #expect(refusal.problemCount == 3)
        #expect(refusal.problems.map(\.description) == [
            "offres.csv:3: champ lieuTravail.latitude : une latitude de -90 à 90 est attendue, trouvé nan",
            "offres.csv:4: champ romeCode : code ROME « Z9999 » inconnu",
            "offres.csv:5: champ lieuTravail.commune : commune « 59998 » inconnue, et pas de coordonnées",
        ])
    }

    @Test("A file that is not JSON at all is refused as a whole, even with skip-invalid")
    func notJSON() throws {
        let store = try Fixture.store()
        let refusal = Fixture.refusal {
            try store.importCandidates(Data("[\n{\"id\": \"X\",,}\n]".utf8), file: "broken.json", model: ws,
                                       options: Fixture.options(skipInvalid: true))
        }
        #expect(refusal?.problems.first?.description.hasPrefix("broken.json:2") == true, "\(String(describing: refusal))")
        #expect(try store.counts().candidates == 0)
    }

    // MARK: Skip invalid

    @Test("--skip-invalid stores the good records and reports the bad ones with their line and text")
    func skipInvalid() throws {
        let json = """
        [
        {"id": "G1", "commune": "59350", "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
        {"id": "B1", "commune": "59350", "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30.5}},
        {"id": "G2", "commune": "59009", "mobilite": {"modes": ["marche"], "tempsMaxMinutes": 30}},
        {"id": "B2", "commune": "59350", "metiersRecherches": ["Z9999"], "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}}
        ]
        """
        let store = try Fixture.store()
        let summary = try store.importCandidates(Data(json.utf8), file: "mix.json", model: ws, options: Fixture.options(skipInvalid: true))
        #expect(summary.inserted == 2 && summary.read == 4)
        #expect(summary.rejected.map(\.line) == [3, 5])
        #expect(summary.rejected.map(\.field) == ["[1].mobilite.tempsMaxMinutes", "[3].metiersRecherches[0]"])
        #expect(summary.rejected[1].text?.contains("\"B2\"") == true)
        #expect(try store.candidates().map(\.id) == ["G1", "G2"])
        let stored = try #require(try store.imports().first)
        #expect(stored.rowsRejected == 2 && stored.mode == "skipInvalid")
        #expect(stored.errors.contains("Z9999") && !stored.errors.contains("\"text\""))
    }

    // MARK: Upserts and history

    @Test("Re-importing updates by id, leaves unchanged records alone, and keeps the previous values in the audit log")
    func upsert() throws {
        let store = try Fixture.filledStore()
        let again = try store.importCandidates(Data(Fixture.candidatesJSON.utf8), file: "candidats.json", model: ws, options: Fixture.options())
        #expect(again.unchanged == 5 && again.updated == 0 && again.inserted == 0)
        #expect(again.sameFileImports == [2])
        let changed = Fixture.candidatesJSON.replacingOccurrences(of: "\"id\": \"P-CE\", \"commune\": \"59350\"", with: "\"id\": \"P-CE\", \"commune\": \"59009\"")
            .dropLast() + ",{\"id\": \"P-NEW\", \"commune\": \"59350\", \"mobilite\": {\"modes\": [\"marche\"], \"tempsMaxMinutes\": 20}}\n]"
        let third = try store.importCandidates(Data(changed.utf8), file: "candidats-v2.json", model: ws, options: Fixture.options("amelie"))
        #expect(third.updated == 1 && third.inserted == 1 && third.unchanged == 4)
        #expect(try store.candidate(id: "P-CE")?.commune == "59009")
        let history = try store.auditLog(subject: ("candidate", "P-CE"))
        #expect(history.count == 1)
        #expect(history[0].action == "update" && history[0].actor == "amelie" && history[0].importId == third.importId)
        #expect(history[0].detail == #"{"before":{"commune":"59350"},"changed":["commune"]}"#)
        #expect(try store.auditLog().filter { $0.action == "import" }.count == 4)
    }

    @Test("An experience's end date alone is a change: the re-import updates it instead of calling it unchanged")
    func experienceEndDateIsContent() throws {
        var c = Candidate(id: "F1", commune: "59350", experiences: [.init(romeCode: "N1101", months: 60)],
                          mobility: .init(modes: [.walk], maxMinutes: 30))
        let store = try Fixture.store()
        func importing(_ file: String) throws -> ImportSummary {
            try store.importCandidates(RecordFiles.encodeCandidates([c]), file: file, model: ws, options: Fixture.options())
        }
        #expect(try importing("a.json").inserted == 1)
        c.experiences[0].endDate = Day("2021-06-30")
        #expect(try importing("b.json").updated == 1)
        c.experiences[0].endDate = Day("2022-06-30")
        #expect(try importing("c.json").updated == 1)
        #expect(try store.candidate(id: "F1") == c)
        #expect(try importing("d.json").unchanged == 1)
    }

    @Test("Every stored field of an offer is in its content hash")
    func offerHashCoversEveryField() throws {
        let o = try #require(Fixture.offers.first { !$0.skills.isEmpty })
        var variants = [JobOffer]()
        func variant(_ change: (inout JobOffer) -> Void) { var x = o; change(&x); variants.append(x) }
        variant { $0.id += "x" }; variant { $0.title = "Autre intitulé" }; variant { $0.romeCode = "A1101" }
        variant { $0.romeCodeInferred.toggle() }; variant { $0.appellationCode = "99999" }
        variant { $0.workplace.label = "Ailleurs" }; variant { $0.workplace.commune = "62041" }
        variant { $0.workplace.latitude = 1 }; variant { $0.workplace.longitude = 1 }
        variant { $0.contractType = "MIS" }; variant { $0.positions += 1 }
        variant { $0.skills[0].exigence = $0.skills[0].exigence == .required ? .desired : .required }
        variant { $0.skills[0].label = "Autre libellé" }
        variant { $0.uncodedSkills.append(.init(label: "Sans code", exigence: .desired)) }
        variant { $0.licences.append(.init(label: "C - Poids lourd", exigence: .required)) }
        variant { $0.languages.append(.init(label: "Anglais", exigence: .required)) }
        variant { $0.education.append(OfferEducation(levelLabel: "Bac+2 ou équivalents", exigence: .required)) }
        variant { $0.experienceRequirement = $0.experienceRequirement == .required ? .desired : .required }
        variant { $0.experienceLabel = "9 An(s)" }; variant { $0.experienceMonths = 108 }
        variant { $0.accessibleTH = !($0.accessibleTH ?? false) }; variant { $0.createdAt = "2020-01-01" }
        variant { $0.startDate = Day("2030-01-01") }; variant { $0.targetedPublics = [.senior] }
        let hash = OfferRows.hash(o)
        for x in variants {
            #expect(x != o)
            #expect(OfferRows.hash(x) != hash, "\(x)")
        }
        var moved = o
        moved.licences = [.init(label: "Anglais", exigence: .required)]
        var other = o
        other.languages = [.init(label: "Anglais", exigence: .required)]
        #expect(OfferRows.hash(moved) != OfferRows.hash(other), "a licence is not a language")
    }

    @Test("Offers and candidates stored with an earlier content hash are unchanged on re-import, and their hash is brought up to date")
    func hashUpgrade() throws {
        let store = try Fixture.filledStore()
        try store.writer.write { try $0.execute(sql: "UPDATE offer SET contentHash = 0; UPDATE candidate SET contentHash = 0") }
        let again = try store.importOffers(Fixture.offers, source: ImportSource(file: "offres.json", format: .json, sha256: "0"),
                                           model: ws, options: Fixture.options())
        #expect(again.unchanged == Fixture.offers.count && again.updated == 0 && again.inserted == 0)
        #expect(try store.auditLog().filter { $0.action == "update" }.isEmpty)
        let hashes = try store.writer.read { try Int64.fetchAll($0, sql: "SELECT contentHash FROM offer") }
        #expect(hashes.count == Fixture.offers.count && !hashes.contains(0))
        #expect(try store.offers() == Fixture.offers)
        let candidates = try store.importCandidates(Data(Fixture.candidatesJSON.utf8), file: "candidats.json", model: ws, options: Fixture.options())
        #expect(candidates.unchanged == Fixture.candidates.count && candidates.updated == 0)
        #expect(try store.auditLog().filter { $0.action == "update" }.isEmpty)
        #expect(try store.writer.read { try Int64.fetchAll($0, sql: "SELECT contentHash FROM candidate") }.allSatisfy { $0 != 0 })
        #expect(try store.candidates() == Fixture.candidates)
    }

    @Test("A file read from disk (mapped, its pages given back as they are read) gives what its bytes give in memory",
          arguments: ["json", "csv"])
    func fromDisk(format: String) throws {
        let people = (0..<3_000).map { i in
            Candidate(id: "D\(i)", commune: i % 2 == 0 ? "59350" : "62041", targetRomeCodes: [i == 2_998 ? "Z9999" : "N1101"],
                      experiences: [.init(romeCode: "N1101", months: i % 90)], skills: ["100341"],
                      mobility: .init(modes: [.car], maxMinutes: 30))
        }
        func encode(_ people: [Candidate]) throws -> Data {
            format == "csv" ? CSVExport.candidates(people) : try RecordFiles.encodeCandidates(people)
        }
        let directory = try Fixture.directory()
        for (name, file) in [("refused", people), ("accepted", people.filter { $0.id != "D2998" })] {
            let bytes = try encode(file)
            let url = directory.appending(path: "\(name).\(format)")
            try bytes.write(to: url)
            let options = ImportOptions(actor: "test", displayName: "\(name).\(format)")
            let fromDisk = try Fixture.store(), inMemory = try Fixture.store()
            let diskRefusal = Fixture.refusal { try fromDisk.importCandidates(from: url, model: ws, options: options) }
            let memoryRefusal = Fixture.refusal {
                try inMemory.importCandidates(bytes, file: "\(name).\(format)", model: ws, options: options)
            }
            #expect(diskRefusal == memoryRefusal)
            if name == "refused" {
                let problem = try #require(diskRefusal?.problems.first)
                #expect(problem.description.contains("Z9999"), "got: \(problem)")
                #expect(format == "json" ? problem.line != nil : problem.line == 3_000)
                // Skipped instead of refused: the record's text is read again from the file's given-back pages.
                var skipping = options
                skipping.skipInvalid = true
                let disk = try fromDisk.importCandidates(from: url, model: ws, options: skipping)
                let memory = try inMemory.importCandidates(bytes, file: "\(name).\(format)", model: ws, options: skipping)
                #expect(disk.rejected == memory.rejected && disk.inserted == 2_999)
                #expect(disk.rejected.first?.text?.contains("\"D2998\"") == true || disk.rejected.first?.text?.hasPrefix("D2998") == true,
                        "got: \(String(describing: disk.rejected.first?.text))")
            } else {
                #expect(diskRefusal == nil)
                #expect(try fromDisk.candidates() == inMemory.candidates())
                #expect(try fromDisk.counts().candidates == 2_999)
            }
        }
    }

    @Test("A small file into a larger store looks each id up; a large one reads the stored ids once: the same counts", arguments: [3, 40])
    func lookupsOrScan(fileSize: Int) throws {
        func person(_ i: Int, minutes: Int = 30) -> Candidate {
            Candidate(id: "L\(i)", commune: "59350", experiences: [.init(romeCode: "N1101", months: i)],
                      languages: [.init(language: "Anglais", level: .b1)], mobility: .init(modes: [.walk], maxMinutes: minutes))
        }
        let store = try Fixture.store()
        try store.importCandidates(CSVExport.candidates((0..<40).map { person($0) }), file: "a.csv", model: ws, options: Fixture.options())
        // The first record changed, the others as stored, one new.
        let file = [person(0, minutes: 45)] + (1..<fileSize).map { person($0) } + [person(100)]
        let summary = try store.importCandidates(CSVExport.candidates(file), file: "b.csv", model: ws, options: Fixture.options())
        #expect(summary.updated == 1 && summary.inserted == 1 && summary.unchanged == fileSize - 1)
        #expect(try store.candidate(id: "L0")?.mobility.maxMinutes == 45)
        #expect(try store.candidate(id: "L7") == person(7), "an unchanged record reads back equal, lists included")
        #expect(try store.counts().candidates == 41)
    }

    @Test("Progress is reported from inside the transaction, every 1,000 records and at the last one")
    func progress() throws {
        final class Box: @unchecked Sendable { var seen = [Int]() }
        let box = Box()
        let many = (0..<2_500).map { Candidate(id: "M\($0)", commune: "59350", mobility: .init(modes: [.walk], maxMinutes: 30)) }
        let store = try Fixture.store()
        let options = ImportOptions(actor: "t") { box.seen.append($0.written) }
        try store.importCandidates(CSVExport.candidates(many), file: "m.csv", model: ws, options: options)
        #expect(box.seen == [1_000, 2_000, 2_500])
        box.seen = []
        try store.importCandidates(CSVExport.candidates(many), file: "m.csv", model: ws, options: options)
        #expect(box.seen == [1_000, 2_000, 2_500], "unchanged records are counted too")
    }
}

@Suite("The CSV examples of docs/formats.md")
struct FormatsDocTests {
    static let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "docs/formats.md")

    /// The code blocks fenced as ```` ```csv KIND ````.
    static func examples(_ kind: String) throws -> [String] {
        let text = try String(contentsOf: doc, encoding: .utf8)
        return text.components(separatedBy: "```csv \(kind)\n").dropFirst().map { String($0.components(separatedBy: "```")[0]) }
    }

    @Test("Each CSV example imports without a problem")
    func examplesImport() throws {
        let store = try Fixture.store()
        let offers = try FormatsDocTests.examples("offers"), candidates = try FormatsDocTests.examples("candidates")
        #expect(!offers.isEmpty && !candidates.isEmpty)
        for text in offers {
            let s = try store.importOffers(Data(text.utf8), file: "offres.csv", model: Fixture.model, options: Fixture.options())
            #expect(s.rejected.isEmpty && s.inserted == 2)
        }
        for text in candidates {
            let s = try store.importCandidates(Data(text.utf8), file: "candidats.csv", model: Fixture.model, options: Fixture.options())
            #expect(s.rejected.isEmpty && s.inserted == 2)
        }
        let c = try #require(try store.candidate(id: "C-0001"))
        #expect(c.languages == [.init(language: "Anglais", level: .b1), .init(language: "Néerlandais")] && c.qpv && !c.rqth)
        let o = try #require(try store.offer(id: "O-1"))
        #expect(o.workplace.latitude == 50.633 && o.skills.map(\.exigence) == [.desired, .required])
        #expect(try store.offer(id: "O-2")?.licences == [.init(label: "B - Véhicule léger", exigence: .desired)])
    }
}
