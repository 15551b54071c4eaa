import Dispatch
public import Foundation
public import MatchCore
import MatchData

/// Generates a regional data set for Hauts-de-France: offers placed by the BMO 2025 hiring projects,
/// candidates placed by census unemployment, and a planted ground truth — deterministic (same seed,
/// same bytes) and parallel (each record has its own seeded random source). docs/generator.md documents
/// every distribution.
///
///     let generator = try RegionalGenerator(dataDirectory: data, rome: rome, communes: communes)
///     let summary = try generator.write(to: URL(fileURLWithPath: "out"),
///                                       options: .init(candidates: 500_000, offers: 50_000, seed: 1))
///     // out/offers.json, out/candidates.json, out/truth.json
public struct RegionalGenerator: Sendable {
    /// What to generate.
    public struct Options: Sendable {
        public var candidates: Int
        public var offers: Int
        public var seed: UInt64
        public var referenceDate: Day
        /// Offers that get planted candidates; nil = 1 % of the offers, at most 500 (always limited so
        /// that planted candidates stay under half of the candidates).
        public var plantedOffers: Int?
        public var fitsPerOffer: Int
        /// Records encoded per task.
        public var chunkSize: Int

        public init(candidates: Int, offers: Int, seed: UInt64 = 1, referenceDate: Day = RegionalGenerator.defaultReferenceDate,
                    plantedOffers: Int? = nil, fitsPerOffer: Int = 10, chunkSize: Int = 4_096) {
            self.candidates = candidates; self.offers = offers; self.seed = seed; self.referenceDate = referenceDate
            self.plantedOffers = plantedOffers; self.fitsPerOffer = fitsPerOffer; self.chunkSize = max(1, chunkSize)
        }
    }

    /// A whole data set in memory (for tests and small runs).
    public struct Dataset: Sendable {
        public var offers: [JobOffer]
        public var candidates: [Candidate]
        public var truth: GroundTruth
    }

    /// Where a long run is: `done` of `total` records of `phase`.
    public struct Progress: Sendable {
        public enum Phase: String, Sendable { case offers, candidates }
        public var phase: Phase
        public var done: Int
        public var total: Int
    }

    /// What a run wrote.
    public struct Summary: Sendable {
        public var offers: Int
        public var candidates: Int
        public var plantedOffers: Int
        public var fits: Int
        /// Background candidates who meet the truth's rule for a planted offer.
        public var naturalFits: Int
        public var decoys: Int
        public var nearMisses: [ExclusionReason: Int]
        public var files: [URL]
        public var bytes: Int
    }

    /// Name of the generator, written in the truth file.
    public static let version = "apparier-regional-v2"
    public static let offersFileName = "offers.json"
    public static let candidatesFileName = "candidates.json"
    /// 2026-11-23, the reference date of the project's benchmarks.
    public static let defaultReferenceDate = Day(ordinal: 20_780)

    let context: GenerationContext
    /// Region code (only `hdf`).
    public let region = "hdf"

    /// Loads the generation tables (`data/generation/`, `data/bmo/`) next to the referentials.
    ///
    /// - Throws: ``MatchError`` for a missing or malformed table.
    public init(dataDirectory: URL, rome: RomeReferential, communes: CommuneDirectory) throws {
        context = try GenerationContext.load(dataDirectory: dataDirectory, rome: rome, communes: communes)
    }

    init(context: GenerationContext) { self.context = context }

    /// The commune → BMO bassin approximation the generator uses.
    public var bassins: BassinMap { context.bassins }

    // MARK: Records

    func generatedOffers(_ options: Options) -> [GeneratedOffer] {
        let synthesizer = OfferSynthesizer(context: context, referenceDate: options.referenceDate)
        return parallelMap(options.offers) { synthesizer.offer(number: $0, seed: options.seed) }
    }

    func plan(_ options: Options, offers: [GeneratedOffer]) -> PlantingPlan {
        PlantingPlan(offers: offers, candidates: options.candidates, requested: options.plantedOffers,
                     fitsPerOffer: options.fitsPerOffer, seed: options.seed, context: context,
                     referenceDate: options.referenceDate)
    }

    /// Travel times to each planted offer, by its index.
    func plantedTimes(_ plan: PlantingPlan, offers: [GeneratedOffer]) -> [Int: CommuneTravelTimes] {
        let travel = TravelTimes()
        let times = parallelMap(plan.plantedOffers.count) { k -> CommuneTravelTimes in
            let offer = offers[plan.plantedOffers[k]]
            let place = context.communes.communes[Int(offer.commune)]
            return travel.fromAllCommunes(of: context.communes,
                                          to: Location(communeCode: place.code, point: place.location))
        }
        return Dictionary(uniqueKeysWithValues: zip(plan.plantedOffers, times))
    }

