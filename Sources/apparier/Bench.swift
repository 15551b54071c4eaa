import ArgumentParser
import Foundation
import MatchCore
import MatchData

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time one shortlist over a generated regional pool: geo-blocked scan vs flat full scan.",
        discussion: """
        Generates a seeded pool over the real Hauts-de-France communes and ROME (default 200,000
        candidates), builds the index, then for each of --queries offers times the shortlist with
        geo-blocking and with a flat scan of all vectors, checks both return the same candidates and
        scores, and prints medians, p95, the ratio and the BLAS library loaded. Build in release mode
        for meaningful figures.

        Example:
          swift run -c release apparier bench --candidates 500000 --queries 100
          apparier bench --json
        """
    )

    @Option(help: "Candidates in the generated pool.") var candidates = 200_000
    @Option(help: "Offers to time (each timed with both strategies).") var queries = 100
    @Option(help: "Candidates per shortlist.") var top = 20
    @Option(help: "Seed of the generated pool.") var seed: UInt64 = 2026
    @Option(name: .customLong("repeat"), help: "Times each offer is run with each strategy (the median over all runs is reported).") var repeats = 1
    @Option(name: .customLong("batch-candidates"), help: "Also time a batch: cohort size (0 = skip).") var batchCandidates = 0
    @Option(name: .customLong("batch-offers"), help: "Offers of the batch.") var batchOffers = 50_000
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        guard candidates >= 1_000, queries >= 1, repeats >= 1 else {
            throw ValidationError("need --candidates ≥ 1000, --queries ≥ 1 and --repeat ≥ 1")
        }
    }

    func run() throws {
        let workspace = try Workspace.load()
        let today = Day(year: 2026, month: 11, day: 23)!
        let population = DemoPopulation(rome: workspace.rome, communes: workspace.communes, seed: seed)
        let clock = ContinuousClock()
        var pool: [Candidate] = []
        let generation = clock.measure { pool = population.candidates(count: candidates, referenceDate: today) }
        let offers = population.offers(count: queries, referenceDate: today)
        var matcherOrNil: Matcher?
        let build = try clock.measure { matcherOrNil = try workspace.matcher(candidates: pool, referenceDate: today) }
        pool = []
        guard let matcher = matcherOrNil else { return }

        var blocked = [Double](), flat = [Double](), scanned = [Double](), mismatches = 0
        var travelTimes = [Double](), compile = [Double]()
        for offer in offers {
            let q = try matcher.query(for: offer)
            compile.append(try clock.measure { _ = try matcher.query(for: offer) }.milliseconds)
            travelTimes.append(clock.measure { _ = matcher.travel.fromAllCommunes(of: matcher.communes, to: q.location) }.milliseconds)
            var a: Shortlist?, b: Shortlist?
            for _ in 0..<repeats {
                blocked.append(try clock.measure { a = try matcher.shortlist(for: offer, top: top, strategy: .blocked) }.milliseconds)
                flat.append(try clock.measure { b = try matcher.shortlist(for: offer, top: top, strategy: .flat) }.milliseconds)
            }
            scanned.append(Double(a?.scanned ?? 0))
            if a?.entries.map(\.candidateId) != b?.entries.map(\.candidateId) || a?.excluded != b?.excluded { mismatches += 1 }
        }
        let index = matcher.index
        let result = BenchResult(
            blas: BLAS.implementation.description, cores: ProcessInfo.processInfo.activeProcessorCount,
            candidates: index.count, queries: queries, top: top, dimension: index.dimension, stride: index.stride,
            generationSeconds: generation.seconds, indexBuildSeconds: build.seconds,
            vectorBytes: index.count * index.stride * 4, indexBytes: index.memoryFootprint,
            blocked: .init(blocked), flat: .init(flat), medianRowsScanned: Stats(scanned).median,
            speedup: Stats(flat).median / Stats(blocked).median, mismatches: mismatches,
            offerCompile: .init(compile), travelTimes: .init(travelTimes))
        let batch = try batchCandidates > 0
            ? BatchBench.run(workspace: workspace, seed: seed, cohort: batchCandidates, offers: batchOffers, today: today) : nil
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            struct Report: Encodable { var shortlist: BenchResult; var batch: BatchBench? }
            print(String(decoding: try encoder.encode(Report(shortlist: result, batch: batch)), as: UTF8.self))
        } else {
            print(result.table)
            if let batch { print(batch.table) }
        }
        if mismatches > 0 { throw CommandFailure("\(mismatches) offers got different shortlists from the two strategies") }
    }
}

struct Stats: Codable {
    var median: Double, p95: Double, min: Double, max: Double
    init(_ values: [Double]) {
        let s = values.sorted()
        func at(_ q: Double) -> Double { s.isEmpty ? 0 : s[Swift.min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))] }
        median = at(0.5); p95 = at(0.95); min = s.first ?? 0; max = s.last ?? 0
    }
}

struct BenchResult: Codable {
    var blas: String, cores: Int, candidates: Int, queries: Int, top: Int, dimension: Int, stride: Int
    var generationSeconds: Double, indexBuildSeconds: Double, vectorBytes: Int, indexBytes: Int
    var blocked: Stats, flat: Stats, medianRowsScanned: Double, speedup: Double, mismatches: Int
    /// Fixed parts of every shortlist, timed alone.
    var offerCompile: Stats, travelTimes: Stats

    var table: String {
        func ms(_ s: Stats) -> String { String(format: "%8.3f %8.3f %8.3f", s.median, s.p95, s.min) }
        return """
        BLAS: \(blas); cores: \(cores)
        Pool: \(candidates) candidates, vectors \(dimension)+9 floats (stride \(stride)), \(vectorBytes / 1_048_576) MiB of vectors, index \(indexBytes / 1_048_576) MiB
        Generation \(String(format: "%.2f", generationSeconds)) s, index build \(String(format: "%.2f", indexBuildSeconds)) s
        One shortlist (top \(top)) over \(queries) offers, milliseconds:
                            median      p95      min
          geo-blocked   \(ms(blocked))   (median rows scored: \(Int(medianRowsScanned)))
          flat scan     \(ms(flat))   (all \(candidates) rows)
          of which, fixed per offer:
            offer compile \(ms(offerCompile))
            travel times  \(ms(travelTimes))   (every commune to the offer, 4 modes)
          speed-up (median flat / median blocked): \(String(format: "%.1f", speedup))×
          same shortlists from both: \(mismatches == 0 ? "yes" : "NO (\(mismatches) differ)")
        """
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
    var milliseconds: Double { seconds * 1_000 }
}
