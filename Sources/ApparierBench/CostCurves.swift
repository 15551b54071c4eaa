import ApparierCommandSupport
package import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MatchCore
import MatchData
import MatchLab
import MatchStore

/// `apparier bench curves`: how the costs grow with the pool, from a regional to a national size, and what
/// the measured slopes give for 6 million candidates and 500,000 offers.
package struct CostCurvesBench: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "curves",
        abstract: "Mesurer les coûts selon la taille du vivier (100 000 à 2 000 000 candidats) et selon la cohorte d’un lot, et les projeter à 6 millions (sortie pour les développeurs).",
        discussion: """
        Pour chaque taille de vivier (--sizes) : génère le vivier, construit l'index
        (chronométré), l'écrit en instantané puis le relit (chronométré), mesure la
        mémoire de l'index et celle du processus, et chronomètre --queries
        présélections (médiane, p95). Pour chaque cohorte (--cohorts) : un lot face à
        --batch-offers offres. Écrit curves.csv, batch.csv, curves.json et curves.svg
        dans --out, et imprime la projection des pentes mesurées à 6 000 000 de candidats et
        500 000 offres. Long (une dizaine de minutes aux tailles par défaut) : à
        lancer à la main, compilé en mode release.

        Exemple :
          swift run -c release apparier bench curves --out docs/curves
        """)

    @Option(help: ArgumentHelp("Tailles de viviers, séparées par des virgules.", valueName: "n,n,…"))
    var sizes = "100000,500000,1000000,2000000"
    @Option(help: ArgumentHelp("Tailles de cohortes du lot, séparées par des virgules (vide : pas de lot).", valueName: "n,n,…"))
    var cohorts = "10000,35000,70000,140000"
    @Option(name: .customLong("batch-offers"), help: "Offres de chaque lot.") var batchOffers = 50_000
    @Option(help: "Présélections chronométrées par taille.") var queries = 200
    @Option(help: "Candidats par présélection.") var top = 20
    @Option(help: "Graine des données générées.") var seed: UInt64 = 2026
    @Option(help: ArgumentHelp("Dossier où écrire curves.csv, batch.csv, curves.json et curves.svg.", valueName: "dossier"))
    var out = "curves"

    package init() {}

    package func validate() throws {
        guard !Bench.sizes(sizes).isEmpty, Bench.sizes(sizes).allSatisfy({ $0 >= 1_000 }) else {
            throw ValidationError("--sizes : des tailles d'au moins 1000, séparées par des virgules")
        }
        guard Bench.sizes(cohorts).allSatisfy({ $0 >= 100 }) else { throw ValidationError("--cohorts : des tailles d'au moins 100") }
        guard queries >= 10 else { throw ValidationError("--queries : au moins 10") }
    }

    package func run() throws {
        let model = try MatchModel.load()
        let today = Day(year: 2026, month: 11, day: 23)!
        let population = DemoPopulation(rome: model.rome, communes: model.communes, seed: seed)
        let offers = population.offers(count: queries, referenceDate: today)
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        note("BLAS: \(BLAS.implementation); cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        var points = [PoolPoint]()
        for size in Bench.sizes(sizes).sorted() {
            note("Pool of \(size) candidates…")
            points.append(try PoolPoint.measure(size: size, population: population, offers: offers, model: model,
                                                top: top, today: today, folder: folder))
        }
        let sgemm = SgemmProbe.gflops(size: 4096)
        var batches = [BatchScalingPoint]()
        for cohort in Bench.sizes(cohorts).sorted() {
            note("Batch: \(cohort) candidates × \(batchOffers) offers…")
            batches.append(BatchScalingPoint(try BatchBench.run(model: model, seed: seed, cohort: cohort, offers: batchOffers,
                                                                today: today, sgemmGflops: sgemm, withoutProduct: true)))
        }
        let report = CurvesReport(machine: .init(cores: ProcessInfo.processInfo.activeProcessorCount, blas: BLAS.implementation.name,
                                                 blasThreads: BLAS.implementation.threads, sgemmGflops: sgemm),
                                  pools: points, batches: batches)
        try Data(report.poolsCSV.utf8).write(to: folder.appending(path: "curves.csv"))
        try Data(report.batchCSV.utf8).write(to: folder.appending(path: "batch.csv"))
        try Data(CurvesChart(report: report).svg.utf8).write(to: folder.appending(path: "curves.svg"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: folder.appending(path: "curves.json"))
        print(report.table)
        note("Written: \(folder.path)/curves.csv, batch.csv, curves.json, curves.svg")
    }
}

/// One pool size: index build and snapshot load, memory, shortlist latency.
struct PoolPoint: Codable {
    var candidates: Int
    var generationSeconds: Double
    var indexBuildSeconds: Double
    var snapshotWriteSeconds: Double
    var snapshotLoadSeconds: Double
    var snapshotBytes: Int
    var indexBytes: Int
    /// The process's resident memory with only the loaded index alive (the service's steady state, minus
    /// the store's cache).
    var residentBytes: Int
    var shortlistMs: Stats
    var rowsScoredMedian: Double

    static func measure(size: Int, population: DemoPopulation, offers: [JobOffer], model: MatchModel, top: Int,
                        today: Day, folder: URL) throws -> PoolPoint {
        let clock = ContinuousClock()
        var pool = [Candidate]()
        let generation = clock.measure { pool = population.candidates(count: size, referenceDate: today) }
        var built: CandidateIndex?
        let build = try clock.measure { built = try model.index(of: pool, referenceDate: today) }
        pool = []
        guard let index = built else { throw CommandFailure("no index") }
        let snapshot = folder.appending(path: "curves-\(size).index")
        defer { try? FileManager.default.removeItem(at: snapshot) }
        let write = try clock.measure { try IndexSnapshot.write(index, generation: 1, model: model, to: snapshot) }
        let snapshotBytes = (try? FileManager.default.attributesOfItem(atPath: snapshot.path)[.size] as? Int) ?? 0
        built = nil
        var loaded: CandidateIndex?
        let load = try clock.measure { loaded = try IndexSnapshot.read(from: snapshot, generation: 1, model: model, referenceDate: today).get() }
        guard let loaded else { throw CommandFailure("snapshot not read back") }
        releaseFreedMemory()
        let resident = currentResidentBytes()
        let matcher = try model.matcher(over: loaded)
        for offer in offers.prefix(20) { _ = try matcher.shortlist(for: offer, top: top) }   // warm-up
        var times = [Double](), rows = [Double]()
        for offer in offers {
            var list: Shortlist?
            times.append(try clock.measure { list = try matcher.shortlist(for: offer, top: top) }.milliseconds)
            rows.append(Double(list?.scanned ?? 0))
        }
        return PoolPoint(candidates: size, generationSeconds: generation.seconds, indexBuildSeconds: build.seconds,
                         snapshotWriteSeconds: write.seconds, snapshotLoadSeconds: load.seconds, snapshotBytes: snapshotBytes,
                         indexBytes: loaded.memoryFootprint, residentBytes: resident, shortlistMs: Stats(times),
                         rowsScoredMedian: Stats(rows).median)
    }
}

/// The curves, their CSV files, their table and the projection of their slopes.
struct CurvesReport: Encodable {
    var machine: BenchReport.Machine
    var pools: [PoolPoint]
    var batches: [BatchScalingPoint]

    static let nationalCandidates = 6_000_000
    static let nationalOffers = 500_000

    var poolsCSV: String {
        var lines = ["candidates,index_build_s,snapshot_load_s,snapshot_bytes,index_bytes,resident_bytes,shortlist_median_ms,shortlist_p95_ms,rows_scored_median"]
        for p in pools {
            lines.append("\(p.candidates),\(f(p.indexBuildSeconds)),\(f(p.snapshotLoadSeconds)),\(p.snapshotBytes),\(p.indexBytes),\(p.residentBytes),"
                         + "\(f(p.shortlistMs.median)),\(f(p.shortlistMs.p95)),\(Int(p.rowsScoredMedian))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var batchCSV: String {
        var lines = ["cohort,offers,scoring_gemm_s,selection_s,assignment_s,total_s,gemm_over_machine_sgemm,over_full_gemm,without_product_total_s"]
        for b in batches {
            lines.append("\(b.cohort),\(b.offers),\(f(b.scoringGemmSeconds)),\(f(b.selectionSeconds)),\(f(b.assignmentSeconds)),\(f(b.totalSeconds)),"
                         + "\(f(b.gemmOverMachineSgemm)),\(f(b.overFullGemm)),\(b.withoutProductSeconds.map { f($0) } ?? "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Least-squares line through the points, evaluated at `x`.
    static func projected(_ points: [(x: Double, y: Double)], at x: Double) -> Double {
        guard points.count > 1 else { return points.first.map { $0.y / max($0.x, 1) * x } ?? 0 }
        let n = Double(points.count)
        let mx = points.map(\.x).reduce(0, +) / n, my = points.map(\.y).reduce(0, +) / n
        let sxy = points.map { ($0.x - mx) * ($0.y - my) }.reduce(0, +), sxx = points.map { ($0.x - mx) * ($0.x - mx) }.reduce(0, +)
        let slope = sxx > 0 ? sxy / sxx : 0
        return my + slope * (x - mx)
    }

    /// The projection to 6 million candidates: linear in the pool for memory, build, load and latency (the
    /// pools being generated over one region, this is the latency at that density); for the batch, the
    /// scoring of the largest cohort against 500,000 offers, linear in cohort × offers.
    var projection: [String: Double] {
        let n = Double(Self.nationalCandidates)
        func line(_ y: (PoolPoint) -> Double) -> Double { Self.projected(pools.map { (Double($0.candidates), y($0)) }, at: n) }
        var out = ["indexBytes": line { Double($0.indexBytes) }, "residentBytes": line { Double($0.residentBytes) },
                   "snapshotBytes": line { Double($0.snapshotBytes) }, "indexBuildSeconds": line(\.indexBuildSeconds),
                   "snapshotLoadSeconds": line(\.snapshotLoadSeconds), "shortlistMedianMs": line { $0.shortlistMs.median },
                   "shortlistP95Ms": line { $0.shortlistMs.p95 }]
        if let largest = batches.map(\.cohort).max() {
            // Scoring (sgemm and selection) grows with the pairs a tile reaches; the exact assignment does
            // not grow linearly (see docs/benchmarks.md) and is left out of the line.
            let pairs = batches.map { (Double($0.cohort) * Double($0.offers), $0.scoringGemmSeconds + $0.selectionSeconds) }
            out["batchScoringSeconds"] = Self.projected(pairs, at: Double(largest) * Double(Self.nationalOffers))
        }
        return out
    }

    enum CodingKeys: String, CodingKey { case machine, pools, batches, projection }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(machine, forKey: .machine); try c.encode(pools, forKey: .pools)
        try c.encode(batches, forKey: .batches); try c.encode(projection, forKey: .projection)
    }

    /// The curves as text (developers' output, printed with the one ``TextTable``).
    var table: String {
        var out = "Machine: \(machine.cores) cores, BLAS \(machine.blas), sgemm \(f(machine.sgemmGflops, 1)) GFLOP/s\n"
        var poolTable = TextTable(["candidates", "build s", "load s", "index MB", "resident MB", "shortlist median ms", "p95 ms"],
                                  alignments: Array(repeating: .right, count: 7))
        for p in pools {
            poolTable.append([String(p.candidates), f(p.indexBuildSeconds, 2), f(p.snapshotLoadSeconds, 2), String(p.indexBytes / 1_048_576),
                              String(p.residentBytes / 1_048_576), f(p.shortlistMs.median, 3), f(p.shortlistMs.p95, 3)])
        }
        out += poolTable.text
        if !batches.isEmpty {
            var batchTable = TextTable(["cohort", "offers", "sgemm s", "selection s", "assignment s", "total s", "sgemm / machine", "/ dense GEMM",
                                        "without product s"], alignments: Array(repeating: .right, count: 9))
            for b in batches {
                batchTable.append([String(b.cohort), String(b.offers), f(b.scoringGemmSeconds, 2), f(b.selectionSeconds, 2),
                                   f(b.assignmentSeconds, 2), f(b.totalSeconds, 2), f(b.gemmOverMachineSgemm, 2), f(b.overFullGemm, 2),
                                   b.withoutProductSeconds.map { f($0, 2) } ?? "—"])
            }
            out += batchTable.text
        }
        out += "Projection to \(Self.nationalCandidates) candidates (batch scoring: cohort of \(batches.map(\.cohort).max() ?? 0) × \(Self.nationalOffers) offers), least-squares lines:\n"
        for (key, value) in projection.sorted(by: { $0.key < $1.key }) { out += "  \(key): \(f(value, 3))\n" }
        return out
    }

    private func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
}

/// Releases the memory the allocator keeps after large frees, so that the resident size measured next is
/// the live data's.
/// (glibc's `malloc_trim`, looked up at run time: the Glibc module does not export it.)
func releaseFreedMemory() {
    #if canImport(Glibc)
    typealias Trim = @convention(c) (Int) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: Trim.self)(0)
    #endif
}