    /// A background candidate who meets the truth's rule for a planted offer: a true fit no one planted.
    struct NaturalFit: Sendable {
        var offer: Int
        var id: String
        var type: ProfileType
    }

    /// Candidate `j` (planted when the plan says so, else a background candidate) and, for a background
    /// candidate, the planted offers whose truth rule they meet.
    func candidate(_ j: Int, options: Options, plan: PlantingPlan, offers: [GeneratedOffer],
                   times: [Int: CommuneTravelTimes], finder: NaturalFitFinder) -> (Candidate, [NaturalFit]) {
        let synthesizer = CandidateSynthesizer(context: context, referenceDate: options.referenceDate)
        guard let k = plan.spec(atCandidate: j), let offerTimes = times[plan.specs[k].offer] else {
            let d = synthesizer.draft(number: j, seed: options.seed)
            return (d.candidate(rome: context.rome, communes: context.communes), finder.fits(of: d))
        }
        var random = RecordRandom(seed: options.seed, stream: .planted, index: k)
        let spec = plan.specs[k]
        let candidate = TruthPlanter(synthesizer: synthesizer).candidate(
            id: CandidateSynthesizer.id(j), role: spec.role, offer: offers[spec.offer], times: offerTimes, random: &random)
        return (candidate, [])
    }

    func finder(_ plan: PlantingPlan, offers: [GeneratedOffer], times: [Int: CommuneTravelTimes], options: Options) -> NaturalFitFinder {
        NaturalFitFinder(context: context, offers: plan.plantedOffers.map {
            (index: $0, requirements: OfferRequirements(offers[$0], context: context, referenceDate: options.referenceDate),
             times: times[$0]!)
        })
    }

    func truth(_ options: Options, plan: PlantingPlan, offers: [GeneratedOffer], natural: [NaturalFit]) -> GroundTruth {
        var planted = [GroundTruth.PlantedOffer]()
        var position = [Int: Int]()
        for o in plan.plantedOffers {
            let g = offers[o]
            position[o] = planted.count
            planted.append(.init(offerId: g.offer.id, bassin: context.bassins.bassins[Int(g.bassin)].code,
                                 romeCode: g.offer.romeCode, fits: [], nearMisses: [], naturalFits: [], decoys: [],
                                 profileTypes: [:]))
        }
        for (k, spec) in plan.specs.enumerated() {
            guard let p = position[spec.offer] else { continue }
            let id = CandidateSynthesizer.id(plan.slots[k])
            switch spec.role {
            case .fit(let type):
                planted[p].fits.append(id)
                planted[p].profileTypes?[id] = type
            case .nearMiss(let kind): planted[p].nearMisses.append(.init(candidateId: id, breaks: kind))
            case .decoy: planted[p].decoys?.append(id)
            }
        }
        for fit in natural {
            guard let p = position[fit.offer] else { continue }
            planted[p].naturalFits?.append(fit.id)
            planted[p].profileTypes?[fit.id] = fit.type
        }
        return GroundTruth(generator: RegionalGenerator.version, region: region, seed: options.seed,
                           referenceDate: options.referenceDate, candidates: options.candidates, offers: options.offers,
                           romeVersion: context.rome.version, fitsPerOffer: options.fitsPerOffer,
                           plantedOffers: planted)
    }

    // MARK: Running

    /// The whole data set in memory: the same records ``write(to:options:progress:)`` writes.
    public func generate(_ options: Options) -> Dataset {
        let offers = generatedOffers(options)
        let plan = plan(options, offers: offers)
        let times = plantedTimes(plan, offers: offers)
        let finder = finder(plan, offers: offers, times: times, options: options)
        let made = parallelMap(options.candidates) {
            candidate($0, options: options, plan: plan, offers: offers, times: times, finder: finder)
        }
        return Dataset(offers: offers.map(\.offer), candidates: made.map(\.0),
                       truth: truth(options, plan: plan, offers: offers, natural: made.flatMap(\.1)))
    }

    /// Writes `offers.json` (France Travail `{"resultats": […]}`), `candidates.json` (Apparier's format)
    /// and `truth.json` into `directory`, encoding chunks in parallel and streaming them to disk; each
    /// file appears under its name only once complete. `progress` is called from the calling thread.
    ///
    /// - Throws: ``MatchError`` when a file cannot be created or written.
    public func write(to directory: URL, options: Options,
                      progress: (Progress) -> Void = { _ in }) throws -> Summary {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw MatchError(.invalidRecord, file: directory.path, message: "cannot create the output folder: \(error.localizedDescription)")
        }
        let offers = generatedOffers(options)
        let plan = plan(options, offers: offers)
        let times = plantedTimes(plan, offers: offers)
        let finder = finder(plan, offers: offers, times: times, options: options)
        var natural = [NaturalFit]()
        let chunk = options.chunkSize
        let batch = chunk * max(2, ProcessInfo.processInfo.activeProcessorCount * 2)

