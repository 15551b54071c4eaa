import Dispatch
import Foundation
public import MatchCore
import MatchData

/// Measures how well Apparier ranks a generated data set against its planted truth, next to two
/// baselines ranking the same eligible pool (``RankerName``).
///
/// For each planted offer: the eligible pool (every candidate meeting the hard constraints, computed
/// here with the engine's semantics and checked against the engine's own exclusion counts), the three
/// rankings, recall@k and NDCG@k of the planted fits, the near misses ranked among the first R
/// (R = the offer's number of fits), and priority-public shares of the first ``Options/shortlistSize``.
///
///     let evaluator = try Evaluator(model: try MatchModel.load(), bassins: try BassinMap.load(from: data, communes: communes))
///     let report = try evaluator.evaluate(offers: offers, candidates: candidates, truth: truth)
///     print(report.table())
public struct Evaluator: Sendable {
    public struct Options: Sendable {
        /// The k of recall@k and NDCG@k (10 and 50 are always included).
        public var cutoffs: [Int]
        public var shortlistSize: Int
        /// Random fiche pairs of the mobilité AUC.
        public var aucNegatives: Int

        public init(cutoffs: [Int] = [10, 50], shortlistSize: Int = 20, aucNegatives: Int = 200_000) {
            self.cutoffs = Array(Set(cutoffs + [10, 50]).filter { $0 > 0 }).sorted()
            self.shortlistSize = max(1, shortlistSize)
            self.aucNegatives = max(1, aucNegatives)
        }
    }

    public let model: MatchModel
    /// The employment areas the report breaks results down by (none: no breakdown).
    public let bassins: BassinMap?

    /// Evaluates the model's engine, or the same engine under another scoring `policy` (to measure a
    /// policy before shipping it).
    public init(model: MatchModel, policy: ScoringPolicy? = nil, bassins: BassinMap? = nil) throws {
        self.model = try policy.map {
            try MatchModel(rome: model.rome, communes: model.communes, embedding: model.embedding, policy: $0,
                           travel: model.travel)
        } ?? model
        self.bassins = bassins
    }

