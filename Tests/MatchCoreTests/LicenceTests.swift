import MatchTestSupport
import Testing
@testable import MatchCore

@Suite struct LicenceTests {
    private func holds(_ held: [String], _ required: String) -> Bool {
        LicenceSet(held).closure.contains(LicenceSet([required]))
    }

    @Test func heavyLicencesImplyLighterOnes() {
        #expect(holds(["CE"], "C"))
        #expect(holds(["CE"], "B"))
        #expect(holds(["CE"], "C1"))
        #expect(holds(["C"], "B"))
        #expect(holds(["D"], "B"))
        #expect(holds(["D"], "D1"))
        #expect(!holds(["CE"], "D"))
        #expect(!holds(["C"], "CE"))
        #expect(!holds(["D"], "C"))
    }

    @Test func carLicenceAloneIsNotAHeavyOne() {
        #expect(!holds(["B"], "C"))
        #expect(!holds(["B"], "D"))
        #expect(!holds(["B"], "BE"))
        #expect(LicenceSet(["B"]).closure == LicenceSet(["B"]))
    }

    @Test func labelsAreRecognised() {
        #expect(Licence(label: "CE - Poids lourd + remorque")?.code == "CE")
        #expect(Licence(label: "B - Véhicule léger")?.code == "B")
        #expect(Licence(label: "Permis B")?.code == "B")
        #expect(Licence(label: "caces r489 cat. 3")?.code == "CACES R489 3")
        #expect(Licence(label: "Permis bateau") == nil)
    }

    /// Four candidates next to the offer, holding B, C, CE and D: who is feasible for each required licence.
    @Test(arguments: [("B - Véhicule léger", ["B", "C", "CE", "D"]), ("C - Poids lourd", ["C", "CE"]),
                      ("CE - Poids lourd + remorque", ["CE"]), ("D - Transport en commun", ["D"])])
    func requiredLicenceThroughEngineAndReference(label: String, feasible: [String]) throws {
        let world = try SyntheticWorld(seed: 31)
        let home = world.hubs[0]
        let pool = ["B", "C", "CE", "D"].map { licence in
            Candidate(id: licence, commune: home, licences: [licence], mobility: .init(modes: [.car], maxMinutes: 60))
        }
        let offer = JobOffer(id: "O", romeCode: world.rome.fiches[0].code, workplace: .init(commune: home),
                             licences: [.init(label: label, exigence: .required)])
        let list = try makeMatcher(world: world, pool: pool, policy: .standard).shortlist(for: offer, top: 10)
        #expect(list.entries.map(\.candidateId).sorted() == feasible)
        #expect(list.excluded[.licence] ?? 0 == 4 - feasible.count)
        let reference = try ReferenceScorer(world: world).rank(offer, candidates: pool)
        #expect(reference.ranked.map(\.candidateId).sorted() == feasible)
    }
}
