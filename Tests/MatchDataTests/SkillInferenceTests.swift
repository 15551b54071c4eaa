import Foundation
import MatchCore
import MatchTestSupport
import Testing
@testable import MatchData

/// Competences inferred from experience and training, on the shipped referentials and policy.
@Suite("Inferred competences")
struct SkillInferenceTests {
    static let model: MatchModel = {
        do { return try MatchModel.load() } catch { fatalError("cannot load the model: \(error)") }
    }()
    static let today = Day(year: 2026, month: 11, day: 23)!
    static let arras = "62041"

    /// N1101's core items (conduite de chariot…), by code.
    static var caristeCore: [String] {
        let rome = model.rome
        return rome.ficheCoreItems[Int(rome.ficheIndex["N1101"]!)].map { rome.items[Int($0)].code }
    }

    /// A cariste offer in Arras: the first core item of N1101 required (E), the next three desired (S).
    static var caristeOffer: JobOffer {
        let core = caristeCore
        return JobOffer(id: "CARISTE", title: "Cariste", romeCode: "N1101", workplace: .init(commune: arras),
                        skills: [OfferSkill(code: core[0], exigence: .required)]
                            + core[1..<4].map { OfferSkill(code: $0, exigence: .desired) },
                        startDate: today)
    }

    static func person(_ id: String, targets: [String] = [], experiences: [Candidate.Experience] = [],
                       skills: [String] = [], training: Candidate.Training? = nil) -> Candidate {
        Candidate(id: id, commune: arras, targetRomeCodes: targets, experiences: experiences, skills: skills,
                  mobility: .init(modes: [.car], maxMinutes: 30), training: training)
    }

    func shortlist(_ pool: [Candidate], policy: ScoringPolicy = SkillInferenceTests.model.policy) throws -> Shortlist {
        var model = Self.model
        model = try MatchModel(rome: model.rome, communes: model.communes, embedding: model.embedding, policy: policy)
        return try model.matcher(candidates: pool, referenceDate: Self.today).shortlist(for: Self.caristeOffer, top: 10)
    }

    @Test("Five years as a cariste and nothing declared outrank one declared competence from another métier, and say why")
    func experiencedCaristeFirst() throws {
        let cariste = Self.person("CARISTE-5ANS", experiences: [.init(romeCode: "N1101", months: 60)])
        let stranger = Self.person("AUTRE-METIER", targets: ["K2204"], skills: [Self.caristeCore[0]])
        // Under policy-v2 (declared competences only, hand-set weights), the stranger led.
        let v2 = try ModelStore.loadPolicy(at: RepositoryPaths.root().appending(path: "models/policy-v2.json"))
        let before = try shortlist([cariste, stranger], policy: v2)
        #expect(before.entries.map(\.candidateId) == ["AUTRE-METIER", "CARISTE-5ANS"])

        let after = try shortlist([cariste, stranger])
        #expect(after.entries.map(\.candidateId) == ["CARISTE-5ANS", "AUTRE-METIER"])
        let first = try #require(after.entries.first)
        #expect(Set(first.matched) == Set(Self.caristeCore[0..<4]))
        let required = try #require(first.inferred.first { $0.code == Self.caristeCore[0] })
        #expect(required.origin == .experience(romeCode: "N1101", months: 60))
        #expect(required.meetsRequirement)
        #expect(abs(required.confidence - Double(Self.model.policy.inference!.experienceStrength(months: 60, yearsSinceEnd: 0))) < 0.01)

        let report = ShortlistReport(after, offer: Self.caristeOffer, model: Self.model, referenceDate: Self.today)
        let text = report.table(explain: true, labels: Self.model.itemLabel)
        #expect(text.contains("(déduit : 5 ans comme Cariste (N1101), sûre à "))
        #expect(text.contains("(déclarée)"))   // the stranger's one competence
        let json = String(decoding: try report.jsonData(), as: UTF8.self)
        #expect(json.contains("\"source\" : \"experience\""))
    }

