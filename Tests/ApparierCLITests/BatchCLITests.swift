import Foundation
import Testing

@Suite("apparier batch")
struct BatchCLITests {
    /// Two offers in Lille (one post each) and four candidates who can all reach them.
    private let offersJSON = """
    {"resultats": [
      {"id": "A", "romeCode": "N4101", "typeContrat": "CDI", "nombrePostes": 1,
       "lieuTravail": {"commune": "59350", "latitude": 50.6311, "longitude": 3.0468}},
      {"id": "B", "romeCode": "N4101", "typeContrat": "CDI", "nombrePostes": 1,
       "lieuTravail": {"commune": "59350", "latitude": 50.6311, "longitude": 3.0468}}
    ]}
    """

    private let candidatesJSON = """
    [
      {"id": "L1", "commune": "59350", "metiersRecherches": ["N4101"], "formation": {"romeCode": "N4101", "fin": "2026-10-01"},
       "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
      {"id": "L2", "commune": "59350", "metiersRecherches": ["N4101"], "formation": {"romeCode": "N4101", "fin": "2026-09-01"},
       "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
      {"id": "L3", "commune": "59350", "metiersRecherches": ["N4101"], "formation": {"romeCode": "N4101", "fin": "2025-01-01"},
       "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
      {"id": "NOT-LEAVER", "commune": "59350", "metiersRecherches": ["N4101"],
       "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}}
    ]
    """

    @Test("Training leavers only, capacities and the cap respected, JSON written whole")
    func batchJSON() throws {
        let cli = try CLIRunner()
        let offers = try cli.write(offersJSON, to: "offres.json")
        let candidates = try cli.write(candidatesJSON, to: "candidats.json")
        let out = cli.workingDirectory.appending(path: "propositions.json").path
        let result = try cli.run(["batch", "--offers", offers, "--candidates", candidates, "--date", "2026-11-23",
                                  "--proposals-per-post", "1", "--max-per-candidate", "1", "--out", out])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let proposals = try #require(object["proposals"] as? [[String: Any]])
        let pairs = proposals.compactMap { p -> String? in
            guard let c = p["candidate"] as? String, let o = p["offer"] as? String else { return nil }
            return c + "→" + o
        }
        // L3's training ended more than a year ago; NOT-LEAVER has none: only L1 and L2, one offer each.
        #expect(Set(proposals.compactMap { $0["candidate"] as? String }) == ["L1", "L2"])
        #expect(pairs.count == 2)
        #expect(Set(proposals.compactMap { $0["offer"] as? String }).count == 2)
        for p in proposals { #expect(p["components"] is [String: Double] && p["score"] is Double && p["travel"] is [String: Any]) }
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["cohort"] as? Int == 2)
        let timing = try #require(object["timing"] as? [String: Any])
        #expect(timing["productComputed"] as? Bool == false && timing["gemmSeconds"] as? Double == 0, "\(timing)")
        #expect(result.stderr.contains("propositions par candidat : max"), "\(result.stderr)")
        // The shipped policy gives the affinity no weight: the batch computes no product, and says so.
        #expect(result.stderr.contains("notation sans produit matriciel"), "\(result.stderr)")
    }

    @Test("CSV per candidate and per offer")
    func batchCSV() throws {
        let cli = try CLIRunner()
        let offers = try cli.write(offersJSON, to: "offres.json")
        let candidates = try cli.write(candidatesJSON, to: "candidats.json")
        let prefix = cli.workingDirectory.appending(path: "p").path
        let result = try cli.run(["batch", "--offers", offers, "--candidates", candidates, "--date", "2026-11-23",
                                  "--cohort", "all", "--method", "greedy", "--format", "csv", "--out", prefix])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        for suffix in [".candidats.csv", ".offres.csv"] {
            // Every proposal line, grouped by candidate or by offer.
            let data = try Data(contentsOf: URL(fileURLWithPath: prefix + suffix))
            #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 byte order mark")
            let text = String(decoding: data.dropFirst(3), as: UTF8.self)
            #expect(text.hasPrefix("candidat;offre;"))
            // 2 offers × 1 post × 3 proposals = 6 slots, 8 feasible pairs: a header and 6 lines.
            #expect(text.split(separator: "\r\n").count == 1 + 6)
        }
    }

