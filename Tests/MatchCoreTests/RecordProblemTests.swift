import MatchTestSupport
import Testing
@testable import MatchCore

/// The records' own rules, written once and read by the files, the store and the engine.
@Suite struct RecordProblemTests {
    let world: SyntheticWorld
    init() throws { world = try SyntheticWorld(seed: 3) }

    /// A generated candidate, without the item codes the synthetic world plants for the engine to ignore
    /// (an import refuses them: ``unknownCompetenceCodesAreProblems()``).
    var goodCandidate: Candidate {
        var c = world.candidates(count: 1, seed: 31)[0]
        c.skills.removeAll { SyntheticWorld.unknownItemCodes.contains($0) }
        return c
    }

    var goodOffer: JobOffer {
        var o = world.offers(count: 1, seed: 32)[0]
        o.skills.removeAll { SyntheticWorld.unknownItemCodes.contains($0.code) || $0.code == SyntheticWorld.orphanItemCode }
        return o
    }

    /// The ASCII fast path of ``normalizedLabel(_:)`` folds as the character-by-character one does.
    @Test func asciiFoldingMatchesTheGeneralOne() {
        var rng = SplitMix64(seed: 9)
        let alphabet = Array("aZ mB\t\n-+(=).79éE ")
        for _ in 0..<2_000 {
            let text = String((0..<rng.nextInt(in: 0...24)).map { _ in rng.element(of: alphabet) })
            #expect(normalizedLabel(text) == foldedByCharacter(text), "\(text.debugDescription)")
        }
        #expect(normalizedLabel("  Permis   B\t") == "permis b")
    }

    @Test func unknownCompetenceCodesAreProblems() {
        var c = goodCandidate
        c.skills.append("999001")
        #expect(c.problems(rome: world.rome, communes: world.communes).map(\.kind) == [.unknownCompetence("999001", suggestion: nil)])
        #expect(c.problems().isEmpty, "the referential is needed to know the codes")
        var o = goodOffer
        o.skills.append(OfferSkill(code: "999001", label: world.rome.items[0].label.uppercased(), exigence: .required))
        let problem = o.problems(rome: world.rome, communes: world.communes).first
        #expect(problem?.field == "competences[\(o.skills.count - 1)].code")
        #expect(problem?.kind == .unknownCompetence("999001", suggestion: "\(world.rome.items[0].code) (« \(world.rome.items[0].label) »)"))
    }