    @Test("What is declared outranks what is inferred")
    func declaredBeatsInferred() throws {
        let core = Self.caristeCore
        let declared = Self.person("DECLARE", experiences: [.init(romeCode: "N1101", months: 60)], skills: Array(core[0..<4]))
        let inferred = Self.person("DEDUIT", experiences: [.init(romeCode: "N1101", months: 60)])
        let list = try shortlist([inferred, declared])
        #expect(list.entries.map(\.candidateId) == ["DECLARE", "DEDUIT"])
        #expect(list.entries[0].score > list.entries[1].score)
        // A declared competence is not reported as deduced, even when the experience would give it.
        #expect(list.entries[0].inferred.isEmpty)
        #expect(list.entries[0].components[.skills]! > list.entries[1].components[.skills]!)
    }

    @Test("A short experience does not meet a required competence; two years do; old experience fades")
    func thresholdAndFading() throws {
        let rules = try #require(Self.model.policy.inference)
        #expect(rules.experienceStrength(months: 6, yearsSinceEnd: 0) < rules.essentialThreshold)
        #expect(rules.experienceStrength(months: 24, yearsSinceEnd: 0) >= rules.essentialThreshold)
        #expect(rules.experienceStrength(months: 60, yearsSinceEnd: 10) < rules.experienceStrength(months: 60, yearsSinceEnd: 0) / 3)

        let short = Self.person("SIX-MOIS", experiences: [.init(romeCode: "N1101", months: 6)])
        let year = Self.person("DEUX-ANS", experiences: [.init(romeCode: "N1101", months: 24)])
        let old = Self.person("IL-Y-A-DIX-ANS", experiences: [.init(romeCode: "N1101", months: 60, endDate: Day(year: 2016, month: 11, day: 1))])
        let list = try shortlist([short, year, old])
        let byId = Dictionary(uniqueKeysWithValues: list.entries.map { ($0.candidateId, $0) })
        let e = Self.caristeCore[0]
        #expect(try #require(byId["SIX-MOIS"]).missing.contains(.competence(code: e)))
        #expect(try #require(byId["SIX-MOIS"]).inferred.first { $0.code == e }?.meetsRequirement == false)
        #expect(try #require(byId["DEUX-ANS"]).matched.contains(e))
        #expect(try #require(byId["IL-Y-A-DIX-ANS"]).missing.contains(.competence(code: e)))
        #expect(byId["DEUX-ANS"]!.score > byId["SIX-MOIS"]!.score)

        let text = ShortlistReport(list, offer: Self.caristeOffer, model: Self.model, referenceDate: Self.today)
            .table(explain: true, labels: Self.model.itemLabel)
        #expect(text.contains("seulement : en dessous du seuil d'une compétence exigée"))
    }

    @Test("A record that declares most of its métier but leaves a competence out is deduced to hold it less surely")
    func silenceOfAFullRecord() throws {
        let core = Self.caristeCore, e = core[0]
        let rome = Self.model.rome
        // Every item N1101 teaches, declared, but the offer's E competence.
        let taught = rome.ficheItems[Int(rome.ficheIndex["N1101"]!)].map { rome.items[Int($0)].code }.filter { $0 != e }
        let silent = Self.person("RIEN-DECLARE", experiences: [.init(romeCode: "N1101", months: 60)])
        let full = Self.person("TOUT-SAUF-E", experiences: [.init(romeCode: "N1101", months: 60)], skills: taught)
        let list = try shortlist([silent, full])
        let byId = Dictionary(uniqueKeysWithValues: list.entries.map { ($0.candidateId, $0) })
        let nothing = try #require(byId["RIEN-DECLARE"]?.inferred.first { $0.code == e })
        let leftOut = try #require(byId["TOUT-SAUF-E"]?.inferred.first { $0.code == e })
        // A record that declares nothing says nothing: the experience's confidence stands.
        let rules = try #require(Self.model.policy.inference)
        #expect(abs(nothing.confidence - Double(rules.experienceStrength(months: 60, yearsSinceEnd: 0))) < 0.01)
        // One that declares all the rest says it lacks E: below the threshold, E is missing.
        #expect(leftOut.confidence < nothing.confidence / 2)
        #expect(byId["TOUT-SAUF-E"]!.missing.contains(.competence(code: e)))
        #expect(byId["RIEN-DECLARE"]!.matched.contains(e))
        // The explanation says why: the record declares the others of the métier.
        #expect(leftOut.declaredBesides == taught.count && nothing.declaredBesides == 0)
        let text = ShortlistReport(list, offer: Self.caristeOffer, model: Self.model, referenceDate: Self.today)
            .table(explain: true, labels: Self.model.itemLabel)
        #expect(text.contains("; le dossier déclare \(French.count(taught.count)) autres compétences de ce métier, pas celle-ci"))
        #expect(text.components(separatedBy: "pas celle-ci").count == 2)   // once: the silent record's says nothing

        // Bayes' rule, and the weight: 0 (or absent) leaves every confidence as it was.
        #expect(InferredSkills.heard(0.8, silence: 0) == 0.8)
        #expect(abs(InferredSkills.heard(0.8, silence: 0.85) - 0.12 / 0.32) < 1e-6)
        var without = Self.model.policy
        without.inference?.silenceWeight = nil
        let plain = try shortlist([silent, full], policy: without)
        let plainLeftOut = try #require(plain.entries.first { $0.candidateId == "TOUT-SAUF-E" }?.inferred.first { $0.code == e })
        #expect(abs(plainLeftOut.confidence - nothing.confidence) < 0.01)
        // A weight outside [0, 1] is refused.
        var wrong = Self.model.policy
        wrong.inference?.silenceWeight = 1.5
        #expect(throws: MatchError.self) { try wrong.validate() }
    }

