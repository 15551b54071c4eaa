import ApparierCommandSupport
import Foundation
import MatchCore
import MatchData
import MatchLab

/// The batch part of `apparier bench`: a whole generated cohort against generated offers, timed by phase,
/// with the scoring phase's GFLOP/s against the machine's measured sgemm rate.
///
/// The phases are those of the multiplied batch (``BatchScorer/alwaysMultiplies``), which a policy with
/// affinity needs. Under a policy that gives the affinity no weight, `apparier batch` multiplies nothing;
/// ``withoutProduct`` times that batch too, on the same index, and says whether it chose the same proposals.
struct BatchBench: Codable {
    var cohort: Int
    var offers: Int
    var sgemmGflops: Double
    var indexSeconds: Double
    var scoringGemmSeconds: Double
    var scoringGemmGflops: Double
    var selectionSeconds: Double
    /// Parts of the selection: offer queries and travel times; copying each tile's first band of rows
    /// (the others are copied during the walk); the walk over reachable rows.
    var compileSeconds: Double
    var stagingSeconds: Double
    var walkSeconds: Double
    var assignmentSeconds: Double
    var totalSeconds: Double
    /// Time a dense sgemm of the whole cohort × offers × stride would take at the measured rate.
    var fullGemmSeconds: Double
    var graphEdges: Int
    /// The last-level cache the operating system reports (nil: none), and the band height chosen from it.
    var lastLevelCacheBytes: Int?
    var bandRows: Int
    var summary: BatchSummary
    /// The same batch as `apparier batch` runs it when the policy needs no product (nil: it needs one, and
    /// the figures above are that batch's).
    var withoutProduct: UnmultipliedBatch?

    /// - Parameter withoutProduct: whether to time the batch without product too, when the policy allows it.
    static func run(model: MatchModel, seed: UInt64, cohort: Int, offers: Int, today: Day, sgemmGflops rate: Double,
                    withoutProduct: Bool = false) throws -> BatchBench {
        let population = DemoPopulation(rome: model.rome, communes: model.communes, seed: seed ^ 0xBA7C4)
        let clock = ContinuousClock()
        let offerList = population.offers(count: offers, referenceDate: today)
        var matcherOrNil: Matcher?
        let indexTime = try clock.measure {
            matcherOrNil = try model.matcher(candidates: population.candidates(count: cohort, referenceDate: today), referenceDate: today)
        }
        guard let matcher = matcherOrNil else { throw CommandFailure("no matcher") }
        let progress = ProgressDisplay(label: "batch scoring")
        // The command's batch at its defaults: 3 proposals per post, 3 per candidate, exact assignment.
        let run = BatchRun(model: model, request: BatchRun.Request())
        let assigned = run.assign(matcher, offers: offerList, alwaysMultiplies: true, progress: progress.update)
        progress.finish()
        let (scored, summary, assignSeconds) = (assigned.scored, assigned.summary, assigned.assignmentSeconds)
        let fullFlops = 2 * Double(cohort) * Double(offers) * Double(matcher.index.stride)
        let gemmRate = scored.gemmFlops / max(scored.gemmSeconds, 1e-9) / 1e9
        let selection = assigned.scoringSeconds - scored.gemmSeconds
        let total = assigned.scoringSeconds + assignSeconds
        var unmultiplied: UnmultipliedBatch?
        if withoutProduct, model.policy.dotIsBonusesOnly {
            let plain = run.assign(matcher, offers: offerList)
            unmultiplied = UnmultipliedBatch(plain, multiplied: assigned, fullGemmSeconds: fullFlops / (rate * 1e9))
        }
        return BatchBench(
            cohort: cohort, offers: offers, sgemmGflops: rate, indexSeconds: indexTime.seconds,
            scoringGemmSeconds: scored.gemmSeconds, scoringGemmGflops: gemmRate, selectionSeconds: selection,
            compileSeconds: scored.compileSeconds, stagingSeconds: scored.stagingSeconds, walkSeconds: scored.walkSeconds,
            assignmentSeconds: assignSeconds, totalSeconds: total, fullGemmSeconds: fullFlops / (rate * 1e9),
            graphEdges: scored.graph.edges.count, lastLevelCacheBytes: MachineCaches.lastLevelBytes(),
            bandRows: BatchRun.scorer(matcher).bandColumns, summary: summary, withoutProduct: unmultiplied)
    }

