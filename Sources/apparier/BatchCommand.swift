import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData

/// Which candidates a batch proposes.
enum CohortKind: String, ExpressibleByArgument, CaseIterable {
    case trainingLeavers = "training-leavers"
    case all
}

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Propose a cohort (e.g. training leavers) to all open offers at once, with capacities and a congestion cap.",
        discussion: """
        Scores the cohort against every offer open at the reference date in tiles (sgemm), with the same
        hard constraints, geo-blocking and explanations as `shortlist`, keeps the best pairs as a sparse
        graph, then assigns proposals to maximise the total score while each offer gets at most
        nombrePostes × --proposals-per-post proposals and each candidate at most --max-per-candidate.
        `--method flow` is exact (min-cost flow); `--method greedy` is the baseline. The summary compares
        with the unconstrained top-k (each offer's best candidates, whoever else they go to).

        Output: --format json writes {"proposals": [...], "summary": {...}}; --format csv writes
        OUT.candidats.csv and OUT.offres.csv for Excel/LibreOffice. Files are written whole or not at all.

        Examples:
          apparier batch --cohort training-leavers --out propositions.json
          apparier batch --offers offres.json --candidates candidats.json --cohort all --method greedy --format csv --out propositions
          apparier batch --ids cohorte.txt --ended-after 2026-06-01 --out p.json
        """
    )

    @OptionGroup var data: DataOptions

    @Option(help: "Cohort: training-leavers (training ended within the window) or all.")
    var cohort: CohortKind = .trainingLeavers

    @Option(name: .customLong("ended-after"), help: ArgumentHelp("Training-leavers whose training ended on or after this date (default: a year before the reference date).", valueName: "date"))
    var endedAfter: Day?

    @Option(name: .customLong("ended-before"), help: ArgumentHelp("… and on or before this date (default: the reference date).", valueName: "date"))
    var endedBefore: Day?

    @Option(help: ArgumentHelp("File of candidate ids, one per line: the cohort is exactly these.", valueName: "file"))
    var ids: String?

    @Option(name: .customLong("proposals-per-post"), help: "Proposals per post of an offer (capacity = nombrePostes × this).")
    var proposalsPerPost = 3

    @Option(name: .customLong("max-per-candidate"), help: "Most proposals one candidate receives (congestion cap).")
    var maxPerCandidate = 3

    @Option(help: "Assignment method: flow (exact) or greedy.")
    var method: AssignmentMethodArgument = .flow

    @Option(help: "Output format: json or csv.")
    var format: BatchFormat = .json

    @Option(help: ArgumentHelp("Output file (json) or file prefix (csv). Default: JSON on standard output.", valueName: "path"))
    var out: String?

    func validate() throws {
        guard proposalsPerPost >= 1, maxPerCandidate >= 1 else { throw ValidationError("--proposals-per-post and --max-per-candidate must be ≥ 1") }
        if format == .csv, out == nil { throw ValidationError("--format csv needs --out PREFIX") }
    }

    func run() throws {
        let model = try data.model()
        note("BLAS: \(BLAS.implementation)")
        let inputs = try data.load(model: model, log: note)
        let date = inputs.referenceDate
        let members = try selectCohort(inputs.candidates, date: date)
        let openOffers = inputs.offers.filter { offer in offer.createdAt.flatMap { Day($0) }.map { $0 <= date } ?? true }
        note("Cohort: \(members.count) candidates; open offers: \(openOffers.count); reference date \(date).")
        guard !members.isEmpty, !openOffers.isEmpty else { throw CommandFailure("nothing to match: empty cohort or no open offer") }

        let clock = ContinuousClock()
        var matcherOrNil: Matcher?
        let indexTime = try clock.measure { matcherOrNil = try model.matcher(candidates: members, referenceDate: date) }
        guard let matcher = matcherOrNil else { return }
        let capacities = openOffers.map { max(1, $0.positions) * proposalsPerPost }
        let progress = ProgressDisplay(label: "scoring")
        let scorer = BatchScorer(matcher: matcher)
        let scored = scorer.score(offers: openOffers, listSize: { max(1, $0.positions) * proposalsPerPost * 4 },
                                  progress: progress.update)
        progress.finish()
        for s in scored.skipped.prefix(5) { note("offer \(openOffers[s.offer].id) skipped: \(s.reason)") }

        let problem = AssignmentProblem(graph: scored.graph, offerCapacity: capacities, candidateCap: maxPerCandidate)
        var assignment: Assignment?
        let assignTime = clock.measure { assignment = Assigner.solve(problem, method: method.value) }
        let chosen = assignment?.chosen.map { problem.edges[$0] } ?? []
        let summary = BatchSummary(pairs: chosen, unconstrained: BatchSummary.unconstrainedTopK(scored.graph.edges, capacities: capacities),
                                   index: matcher.index, offers: openOffers.count, capacity: capacities.reduce(0, +))
        let timing = BatchTiming(indexSeconds: indexTime.seconds, gemmSeconds: scored.gemmSeconds,
                                 gemmGflops: scored.gemmFlops / max(scored.gemmSeconds, 1e-9) / 1e9,
                                 selectionSeconds: scored.selectionSeconds, assignmentSeconds: assignTime.seconds,
                                 graphEdges: scored.graph.edges.count)
        let proposals = try explain(chosen, offers: openOffers, matcher: matcher)
        try write(proposals, summary: summary, timing: timing)
        note(BatchReport.table(summary, timing: timing, method: method.value))
    }

    func selectCohort(_ candidates: [Candidate], date: Day) throws -> [Candidate] {
        if let ids {
            guard let text = try? String(contentsOfFile: ids, encoding: .utf8) else { throw CommandFailure("\(ids): cannot read the file of ids") }
            let wanted = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            return candidates.filter { wanted.contains($0.id) }
        }
        switch cohort {
        case .all: return candidates
        case .trainingLeavers:
            let after = endedAfter ?? date.adding(days: -365), before = endedBefore ?? date
            return candidates.filter { c in c.training?.endDate.map { $0 >= after && $0 <= before } ?? false }
        }
    }

    func explain(_ pairs: [CandidateOfferEdge], offers: [JobOffer], matcher: Matcher) throws -> [BatchReport.Proposal] {
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

    func write(_ proposals: [BatchReport.Proposal], summary: BatchSummary, timing: BatchTiming) throws {
        switch format {
        case .json:
            let data = try BatchReport.json(proposals, summary: summary, timing: timing)
            if let out { try data.write(to: URL(fileURLWithPath: out), options: .atomic) } else { print(String(decoding: data, as: UTF8.self)) }
        case .csv:
            guard let out else { return }
            try Data(BatchReport.csvByCandidate(proposals).utf8).write(to: URL(fileURLWithPath: out + ".candidats.csv"), options: .atomic)
            try Data(BatchReport.csvByOffer(proposals).utf8).write(to: URL(fileURLWithPath: out + ".offres.csv"), options: .atomic)
        }
        if let out { note("Wrote \(format == .json ? out : out + ".candidats.csv and " + out + ".offres.csv")") }
    }
}

enum AssignmentMethodArgument: String, ExpressibleByArgument, CaseIterable {
    case flow, greedy
    var value: AssignmentMethod { self == .flow ? .flow : .greedy }
}

enum BatchFormat: String, ExpressibleByArgument, CaseIterable { case json, csv }

struct BatchTiming: Codable {
    var indexSeconds: Double
    var gemmSeconds: Double
    var gemmGflops: Double
    var selectionSeconds: Double
    var assignmentSeconds: Double
    var graphEdges: Int
}
