import Foundation
import Testing

@Suite("apparier import: files into the store")
struct StoreImportCLITests {
    static let franceTravail = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "shared/data/offres/france_travail_offres_dept07_2025-06-01.json")

    @Test("France Travail's JSON imports as is into apparier.sqlite in the working directory",
          .enabled(if: FileManager.default.fileExists(atPath: franceTravail.path)))
    func franceTravailSample() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["import", "offers", StoreImportCLITests.franceTravail.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("150 offres lues — 150 nouvelles, 0 mise à jour, 0 inchangée, 1 avec un avertissement"), "\(result.stdout)")
        #expect(result.stderr.contains("champ resultats[100].lieuTravail.commune : la commune « 07281 » est hors du référentiel"))
        #expect(FileManager.default.fileExists(atPath: cli.workingDirectory.appending(path: "apparier.sqlite").path))
        let again = try cli.run(["import", "offers", StoreImportCLITests.franceTravail.path])
        #expect(again.stdout.contains("150 inchangées") && again.stdout.contains("déjà été importé (import n° 1)"), "\(again.stdout)")
    }

    @Test("Progress: a bar on a terminal, reaching the last record; nothing in a pipe or a log",
          .enabled(if: FileManager.default.isExecutableFile(atPath: CLIRunner.terminalWrapper)))
    func progressOnlyOnATerminal() throws {
        let cli = try CLIRunner()
        let rows = (0..<2_500).map { "P\($0);59350;N4101;voiture;30" }
        let file = try cli.write((["id;commune;metiersRecherches;mobilite.modes;mobilite.tempsMaxMinutes"] + rows).joined(separator: "\n"),
                                 to: "vivier.csv")
        let piped = try cli.run(["import", "candidates", file])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("candidats lus"), "\(piped.stdout)")
        #expect(!piped.stderr.contains("/2\u{202F}500") && !piped.stderr.contains("█"), "\(piped.stderr)")
        let terminal = try cli.runInTerminal(["import", "candidates", file, "--db", "terminal.sqlite"])
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("█") && terminal.stdout.contains("100 %  2\u{202F}500/2\u{202F}500"), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("candidats lus"))
    }

    @Test("import bench times a generated offer file twice: all new, then all unchanged; a count out of range is refused")
    func importBenchOffers() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["import", "bench", "--offers", "120", "--keep", "bench"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("File: 120 offers, json"), "\(result.stdout)")
        #expect(result.stdout.contains("Inserted 120, unchanged on the second run 120"), "\(result.stdout)")
        #if os(Linux)
        // Each import's own peak is printed, in whole MiB (this small run cannot tell it from the process's).
        let peaks = result.stdout.split(separator: "\n").filter { $0.contains(" import (") }
            .compactMap { $0.components(separatedBy: "peak ").dropFirst().first?.split(separator: " ").first.flatMap { Int($0) } }
        #expect(peaks.count == 2 && peaks.allSatisfy { $0 > 0 && $0 < 4_096 }, "\(result.stdout)")
        #endif
        #expect(FileManager.default.fileExists(atPath: cli.workingDirectory.appending(path: "bench/offres.json").path))
        let refused = try cli.run(["import", "bench", "--offers", "0"])
        #expect(refused.status != 0 && refused.stderr.contains("--offers doit être entre 1 et 999 999"), "\(refused.stderr)")
    }

    @Test("A file with one broken line is refused with file:line: field, exit 1, and the store is unchanged")
    func brokenLine() throws {
        let cli = try CLIRunner()
        _ = try StoreFixture.filled(cli)
        let before = try StoreFixture.digest(cli)
        let bad = StoreFixture.candidatesCSV + "\nP-NEW;59350;N4101;;;3;;B;voiture;trente;;;0;;\nP-NEW2;59350;N4101;;;3;;B;voiture;30;;;0;;"
        let file = try cli.write(bad, to: "nouveaux.csv")
        let result = try cli.run(["import", "candidates", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nouveaux.csv:6: champ mobilite.tempsMaxMinutes : un nombre entier est attendu, trouvé « trente »"), "\(result.stderr)")
        #expect(result.stderr.contains("rien n'a été importé"))
        #expect(try StoreFixture.digest(cli) == before)
        #expect(try StoreFixture.rows(cli, "candidate") == 4)
    }

    @Test("--skip-invalid stores the rest and writes the refused line to a report")
    func skipInvalid() throws {
        let cli = try CLIRunner()
        _ = try StoreFixture.filled(cli)
        let bad = StoreFixture.candidatesCSV + "\nP-NEW;59350;N4101;;;3;;B;voiture;trente;;;0;;\nP-NEW2;59350;N4101;;;3;;B;voiture;30;;;0;;"
        let file = try cli.write(bad, to: "nouveaux.csv")
        let result = try cli.run(["import", "candidates", file, "--skip-invalid", "--report", "rejets.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("6 candidats lus — 1 nouveau, 0 mis à jour, 4 inchangés, 1 refusé"), "\(result.stdout)")
        #expect(result.stderr.contains("nouveaux.csv:6: champ mobilite.tempsMaxMinutes"))
        let report = String(decoding: try Data(contentsOf: cli.workingDirectory.appending(path: "rejets.csv")), as: UTF8.self)
        #expect(report.hasPrefix("\u{FEFF}fichier;ligne;champ;erreur;enregistrement\r\n"))
        #expect(report.contains(";6;mobilite.tempsMaxMinutes;") && report.contains("P-NEW;59350;N4101;;;3;;B;voiture;trente"))
        #expect(try StoreFixture.rows(cli, "candidate") == 5)
    }

    @Test("A new import shows in the next shortlist; --db chooses another store")
    func importThenShortlist() throws {
        let cli = try CLIRunner()
        _ = try StoreFixture.filled(cli)
        var result = try cli.run(["shortlist", "--offer", "LIL-C", "--format", "json", "--date", "2026-11-23"])
        #expect(result.status == 0, "\(result.stderr)")
        var ids = Set(((result.json as? [String: Any])?["candidates"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(ids == StoreFixture.expected)
        let newcomer = try cli.write("id;commune;permis;mobilite.modes;mobilite.tempsMaxMinutes\nP-NEW;59350;C;voiture;25\n", to: "nouveau.csv")
        #expect(try cli.run(["import", "candidates", newcomer]).status == 0)
        result = try cli.run(["shortlist", "--offer", "LIL-C", "--format", "json", "--date", "2026-11-23"])
        ids = Set(((result.json as? [String: Any])?["candidates"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(ids == StoreFixture.expected.union(["P-NEW"]))

        // --db names another store: a missing one here, which a shortlist does not create; the error says how to fill it.
        let other = cli.workingDirectory.appending(path: "autre.sqlite").path
        let missing = try cli.run(["shortlist", "--offer", "LIL-C", "--db", other])
        #expect(missing.status == 1 && missing.stderr.contains("aucun magasin à \(other) (--db)") && missing.stderr.contains("`apparier import offers FICHIER`"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other))
        // An existing store without offers says how to fill it.
        #expect(try cli.run(["import", "candidates", newcomer, "--db", other]).status == 0)
        let empty = try cli.run(["shortlist", "--offer", "LIL-C", "--db", other])
        #expect(empty.status == 1 && empty.stderr.contains("autre.sqlite ne contient aucune offre : importez-en avec `apparier import offers FICHIER`"), "\(empty.stderr)")
    }
}

@Suite("The store's commands explain themselves")
struct StoreHelpCLITests {
    @Test("Each store command's help has an example")
    func help() throws {
        let cli = try CLIRunner()
        for command in [["import"], ["import", "offers"], ["import", "candidates"], ["import", "status"], ["import", "bench"],
                        ["shortlists"], ["erase"]] {
            let result = try cli.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("Exemple"), "\(command)")
        }
    }
}

@Suite("apparier metier and titles at import")
struct TitleCLITests {
    @Test("apparier metier prints appellations as a table and as JSON; --fiche prints the checklist")
    func metier() throws {
        let cli = try CLIRunner()
        let table = try cli.run(["metier", "Chauffeur SPL H/F", "--top", "3"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Appellation") && table.stdout.contains("N4101"), "\(table.stdout)")
        let json = try cli.run(["metier", "vendeuse boulangerie", "--format", "json"])
        let list = try #require(json.json as? [[String: Any]])
        #expect(list.count == 5)
        #expect(Set(list[0].keys) == ["codeOgr", "libelle", "romeCode", "ficheLibelle", "score", "matched"])
        #expect(list[0]["romeCode"] as? String == "D1106")
        let checklist = try cli.run(["metier", "--fiche", "N1101"])
        #expect(checklist.status == 0 && checklist.stdout.contains("Fiche N1101"), "\(checklist.stdout)")
        let unknown = try cli.run(["metier", "--fiche", "Z9999"])
        #expect(unknown.status != 0 && unknown.stderr.contains("Z9999"))
        let empty = try cli.run(["metier", "H/F"])
        #expect(empty.status != 0 && empty.stderr.contains("aucun mot"))
    }

    @Test("An offer without romeCode is imported with its title's fiche and a warning; --strict refuses the file")
    func inferenceAtImport() throws {
        let cli = try CLIRunner()
        let file = try cli.write("""
            {"resultats": [{"id": "T1", "intitule": "Aide-soignant(e) de nuit H/F", "lieuTravail": {"commune": "59350"}},
                           {"id": "T2", "intitule": "Cariste", "romeCode": "N1101", "lieuTravail": {"commune": "59350"}}]}
            """, to: "offres.json")
        let strict = try cli.run(["import", "offers", file, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("resultats[0].romeCode") && strict.stderr.contains("J1501"), "\(strict.stderr)")
        let plain = try cli.run(["import", "offers", file])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("2 nouvelles") && plain.stdout.contains("1 avec un avertissement"), "\(plain.stdout)")
        #expect(plain.stderr.contains("déduit de l'intitulé") && plain.stderr.contains("J1501"), "\(plain.stderr)")
        let untitled = try cli.write(#"{"resultats": [{"id": "T3", "lieuTravail": {"commune": "59350"}}]}"#, to: "sans-titre.json")
        let refused = try cli.run(["import", "offers", untitled])
        #expect(refused.status == 1 && refused.stderr.contains("romeCode : manquant"), "\(refused.stderr)")
    }
}

@Suite("apparier import: codes and dates as people type them")
struct TypedInputCLITests {
    @Test("A ROME code in lower case and a date JJ/MM/AAAA are read; an impossible date is refused with both forms named")
    func codesAndDates() throws {
        let cli = try CLIRunner()
        let file = try cli.write("""
            {"resultats": [{"id": "ARRAS-1", "intitule": "Vendeuse en boulangerie", "romeCode": "d1106",
                            "lieuTravail": {"commune": "62041"}, "dateDebut": "17/12/2026"}]}
            """, to: "offre.json")
        let imported = try cli.run(["import", "offers", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        let list = try cli.run(["shortlist", "--offers", file, "--candidates", try cli.write("[]", to: "vide.json"), "--offer", "ARRAS-1", "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(((list.json as? [String: Any])?["offer"] as? [String: Any])?["romeCode"] as? String == "D1106", "\(list.stdout)")
        let bad = try cli.write(#"{"resultats": [{"id": "B", "romeCode": "D1106", "lieuTravail": {"commune": "62041"}, "dateDebut": "31/02/2026"}]}"#, to: "mauvaise.json")
        let refused = try cli.run(["import", "offers", bad])
        #expect(refused.status == 1 && refused.stderr.contains("dateDebut") && refused.stderr.contains("JJ/MM/AAAA"), "\(refused.stderr)")
    }

    @Test("A workplace or a home written as people write it is read: Arras, 62 - ARRAS, a postcode; a shared postcode or a misspelling is refused with the communes that fit")
    func communesAsWritten() throws {
        let cli = try CLIRunner()
        let offers = try cli.write("""
            {"resultats": [
              {"id": "A-NAME", "romeCode": "D1106", "lieuTravail": {"commune": "Arras"}},
              {"id": "A-LABEL", "romeCode": "D1106", "lieuTravail": {"libelle": "62 - ARRAS"}},
              {"id": "A-POSTCODE", "romeCode": "D1106", "lieuTravail": {"libelle": "Quelque part", "codePostal": "59000"}}
            ]}
            """, to: "offres.json")
        let imported = try cli.run(["import", "offers", offers])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!imported.stdout.contains("avertissement") && imported.stderr.isEmpty, "\(imported.stdout) \(imported.stderr)")
        let candidates = try cli.write("[{\"id\": \"C-1\", \"commune\": \"arras\", \"mobilite\": {\"modes\": [\"voiture\"], \"tempsMaxMinutes\": 20}}]", to: "c.json")
        #expect(try cli.run(["import", "candidates", candidates]).status == 0)
        let list = try cli.run(["shortlist", "--offer", "A-LABEL", "--format", "json"])
        let object = list.json as? [String: Any]
        #expect((object?["offer"] as? [String: Any])?["commune"] as? String == "62041", "\(list.stdout) \(list.stderr)")
        #expect(((object?["candidates"] as? [[String: Any]])?.first?["id"]) as? String == "C-1")

        let shared = try cli.write(#"{"resultats": [{"id": "S", "romeCode": "D1106", "lieuTravail": {"commune": "62000"}}, {"id": "T", "romeCode": "D1106", "lieuTravail": {"commune": "Arass"}}]}"#, to: "mauvaises.json")
        let refused = try cli.run(["import", "offers", shared])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("lieuTravail.commune") && refused.stderr.contains("Arras (62041)") && refused.stderr.contains("Dainville (62263)"),
                "\(refused.stderr)")
        #expect(refused.stderr.contains("vouliez-vous dire Arras (62041)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("2 problèmes"), "both records are reported in one run: \(refused.stderr)")
    }

    @Test("Licences, languages, competences and experience as people write them; an unknown one refuses the file with the nearest, every record named in one run")
    func requirementsAsWritten() throws {
        let cli = try CLIRunner()
        let good = try cli.write("""
            {"resultats": [{"id": "ARRAS-BOUL", "intitule": "Vendeuse en boulangerie", "romeCode": "D1106", "lieuTravail": {"libelle": "62 - ARRAS"},
              "permis": [{"libelle": "Voiture", "exigence": "E"}], "langues": [{"libelle": "anglais", "exigence": "S"}],
              "competences": [{"libelle": "Techniques de vente et de promotion", "exigence": "E"}],
              "experienceExige": "Débutant accepté", "dateDebut": "17/12/2026"}]}
            """, to: "offre.json")
        let imported = try cli.run(["import", "offers", good])
        #expect(imported.status == 0, "\(imported.stderr)")
        let list = try cli.run(["shortlist", "--offer", "ARRAS-BOUL", "--format", "json"])
        #expect(!list.stdout.contains("non vérifié") && !list.stdout.contains("non évaluée"), "\(list.stdout)")

        let bad = try cli.write("""
            {"resultats": [
              {"id": "A", "romeCode": "D1106", "lieuTravail": {"commune": "62041"}, "permis": [{"libelle": "Permis BB", "exigence": "E"}]},
              {"id": "B", "romeCode": "D1106", "lieuTravail": {"commune": "62041"}, "competences": [{"code": "999999", "exigence": "E"}]},
              {"id": "C", "romeCode": "D1106", "lieuTravail": {"commune": "62041"}, "langues": [{"libelle": "Anglias", "exigence": "E"}]},
              {"id": "D", "romeCode": "D1106", "lieuTravail": {"commune": "Arrass"}, "competences": [{"code": "999999", "exigence": "E"}]}
            ]}
            """, to: "mauvaise.json")
        let refused = try cli.run(["import", "offers", bad])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("mauvaise.json:2: champ resultats[0].permis[0].libelle : permis « Permis BB » inconnu") && refused.stderr.contains("vouliez-vous dire B ?"), "\(refused.stderr)")
        #expect(refused.stderr.contains("mauvaise.json:3: champ resultats[1].competences[0].code : aucune compétence « 999999 »"), "\(refused.stderr)")
        #expect(refused.stderr.contains("mauvaise.json:4: champ resultats[2].langues[0].libelle : langue « Anglias » inconnue ; vouliez-vous dire Anglais ?"), "\(refused.stderr)")
        #expect(refused.stderr.contains("mauvaise.json:5: champ resultats[3].lieuTravail.commune : aucune commune « Arrass »")
                && refused.stderr.contains("mauvaise.json:5: champ resultats[3].competences[0].code : aucune compétence « 999999 »"),
                "every fault of one record is named in the same run: \(refused.stderr)")
        #expect(refused.stderr.contains("5 problèmes"), "\(refused.stderr)")
    }
}

@Suite("apparier import: no input crashes the import or a later command")
struct HostileInputCLITests {
    @Test("Huge numbers, a cell nested 30,000 deep and a value of 10 MB are refused with a short error; the store stays empty")
    func hostileFiles() throws {
        let cli = try CLIRunner()
        let huge = try cli.write("""
            {"resultats": [{"id": "Z1", "intitule": "Cariste", "romeCode": "N1101", "lieuTravail": {"commune": "59350"},
                            "nombrePostes": 9223372036854775807},
                           {"id": "Z2", "intitule": "Cariste", "romeCode": "N1101", "lieuTravail": {"commune": "59350"},
                            "experienceLibelle": "768614336404564651 An(s)"}]}
            """, to: "enormes.json")
        let refused = try cli.run(["import", "offers", huge])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("resultats[0].nombrePostes : au plus 1000 postes par offre sont attendus"), "\(refused.stderr)")
        #expect(refused.stderr.contains("resultats[1].experienceLibelle : une durée d'au plus 50 ans est attendue"), "\(refused.stderr)")

        let deep = try cli.write("id;romeCode;lieuTravail.commune;competences\nX;N1101;59350;" + String(repeating: "[", count: 30_000)
                                 + String(repeating: "]", count: 30_000) + "\n", to: "profond.csv")
        let nested = try cli.run(["import", "offers", deep])
        #expect(nested.status == 1, "no crash: \(nested.status)")
        #expect(nested.stderr.contains("profond.csv:2: champ competences") && nested.stderr.contains("imbriqués sur plus de 32 niveaux"))

        let big = try cli.write(#"{"resultats": [{"id": "Z3", "romeCode": ""# + "\"" + String(repeating: "N", count: 10_000_000) + "\""
                                + #", "lieuTravail": {"commune": "59350"}}]}"#, to: "grand.json")
        let clipped = try cli.run(["import", "offers", big])
        #expect(clipped.status == 1)
        #expect(clipped.stderr.utf8.count < 2_000, "\(clipped.stderr.utf8.count) bytes of error")
        // Nothing was stored: the store, created by the first import, holds no offer.
        let status = try cli.run(["import", "status", "--format", "json"])
        #expect(((status.json as? [String: Any])?["rows"] as? [String: Any])?["offer"] as? Int == 0, "\(status.stdout)")
    }
}

@Suite("apparier: a command that only reads never creates a store")
struct ReadOnlyStoreCLITests {
    @Test("A mistyped --db, or no store in the folder, is an error naming the path; no file is left behind")
    func noStoreCreated() throws {
        let cli = try CLIRunner()
        let typo = cli.workingDirectory.appending(path: "aparier.sqlite").path
        for arguments in [["shortlists", "--db", typo], ["import", "status", "--db", typo], ["shortlist", "--offer", "X", "--db", typo],
                          ["erase", "--candidate", "C1", "--db", typo], ["token", "list", "--db", typo]] {
            let result = try cli.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("aucun magasin à \(typo) (--db)"), "\(arguments): \(result.stderr)")
        }
        let here = try cli.run(["shortlists"], environment: ["APPARIER_DB": ""])
        #expect(here.status == 1 && here.stderr.contains("(l'emplacement par défaut)"), "\(here.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.workingDirectory.path)
        #expect(left.allSatisfy { !$0.hasSuffix(".sqlite") }, "\(left)")
        #expect(!FileManager.default.fileExists(atPath: cli.dataHome.path), "a read-only command made the data folder")
    }

    @Test("Without --db the store lives in the user's data folder, and every folder sees the same one")
    func defaultStoreFromAnyFolder() throws {
        let cli = try CLIRunner()
        let offers = try cli.write(StoreFixture.offers, to: "offres.json")
        let imported = try cli.run(["import", "offers", offers], environment: ["APPARIER_DB": ""])
        #expect(imported.status == 0, "\(imported.stderr)")
        let store = cli.dataHome.appending(path: "apparier/apparier.sqlite")
        #expect(FileManager.default.fileExists(atPath: store.path))
        #expect(!FileManager.default.fileExists(atPath: cli.workingDirectory.appending(path: "apparier.sqlite").path))
        let elsewhere = cli.workingDirectory.deletingLastPathComponent().appending(path: "ailleurs")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let status = try cli.run(["import", "status", "--format", "json"], environment: ["APPARIER_DB": ""], in: elsewhere)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(((status.json as? [String: Any])?["rows"] as? [String: Any])?["offer"] as? Int == 1, "\(status.stdout)")
    }
}