    @Test("A training's target fiche and a mobility neighbour teach too, less surely")
    func trainingAndMobility() throws {
        let trained = Self.person("FORME", training: .init(romeCode: "N1101", endDate: Day(year: 2026, month: 10, day: 1)))
        let list = try shortlist([trained])
        let entry = try #require(list.entries.first)
        #expect(entry.inferred.contains { $0.origin == .training(romeCode: "N1101") })

        let rome = Self.model.rome, rules = Self.model.policy.inference!
        let sources = FicheSkillSources(rome: rome, rules: rules)
        let f = Int(rome.ficheIndex["N1101"]!)
        // Core items come first, whole; shared items beyond the central ones come through mobility only.
        #expect(Set(sources.direct[f].prefix(rome.ficheCoreItems[f].count).map(\.item)) == Set(rome.ficheCoreItems[f]))
        #expect(Set(sources.direct[f].map(\.item)).isDisjoint(with: sources.throughMobility[f].map(\.item)))
        let neighbours = Set(rome.mobility[f].flatMap { rome.ficheItems[Int($0)] })
        #expect(sources.throughMobility[f].allSatisfy { neighbours.contains($0.item) && $0.factor == rules.mobilityFactor })
    }

    @Test("Experience end dates load from JSON and CSV; files without them and policy-v2 still load")
    func formats() throws {
        let json = #"[{"id": "C1", "commune": "62041", "experiences": [{"romeCode": "N1101", "mois": 60, "fin": "2021-06-30"}, {"romeCode": "N1103", "mois": 6}], "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}}]"#
        let fromJSON = try JSONDecoder().decode([Candidate].self, from: Data(json.utf8))
        #expect(fromJSON[0].experiences.map(\.endDate) == [Day(year: 2021, month: 6, day: 30), nil])
        let encoded = String(decoding: try JSONEncoder().encode(fromJSON[0].experiences[1]), as: UTF8.self)
        #expect(!encoded.contains("fin"))

        let csv = "id;commune;experiences;mobilite.modes;mobilite.tempsMaxMinutes\nC1;62041;N1101:60:30/06/2021,N1103:6;voiture;30\n"
        let directory = FileManager.default.temporaryDirectory.appending(path: "apparier-inference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "candidats.csv")
        try Data(csv.utf8).write(to: file)
        let fromCSV = try RecordFiles.readCandidates(at: file, model: Self.model)
        #expect(fromCSV.map(\.experiences) == fromJSON.map(\.experiences))

        let v2 = try JSONDecoder().decode(ScoringPolicy.self, from: Data(contentsOf: RepositoryPaths.root().appending(path: "models/policy-v2.json")))
        #expect(v2.inference == nil)
        try v2.validate()
    }
}
