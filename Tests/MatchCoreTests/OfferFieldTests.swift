import MatchTestSupport
import Testing
@testable import MatchCore

@Suite struct OfferFieldTests {
    @Test(arguments: [("CAP, BEP et équivalents", 3), ("Bac ou équivalent", 4), ("Bac+2 ou équivalents", 5),
                      ("Bac+3, Bac+4 ou équivalents", 6), ("Bac+5 et plus ou équivalents", 7)])
    func diplomaLevelOfFranceTravailLabels(label: String, level: Int) {
        #expect(DiplomaLevel.level(fromLabel: label) == level)
        #expect(DiplomaLevel.level(fromLabel: label.uppercased()) == level)
    }

    @Test func diplomaLevelOfOtherLabels() {
        #expect(DiplomaLevel.level(fromLabel: "Doctorat") == 8)
        #expect(DiplomaLevel.level(fromLabel: "Bac + 2") == 5)
        #expect(DiplomaLevel.level(fromLabel: "Formation non précisée") == nil)
    }

    @Test func requiredAndDesiredDiplomaLevels() {
        var offer = JobOffer(id: "O", romeCode: "A1101", workplace: .init(commune: "59001"))
        offer.education = [.init(levelLabel: "Bac ou équivalent", exigence: .required),
                           .init(levelLabel: "Bac+2 ou équivalents", exigence: .desired),
                           .init(levelLabel: nil, exigence: .required)]
        #expect(offer.requiredDiplomaLevel == 4)
        #expect(offer.desiredDiplomaLevel == 5)
    }

    @Test(arguments: [("3 Mois", 3), ("1 An(s) - GESTION ADMINISTRATIVE", 12), ("Débutant accepté", 0),
                      ("2 An(s)", 24), ("18 Mois", 18)])
    func requestedExperienceMonths(label: String, months: Int) {
        var offer = JobOffer(id: "O", romeCode: "A1101", workplace: .init(commune: "59001"))
        offer.experienceLabel = label
        #expect(offer.requestedExperienceMonths == months)
    }

    @Test func experienceMonthsFieldWinsOverLabel() {
        var offer = JobOffer(id: "O", romeCode: "A1101", workplace: .init(commune: "59001"), experienceMonths: 7)
        offer.experienceLabel = "2 An(s)"
        #expect(offer.requestedExperienceMonths == 7)
        offer.experienceMonths = nil
        offer.experienceLabel = nil
        #expect(offer.requestedExperienceMonths == 0)
    }
}
