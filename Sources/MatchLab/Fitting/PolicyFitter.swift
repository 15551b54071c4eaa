import Foundation
public import MatchCore
import MatchData

/// Fits a scoring policy's weights and inference rules to generated data (generator v2) by coordinate
/// ascent on the mean NDCG@10 of the true fits, then measures the result on a held-out data set made with
/// another seed. docs/engine.md, "Fitted weights", argues the method.
///
/// The priority bonuses and rules are not fitted: they are positive action, set by the platforms, and a
/// truth that knows nothing of them would only learn to shrink them.
///
///     let fitter = PolicyFitter(model: model, generator: generator)
///     let result = try fitter.fit(start: model.policy, options: .init()) { print($0) }
///     result.policy.weights.skills
public struct PolicyFitter: Sendable {
    public struct Options: Sendable {
        public var candidates: Int
        public var offers: Int
        public var plantedOffers: Int
        public var trainingSeed: UInt64
        public var heldOutSeed: UInt64
        /// Passes over every parameter (the ascent stops earlier when a pass changes nothing).
        public var rounds: Int
        /// The version written in the fitted policy.
        public var version: String
        public var referenceDate: Day

        public init(candidates: Int = 20_000, offers: Int = 2_000, plantedOffers: Int = 150, trainingSeed: UInt64 = 11,
                    heldOutSeed: UInt64 = 12, rounds: Int = 3, version: String = "policy-v5",
                    referenceDate: Day = RegionalGenerator.defaultReferenceDate) {
            self.candidates = candidates; self.offers = offers; self.plantedOffers = plantedOffers
            self.trainingSeed = trainingSeed; self.heldOutSeed = heldOutSeed; self.rounds = max(1, rounds)
            self.version = version; self.referenceDate = referenceDate
        }
    }

    public struct Result: Sendable {
        public var policy: ScoringPolicy
        /// The accepted moves, in order (« skills 0,60 → 0,45 : ndcg@10 0,812 → 0,829 »).
        public var steps: [String]
    }

    let model: MatchModel
    let generator: RegionalGenerator

    public init(model: MatchModel, generator: RegionalGenerator) { self.model = model; self.generator = generator }

    /// One data set: its candidates and, per planted offer, the offer and its true fits.
    struct Split {
        var candidates: [Candidate]
        var cases: [(offer: JobOffer, fits: Set<String>)]
        var generator: String
    }

