import Foundation
import MatchCore
import Testing
@testable import MatchLab
import MatchData

@Suite struct GeneratorDeterminismTests {
    @Test func sameSeedGivesSameRecordsDifferentSeedsDiffer() throws {
        let f = try GeneratorFixtures.load()
        let a = f.generator.generate(GeneratorFixtures.options(seed: 5))
        let b = f.generator.generate(GeneratorFixtures.options(seed: 5))
        let c = f.generator.generate(GeneratorFixtures.options(seed: 6))
        #expect(RecordFiles.encodeCandidates(a.candidates) == RecordFiles.encodeCandidates(b.candidates))
        #expect(RecordFiles.encodeOffers(a.offers) == RecordFiles.encodeOffers(b.offers))
        #expect(try a.truth.encoded() == b.truth.encoded())
        #expect(RecordFiles.encodeCandidates(a.candidates) != RecordFiles.encodeCandidates(c.candidates))
        #expect(RecordFiles.encodeOffers(a.offers) != RecordFiles.encodeOffers(c.offers))
        #expect(a.truth.plantedOffers.map(\.offerId) != c.truth.plantedOffers.map(\.offerId))
    }

    /// Files written chunk by chunk, in parallel, are byte for byte the one-shot encoding of the same
    /// records, and two runs write the same bytes.
    @Test func writtenFilesAreTheWholeEncodingAndRepeat() throws {
        let f = try GeneratorFixtures.load()
        let options = GeneratorFixtures.options(seed: 9, candidates: 900, offers: 120, planted: 3, chunkSize: 37)
        let first = try GeneratorFixtures.temporaryFolder(), second = try GeneratorFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: first); try? FileManager.default.removeItem(at: second) }
        let summary = try f.generator.write(to: first, options: options)
        _ = try f.generator.write(to: second, options: options)
        let names = [RegionalGenerator.offersFileName, RegionalGenerator.candidatesFileName, GroundTruth.fileName]
        for name in names {
            let x = try Data(contentsOf: first.appendingPathComponent(name))
            let y = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(x == y, "\(name) differs between two runs")
        }
        let memory = f.generator.generate(options)
        #expect(try Data(contentsOf: first.appendingPathComponent(RegionalGenerator.candidatesFileName))
                == RecordFiles.encodeCandidates(memory.candidates))
        #expect(try Data(contentsOf: first.appendingPathComponent(RegionalGenerator.offersFileName))
                == RecordFiles.encodeOffers(memory.offers))
        // The files read back as the documented formats.
        let candidates = try RecordFiles.loadCandidates(at: first.appendingPathComponent(RegionalGenerator.candidatesFileName))
        let offers = try RecordFiles.loadOffers(at: first.appendingPathComponent(RegionalGenerator.offersFileName))
        let truth = try GroundTruth.load(at: first.appendingPathComponent(GroundTruth.fileName))
        #expect(candidates.count == 900 && offers.count == 120 && truth.plantedOffers.count == 3)
        #expect(summary.fits == 30)
        #expect(!FileManager.default.fileExists(atPath: first.appendingPathComponent(".candidates.json.partial").path))
    }

    @Test func splitterSkipsEmptyArraysAndKeepsIndentation() throws {
        #expect(SplicedJSONWriter.split(RecordFiles.encodeCandidates([])) == nil)
        #expect(SplicedJSONWriter.split(RecordFiles.encodeOffers([])) == nil)
        let one = Candidate(id: "C1", commune: "59350", mobility: .init(modes: [.walk], maxMinutes: 30))
        let parts = try #require(SplicedJSONWriter.split(RecordFiles.encodeCandidates([one, one])))
        #expect(String(decoding: parts.head, as: UTF8.self) == "[\n")
        #expect(String(decoding: parts.tail, as: UTF8.self) == "\n]\n")
    }

    @Test func plantedCandidatesAreSpreadNotBunched() {
        let slots = PlantingPlan.spread(10, over: 1_000, seed: 3)
        #expect(slots.count == 10)
        #expect(zip(slots, slots.dropFirst()).allSatisfy { $0 < $1 })
        for (k, slot) in slots.enumerated() { #expect((k * 100..<(k + 1) * 100).contains(slot)) }
        #expect(PlantingPlan.spread(10, over: 1_000, seed: 4) != slots)
    }
}

