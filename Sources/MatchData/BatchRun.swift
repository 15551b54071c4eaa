public import Foundation
public import MatchCore

/// One batch, from a cohort and the open offers to explained proposals: what `apparier batch` prints and
/// what the service's batch jobs return. Scores the cohort against every offer open at the reference date
/// (``BatchScorer``), then assigns proposals under each offer's capacity (`nombrePostes` ×
/// ``Request/proposalsPerPost``) and the congestion cap (``Request/maxPerCandidate``).
///
///     let outcome = try BatchRun(model: model, request: BatchRun.Request())
///         .run(offers: offers, candidates: candidates, referenceDate: day)
///     outcome.summary.assigned
public struct BatchRun: Sendable {
    /// Who is proposed, and under which limits.
    public struct Request: Codable, Sendable, Hashable {
        public enum Cohort: String, Codable, Sendable, CaseIterable { case trainingLeavers = "training-leavers", all }
        public var cohort: Cohort = .trainingLeavers
        /// Training leavers whose training ended on or after this day (default: a year before the reference date).
        public var endedAfter: Day?
        /// … and on or before this day (default: the reference date).
        public var endedBefore: Day?
        /// When given, the cohort is exactly these candidates.
        public var ids: [String]?
        public var proposalsPerPost = 3
        public var maxPerCandidate = 3
        public var method: AssignmentMethod = .flow

        public init() {}

        /// Every field may be left out; it then has its default.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init()
            cohort = try c.decodeIfPresent(Cohort.self, forKey: .cohort) ?? cohort
            endedAfter = try c.decodeIfPresent(Day.self, forKey: .endedAfter)
            endedBefore = try c.decodeIfPresent(Day.self, forKey: .endedBefore)
            ids = try c.decodeIfPresent([String].self, forKey: .ids)
            proposalsPerPost = try c.decodeIfPresent(Int.self, forKey: .proposalsPerPost) ?? proposalsPerPost
            maxPerCandidate = try c.decodeIfPresent(Int.self, forKey: .maxPerCandidate) ?? maxPerCandidate
            method = try c.decodeIfPresent(AssignmentMethod.self, forKey: .method) ?? method
        }

