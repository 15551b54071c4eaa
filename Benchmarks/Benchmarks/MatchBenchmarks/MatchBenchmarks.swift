import Benchmark
import Foundation
import MatchCore
import MatchData
import MatchLab
import MatchStore

/// Generated pools over the real referentials, built once per size and shared by the suites.
final class Fixtures: @unchecked Sendable {
    static let shared = Fixtures()
    let model: MatchModel
    let today = Day(year: 2026, month: 11, day: 23)!
    let population: DemoPopulation
    let offers: [JobOffer]
    private var matchers: [Int: Matcher] = [:]
    private let lock = NSLock()

    private init() {
        model = try! MatchModel.load()
        population = DemoPopulation(rome: model.rome, communes: model.communes, seed: 2026)
        offers = population.offers(count: 200, referenceDate: today)
    }

    /// The batch graph of the 200 offers against 50,000 candidates, with 3 proposals per post and a cap of 3.
    lazy var assignmentProblem: AssignmentProblem = {
        let scored = BatchScorer(matcher: matcher(candidates: 50_000)).score(offers: offers, listSize: { 3 * $0.positions * 4 })
        return AssignmentProblem(graph: scored.graph, offerCapacity: offers.map { 3 * $0.positions }, candidateCap: 3)
    }()

    /// 20,000 generated candidates as a JSON file, written once.
    lazy var importFile: URL = {
        let url = FileManager.default.temporaryDirectory.appending(path: "apparier-bench-candidates-\(ProcessInfo.processInfo.processIdentifier).json")
        try! RecordFiles.encodeCandidates(population.candidates(count: 20_000, referenceDate: today)).write(to: url)
        return url
    }()

    func matcher(candidates: Int) -> Matcher {
        lock.lock(); defer { lock.unlock() }
        if let m = matchers[candidates] { return m }
        let m = try! model.matcher(candidates: population.candidates(count: candidates, referenceDate: today), referenceDate: today)
        matchers[candidates] = m
        return m
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(5),
        maxIterations: 200
    )

    Benchmark("Vectorization: index of 20,000 candidates", configuration: .init(maxIterations: 5)) { benchmark in
        let f = Fixtures.shared
        let pool = f.population.candidates(count: 20_000, referenceDate: f.today)
        benchmark.startMeasurement()
        blackHole(try f.model.matcher(candidates: pool, referenceDate: f.today))
    }

    let cores = ProcessInfo.processInfo.activeProcessorCount
    for size in [50_000, 200_000, 500_000] {
        // Geo-blocked on one thread and on every core (one présélection using the machine), flat.
        let runs = [(Matcher.Strategy.blocked, 1)] + (cores > 1 ? [(.blocked, cores)] : []) + [(.flat, 1)]
        for (strategy, threads) in runs {
            let name = strategy == .blocked ? "\(strategy.rawValue) on \(threads) thread\(threads > 1 ? "s" : "")" : strategy.rawValue
            Benchmark("Shortlist \(name), \(size / 1000)k candidates",
                      configuration: .init(scalingFactor: .one)) { benchmark in
                let matcher = Fixtures.shared.matcher(candidates: size)
                let offers = Fixtures.shared.offers
                benchmark.startMeasurement()
                for i in benchmark.scaledIterations {
                    blackHole(try matcher.shortlist(for: offers[i % offers.count], top: 20, strategy: strategy, threads: threads))
                }
            }
        }
    }

    Benchmark("Batch scoring tiles (sgemm + selection), 50k × 200 offers", configuration: .init(maxIterations: 10)) { benchmark in
        let scorer = BatchScorer(matcher: Fixtures.shared.matcher(candidates: 50_000))
        let offers = Fixtures.shared.offers
        benchmark.startMeasurement()
        blackHole(scorer.score(offers: offers, listSize: { _ in 12 }))
    }

    // The product one batch tile does: 256 offers × 8,192 candidate rows × the vector stride.
    Benchmark("sgemm tile 256 × 8192 × 144 (batch scoring)",
              configuration: .init(metrics: [.wallClock, .throughput, .instructions], scalingFactor: .one)) { benchmark in
        let (m, n, k) = (256, 8192, 144)
        var rng = SplitMix64(seed: 3)
        let a = (0..<(m * k)).map { _ in Float(rng.nextUnit()) }
        let b = (0..<(n * k)).map { _ in Float(rng.nextUnit()) }
        var c = [Float](repeating: 0, count: m * n)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            BLAS.gemm(m: m, n: n, k: k, a: a, b: b, transposeB: true, c: &c)
            blackHole(c[0])
        }
    }

    Benchmark("Import of 20,000 candidates (JSON) into a new store", configuration: .init(maxIterations: 5)) { benchmark in
        let f = Fixtures.shared
        let file = f.importFile
        let dir = FileManager.default.temporaryDirectory.appending(path: "apparier-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(at: dir.appending(path: "bench.sqlite").path)
        benchmark.startMeasurement()
        blackHole(try store.importCandidates(from: file, model: f.model, options: ImportOptions(actor: "bench")))
    }

    Benchmark("Top 50 of 1M scores (heap)", configuration: .init(scalingFactor: .one)) { benchmark in
        var rng = SplitMix64(seed: 5)
        let scores = (0..<1_000_000).map { _ in Float(rng.nextUnit()) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var top = TopK(capacity: 50)
            scores.withUnsafeBufferPointer { top.insert(contentsOf: $0) }
            blackHole(top.count)
        }
    }

    // One scored graph for both methods, so they solve the same problem.
    for method in AssignmentMethod.allCases {
        Benchmark("Assignment, \(method.rawValue)", configuration: .init(maxIterations: 10)) { benchmark in
            let problem = Fixtures.shared.assignmentProblem
            benchmark.startMeasurement()
            blackHole(Assigner.solve(problem, method: method))
        }
    }
}