@Suite struct GeneratorDistributionTests {
    /// Candidates live in communes in proportion to census unemployment: Lille's share of a large
    /// sample is within 4 standard errors of Lille's share of the weight, and so is the Somme's.
    @Test func candidatesFollowCensusUnemployment() throws {
        let f = try GeneratorFixtures.load()
        let context = f.generator.context
        let synthesizer = CandidateSynthesizer(context: context, referenceDate: RegionalGenerator.defaultReferenceDate)
        let n = 6_000
        let homes = (0..<n).map { synthesizer.candidate(number: $0, seed: 21).commune }
        let total = Double(f.communes.communes.reduce(0) { $0 + $1.unemployed })
        func check(_ label: String, _ belongs: (String) -> Bool) {
            let weight = Double(f.communes.communes.filter { belongs($0.code) }.reduce(0) { $0 + $1.unemployed }) / total
            let observed = Double(homes.filter(belongs).count) / Double(n)
            let se = (weight * (1 - weight) / Double(n)).squareRoot()
            #expect(abs(observed - weight) < 4 * se + 0.002, "\(label): \(observed) vs weight \(weight)")
        }
        check("Lille") { $0 == "59350" }
        check("Somme") { $0.hasPrefix("80") }
        check("Aisne") { $0.hasPrefix("02") }
    }

    /// Offers follow the BMO projects per bassin: the Lille bassin's share of offers is close to its
    /// share of projects (22.7 %).
    @Test func offersFollowBMOProjectsPerBassin() throws {
        let f = try GeneratorFixtures.load()
        let context = f.generator.context
        let synthesizer = OfferSynthesizer(context: context, referenceDate: RegionalGenerator.defaultReferenceDate)
        let n = 3_000
        let offers = (0..<n).map { synthesizer.offer(number: $0, seed: 4) }
        let projects = context.survey.projectsByBassin(count: context.bassins.bassins.count)
        let lille = try #require(context.bassins.index(ofBassin: "3216"))
        let weight = projects[lille] / projects.reduce(0, +)
        let observed = Double(offers.filter { $0.bassin == Int32(lille) }.count) / Double(n)
        let se = (weight * (1 - weight) / Double(n)).squareRoot()
        #expect(abs(observed - weight) < 4 * se, "Lille bassin: \(observed) of offers vs \(weight) of projects")
        // Every offer sits in a commune of its bassin, lists 3–10 coded competences of its own fiche.
        for g in offers.prefix(500) {
            #expect(context.bassins.bassinOfCommune[Int(g.commune)] == g.bassin)
            #expect((3...10).contains(g.offer.skills.count))
            let items = Set(f.rome.ficheItems[Int(g.fiche)].map { f.rome.items[Int($0)].code })
            #expect(g.offer.skills.allSatisfy { items.contains($0.code) })
        }
        let withEssential = Double(offers.filter { o in o.offer.skills.contains { $0.exigence == .required } }.count) / Double(n)
        #expect(abs(withEssential - context.profile.offer.essentialOfferShare) < 0.04)
    }

    /// Fewer licences and cars among RSA beneficiaries; skills come from the candidate's own fiches.
    @Test func licencesAndCarsByRSAAndSkillsFromFiches() throws {
        let f = try GeneratorFixtures.load()
        let context = f.generator.context
        let synthesizer = CandidateSynthesizer(context: context, referenceDate: RegionalGenerator.defaultReferenceDate)
        let pool = (0..<5_000).map { synthesizer.candidate(number: $0, seed: 33) }
        let rsa = pool.filter(\.rsa), others = pool.filter { !$0.rsa }
        func share(_ group: [Candidate], _ test: (Candidate) -> Bool) -> Double {
            Double(group.filter(test).count) / Double(max(group.count, 1))
        }
        let b = LicenceSet(["B"])
        let holdsB: (Candidate) -> Bool = { LicenceSet($0.licences).closure.contains(b) }
        let car: (Candidate) -> Bool = { $0.mobility.modes.contains(.car) }
        #expect(Double(rsa.count) / Double(pool.count) > 0.15 && Double(rsa.count) / Double(pool.count) < 0.25)
        #expect((0.38...0.56).contains(share(rsa, holdsB)), "permis B among RSA: \(share(rsa, holdsB))")
        #expect((0.62...0.82).contains(share(others, holdsB)), "permis B among others: \(share(others, holdsB))")
        #expect(share(rsa, car) < share(others, car) - 0.2)
        #expect(pool.allSatisfy { !car($0) || holdsB($0) })
        #expect(pool.allSatisfy { (20...60).contains($0.mobility.maxMinutes) && $0.mobility.modes.contains(.walk) })
        // Most of a candidate's skills are items of their target or past fiches.
        var own = 0, all = 0
        for c in pool.prefix(500) {
            let fiches = c.targetRomeCodes + c.experiences.map(\.romeCode)
            let items = Set(fiches.compactMap { f.rome.ficheIndex[$0] }.flatMap { f.rome.ficheItems[Int($0)] }
                .map { f.rome.items[Int($0)].code })
            own += c.skills.filter { items.contains($0) }.count
            all += c.skills.count
        }
        #expect(Double(own) / Double(all) > 0.9)
    }