    var table: String {
        """
        Batch: \(cohort) candidates × \(offers) offers (machine sgemm \(String(format: "%.1f", sgemmGflops)) GFLOP/s; bands of \(bandRows) rows for a last-level cache of \(lastLevelCacheBytes.map { "\($0 >> 10) KiB" } ?? "unknown size"))
          index build        \(String(format: "%8.2f", indexSeconds)) s
          scoring: sgemm     \(String(format: "%8.2f", scoringGemmSeconds)) s at \(String(format: "%.1f", scoringGemmGflops)) GFLOP/s (\(String(format: "%.0f", 100 * scoringGemmGflops / sgemmGflops)) % of the machine's rate)
          scoring: selection \(String(format: "%8.2f", selectionSeconds)) s (constraints, exact parts, top lists; \(graphEdges) edges kept)
            compile, travel  \(String(format: "%8.2f", compileSeconds)) s
            first bands      \(String(format: "%8.2f", stagingSeconds)) s (copied before their sgemm; the others during the walk)
            walk             \(String(format: "%8.2f", walkSeconds)) s
            rest             \(String(format: "%8.2f", selectionSeconds - compileSeconds - stagingSeconds - walkSeconds)) s (tile plans, graph)
          assignment (flow)  \(String(format: "%8.2f", assignmentSeconds)) s
          whole batch        \(String(format: "%8.2f", totalSeconds)) s = \(String(format: "%.2f", totalSeconds / fullGemmSeconds))× a dense sgemm of the full product (\(String(format: "%.1f", fullGemmSeconds)) s)
          proposals per candidate max \(summary.assigned.proposalsPerCandidate.max) vs \(summary.unconstrained.proposalsPerCandidate.max) unconstrained; total score \(String(format: "%.1f", summary.assigned.totalScore)) vs \(String(format: "%.1f", summary.unconstrained.totalScore))
        """ + (withoutProduct.map { "\n" + $0.table } ?? "")
    }
}

/// The batch without product, as `apparier batch` runs it under a policy that gives the affinity no weight:
/// every row's dot product is its bonuses, read from its publics (``BatchScorer``).
struct UnmultipliedBatch: Codable {
    var scoringSeconds: Double
    var walkSeconds: Double
    var assignmentSeconds: Double
    var totalSeconds: Double
    var overFullGemm: Double
    /// Whether it chose the very pairs the multiplied batch chose, and its total score.
    var sameProposals: Bool
    var totalScore: Double

    init(_ plain: BatchRun.Assigned, multiplied: BatchRun.Assigned, fullGemmSeconds: Double) {
        scoringSeconds = plain.scoringSeconds
        walkSeconds = plain.scored.walkSeconds
        assignmentSeconds = plain.assignmentSeconds
        totalSeconds = plain.scoringSeconds + plain.assignmentSeconds
        overFullGemm = totalSeconds / max(fullGemmSeconds, 1e-9)
        func pairs(_ a: BatchRun.Assigned) -> Set<Int64> { Set(a.chosen.map { Int64($0.row) << 32 | Int64($0.offer) }) }
        sameProposals = pairs(plain) == pairs(multiplied)
        totalScore = plain.summary.assigned.totalScore
    }

    var table: String {
        """
          without product, as `apparier batch` runs it (the policy gives the affinity no weight):
            scoring          \(String(format: "%8.2f", scoringSeconds)) s (no sgemm; walk \(String(format: "%.2f", walkSeconds)) s)
            assignment (flow)\(String(format: "%8.2f", assignmentSeconds)) s
            whole batch      \(String(format: "%8.2f", totalSeconds)) s = \(String(format: "%.2f", overFullGemm))× a dense sgemm of the full product; same proposals: \(sameProposals ? "yes" : "NO"), total score \(String(format: "%.1f", totalScore))
        """
    }
}

/// Measures the BLAS library's sgemm rate on a square product, the reference for scoring efficiency.
enum SgemmProbe {
    static func gflops(size n: Int, repeats: Int = 3) -> Double {
        var rng = SplitMix64(seed: 1)
        let a = (0..<(n * n)).map { _ in Float(rng.nextUnit()) }
        let b = (0..<(n * n)).map { _ in Float(rng.nextUnit()) }
        var c = [Float](repeating: 0, count: n * n)
        BLAS.gemm(m: n, n: n, k: n, a: a, b: b, c: &c)  // warm-up: thread start, page faults
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<repeats {
            best = min(best, clock.measure { BLAS.gemm(m: n, n: n, k: n, a: a, b: b, c: &c) }.seconds)
        }
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }
}
