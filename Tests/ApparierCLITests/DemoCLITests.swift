import Foundation
import MatchCore
import Testing

@Suite("apparier demo, the main job", .serialized)
struct DemoCLITests {
    @Test("Builds the demo store on first run, reuses it after, and lists only eligible candidates")
    func demoRuns() throws {
        let cli = try CLIRunner()
        let first = try cli.run(["demo", "--top", "10"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stderr.contains("premier lancement"))
        #expect(first.stderr.contains("importées dans") && first.stderr.contains("apparier.sqlite"))
        #expect(first.stdout.contains("Offre D"))
        #expect(first.stdout.contains("score :"))
        #expect(first.stdout.contains("Écartés :"))

        let second = try cli.run(["demo", "--top", "10", "--format", "json"])
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("Magasin utilisé"))
        #expect(!second.stderr.contains("premier lancement"))
        let object = try #require(second.json as? [String: Any])
        let offer = try #require(object["offer"] as? [String: Any])
        let offerId = try #require(offer["id"] as? String)
        let list = try #require(object["candidates"] as? [[String: Any]])
        #expect(list.count >= 5)
        #expect((object["considered"] as? Int) == 20_000)

        // The desk on the demo store: a platform and an account whose new password is printed.
        let desk = try cli.run(["demo", "--bureau", "--top", "3"])
        #expect(desk.status == 0, "stderr: \(desk.stderr)")
        #expect(desk.stderr.contains("identifiant « demo », mot de passe « "))
        #expect(try cli.run(["platform", "list"]).stdout.contains("demo-arras\tProch'emploi Arras (démo)"))

        // Check every listed candidate against the raw demo files.
        let folders = try FileManager.default.contentsOfDirectory(at: cli.cache, includingPropertiesForKeys: nil)
        let dir = try #require(folders.first)
        struct OfferFile: Decodable { var resultats: [JobOffer] }
        let offers = try JSONDecoder().decode(OfferFile.self, from: Data(contentsOf: dir.appending(path: "offers.json"))).resultats
        let candidates = try JSONDecoder().decode([Candidate].self, from: Data(contentsOf: dir.appending(path: "candidates.json")))
        #expect(offers.count == 2_000 && candidates.count == 20_000)
        let jobOffer = try #require(offers.first { $0.id == offerId })
        let required = LicenceSet(jobOffer.licences.filter { $0.exigence == .required }.compactMap { Licence(label: $0.label) })
        let byId = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0) })
        for entry in list {
            let id = try #require(entry["id"] as? String)
            let candidate = try #require(byId[id])
            #expect(LicenceSet(candidate.licences).closure.isSuperset(of: required))
            let travel = try #require(entry["travel"] as? [String: Any])
            #expect((travel["minutes"] as? Double ?? .infinity) <= Double(candidate.mobility.maxMinutes))
            #expect(travel["limitMinutes"] as? Double == Double(candidate.mobility.maxMinutes))
        }
    }

    @Test("Runs from any working directory")
    func anyDirectory() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["shortlist", "--help"])
        #expect(result.status == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.workingDirectory.appending(path: "data").path))
    }
}