        let offersURL = directory.appendingPathComponent(RegionalGenerator.offersFileName)
        var offerWriter = try SplicedJSONWriter(url: offersURL, emptyDocument: RecordFiles.encodeOffers([]))
        do {
            for start in stride(from: 0, to: offers.count, by: batch) {
                let end = min(offers.count, start + batch)
                let parts = parallelMap((end - start + chunk - 1) / chunk) { c in
                    RecordFiles.encodeOffers(offers[(start + c * chunk)..<min(end, start + (c + 1) * chunk)].map(\.offer))
                }
                for part in parts { try offerWriter.append(part) }
                progress(Progress(phase: .offers, done: end, total: offers.count))
            }
            try offerWriter.finish()
        } catch {
            offerWriter.abandon()
            throw error
        }

        let candidatesURL = directory.appendingPathComponent(RegionalGenerator.candidatesFileName)
        var candidateWriter = try SplicedJSONWriter(url: candidatesURL, emptyDocument: RecordFiles.encodeCandidates([]))
        do {
            progress(Progress(phase: .candidates, done: 0, total: options.candidates))
            for start in stride(from: 0, to: options.candidates, by: batch) {
                let end = min(options.candidates, start + batch)
                let parts = parallelMap((end - start + chunk - 1) / chunk) { c in
                    let range = (start + c * chunk)..<min(end, start + (c + 1) * chunk)
                    let made = range.map { candidate($0, options: options, plan: plan, offers: offers, times: times, finder: finder) }
                    return (RecordFiles.encodeCandidates(made.map(\.0)), made.flatMap(\.1))
                }
                for part in parts {
                    try candidateWriter.append(part.0)
                    natural += part.1
                }
                progress(Progress(phase: .candidates, done: end, total: options.candidates))
            }
            try candidateWriter.finish()
        } catch {
            candidateWriter.abandon()
            throw error
        }

        let truthURL = directory.appendingPathComponent(GroundTruth.fileName)
        let truthData = try truth(options, plan: plan, offers: offers, natural: natural).encoded()
        do { try truthData.write(to: truthURL, options: .atomic) } catch {
            throw MatchError(.invalidRecord, file: truthURL.path, message: "cannot write: \(error.localizedDescription)")
        }

        var nearMisses = [ExclusionReason: Int]()
        var fits = 0, decoys = 0
        for spec in plan.specs {
            switch spec.role {
            case .fit: fits += 1
            case .nearMiss(let kind): nearMisses[kind, default: 0] += 1
            case .decoy: decoys += 1
            }
        }
        return Summary(offers: offers.count, candidates: options.candidates, plantedOffers: plan.plantedOffers.count,
                       fits: fits, naturalFits: natural.count, decoys: decoys, nearMisses: nearMisses, files: [offersURL, candidatesURL, truthURL],
                       bytes: offerWriter.bytesWritten + candidateWriter.bytesWritten + truthData.count)
    }
}

/// Finds, for a background person, the planted offers whose truth rule (``TruthPlanter/canBeHired(_:_:times:context:)``)
/// they meet: only offers in the family of one of their target fiches can be, so those are looked up by
/// parent fiche.
struct NaturalFitFinder: Sendable {
    let context: GenerationContext
    let offers: [(index: Int, requirements: OfferRequirements, times: CommuneTravelTimes)]
    /// Parent fiche → positions in ``offers``.
    let byFamily: [Int32: [Int]]

    init(context: GenerationContext, offers: [(index: Int, requirements: OfferRequirements, times: CommuneTravelTimes)]) {
        self.context = context
        self.offers = offers
        var byFamily = [Int32: [Int]]()
        for (k, o) in offers.enumerated() { byFamily[context.rome.parent[Int(o.requirements.fiche)], default: []].append(k) }
        self.byFamily = byFamily
    }

    func fits(of d: CandidateDraft) -> [RegionalGenerator.NaturalFit] {
        let families = Set(d.targets.map { context.rome.parent[Int($0)] })
        var out = [RegionalGenerator.NaturalFit]()
        for family in families.sorted() {
            for k in byFamily[family] ?? [] where TruthPlanter.canBeHired(d, offers[k].requirements, times: offers[k].times, context: context) {
                out.append(.init(offer: offers[k].index, id: d.id, type: recordType(of: d, for: offers[k].requirements)))
            }
        }
        return out
    }

    /// `rich` when the record declares every `E` competence and two thirds of the `S` ones, else `sparse`.
    func recordType(of d: CandidateDraft, for r: OfferRequirements) -> ProfileType {
        let declared = Set(d.declared ?? d.skills)
        let desired = r.desiredItems.filter(declared.contains).count
        return r.essentialItems.allSatisfy(declared.contains) && desired >= TruthPlanter.minimumDesired(of: r.desiredItems.count)
            ? .rich : .sparse
    }
}