    /// Evaluates; `progress(done, total)` is called from the calling thread after each batch of offers.
    ///
    /// - Throws: ``MatchError``-style errors (with the offer or candidate id) when the truth names an
    ///   offer or candidate absent from the data, or when a record cannot be indexed.
    public func evaluate(offers: [JobOffer], candidates: [Candidate], truth: GroundTruth, options: Options = Options(),
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> EvaluationReport {
        let ws = model
        let date = truth.referenceDate
        let matcher: Matcher
        do { matcher = try ws.matcher(candidates: candidates, referenceDate: date) } catch let error as MatchError {
            throw MatchError(.evaluation, message: error.description)
        }
        // The same engine reading declared competences only, for the comparison (the same one when the
        // policy infers nothing).
        let declaredOnly: Matcher
        if ws.policy.inference == nil { declaredOnly = matcher } else {
            let plain = try MatchModel(rome: ws.rome, communes: ws.communes, embedding: ws.embedding,
                                       policy: ws.policy.withoutInference, travel: ws.travel)
            do { declaredOnly = try plain.matcher(candidates: candidates, referenceDate: date) } catch let error as MatchError {
                throw MatchError(.evaluation, message: error.description)
            }
        }
        let rows = Dictionary(matcher.index.ids.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let offerById = Dictionary(offers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var tasks = [PlantedCase]()
        for planted in truth.plantedOffers {
            guard let offer = offerById[planted.offerId] else {
                throw MatchError(.evaluation, message: "truth: planted offer \(planted.offerId) is not in the offers file")
            }
            func row(_ id: String) throws -> Int {
                guard let r = rows[id] else {
                    throw MatchError(.evaluation, message: "truth: offer \(planted.offerId): candidate \(id) is not in the candidates file")
                }
                return r
            }
            tasks.append(PlantedCase(planted: planted, offer: offer, fits: try planted.fits.map(row),
                              nearMisses: try planted.nearMisses.map { (try row($0.candidateId), $0.breaks) }))
        }

        let tieKeys = matcher.index.neutralTieKeys()
        let keyword = KeywordRanker(index: matcher.index, itemCount: ws.rome.items.count, tieKeys: tieKeys)
        let distance = DistanceRanker(index: matcher.index, tieKeys: tieKeys)
        let byId = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let oracle = truth.plantedOffers.contains { $0.naturalFits != nil } ? RecordOracle(rome: ws.rome) : nil
        let context = OfferEvaluation(matcher: matcher, declaredOnly: declaredOnly, rows: rows, candidates: byId, keyword: keyword, distance: distance,
                                      oracle: oracle, tieKeys: tieKeys, options: options)
        var outcomes = [Outcome]()
        let batch = 16
        for start in stride(from: 0, to: tasks.count, by: batch) {
            let slice = Array(tasks[start..<min(tasks.count, start + batch)])
            let results = parallelMap(slice.count) { i -> Result<Outcome, MatchError> in
                do { return .success(try context.run(slice[i])) } catch let e as MatchError { return .failure(e) } catch {
                    return .failure(MatchError(.evaluation, message: "offer \(slice[i].offer.id): \(error)"))
                }
            }
            for result in results { outcomes.append(try result.get()) }
            progress(outcomes.count, tasks.count)
        }
        let auc = MobilityCheck.auc(embedding: ws.embedding, rome: ws.rome, negatives: options.aucNegatives)
        return Aggregation(outcomes: outcomes, options: options, truth: truth, candidates: candidates.count,
                           offers: offers.count, bassins: bassins)
            .report(auc: auc, embedding: ws.embedding.version, policy: ws.policy.version)
    }

    /// One planted offer to evaluate, with its planted candidates' rows.
    struct PlantedCase: Sendable {
        var planted: GroundTruth.PlantedOffer
        var offer: JobOffer
        var fits: [Int]
        var nearMisses: [(row: Int, breaks: ExclusionReason)]
    }

    /// What one offer gave.
    struct Outcome: Sendable {
        var planted: GroundTruth.PlantedOffer
        var eligible: Int
        /// Eligible background candidates meeting the fit definition.
        var naturalFits: Int
        var excluded: [ExclusionReason: Int]
        /// Ranking → metric.
        var metrics: [RankingKey: [String: Double]]
        /// Profile type → ranking → `recall@50`, `ndcg@10` (truths of generator v2).
        var typeMetrics: [ProfileType: [RankingKey: [String: Double]]]
        /// Ranking → kind → (ranked among the first R, total).
        var nearMisses: [RankingKey: [ExclusionReason: EvaluationReport.Count]]
        /// Priority-public counts: eligible pool, and per ranking in the first `shortlistSize`.
        var eligiblePublics: [Int], shortlistPublics: [RankingKey: [Int]]
        var eligibleCount: Int, shortlistCounts: [RankingKey: Int]
        var fitsEligible: Int, nearMissesAsBuilt: Int
        var engineAgrees: Bool
        var problems: [String]
    }
}

/// The rankings made per offer: Apparier with and without inference, each baseline unfiltered and on the
/// eligible pool, and the yardstick (``RecordOracle``, truths of generator v2).
enum RankingKey: String, CaseIterable, Sendable {
    case apparier, apparierNoInference, keyword, distance, recordOracle
    case keywordOnEligible = "keyword/eligible", distanceOnEligible = "distance/eligible"

    /// The ranker's name in the report.
    var ranker: RankerName {
        switch self {
        case .apparier: .apparier
        case .apparierNoInference: .apparierNoInference
        case .keyword, .keywordOnEligible: .keyword
        case .distance, .distanceOnEligible: .distance
        case .recordOracle: .recordOracle
        }
    }

    var onEligiblePool: Bool { self == .keywordOnEligible || self == .distanceOnEligible }
}

/// Runs the three rankers on one planted offer and measures them.
struct OfferEvaluation: Sendable {
    let matcher: Matcher
    /// The engine with declared competences only (`apparierNoInference`).
    let declaredOnly: Matcher
    /// Row of the index of each candidate id.
    let rows: [String: Int]
    let candidates: [String: Candidate]
    let keyword: KeywordRanker
    let distance: DistanceRanker
    /// The yardstick (truths of generator v2).
    let oracle: RecordOracle?
    let tieKeys: [UInt64]
    let options: Evaluator.Options

    var index: CandidateIndex { matcher.index }

    /// Index of "any priority public" in the counts arrays (after the 8 publics).
    static let anyPublic = PriorityPublic.allCases.count

    func run(_ task: Evaluator.PlantedCase) throws -> Evaluator.Outcome {
        let offer = task.offer
        let compiled: BaselineQuery, eligibility: Eligibility
        do {
            compiled = try BaselineQuery(offer, matcher: matcher)
            eligibility = try matcher.eligibility(for: offer)
        } catch {
            throw MatchError(.evaluation, message: "offer \(offer.id): \(error)")
        }
        let eligible = eligibility.eligibleRows
        let excluded = eligibility.excluded
        var eligiblePublics = [Int](repeating: 0, count: OfferEvaluation.anyPublic + 1)
        for r in eligible { count(index.publics[r], into: &eligiblePublics) }
        // A truth of generator v2 lists every true fit by its rule (planted and natural): all are relevant.
        // A v1 truth lists planted fits only; the background candidates who meet the fit definition on
        // their record are then counted apart (`ndcgAllFits`).
        let planted = Set(task.fits.map { index.ids[$0] })
        let fitIds = task.planted.naturalFits == nil ? planted : Set(task.planted.allFits)
        let natural = task.planted.naturalFits.map { ids in ids.compactMap { rows[$0] } }
            ?? eligible.filter { !planted.contains(index.ids[$0]) && compiled.meetsFitDefinition(candidates[index.ids[$0]]!, row: $0, in: index) }
        let allFits = fitIds.union(natural.map { index.ids[$0] })
        let nearMissIds = Set(task.nearMisses.map { index.ids[$0.row] })
        let r = max(1, fitIds.count)
        let depth = max(options.cutoffs.max() ?? 50, options.shortlistSize, r)

        let list: Shortlist
        do { list = try matcher.shortlist(for: offer, top: depth) } catch {
            throw MatchError(.evaluation, message: "offer \(offer.id): the engine failed: \(error)")
        }
        var rankings = [RankingKey: [String]]()
        rankings[.apparier] = list.entries.map(\.candidateId)
        do { rankings[.apparierNoInference] = try declaredOnly.shortlist(for: offer, top: depth).entries.map(\.candidateId) } catch {
            throw MatchError(.evaluation, message: "offer \(offer.id): the engine failed: \(error)")
        }
        rankings[.keyword] = keyword.rank(compiled, rows: keyword.searchable(compiled), depth: depth).map { index.ids[$0] }
        rankings[.distance] = distance.rank(compiled, rows: 0..<index.count, depth: depth).map { index.ids[$0] }
        rankings[.keywordOnEligible] = keyword.rank(compiled, rows: eligible, depth: depth).map { index.ids[$0] }
        rankings[.distanceOnEligible] = distance.rank(compiled, rows: eligible, depth: depth).map { index.ids[$0] }
        if let oracle, let fiche = matcher.rome.ficheIndex[offer.romeCode] {
            // The truth reads the offer's coded competences only (none: no competence condition).
            let desired = offer.skills.isEmpty ? [] : compiled.queryItems.filter { !GenerationContext.sortedContains(compiled.essentialItems, $0) }
            let months = offer.experienceRequirement == .required ? offer.requestedExperienceMonths : 0
            var selection = TopSelection(depth: depth, tieKeys: tieKeys, higherFirst: true)
            for r in eligible {
                guard let candidate = candidates[index.ids[r]] else { continue }
                let p = oracle.probability(candidate, declared: { index.holds(row: r, item: $0) }, fiche: fiche,
                                           essential: compiled.essentialItems, desired: desired,
                                           requiredMonths: months)
                selection.offer(r, Float(p))
            }
            rankings[.recordOracle] = selection.rows().map { index.ids[$0] }
        }

        var metrics = [RankingKey: [String: Double]]()
        var nearMisses = [RankingKey: [ExclusionReason: EvaluationReport.Count]]()
        var shortlistPublics = [RankingKey: [Int]](), shortlistCounts = [RankingKey: Int]()
        for name in RankingKey.allCases {
            let ranked = rankings[name] ?? []
            var m = [String: Double]()
            for k in options.cutoffs {
                m["recall@\(k)"] = RankingMetrics.recall(ranked, relevant: fitIds, at: k)
                m["ndcg@\(k)"] = RankingMetrics.ndcg(ranked, relevant: fitIds, at: k)
                m["ndcgAllFits@\(k)"] = RankingMetrics.ndcg(ranked, relevant: allFits, at: k)
            }
            let firstR = Set(ranked.prefix(r))
            var byKind = [ExclusionReason: EvaluationReport.Count]()
            for miss in task.nearMisses {
                var c = byKind[miss.breaks] ?? .init(shortlisted: 0, total: 0)
                c.total += 1
                if firstR.contains(index.ids[miss.row]) { c.shortlisted += 1 }
                byKind[miss.breaks] = c
            }
            let wrong = byKind.values.reduce(0) { $0 + $1.shortlisted }
            m["nearMissRate"] = nearMissIds.isEmpty ? 0 : Double(wrong) / Double(nearMissIds.count)
            metrics[name] = m
            nearMisses[name] = byKind
            var publics = [Int](repeating: 0, count: OfferEvaluation.anyPublic + 1)
            let shortlist = ranked.prefix(options.shortlistSize)
            for id in shortlist { if let row = rows[id] { count(index.publics[row], into: &publics) } }
            shortlistPublics[name] = publics
            shortlistCounts[name] = shortlist.count
        }

        var problems = [String]()
        let typeMetrics = profileTypeMetrics(task.planted, rankings: rankings, fits: fitIds)
        let fitsEligible = task.fits.filter { eligibility.reasons[$0] == nil }.count
        if fitsEligible < task.fits.count {
            for f in task.fits { if let reason = eligibility.reasons[f] {
                problems.append("offer \(offer.id): fit \(index.ids[f]) fails \(reason.rawValue)")
            } }
        }
        var asBuilt = 0
        for miss in task.nearMisses {
            let failure = eligibility.reasons[miss.row]
            let ok: Bool
            if miss.breaks == .essentialSkills, !matcher.policy.essentialSkillsAreHard {
                ok = failure == nil && compiled.essentialHits(row: miss.row, in: index) == 0
            } else {
                ok = failure == miss.breaks
            }
            if ok { asBuilt += 1 } else {
                problems.append("offer \(offer.id): near miss \(index.ids[miss.row]) built to fail \(miss.breaks.rawValue), fails \(failure?.rawValue ?? "nothing")")
            }
        }
        let engineEligible = list.considered - list.excluded.values.reduce(0, +)
        let agrees = list.excluded == excluded && engineEligible == eligible.count
        if !agrees {
            problems.append("offer \(offer.id): engine excluded \(describe(list.excluded)) (eligible \(engineEligible)), evaluation \(describe(excluded)) (eligible \(eligible.count))")
        }
        return Evaluator.Outcome(
            planted: task.planted, eligible: eligible.count, naturalFits: natural.count, excluded: excluded, metrics: metrics,
            typeMetrics: typeMetrics, nearMisses: nearMisses,
            eligiblePublics: eligiblePublics, shortlistPublics: shortlistPublics, eligibleCount: eligible.count,
            shortlistCounts: shortlistCounts, fitsEligible: fitsEligible, nearMissesAsBuilt: asBuilt, engineAgrees: agrees,
            problems: problems)
    }

    /// The metrics per profile type (docs/generator.md, "Evaluation"): for a type of fits, its fits are the
    /// relevant ones and the fits of other types are taken out of the ranking (each type is judged against
    /// the non-fits only); for `inflated`, every fit is relevant and only fits and decoys are kept (how the
    /// fits fare against records that claim what they do not hold).
    func profileTypeMetrics(_ planted: GroundTruth.PlantedOffer, rankings: [RankingKey: [String]], fits: Set<String>)
        -> [ProfileType: [RankingKey: [String: Double]]] {
        guard let types = planted.profileTypes else { return [:] }
        var out = [ProfileType: [RankingKey: [String: Double]]]()
        let decoys = Set(planted.decoys ?? [])
        for type in ProfileType.allCases {
            let relevant: Set<String>, keep: (String) -> Bool
            if type == .inflated {
                guard !decoys.isEmpty else { continue }
                relevant = fits
                keep = { fits.contains($0) || decoys.contains($0) }
            } else {
                relevant = fits.filter { types[$0] == type }
                keep = { !fits.contains($0) || relevant.contains($0) }
            }
            guard !relevant.isEmpty else { continue }
            for key in [RankingKey.apparier, .apparierNoInference, .keyword, .distance, .recordOracle] where rankings[key] != nil {
                let ranked = (rankings[key] ?? []).filter(keep)
                out[type, default: [:]][key] = ["recall@50": RankingMetrics.recall(ranked, relevant: relevant, at: 50),
                                                "ndcg@10": RankingMetrics.ndcg(ranked, relevant: relevant, at: 10)]
            }
        }
        return out
    }

    private func count(_ mask: UInt16, into counts: inout [Int]) {
        for p in PriorityPublic.allCases where mask & p.bit != 0 { counts[p.index] += 1 }
        if mask != 0 { counts[OfferEvaluation.anyPublic] += 1 }
    }

    private func describe(_ excluded: [ExclusionReason: Int]) -> String {
        ExclusionReason.allCases.compactMap { k in excluded[k].map { "\(k.rawValue) \($0)" } }.joined(separator: ", ")
    }
}

/// Pools the per-offer outcomes into the report.
struct Aggregation {
    let outcomes: [Evaluator.Outcome]
    let options: Evaluator.Options
    let truth: GroundTruth
    let candidates: Int
    let offers: Int
    let bassins: BassinMap?

    func report(auc: Double, embedding: String, policy: String) -> EvaluationReport {
        let names = RankingKey.allCases
        var rankers = [String: [String: Double]]()
        var byKind = [String: [String: EvaluationReport.Count]]()
        var shortlistShares = [String: [String: Double]]()
        let publicKeys = PriorityPublic.allCases.map(\.rawValue) + ["any"]
        for name in names {
            var m = mean(outcomes.map { $0.metrics[name] ?? [:] })
            var kinds = [String: EvaluationReport.Count]()
            for o in outcomes {
                for (kind, c) in o.nearMisses[name] ?? [:] {
                    var total = kinds[kind.rawValue] ?? .init(shortlisted: 0, total: 0)
                    total.shortlisted += c.shortlisted
                    total.total += c.total
                    kinds[kind.rawValue] = total
                }
            }
            let all = kinds.values.reduce((0, 0)) { ($0.0 + $1.shortlisted, $0.1 + $1.total) }
            m["nearMissRate"] = all.1 > 0 ? Double(all.0) / Double(all.1) : 0
            rankers[name.rawValue] = m
            byKind[name.rawValue] = kinds
            var shares = [String: Double]()
            for (i, key) in publicKeys.enumerated() {
                shares[key] = macroShare(outcomes.map { ($0.shortlistPublics[name]?[i] ?? 0, $0.shortlistCounts[name] ?? 0) })
            }
            shortlistShares[name.rawValue] = shares
        }
        var eligibleShares = [String: Double]()
        for (i, key) in publicKeys.enumerated() {
            eligibleShares[key] = macroShare(outcomes.map { ($0.eligiblePublics[i], $0.eligibleCount) })
        }

        var bassinResults = [EvaluationReport.BassinResult]()
        let codes = Array(Set(outcomes.map(\.planted.bassin))).sorted()
        for code in codes {
            let members = outcomes.filter { $0.planted.bassin == code }
            var perRanker = [String: [String: Double]]()
            for name in names { perRanker[name.rawValue] = mean(members.map { $0.metrics[name] ?? [:] }) }
            let name = bassins.flatMap { map in map.index(ofBassin: code).map { map.bassins[$0].name } } ?? ""
            bassinResults.append(.init(code: code, name: name, offers: members.count, rankers: perRanker))
        }

        let fits = outcomes.reduce(0) { $0 + $1.planted.fits.count }
        let misses = outcomes.reduce(0) { $0 + $1.planted.nearMisses.count }
        let checks = EvaluationReport.Checks(
            fitsEligible: .init(shortlisted: outcomes.reduce(0) { $0 + $1.fitsEligible }, total: fits),
            nearMissesAsBuilt: .init(shortlisted: outcomes.reduce(0) { $0 + $1.nearMissesAsBuilt }, total: misses),
            engineAgreement: .init(shortlisted: outcomes.filter(\.engineAgrees).count, total: outcomes.count),
            problems: Array(outcomes.flatMap(\.problems).prefix(20)))
        let offerResults = outcomes.map { o in
            EvaluationReport.OfferResult(
                offerId: o.planted.offerId, bassin: o.planted.bassin, romeCode: o.planted.romeCode,
                fits: o.planted.fits.count, nearMisses: o.planted.nearMisses.count, eligible: o.eligible,
                naturalFits: o.naturalFits,
                excluded: Dictionary(uniqueKeysWithValues: o.excluded.map { ($0.key.rawValue, $0.value) }),
                rankers: Dictionary(uniqueKeysWithValues: names.map { ($0.rawValue, o.metrics[$0] ?? [:]) }))
        }
        var typeResults = [String: [String: [String: Double]]]()
        var typeCounts = [String: Int]()
        for type in ProfileType.allCases {
            let members = outcomes.compactMap { $0.typeMetrics[type] }
            guard !members.isEmpty else { continue }
            typeCounts[type.rawValue] = members.count
            var perRanker = [String: [String: Double]]()
            for name in [RankingKey.apparier, .apparierNoInference, .keyword, .distance, .recordOracle] {
                let measured = members.compactMap { $0[name] }
                guard !measured.isEmpty else { continue }
                perRanker[name.rawValue] = mean(measured)
            }
            typeResults[type.rawValue] = perRanker
        }
        let primary = names.filter { !$0.onEligiblePool }
        let onEligible = names.filter(\.onEligiblePool)
        func pick(_ keys: [RankingKey], _ table: [String: [String: Double]]) -> [String: [String: Double]] {
            Dictionary(uniqueKeysWithValues: keys.map { ($0.ranker.rawValue, table[$0.rawValue] ?? [:]) })
        }
        return EvaluationReport(
            dataset: .init(generator: truth.generator, seed: truth.seed, referenceDate: truth.referenceDate,
                           candidates: candidates, offers: offers, plantedOffers: outcomes.count, fits: fits,
                           nearMisses: misses, naturalFits: outcomes.reduce(0) { $0 + $1.naturalFits }),
            cutoffs: options.cutoffs, shortlistSize: options.shortlistSize, rankers: pick(primary, rankers),
            rankersOnEligiblePool: pick(onEligible, rankers), searchRadiusKm: Double(BaselineScope.searchRadiusKm),
            nearMissesByKind: byKind, mobilityAUC: auc, embedding: embedding, policy: policy,
            priorityPublics: .init(eligible: eligibleShares, shortlists: shortlistShares),
            checks: checks, bassins: bassinResults, offers: offerResults,
            profileTypes: typeResults.isEmpty ? nil : typeResults, profileTypeOffers: typeCounts.isEmpty ? nil : typeCounts)
    }

    /// Mean over offers of `count / size` (offers with `size` 0 left out): every offer weighs the same, in
    /// the eligible pool as in the shortlists, so that large pools (Lille) do not dominate one side only.
    private func macroShare(_ pairs: [(count: Int, size: Int)]) -> Double {
        let kept = pairs.filter { $0.size > 0 }
        guard !kept.isEmpty else { return 0 }
        return kept.reduce(0) { $0 + Double($1.count) / Double($1.size) } / Double(kept.count)
    }

    /// Key-wise mean of metric dictionaries (keys missing from some count over those that have them).
    private func mean(_ dictionaries: [[String: Double]]) -> [String: Double] {
        var sums = [String: (Double, Int)]()
        for d in dictionaries { for (k, v) in d { let s = sums[k] ?? (0, 0); sums[k] = (s.0 + v, s.1 + 1) } }
        return sums.mapValues { $0.1 > 0 ? $0.0 / Double($0.1) : 0 }
    }
}
