import Foundation
import MatchCore
import Testing

/// A small pool where the expected outcome is known by construction: an offer in Lille requiring
/// licence C, and candidates that each fail one constraint, or none.
private let offersJSON = """
{"resultats": [
  {"id": "LIL-C", "intitule": "Chauffeur poids lourd", "romeCode": "N4101", "typeContrat": "CDI",
   "lieuTravail": {"libelle": "59 - LILLE", "commune": "59350", "latitude": 50.6311, "longitude": 3.0468},
   "permis": [{"libelle": "C - Poids lourd", "exigence": "E"}],
   "competences": [{"code": "100341", "libelle": "Procédures d'encaissement", "exigence": "S"}],
   "experienceExige": "D", "nombrePostes": 1}
]}
"""

private let candidatesJSON = """
[
  {"id": "P-CE", "commune": "59350", "metiersRecherches": ["N4101"], "permis": ["CE"],
   "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
  {"id": "P-C-FAR-OK", "commune": "59009", "metiersRecherches": ["N4101"], "permis": ["C"], "competences": ["100341"],
   "mobilite": {"modes": ["voiture", "transport_en_commun"], "tempsMaxMinutes": 45}},
  {"id": "P-B-ONLY", "commune": "59350", "metiersRecherches": ["N4101"], "permis": ["B"],
   "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
  {"id": "P-TOO-FAR", "commune": "59183", "metiersRecherches": ["N4101"], "permis": ["CE"],
   "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 20}},
  {"id": "P-CDD-ONLY", "commune": "59350", "metiersRecherches": ["N4101"], "permis": ["C"], "contrats": ["CDD"],
   "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}}
]
"""

@Suite("apparier shortlist on the user's files")
struct ShortlistCLITests {
    @Test("JSON output has the documented shape and the expected candidates")
    func jsonShape() throws {
        let cli = try CLIRunner()
        let offers = try cli.write(offersJSON, to: "offres.json")
        let candidates = try cli.write(candidatesJSON, to: "candidats.json")
        let result = try cli.run(["shortlist", "--offers", offers, "--candidates", candidates, "--offer", "LIL-C",
                                  "--format", "json", "--date", "2026-11-23"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try #require(result.json as? [String: Any])
        let offer = try #require(object["offer"] as? [String: Any])
        #expect(offer["id"] as? String == "LIL-C")
        #expect(offer["romeCode"] as? String == "N4101")
        #expect(offer["commune"] as? String == "59350")
        #expect(object["considered"] as? Int == 5)
        #expect(object["excluded"] as? [String: Int] == ["licence": 1, "travel": 1, "contract": 1])
        let list = try #require(object["candidates"] as? [[String: Any]])
        #expect(Set(list.compactMap { $0["id"] as? String }) == ["P-CE", "P-C-FAR-OK"])
        let scores = list.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >))
        for (i, entry) in list.enumerated() {
            #expect(entry["rank"] as? Int == i + 1)
            let travel = try #require(entry["travel"] as? [String: Any])
            let minutes = try #require(travel["minutes"] as? Double)
            let limit = try #require(travel["limitMinutes"] as? Double)
            #expect(minutes <= limit)
            #expect(travel["mode"] is String)
            let components = try #require(entry["components"] as? [String: Double])
            #expect(abs(components.values.reduce(0, +) - (entry["score"] as? Double ?? -1)) < 1e-3)
            #expect(entry["matched"] is [String] && entry["missing"] is [String] && entry["priorityPublics"] is [String])
        }
        let holder = try #require(list.first { $0["id"] as? String == "P-C-FAR-OK" })
        #expect(holder["matched"] as? [String] == ["100341"])
    }