    @Test("Licences and languages as people write them; an unknown one is a problem with the nearest known")
    func licencesAndLanguages() {
        for (label, code) in [("Permis B", "B"), ("B - Véhicule léger", "B"), ("Voiture", "B"), ("permis poids lourd", "C"),
                              ("B mention 79.06 (= EB)", "BE"), ("CE - Poids lourd + remorque (= EC)", "CE"), ("CACES R489 cat. 3", "CACES R489 3")] {
            #expect(Licence(label: label)?.code == code, "\(label)")
        }
        var c = goodCandidate
        c.licences = ["Permis BB", "Fusée"]
        c.languages = [.init(language: "Anglias")]
        let problems = c.problems(rome: world.rome, communes: world.communes)
        #expect(problems.map(\.field) == ["permis[0]", "permis[1]", "langues[0].langue"])
        #expect(problems.map(\.kind) == [.unknownLicence("Permis BB", suggestion: "B"), .unknownLicence("Fusée", suggestion: nil),
                                         .unknownLanguage("Anglias", suggestion: "Anglais")])
        #expect(JobOffer.ExperienceRequirement(label: "Débutant accepté") == .beginnerAccepted)
        #expect(JobOffer.ExperienceRequirement(label: "expérience EXIGÉE") == .required)
        #expect(JobOffer.ExperienceRequirement(label: "parfois") == nil)
    }

    @Test func aGeneratedCandidateBreaksNoRule() {
        #expect(goodCandidate.problems(rome: world.rome, communes: world.communes).isEmpty)
    }

    @Test func candidateRulesNameTheirField() {
        var c = goodCandidate
        c.mobility.maxMinutes = 0
        c.mobility.modes = []
        c.diplomaLevel = 9
        c.targetRomeCodes = ["Z9999"]
        let problems = c.problems(rome: world.rome, communes: world.communes)
        #expect(problems.map(\.field) == ["niveauDiplome", "mobilite.modes", "mobilite.tempsMaxMinutes", "metiersRecherches[0]"])
        #expect(problems.map(\.kind) == [.diplomaLevelOutOfRange(9), .noTransportMode, .travelLimitOutOfRange(0), .unknownRomeCode("Z9999")])
        #expect(problems.map(\.stopsMatching) == [false, true, false, true])
        // Without referentials, only the shape: the ROME code is not looked up.
        #expect(c.problems().map(\.field) == ["niveauDiplome", "mobilite.modes", "mobilite.tempsMaxMinutes"])
    }

    @Test("Numbers no later computation can survive are refused, and bounded where they are used")
    func hugeNumbersAreRefusedAndBounded() {
        var offer = JobOffer(id: "O", romeCode: world.rome.fiches[0].code, workplace: .init(latitude: 50.6, longitude: 3.0))
        offer.positions = Int.max
        offer.experienceLabel = "768614336404564651 An(s)"
        let problems = offer.problems(rome: world.rome, communes: world.communes)
        #expect(problems.map(\.field) == ["nombrePostes", "experienceLibelle"])
        #expect(problems.map(\.kind) == [.tooManyPositions(Int.max), .experienceLabelOutOfRange("768614336404564651 An(s)")])
        #expect(offer.boundedPositions == 1_000)
        #expect(offer.labelledExperienceMonths == nil)
        #expect(offer.requestedExperienceMonths == 600, "no overflow, the largest duration allowed")
        offer.experienceLabel = "99999999999999999999999 Mois"
        #expect(offer.labelledExperienceMonths == nil)
        offer.experienceLabel = "2 An(s)"
        #expect(offer.labelledExperienceMonths == 24 && offer.requestedExperienceMonths == 24)
        offer.experienceLabel = "Débutant accepté"
        #expect(offer.labelledExperienceMonths == 0)
        offer.experienceMonths = 100_000
        #expect(offer.problems().contains { $0.kind == .tooManyMonths(100_000) })
        #expect(offer.requestedExperienceMonths == 600)
        var c = goodCandidate
        c.experiences = [.init(romeCode: world.rome.fiches[0].code, months: Int.max)]
        #expect(c.problems(rome: world.rome, communes: world.communes).map(\.kind) == [.tooManyMonths(Int.max)])
    }

    @Test("ROME codes in any case, around spaces, become canonical; anything else is left for the rules")
    func romeCodesInAnyCase() {
        #expect(RomeCode.canonical("d1106") == "D1106")
        #expect(RomeCode.canonical(" D1106 ") == "D1106")
        #expect(RomeCode.canonical("D1106") == "D1106")
        #expect(RomeCode.canonical("d11060") == "d11060")
        #expect(RomeCode.canonical("vendeur") == "vendeur")
        #expect(RomeCode.canonical("") == "")
        var c = goodCandidate
        c.targetRomeCodes = ["n1103"]
        c.experiences = [.init(romeCode: "n1105", months: 3)]
        var canonical = c
        canonical.canonicaliseRomeCodes()
        #expect(canonical.targetRomeCodes == ["N1103"] && canonical.experiences[0].romeCode == "N1105")
    }

    @Test("An error never echoes a value of megabytes")
    func longValuesAreClipped() {
        let error = MatchError(.invalidRecord, file: "f.json", message: "unknown ROME code \"" + String(repeating: "N", count: 1_000_000) + "\"")
        #expect(error.description.count < 600)
        #expect(error.message.hasSuffix("(1000020 characters in all)"), "\(error.message.suffix(40))")
        #expect(MatchError(.invalidRecord, message: "short").message == "short")
    }

    @Test func unknownCommuneOfTheCoveredDepartementsIsAnError() {
        var c = goodCandidate
        c.commune = "59999"
        let problem = c.problems(rome: world.rome, communes: world.communes).first
        #expect(problem?.field == "commune")
        #expect(problem?.description.hasPrefix("commune « 59999 » inconnue") == true)
        #expect(c.problems().isEmpty, "the shape alone is right")
    }

    /// The engine refuses what the rules refuse, naming the candidate and the field.
    @Test func theIndexRefusesACandidateThatCannotBeMatched() throws {
        var c = goodCandidate
        c.experiences = [.init(romeCode: "Z9999", months: 12)]
        #expect {
            _ = try world.model(policy: .standard).index(of: [c], referenceDate: world.referenceDate)
        } throws: {
            let e = $0 as? MatchError
            return e?.code == .invalidCandidate && e?.field == "experiences[0].romeCode" && e?.record == "candidat \(c.id)"
        }
    }

    @Test func offerRules() {
        var o = goodOffer
        #expect(o.problems(rome: world.rome, communes: world.communes).isEmpty)
        o.workplace = .init(latitude: 95, longitude: 3)
        #expect(o.problems().map(\.kind) == [.latitudeOutOfRange(95)])
        o.workplace = .init(commune: "75056")   // Paris: outside the covered départements, no coordinates
        #expect(o.problems(rome: world.rome, communes: world.communes).isEmpty)
        #expect(o.warnings(communes: world.communes).map(\.field) == ["lieuTravail.commune"])
        o.workplace = .init()
        #expect(o.problems(communes: world.communes).map(\.kind) == [.noWorkplace])
    }
}