        /// The request's problem, or nil when it can run (limits of at least 1).
        public var problem: String? {
            (1...100).contains(proposalsPerPost) && (1...100).contains(maxPerCandidate) ? nil
                : "proposalsPerPost and maxPerCandidate must be from 1 to 100"
        }
    }

    /// Seconds per phase, and the scoring's speed.
    public struct Timing: Codable, Sendable {
        public var indexSeconds: Double
        /// Whether any tile was multiplied (false under a policy that gives the affinity no weight: the
        /// sgemm's seconds and rate are then 0, ``BatchScorer``).
        public var productComputed: Bool
        public var gemmSeconds: Double
        public var gemmGflops: Double
        public var selectionSeconds: Double
        public var assignmentSeconds: Double
        public var graphEdges: Int
    }

    /// What a batch gives.
    public struct Outcome: Sendable {
        public var proposals: [BatchReport.Proposal]
        public var summary: BatchSummary
        public var timing: Timing
        public var cohortSize: Int
        public var openOffers: Int
        /// Offers that could not be scored, with the reason (e.g. no location).
        public var skipped: [(offer: String, reason: String)]
        /// The cohort's members.
        public var cohort: [Candidate] = []
        /// The open offers matched.
        public var offers: [JobOffer] = []
        /// Members that were among the best candidates of at least one offer (edges of the scored graph).
        public var shortlisted: Set<String> = []

        /// `{"proposals": [...], "summary": {...}, "timing": {...}}`.
        public func json() throws -> Data { try BatchReport.json(proposals, summary: summary, timing: timing) }
    }

    public let model: MatchModel
    public let request: Request

    public init(model: MatchModel, request: Request) {
        self.model = model
        self.request = request
    }

    /// The cohort of `candidates` for `request` on `date`.
    public func cohort(of candidates: [Candidate], date: Day) -> [Candidate] {
        if let ids = request.ids {
            let wanted = Set(ids)
            return candidates.filter { wanted.contains($0.id) }
        }
        switch request.cohort {
        case .all: return candidates
        case .trainingLeavers:
            let after = request.endedAfter ?? date.adding(days: -365), before = request.endedBefore ?? date
            return candidates.filter { c in c.training?.endDate.map { $0 >= after && $0 <= before } ?? false }
        }
    }

    /// The offers open on `date` (created on or before it).
    public func openOffers(_ offers: [JobOffer], date: Day) -> [JobOffer] {
        offers.filter { offer in offer.createdAt.flatMap { Day($0) }.map { $0 <= date } ?? true }
    }

    /// Runs the batch. Throws ``MatchError`` for an empty cohort or no open offer, and as the index does.
    /// - Parameter progress: the scoring's progress: offers done, offers in all.
    public func run(offers: [JobOffer], candidates: [Candidate], referenceDate date: Day,
                    progress: ((Int, Int) -> Void)? = nil) throws -> Outcome {
        let members = cohort(of: candidates, date: date)
        let open = openOffers(offers, date: date)
        guard !members.isEmpty, !open.isEmpty else {
            throw MatchError(.invalidRecord, message: "rien à apparier : \(French.count(members.count, "candidat")) dans la cohorte, "
                               + "\(French.count(open.count, "offre ouverte", "offres ouvertes")) le \(French.date(date))")
        }
        let clock = ContinuousClock()
        var built: Matcher?
        let indexTime = try clock.measure { built = try model.matcher(candidates: members, referenceDate: date) }
        guard let matcher = built else { throw MatchError(.invalidRecord, message: "pas d'index") }
        let assigned = assign(matcher, offers: open, progress: progress)
        let scored = assigned.scored
        let timing = Timing(indexSeconds: indexTime.seconds, productComputed: scored.multipliedTiles > 0, gemmSeconds: scored.gemmSeconds,
                            gemmGflops: scored.gemmFlops / max(scored.gemmSeconds, 1e-9) / 1e9,
                            selectionSeconds: scored.selectionSeconds, assignmentSeconds: assigned.assignmentSeconds,
                            graphEdges: scored.graph.edges.count)
        var outcome = Outcome(proposals: try explain(assigned.chosen, offers: open, matcher: matcher), summary: assigned.summary,
                              timing: timing, cohortSize: members.count, openOffers: open.count,
                              skipped: scored.skipped.map { (open[$0.offer].id, $0.reason) })
        outcome.cohort = members
        outcome.offers = open
        outcome.shortlisted = Set(scored.graph.edges.map { matcher.index.ids[Int($0.row)] })
        return outcome
    }

    /// The batch's scorer over `matcher`, its bands sized for this machine's last-level cache.
    public static func scorer(_ matcher: Matcher) -> BatchScorer {
        BatchScorer(matcher: matcher).sized(forLastLevelCache: MachineCaches.lastLevelBytes())
    }

    /// A batch's scoring and assignment, before the explanations.
    public struct Assigned {
        public var scored: BatchScorer.Result
        /// The proposals chosen (edges of the scored graph).
        public var chosen: [CandidateOfferEdge]
        public var summary: BatchSummary
        public var scoringSeconds: Double
        public var assignmentSeconds: Double
    }

    /// Scores the cohort of `matcher` against `offers`, keeps each offer's best pairs (its capacity × 4) and
    /// assigns proposals under the request's limits: what ``run(offers:candidates:referenceDate:progress:)``
    /// does once the cohort is indexed, and what `apparier bench` times (`alwaysMultiplies`: see
    /// ``BatchScorer/alwaysMultiplies``).
    public func assign(_ matcher: Matcher, offers: [JobOffer], alwaysMultiplies: Bool = false,
                       progress: ((Int, Int) -> Void)? = nil) -> Assigned {
        let clock = ContinuousClock()
        let perPost = request.proposalsPerPost
        let capacities = offers.map { $0.boundedPositions * perPost }
        var result: BatchScorer.Result?
        let scoringTime = clock.measure {
            var scorer = BatchRun.scorer(matcher)
            scorer.alwaysMultiplies = alwaysMultiplies
            result = scorer.score(offers: offers, listSize: { $0.boundedPositions * perPost * 4 }, progress: progress)
        }
        let scored = result!
        let problem = AssignmentProblem(graph: scored.graph, offerCapacity: capacities, candidateCap: request.maxPerCandidate)
        var assignment: Assignment?
        let assignTime = clock.measure { assignment = Assigner.solve(problem, method: request.method) }
        let chosen = assignment?.chosen.map { problem.edges[$0] } ?? []
        let summary = BatchSummary(pairs: chosen, unconstrained: BatchSummary.unconstrainedTopK(scored.graph.edges, capacities: capacities),
                                   index: matcher.index, offers: offers.count, capacity: capacities.reduce(0, +))
        return Assigned(scored: scored, chosen: chosen, summary: summary, scoringSeconds: scoringTime.seconds,
                        assignmentSeconds: assignTime.seconds)
    }

    private func explain(_ pairs: [CandidateOfferEdge], offers: [JobOffer], matcher: Matcher) throws -> [BatchReport.Proposal] {
        var out = [BatchReport.Proposal]()
        for (offer, edges) in Dictionary(grouping: pairs, by: \.offer).sorted(by: { $0.key < $1.key }) {
            let ordered = edges.sorted { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
            let entries = try matcher.explain(rows: ordered.map { Int($0.row) }, for: offers[Int(offer)])
            for (rank, entry) in entries.enumerated() {
                out.append(BatchReport.Proposal(entry, offer: offers[Int(offer)], rank: rank + 1))
            }
        }
        return out
    }
}