    func split(seed: UInt64, options: Options) -> Split {
        let data = generator.generate(.init(candidates: options.candidates, offers: options.offers, seed: seed,
                                            referenceDate: options.referenceDate, plantedOffers: options.plantedOffers))
        let offers = Dictionary(data.offers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return Split(candidates: data.candidates,
                     cases: data.truth.plantedOffers.compactMap { p in offers[p.offerId].map { ($0, Set(p.allFits)) } },
                     generator: data.truth.generator)
    }

    /// Indexes built for a split, by inference rules (the only part of a policy an index depends on).
    final class IndexCache: @unchecked Sendable {
        var indexes: [InferenceRules?: CandidateIndex] = [:]
    }

    /// Mean `ndcg@10` and `recall@50` of the true fits over the split's planted offers under `policy`.
    func metrics(_ policy: ScoringPolicy, on split: Split, cache: IndexCache, referenceDate: Day) throws -> [String: Double] {
        let m = try MatchModel(rome: model.rome, communes: model.communes, embedding: model.embedding, policy: policy,
                               travel: model.travel)
        let index: CandidateIndex
        if let cached = cache.indexes[policy.inference] { index = cached } else {
            index = try m.index(of: split.candidates, referenceDate: referenceDate)
            cache.indexes[policy.inference] = index
        }
        let matcher = try m.matcher(over: index)
        let cases = split.cases
        let scores = parallelMap(cases.count) { i -> (Double, Double) in
            let ranked = (try? matcher.shortlist(for: cases[i].offer, top: 50).entries.map(\.candidateId)) ?? []
            return (RankingMetrics.ndcg(ranked, relevant: cases[i].fits, at: 10),
                    RankingMetrics.recall(ranked, relevant: cases[i].fits, at: 50))
        }
        let n = Double(max(scores.count, 1))
        return ["ndcg@10": scores.reduce(0) { $0 + $1.0 } / n, "recall@50": scores.reduce(0) { $0 + $1.1 } / n]
    }

    /// A parameter the ascent moves, with the values it tries from the current one.
    struct Knob {
        var name: String
        var get: (ScoringPolicy) -> Float
        var set: (inout ScoringPolicy, Float) -> Void
        var values: (Float) -> [Float]
    }

    /// `v` times each factor, rounded to five decimals (readable weights in the file), or `floor` from 0.
    static func scaled(_ factors: [Float], floor: [Float] = []) -> (Float) -> [Float] {
        { v in v == 0 ? floor : factors.map { fiveDecimals(v * $0) } }
    }

    /// `x` rounded to five decimals: readable weights in the file.
    static func fiveDecimals(_ x: Float) -> Float { Float((Double(x) * 100_000).rounded() / 100_000) }

    /// The weights (each scaled by ½…2, the small ones also tried at 0, the others then rescaled so that
    /// the weights keep their sum) and the inference rules (on grids).
    static var knobs: [Knob] {
        func weight(_ name: String, _ path: WritableKeyPath<ScoringPolicy.Weights, Float>, canVanish: Bool) -> Knob {
            Knob(name: name, get: { $0.weights[keyPath: path] }, set: { $0.weights.set(path, to: $1) },
                 values: scaled(canVanish ? [0, 0.5, 0.75, 1.5, 2] : [0.5, 0.75, 1.25, 1.5], floor: [0.02, 0.05, 0.1]))
        }
        func rule(_ name: String, _ path: WritableKeyPath<InferenceRules, Float>, _ grid: [Float]) -> Knob {
            Knob(name: name, get: { $0.inference?[keyPath: path] ?? 0 }, set: { $0.inference?[keyPath: path] = $1 }, values: { _ in grid })
        }
        return [
            weight("skills", \.skills, canVanish: false),
            weight("metier", \.metier, canVanish: true),
            weight("experience", \.experience, canVanish: true),
            weight("skillAffinity", \.skillAffinity, canVanish: true),
            weight("diploma", \.diploma, canVanish: true),
            weight("travel", \.travel, canVanish: true),
            Knob(name: "essentialSkillWeight", get: { $0.essentialSkillWeight }, set: { $0.essentialSkillWeight = $1 },
                 values: { _ in [1, 2, 3, 4, 6, 8] }),
            // At most 32: every item is one more entry per row the shortlist reads. At 500,000 candidates
            // (2-core machine, same weights) the median shortlist took 2.25 ms without inference, 2.83 ms with
            // 32 items per fiche and 3.26 ms with 64, for +0.001 of training NDCG@10 from 32 to 64.
            Knob(name: "itemsPerFiche", get: { Float($0.inference?.itemsPerFiche ?? 0) },
                 set: { $0.inference?.itemsPerFiche = Int($1) }, values: { _ in [8, 16, 24, 32] }),
            // At most 4, for the same reason, and for the batch's walk, which reads every entry of the cohort's
            // rows: a fit from policy-v4 that took 16 gained +0.003 of NDCG@10 in the evaluation at 500,000
            // candidates (0.817 against 0.814) for 470 MiB of index instead of 453 (docs/benchmarks.md).
            Knob(name: "mobilityItemsPerFiche", get: { Float($0.inference?.mobilityItemsPerFiche ?? 0) },
                 set: { $0.inference?.mobilityItemsPerFiche = Int($1) }, values: { _ in [0, 2, 4] }),
            rule("secondaryFactor", \.secondaryFactor, [0.5, 0.6, 0.7, 0.8, 0.9]),
            rule("trainingConfidence", \.trainingConfidence, [0.5, 0.6, 0.7, 0.8, 0.9]),
            rule("essentialThreshold", \.essentialThreshold, [0.3, 0.4, 0.5, 0.6, 0.7]),
            rule("mobilityFactor", \.mobilityFactor, [0.3, 0.5, 0.7]),
            rule("experienceCeiling", \.experienceCeiling, [0.8, 0.9, 0.95]),
            rule("monthsScale", \.monthsScale, [6, 12, 24]),
            Knob(name: "silenceWeight", get: { $0.inference?.silenceWeight ?? 0 },
                 set: { $0.inference?.silenceWeight = $1 }, values: { _ in [0, 0.25, 0.5, 0.75, 1] }),
        ]
    }

    /// Fits from `start` (a policy with inference rules) and returns the fitted policy with its provenance;
    /// `progress` gets a line per accepted move.
    ///
    /// - Throws: ``MatchError`` when a data set cannot be indexed.
    public func fit(start: ScoringPolicy, options: Options, progress: (String) -> Void = { _ in }) throws -> Result {
        let training = split(seed: options.trainingSeed, options: options)
        let heldOut = split(seed: options.heldOutSeed, options: options)
        let trainingCache = IndexCache(), heldOutCache = IndexCache()
        func objective(_ p: ScoringPolicy) throws -> [String: Double] {
            try metrics(p, on: training, cache: trainingCache, referenceDate: options.referenceDate)
        }
        var best = start
        var bestMetrics = try objective(best)
        let before = ["training": bestMetrics,
                      "heldOut": try metrics(start, on: heldOut, cache: heldOutCache, referenceDate: options.referenceDate)]
        var steps = [String]()
        for _ in 0..<options.rounds {
            var moved = false
            for knob in PolicyFitter.knobs {
                let current = knob.get(best)
                for value in knob.values(current) where value != current {
                    var candidate = best
                    knob.set(&candidate, value)
                    guard (try? candidate.validate()) != nil else { continue }
                    let m = try objective(candidate)
                    guard let score = m["ndcg@10"], score > (bestMetrics["ndcg@10"] ?? 0) + 1e-4 else { continue }
                    let step = "\(knob.name) \(PolicyFitter.number(knob.get(best))) → \(PolicyFitter.number(knob.get(candidate))) : ndcg@10 "
                        + "\(PolicyFitter.number(bestMetrics["ndcg@10"] ?? 0)) → \(PolicyFitter.number(score))"
                    steps.append(step)
                    progress(step)
                    best = candidate
                    bestMetrics = m
                    moved = true
                }
            }
            if !moved { break }
        }
        let after = ["training": bestMetrics,
                     "heldOut": try metrics(best, on: heldOut, cache: heldOutCache, referenceDate: options.referenceDate)]
        best.version = options.version
        best.provenance = PolicyProvenance(
            method: "coordinate ascent on the mean NDCG@10 of the true fits (generator v2), weights ×½…2 keeping their sum, inference rules on grids",
            date: PolicyFitter.today(), generator: training.generator, startedFrom: start.version,
            candidates: options.candidates, offers: options.offers, plantedOffers: training.cases.count,
            trainingSeed: options.trainingSeed, heldOutSeed: options.heldOutSeed,
            before: before.mapValues { $0.mapValues(PolicyFitter.rounded) }, after: after.mapValues { $0.mapValues(PolicyFitter.rounded) })
        return Result(policy: best, steps: steps)
    }

    static func rounded(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }

    static func number(_ v: some BinaryFloatingPoint) -> String { French.number(Double(v), digits: 3) }

    static func today() -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}

extension ScoringPolicy.Weights {
    /// The six weights, in the order of the file.
    static var paths: [WritableKeyPath<ScoringPolicy.Weights, Float>] {
        [\.skills, \.skillAffinity, \.metier, \.experience, \.diploma, \.travel]
    }

    /// Sets one weight and rescales the others so that the sum stays what it was (rounded to five
    /// decimals): the fit moves the components against each other, never against the priority bonuses,
    /// which are positive action set by the platforms, not fitted (raising every weight would shrink them).
    mutating func set(_ path: WritableKeyPath<ScoringPolicy.Weights, Float>, to value: Float) {
        let total = Self.paths.reduce(0) { $0 + self[keyPath: $1] }
        let others = total - self[keyPath: path]
        self[keyPath: path] = min(value, total)
        let factor = others > 0 ? (total - self[keyPath: path]) / others : 0
        for p in Self.paths where p != path {
            self[keyPath: p] = PolicyFitter.fiveDecimals(self[keyPath: p] * factor)
        }
    }
}