    /// The offers and leavers of the analyst's report: two offers in Lille, one closed; leavers who get a
    /// proposal, lose the one place, live too far, or trained for another métier.
    private let storeOffersJSON = """
    {"resultats": [
      {"id": "OUVERTE", "romeCode": "N4101", "typeContrat": "CDI", "nombrePostes": 1, "lieuTravail": {"commune": "59350"}},
      {"id": "CLOSE", "romeCode": "N4101", "typeContrat": "CDI", "nombrePostes": 1, "lieuTravail": {"commune": "59350"}}
    ]}
    """

    private let storeLeaversJSON = """
    [
      {"id": "L1", "commune": "59350", "metiersRecherches": ["N4101"], "formation": {"romeCode": "N4101", "fin": "2026-10-01"},
       "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
      {"id": "L2", "commune": "59350", "metiersRecherches": ["N4101"], "formation": {"romeCode": "N4101", "fin": "2026-09-01"},
       "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
      {"id": "LOIN/DUNKERQUE", "commune": "59183", "metiersRecherches": ["N4101"], "formation": {"romeCode": "N4101", "fin": "2026-09-01"},
       "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 20}},
      {"id": "AUTRE-METIER", "commune": "59350", "metiersRecherches": ["D1106"], "formation": {"romeCode": "D1106", "fin": "2026-09-01"},
       "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}}
    ]
    """

    @Test("On the store: open offers only; the analyst's report by area, the leavers without a proposal and why, kept; erasure reaches it")
    func storeBatchReport() throws {
        let cli = try CLIRunner()
        for (kind, name, text) in [("offers", "offres.json", storeOffersJSON), ("candidates", "sortants.json", storeLeaversJSON)] {
            let imported = try cli.run(["import", kind, try cli.write(text, to: name)])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        #expect(try cli.run(["offers", "close", "CLOSE", "--reason", "pourvue"]).status == 0)
        let out = cli.workingDirectory.appending(path: "lot.json").path
        let result = try cli.run(["batch", "--date", "2026-11-23", "--proposals-per-post", "1", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 offre clôturée ou expirée le 23/11/2026 laissée de côté"), "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let proposals = try #require(object["proposals"] as? [[String: Any]])
        #expect(Set(proposals.compactMap { $0["offer"] as? String }) == ["OUVERTE"])
        let analysis = try #require(object["analysis"] as? [String: Any])
        let unproposed = try #require(analysis["unproposed"] as? [[String: Any]])
        var reasons: [String: String] = [:]
        for line in unproposed { reasons[line["candidate"] as? String ?? "?"] = line["reason"] as? String }
        let placed = try #require(proposals.first?["candidate"] as? String)
        let other = placed == "L1" ? "L2" : "L1"
        #expect(reasons == [other: "placesPrises", "LOIN/DUNKERQUE": "horsDePortee", "AUTRE-METIER": "aucuneOffreDuMetier"], "\(reasons)")
        let zones = try #require(analysis["byZone"] as? [[String: Any]])
        let lille = try #require(zones.first { $0["name"] as? String == "Lille" })
        #expect(lille["leavers"] as? Int == 3 && lille["leaversWithProposal"] as? Int == 1 && lille["offers"] as? Int == 1 && lille["posts"] as? Int == 1)
        #expect(result.stderr.contains("aucune offre ouverte dans sa limite de trajet"))
        #expect(result.stderr.contains("Rapport n° 1 gardé"))

        let history = try cli.run(["batch", "--history"])
        #expect(history.status == 0 && history.stdout.contains("1 (25,0"), "\(history.stdout)")
        let erased = try cli.run(["erase", "--candidate", "LOIN/DUNKERQUE"])
        #expect(erased.status == 0, "\(erased.stderr)")
        let bytes = try Data(contentsOf: cli.workingDirectory.appending(path: "apparier.sqlite"))
        #expect(bytes.range(of: Data("LOIN/DUNKERQUE".utf8)) == nil, "the erased leaver is still in the store's file")
        let after = try cli.run(["batch", "--history"])
        #expect(after.stdout.contains("1 (25,0"), "the saved report keeps its counts: \(after.stdout)")
    }
}