    @Test("CSV output opens in a spreadsheet: BOM, semicolons, French headers")
    func csv() throws {
        let cli = try CLIRunner()
        let offers = try cli.write(offersJSON, to: "offres.json")
        let candidates = try cli.write(candidatesJSON, to: "candidats.json")
        let result = try cli.run(["shortlist", "--offers", offers, "--candidates", candidates, "--offer", "LIL-C", "--format", "csv"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("\u{FEFF}offre;rang;identifiant;temps_trajet_min;"))
        #expect(result.stdout.split(separator: "\r\n").count == 3)
    }

    @Test("A candidate id a spreadsheet would run as a formula comes out of the CSV as text, for the employer and the platform")
    func csvInjection() throws {
        let cli = try CLIRunner()
        let offers = try cli.write(offersJSON, to: "offres.json")
        let formula = #"=HYPERLINK(\"http://exemple.invalid\";\"x\")"#
        let candidates = try cli.write(candidatesJSON.replacingOccurrences(of: #""id": "P-CE""#, with: #""id": "\#(formula)""#), to: "candidats.json")
        for extra in [[], ["--internal"]] {
            let result = try cli.run(["shortlist", "--offers", offers, "--candidates", candidates, "--offer", "LIL-C", "--format", "csv"] + extra)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.contains(#";"'=HYPERLINK(""http://exemple.invalid"";""x"")";"#), "\(result.stdout)")
            #expect(!result.stdout.contains(";=HYPERLINK") && !result.stdout.contains(";\"=HYPERLINK"))
        }
    }

    @Test("An unknown offer id is one line on stderr and exit status 1")
    func unknownOffer() throws {
        let cli = try CLIRunner()
        let offers = try cli.write(offersJSON, to: "offres.json")
        let candidates = try cli.write(candidatesJSON, to: "candidats.json")
        let result = try cli.run(["shortlist", "--offers", offers, "--candidates", candidates, "--offer", "NOPE"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("aucune offre « NOPE »"))
        #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    @Test("Malformed files name the file, the line and the field")
    func malformed() throws {
        let cli = try CLIRunner()
        let candidates = try cli.write(candidatesJSON, to: "candidats.json")
        let badType = try cli.write(offersJSON.replacingOccurrences(of: "\"latitude\": 50.6311", with: "\"latitude\": \"nord\""), to: "typed.json")
        var result = try cli.run(["shortlist", "--offers", badType, "--candidates", candidates, "--offer", "LIL-C"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("typed.json:3"), "\(result.stderr)")
        #expect(result.stderr.contains("latitude"))

        let broken = try cli.write("[\n  {\"id\": \"X\",\n   \"commune\": 59350,,\n}]", to: "broken.json")
        let offers = try cli.write(offersJSON, to: "offres.json")
        result = try cli.run(["shortlist", "--offers", offers, "--candidates", broken, "--offer", "LIL-C"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.json:3"), "\(result.stderr)")

        let unknownRome = try cli.write(offersJSON.replacingOccurrences(of: "\"N4101\", \"typeContrat\"", with: "\"Z9999\", \"typeContrat\""), to: "rome.json")
        result = try cli.run(["shortlist", "--offers", unknownRome, "--candidates", candidates, "--offer", "LIL-C"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("rome.json:2"), "\(result.stderr)")
        #expect(result.stderr.contains("romeCode"))

        result = try cli.run(["shortlist", "--offers", offers, "--candidates", cli.workingDirectory.appending(path: "absent.json").path, "--offer", "LIL-C"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("absent.json"))
    }

    @Test("shortlist --candidates reads the files import reads (CSV too) and refuses what import refuses, at the same line")
    func sameReaderAsImport() throws {
        let cli = try CLIRunner()
        let offers = try cli.write(offersJSON, to: "offres.json")
        let csv = """
        id;commune;metiersRecherches;permis;mobilite.modes;mobilite.tempsMaxMinutes
        P-CE;59350;N4101;CE;voiture;30
        P-B-ONLY;59350;N4101;B;voiture;30
        """
        let good = try cli.write(csv + "\n", to: "candidats.csv")
        var result = try cli.run(["shortlist", "--offers", offers, "--candidates", good, "--offer", "LIL-C",
                                  "--format", "json", "--date", "2026-11-23"])
        #expect(result.status == 0, "\(result.stderr)")
        let ids = ((result.json as? [String: Any])?["candidates"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ids == ["P-CE"], "\(result.stdout)")

        let bad = try cli.write(csv + "\nP-BAD;59350;Z9999;CE;voiture;30\n", to: "mauvais.csv")
        result = try cli.run(["shortlist", "--offers", offers, "--candidates", bad, "--offer", "LIL-C"])
        #expect(result.status == 1)
        let problem = "mauvais.csv:4: champ metiersRecherches : code ROME « Z9999 » inconnu"
        #expect(result.stderr.contains(problem), "\(result.stderr)")
        let imported = try cli.run(["import", "candidates", bad, "--db", cli.workingDirectory.appending(path: "s.sqlite").path])
        #expect(imported.status == 1)
        #expect(imported.stderr.contains(problem), "\(imported.stderr)")
    }

    @Test("Each command's help reads like a manual, with an example")
    func help() throws {
        let cli = try CLIRunner()
        for command in [["shortlist"], ["demo"], ["bench"], ["model", "build"]] {
            let result = try cli.run(command + ["--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Exemple"), "\(command)")
            #expect(result.stdout.contains("UTILISATION :") && !result.stdout.contains("USAGE"))
        }
    }
}