    @Test func bassinMapCoversEveryCommuneWithinItsDepartement() throws {
        let f = try GeneratorFixtures.load()
        let map = f.generator.bassins
        #expect(map.bassins.count == 28)
        #expect(map.bassin(ofCommune: "59350", in: f.communes)?.name == "LILLE")
        #expect(map.bassin(ofCommune: "80021", in: f.communes)?.code == "3202")
        for (c, commune) in f.communes.communes.enumerated() {
            #expect(map.bassins[Int(map.bassinOfCommune[c])].departement == String(commune.code.prefix(2)))
        }
        for (b, bassin) in map.bassins.enumerated() {
            #expect(map.bassin(ofCommune: bassin.seat, in: f.communes)?.code == bassin.code)
            #expect(!map.communesOfBassin[b].isEmpty)
        }
    }

    @Test func everyBMOMetierMapsToROMEFiches() throws {
        let f = try GeneratorFixtures.load()
        let context = f.generator.context
        #expect(context.survey.metiers.count == 213)
        for metier in context.survey.metiers {
            let fiches = context.mapping.fiches(ofMetier: metier.code)
            #expect(!fiches.isEmpty, "\(metier.code) \(metier.label)")
            #expect(abs(fiches.reduce(0) { $0 + $1.weight } - 1) < 1e-9)
        }
        #expect(MetierLevel(bmoCode: "J3X43") == .worker)
        #expect(MetierLevel(bmoCode: "L5X90") == .manager)
        #expect(MetierLevel(bmoCode: "B6X71") == .intermediate)
        #expect(MetierLevel(bmoCode: "R0X61") == .employee)
    }
}

