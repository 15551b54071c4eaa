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
        let batch = BatchRun(model: model, request: try request())
        let date = inputs.referenceDate
        note("Cohort: \(batch.cohort(of: inputs.candidates, date: date).count) candidates; open offers: \(batch.openOffers(inputs.offers, date: date).count); reference date \(date).")
        let progress = ProgressDisplay(label: "scoring")
        let outcome: BatchRun.Outcome
        do {
            outcome = try batch.run(offers: inputs.offers, candidates: inputs.candidates, referenceDate: date, progress: progress.update)
        } catch let error as MatchError where error.code == .invalidRecord {
            throw CommandFailure(error.message)
        }
        progress.finish()
        for s in outcome.skipped.prefix(5) { note("offer \(s.offer) skipped: \(s.reason)") }
        try write(outcome)
        note(BatchReport.table(outcome.summary, timing: outcome.timing, method: method.value))
    }

    /// The options as a batch request (the ids file read).
    func request() throws -> BatchRun.Request {
        var request = BatchRun.Request()
        request.cohort = cohort == .all ? .all : .trainingLeavers
        request.endedAfter = endedAfter
        request.endedBefore = endedBefore
        request.proposalsPerPost = proposalsPerPost
        request.maxPerCandidate = maxPerCandidate
        request.method = method.value
        if let ids {
            guard let text = try? String(contentsOfFile: ids, encoding: .utf8) else { throw CommandFailure("\(ids): cannot read the file of ids") }
            request.ids = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return request
    }

    func write(_ outcome: BatchRun.Outcome) throws {
        switch format {
        case .json:
            let data = try outcome.json()
            if let out { try data.write(to: URL(fileURLWithPath: out), options: .atomic) } else { print(String(decoding: data, as: UTF8.self)) }
        case .csv:
            guard let out else { return }
            try Data(BatchReport.csvByCandidate(outcome.proposals).utf8).write(to: URL(fileURLWithPath: out + ".candidats.csv"), options: .atomic)
            try Data(BatchReport.csvByOffer(outcome.proposals).utf8).write(to: URL(fileURLWithPath: out + ".offres.csv"), options: .atomic)
        }
        if let out { note("Wrote \(format == .json ? out : out + ".candidats.csv and " + out + ".offres.csv")") }
    }
}

enum AssignmentMethodArgument: String, ExpressibleByArgument, CaseIterable {
    case flow, greedy
    var value: AssignmentMethod { self == .flow ? .flow : .greedy }
}

enum BatchFormat: String, ExpressibleByArgument, CaseIterable { case json, csv }