@Suite struct GeneratorTruthTests {
    /// The engine itself, over each planted offer's planted candidates only: the fits are all listed,
    /// each hard near miss is excluded under exactly the reason it was built to fail, and the
    /// `essentialSkills` near misses are listed (a soft requirement) without any `E` competence.
    @Test func nearMissesBreakExactlyWhatTheyClaimForTheEngine() throws {
        let f = try GeneratorFixtures.load()
        let options = GeneratorFixtures.options(seed: 17, candidates: 4_000, offers: 300, planted: 24)
        let data = f.generator.generate(options)
        let byId = Dictionary(uniqueKeysWithValues: data.candidates.map { ($0.id, $0) })
        let offers = Dictionary(uniqueKeysWithValues: data.offers.map { ($0.id, $0) })
        let embedding = GeneratorFixtures.zeroEmbedding(f.rome)
        var kinds = Set<ExclusionReason>()
        for planted in data.truth.plantedOffers {
            let offer = try #require(offers[planted.offerId])
            let fits = try planted.fits.map { try #require(byId[$0]) }
            let misses = try planted.nearMisses.map { (try #require(byId[$0.candidateId]), $0.breaks) }
            #expect(fits.count == 10)
            #expect(fits.allSatisfy { $0.targetRomeCodes.first == offer.romeCode })
            let index = try CandidateIndex(candidates: fits + misses.map(\.0), rome: f.rome, communes: f.communes,
                                           embedding: embedding, referenceDate: data.truth.referenceDate,
                                           inference: ScoringPolicy.standard.inference)
            let matcher = try Matcher(rome: f.rome, communes: f.communes, embedding: embedding, policy: .standard,
                                  travel: TravelTimes(), index: index)
            let list = try matcher.shortlist(for: offer, top: 100)
            var expected = [ExclusionReason: Int]()
            for (_, kind) in misses where kind != .essentialSkills { expected[kind, default: 0] += 1 }
            #expect(list.excluded == expected, "offer \(offer.id): \(list.excluded) vs \(expected)")
            let listed = Set(list.entries.map(\.candidateId))
            #expect(Set(planted.fits).isSubset(of: listed))
            let essentials = Set(offer.skills.filter { $0.exigence == .required }.map(\.code))
            for (c, kind) in misses where kind == .essentialSkills {
                #expect(listed.contains(c.id))
                #expect(essentials.isDisjoint(with: c.skills))
            }
            // Rich fits declare every E competence and at least two thirds of the S ones.
            let desired = Set(offer.skills.filter { $0.exigence == .desired }.map(\.code))
            for fit in fits where planted.profileTypes?[fit.id] == .rich {
                #expect(essentials.isSubset(of: fit.skills))
                #expect(Double(desired.intersection(fit.skills).count) >= Double(desired.count) * 2 / 3 - 1e-9)
            }
            kinds.formUnion(misses.map(\.1))
        }
        // The sample exercises the usual kinds.
        #expect(kinds.isSuperset(of: [.travel, .contract, .availability, .experience]))
    }
}

@Suite struct GeneratorV2Tests {
    /// Each planted person is made again from the plan, real profile and record: every fit meets the truth's
    /// rule on their real profile, no near miss and no decoy does; sparse records declare at most two
    /// competences, decoys every competence of the offer; natural fits are background candidates.
    @Test func truthRuleOnRealProfiles() throws {
        let f = try GeneratorFixtures.load()
        let g = f.generator
        let options = GeneratorFixtures.options(seed: 17, candidates: 4_000, offers: 300, planted: 24)
        let offers = g.generatedOffers(options)
        let plan = g.plan(options, offers: offers)
        let times = g.plantedTimes(plan, offers: offers)
        let planter = TruthPlanter(synthesizer: CandidateSynthesizer(context: g.context, referenceDate: options.referenceDate))
        var types = Set<ProfileType>(), decoys = 0, misses = 0
        for (k, spec) in plan.specs.enumerated() {
            var random = RecordRandom(seed: options.seed, stream: .planted, index: k)
            let offerTimes = try #require(times[spec.offer])
            let d = planter.draft(id: "X", role: spec.role, offer: offers[spec.offer], times: offerTimes, random: &random)
            let r = OfferRequirements(offers[spec.offer], context: g.context, referenceDate: options.referenceDate)
            let hired = TruthPlanter.canBeHired(d, r, times: offerTimes, context: g.context)
            switch spec.role {
            case .fit(let type):
                #expect(hired, "a \(type) fit fails the truth's rule")
                types.insert(type)
                if type == .sparse { #expect((d.declared ?? d.skills).count <= 2) }
                if type == .reconversion { #expect(d.relevantMonths(to: r.fiche, context: g.context) == 0 && d.training?.fiche == r.fiche) }
            case .nearMiss(let kind):
                #expect(!hired, "a \(kind) near miss meets the truth's rule")
                misses += 1
            case .decoy:
                #expect(!hired)
                #expect(Set(r.essentialItems + r.desiredItems).isSubset(of: d.declared ?? []))
                decoys += 1
            }
        }
        #expect(types == [.rich, .sparse, .reconversion])
        #expect(decoys > 0 && misses > 0)
        let truth = g.generate(options).truth
        let planted = Set(truth.plantedOffers.flatMap { $0.fits + ($0.decoys ?? []) + $0.nearMisses.map(\.candidateId) })
        let natural = truth.plantedOffers.flatMap { $0.naturalFits ?? [] }
        #expect(planted.isDisjoint(with: natural))
        #expect(truth.plantedOffers.allSatisfy { p in p.allFits.allSatisfy { p.profileTypes?[$0] != nil } })
    }

    /// A truth file of generator v1 (no natural fits, decoys or types) still loads.
    @Test func version1TruthStillLoads() throws {
        let v1 = #"{"format": "apparier-truth-v1", "generator": "apparier-regional-v1", "region": "hdf", "seed": 1, "referenceDate": "2026-11-23", "candidates": 10, "offers": 1, "romeVersion": "v460", "fitsPerOffer": 1, "plantedOffers": [{"offerId": "O1", "bassin": "BE25", "romeCode": "N1101", "fits": ["C1"], "nearMisses": []}]}"#
        let folder = try GeneratorFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(GroundTruth.fileName)
        try Data(v1.utf8).write(to: url)
        let truth = try GroundTruth.load(at: url)
        #expect(truth.plantedOffers.first?.allFits == ["C1"] && truth.plantedOffers.first?.naturalFits == nil)
    }

    /// The fitter, on small sets: it starts from the policy it is given, never ends below it on the training
    /// set, keeps the priority bonuses and the sum of the weights, and writes its provenance.
    @Test func fitterNeverLowersTheTrainingMetric() throws {
        let f = try GeneratorFixtures.load()
        let model = try MatchModel(rome: f.rome, communes: f.communes, embedding: GeneratorFixtures.zeroEmbedding(f.rome),
                                   policy: .standard, travel: TravelTimes())
        var start = ScoringPolicy.standard
        start.weights.metier = 0.05   // a poor start, so that there is something to gain
        let result = try PolicyFitter(model: model, generator: f.generator).fit(
            start: start, options: .init(candidates: 3_000, offers: 300, plantedOffers: 12, trainingSeed: 3, heldOutSeed: 4, rounds: 1,
                                         version: "policy-test"))
        let p = try #require(result.policy.provenance)
        #expect(result.policy.version == "policy-test" && p.startedFrom == "policy-v5")
        #expect((p.after["training"]?["ndcg@10"] ?? 0) >= (p.before["training"]?["ndcg@10"] ?? 1))
        #expect(!result.steps.isEmpty)
        #expect(result.policy.priorityBonus == start.priorityBonus)
        func sum(_ w: ScoringPolicy.Weights) -> Float { w.skills + w.skillAffinity + w.metier + w.experience + w.diploma + w.travel }
        #expect(abs(sum(result.policy.weights) - sum(start.weights)) < 1e-3)
        try result.policy.validate()
    }
}
