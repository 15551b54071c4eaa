import ApparierCommandSupport
package import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

/// `apparier bench`: the self-contained run (`bench run`, the default) and the cost curves (`bench curves`).
package struct BenchCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Mesurer Apparier : la course complète (par défaut) ou les courbes de coût jusqu’à 2 millions de candidats (sortie pour les développeurs).",
        discussion: """
        Sans sous-commande, `apparier bench` lance `apparier bench run` avec les mêmes
        options. Compilez en mode release.

        Exemples :
          swift run -c release apparier bench --json
          swift run -c release apparier bench curves --out docs/curves
        """,
        subcommands: [Bench.self, CostCurvesBench.self],
        defaultSubcommand: Bench.self)

    package init() {}
}

package struct Bench: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Mesurer Apparier sur un jeu régional généré : présélections, passage à l’échelle, top-k, lots, sgemm (sortie pour les développeurs, en anglais).",
        discussion: """
        Génère un vivier reproductible sur les vraies communes des Hauts-de-France et
        le ROME, construit l'index et chronomètre la présélection de --queries offres
        avec filtrage géographique (sur tous les cœurs, puis sur un seul) et par un
        parcours de tous les vecteurs (en vérifiant que les trois donnent la même
        liste), puis la même chose sur des viviers plus petits, une sélection top-k, un
        traitement par lots (cohorte × offres : tuiles sgemm, sélection, répartition
        exacte) et le même lot pour des cohortes plus petites (--batch-scaling), et le
        débit sgemm de la machine sur un produit 4096 × 4096. Imprime une table (en
        anglais : une sortie pour les développeurs), ou un objet JSON avec --json.
        Compilez en mode release ; à la taille par défaut (500 000 candidats ; un lot
        de 70 000 sortants × 50 000 offres), cela prend environ une demi-minute.

        --export DOSSIER écrit aussi les vecteurs des candidats et des requêtes
        (float32 bruts, avec meta.json) pour Benchmarks/faiss_side_by_side.sh.

        Exemples :
          swift run -c release apparier bench
          swift run -c release apparier bench --json
          swift run -c release apparier bench --candidates 50000 --batch-candidates 5000 --batch-offers 2000 \\
            --scaling 10000,20000 --batch-scaling 1000,2000   # un coup d'œil rapide
          swift run -c release apparier bench curves --out docs/curves   # les courbes de coût, jusqu'à 2 millions
        """
    )

    @Option(help: "Candidats du vivier généré.") var candidates = 500_000
    @Option(help: "Offres à chronométrer (chacune avec chaque stratégie).") var queries = 100
    @Option(help: "Candidats par présélection.") var top = 20
    @Option(help: "Graine des données générées.") var seed: UInt64 = 2026
    @Option(name: .customLong("repeat"), help: "Passages de chaque offre avec chaque stratégie.") var repeats = 1
    @Option(help: ArgumentHelp("Tailles de viviers plus petites pour la table de passage à l'échelle, séparées par des virgules.", valueName: "n,n,…"))
    var scaling = "50000,100000,200000"
    @Option(name: .customLong("batch-candidates"), help: "Taille de la cohorte du lot (0 le saute).") var batchCandidates = 70_000
    @Option(name: .customLong("batch-offers"), help: "Offres du lot.") var batchOffers = 50_000
    @Option(name: .customLong("batch-scaling"),
            help: ArgumentHelp("Tailles de cohortes plus petites pour la table du lot (mêmes offres), séparées par des virgules.", valueName: "n,n,…"))
    var batchScaling = "10000,20000,40000"
    @Option(help: ArgumentHelp("Écrire les vecteurs et les requêtes pour la comparaison avec Faiss dans ce dossier.", valueName: "dossier"))
    var export: String?
    @Flag(help: "Imprimer un objet JSON au lieu d'une table.") var json = false

    var scalingSizes: [Int] { Bench.sizes(scaling) }
    var batchScalingSizes: [Int] { Bench.sizes(batchScaling) }

    static func sizes(_ list: String) -> [Int] {
        list.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    package func validate() throws {
        guard candidates >= 1_000, queries >= 1, repeats >= 1, batchCandidates >= 0, batchOffers >= 1 else {
            throw ValidationError("need --candidates ≥ 1000, --queries ≥ 1, --repeat ≥ 1")
        }
        guard scalingSizes.allSatisfy({ $0 >= 1_000 && $0 <= candidates }) else {
            throw ValidationError("--scaling sizes must be between 1000 and --candidates")
        }
        guard batchScalingSizes.allSatisfy({ $0 >= 100 }) else {
            throw ValidationError("--batch-scaling sizes must be at least 100")
        }
    }

    package init() {}

    package func run() throws {
        let model = try MatchModel.load()
        let today = Day(year: 2026, month: 11, day: 23)!
        let population = DemoPopulation(rome: model.rome, communes: model.communes, seed: seed)
        let clock = ContinuousClock()
        var pool = [Candidate]()
        let generation = clock.measure { pool = population.candidates(count: candidates, referenceDate: today) }
        let offers = population.offers(count: max(queries, export == nil ? 0 : 1_000), referenceDate: today)
        var matcherOrNil: Matcher?
        let build = try clock.measure { matcherOrNil = try model.matcher(candidates: pool, referenceDate: today) }
        guard let matcher = matcherOrNil else { return }
        note("Pool of \(candidates) built; timing \(queries) shortlists…")
        let main = try ShortlistFigures.measure(matcher, offers: Array(offers.prefix(queries)), top: top, repeats: repeats)
        var curve = [ScalingPoint]()
        for size in scalingSizes.sorted() where size < candidates {
            let m = try model.matcher(candidates: Array(pool.prefix(size)), referenceDate: today)
            let f = try ShortlistFigures.measure(m, offers: Array(offers.prefix(min(queries, 30))), top: top, repeats: 1)
            curve.append(ScalingPoint(candidates: size, blockedMedianMs: f.blocked.median,
                                      blockedOneThreadMedianMs: f.blockedOneThread.median, flatMedianMs: f.flat.median,
                                      rowsScoredMedian: f.medianRowsScanned))
        }
        curve.append(ScalingPoint(candidates: candidates, blockedMedianMs: main.blocked.median,
                                  blockedOneThreadMedianMs: main.blockedOneThread.median, flatMedianMs: main.flat.median,
                                  rowsScoredMedian: main.medianRowsScanned))
        pool = []
        if let export { try exportVectors(matcher: matcher, offers: Array(offers.prefix(1_000)), to: export) }
        note("Measuring top-k, sgemm and the batch…")
        let topK = TopKFigures.measure()
        let sgemm = SgemmProbe.gflops(size: 4096)
        let batch = batchCandidates > 0
            ? try BatchBench.run(model: model, seed: seed, cohort: batchCandidates, offers: batchOffers, today: today,
                                 sgemmGflops: sgemm, withoutProduct: true) : nil
        var batchCurve = [BatchScalingPoint]()
        if let batch {
            for cohort in batchScalingSizes.sorted() where cohort < batchCandidates {
                note("Batch scaling: \(cohort) candidates…")
                batchCurve.append(BatchScalingPoint(try BatchBench.run(model: model, seed: seed, cohort: cohort, offers: batchOffers,
                                                                       today: today, sgemmGflops: sgemm)))
            }
            batchCurve.append(BatchScalingPoint(batch))
        }
        let index = matcher.index
        let report = BenchReport(
            machine: .init(cores: ProcessInfo.processInfo.activeProcessorCount, blas: BLAS.implementation.name,
                           blasThreads: BLAS.implementation.threads, sgemmGflops: sgemm),
            dataset: .init(candidates: index.count, queries: queries, top: top, dimension: index.dimension, stride: index.stride,
                           communes: model.communes.count, blocks: index.blocks.count),
            generationSeconds: generation.seconds, indexBuildSeconds: build.seconds,
            vectorBytes: index.count * index.stride * 4, indexBytes: index.memoryFootprint,
            peakMemoryBytes: peakResidentBytes(), shortlist: main, scaling: curve, topK: topK, batch: batch,
            batchScaling: batchCurve)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
        if main.mismatches > 0 { throw CommandFailure("\(main.mismatches) offers got different shortlists from the two strategies") }
    }

    /// Raw little-endian float32 matrices plus meta.json with Apparier's own timings on the same queries.
    func exportVectors(matcher: Matcher, offers: [JobOffer], to path: String) throws {
        let dir = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let index = matcher.index
        try index.vectors.withUnsafeBytes { try Data($0).write(to: dir.appending(path: "candidates.f32")) }
        let queries = try offers.map { try matcher.query(for: $0).vector }
        try queries.flatMap { $0 }.withUnsafeBytes { try Data($0).write(to: dir.appending(path: "queries.f32")) }
        let clock = ContinuousClock()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // One shortlist at a time, over every exported offer (a few seconds), after a short warm-up.
        for offer in offers.prefix(20) { _ = try matcher.shortlist(for: offer, top: top, threads: cores) }
        var single = [Double](), oneThread = [Double]()
        for offer in offers {
            single.append(try clock.measure { _ = try matcher.shortlist(for: offer, top: top, threads: cores) }.milliseconds)
        }
        // The one-thread pass is also the 1,000 shortlists one after the other.
        for offer in offers { oneThread.append(try clock.measure { _ = try matcher.shortlist(for: offer, top: top) }.milliseconds) }
        let parallel = clock.measure { Bench.shortlistsInParallel(matcher, offers: offers, top: top, threads: cores) }
        let meta = ExportMeta(candidates: index.count, stride: index.stride, queries: offers.count, top: top,
                              apparierOneQueryMedianMs: Stats(single).median, apparierOneQueryOneThreadMedianMs: Stats(oneThread).median,
                              apparierAllQueriesSeconds: oneThread.reduce(0, +) / 1_000,
                              apparierAllQueriesParallelSeconds: parallel.seconds, parallelThreads: cores,
                              blas: BLAS.implementation.description)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(meta).write(to: dir.appending(path: "meta.json"))
        note("Exported \(index.count) × \(index.stride) candidate vectors and \(offers.count) queries to \(dir.path)")
    }
}

extension Bench {
    /// Every offer's shortlist, the offers shared out over `threads` workers (BLAS single-threaded inside,
    /// so the workers do not oversubscribe the cores): how a server answers many assistants at once.
    static func shortlistsInParallel(_ matcher: Matcher, offers: [JobOffer], top: Int, threads: Int) {
        BLAS.withThreads(1) {
            _ = parallelMap(offers.count, workers: threads) { try? matcher.shortlist(for: offers[$0], top: top) }
        }
    }
}

struct ExportMeta: Codable {
    var candidates: Int, stride: Int, queries: Int, top: Int
    /// One shortlist on every core (``parallelThreads``), and on one.
    var apparierOneQueryMedianMs: Double, apparierOneQueryOneThreadMedianMs: Double, apparierAllQueriesSeconds: Double
    var apparierAllQueriesParallelSeconds: Double, parallelThreads: Int
    var blas: String
}

/// One shortlist per offer, geo-blocked (on every core, and on one) and flat, with the fixed per-offer parts
/// timed alone. Each strategy is timed in its own pass over the offers, so that one strategy's traffic (the
/// flat scan reads every vector; OpenBLAS's threads spin on after its calls) does not slow the other.
struct ShortlistFigures: Codable {
    /// Geo-blocked on ``threads`` workers (the présélection an assistant waits for), then on one.
    var blocked: Stats, blockedOneThread: Stats, flat: Stats
    var threads: Int
    var medianRowsScanned: Double
    /// Median flat / median blocked.
    var speedup: Double
    var mismatches: Int
    var offerCompile: Stats, travelTimes: Stats

    static func measure(_ matcher: Matcher, offers: [JobOffer], top: Int, repeats: Int) throws -> ShortlistFigures {
        let clock = ContinuousClock()
        let threads = ProcessInfo.processInfo.activeProcessorCount
        var compile = [Double](), travel = [Double]()
        for offer in offers {
            let q = try matcher.query(for: offer)
            compile.append(try clock.measure { _ = try matcher.query(for: offer) }.milliseconds)
            travel.append(clock.measure { _ = matcher.travel.fromAllCommunes(of: matcher.communes, to: q.location, reachKm: matcher.reachKm) }.milliseconds)
        }
        func pass(_ strategy: Matcher.Strategy, threads: Int) throws -> (times: [Double], lists: [Shortlist]) {
            var times = [Double](), lists = [Shortlist]()
            for offer in offers {
                var list: Shortlist?
                for _ in 0..<repeats {
                    times.append(try clock.measure { list = try matcher.shortlist(for: offer, top: top, strategy: strategy, threads: threads) }.milliseconds)
                }
                if let list { lists.append(list) }
            }
            return (times, lists)
        }
        _ = try pass(.blocked, threads: 1)  // warm-up: the first pass over the pool would pay for the others
        let blocked = try pass(.blocked, threads: threads)
        let oneThread = try pass(.blocked, threads: 1)
        let flat = try pass(.flat, threads: 1)
        let mismatches = zip(blocked.lists, zip(oneThread.lists, flat.lists)).filter { a, others in
            [others.0, others.1].contains { $0.entries.map(\.candidateId) != a.entries.map(\.candidateId) || $0.excluded != a.excluded }
        }.count
        return ShortlistFigures(blocked: Stats(blocked.times), blockedOneThread: Stats(oneThread.times), flat: Stats(flat.times),
                                threads: threads, medianRowsScanned: Stats(blocked.lists.map { Double($0.scanned) }).median,
                                speedup: Stats(flat.times).median / max(Stats(blocked.times).median, 1e-9), mismatches: mismatches,
                                offerCompile: Stats(compile), travelTimes: Stats(travel))
    }
}

struct ScalingPoint: Codable {
    var candidates: Int, blockedMedianMs: Double, blockedOneThreadMedianMs: Double, flatMedianMs: Double, rowsScoredMedian: Double
}

/// One cohort size of the batch scaling table: the batch's phases in seconds, and the whole against a
/// dense sgemm of the full product at the machine's rate.
struct BatchScalingPoint: Codable {
    var cohort: Int, offers: Int
    var scoringGemmSeconds: Double, selectionSeconds: Double, assignmentSeconds: Double, totalSeconds: Double
    var overFullGemm: Double
    /// The scoring sgemm's rate over the machine's 4096³ probe.
    var gemmOverMachineSgemm: Double
    /// The whole batch as `apparier batch` runs it without product (nil when not timed, or when the policy
    /// needs the product).
    var withoutProductSeconds: Double?

    init(_ b: BatchBench) {
        cohort = b.cohort; offers = b.offers
        scoringGemmSeconds = b.scoringGemmSeconds; selectionSeconds = b.selectionSeconds
        assignmentSeconds = b.assignmentSeconds; totalSeconds = b.totalSeconds
        overFullGemm = b.totalSeconds / max(b.fullGemmSeconds, 1e-9)
        gemmOverMachineSgemm = b.scoringGemmGflops / max(b.sgemmGflops, 1e-9)
        withoutProductSeconds = b.withoutProduct?.totalSeconds
    }
}

/// Top 50 of a million scores: the engine's heap with its threshold test, against a full sort.
struct TopKFigures: Codable {
    var heapMs: Stats, sortMs: Stats

    static func measure() -> TopKFigures {
        var rng = SplitMix64(seed: 99)
        let scores = (0..<1_000_000).map { _ in Float(rng.nextUnit()) }
        let clock = ContinuousClock()
        var heap = [Double](), sort = [Double]()
        for _ in 0..<5 {
            heap.append(clock.measure {
                var top = TopK(capacity: 50)
                scores.withUnsafeBufferPointer { top.insert(contentsOf: $0) }
                blackHole(top.count)
            }.milliseconds)
            sort.append(clock.measure { blackHole(scores.sorted(by: >).prefix(50).count) }.milliseconds)
        }
        return TopKFigures(heapMs: Stats(heap), sortMs: Stats(sort))
    }
}

struct BenchReport: Encodable {
    struct Machine: Codable { var cores: Int; var blas: String; var blasThreads: Int?; var sgemmGflops: Double }
    struct Dataset: Codable { var candidates, queries, top, dimension, stride, communes, blocks: Int }
    var machine: Machine
    var dataset: Dataset
    var generationSeconds: Double, indexBuildSeconds: Double
    var vectorBytes: Int, indexBytes: Int, peakMemoryBytes: Int
    var shortlist: ShortlistFigures
    var scaling: [ScalingPoint]
    var topK: TopKFigures
    var batch: BatchBench?
    var batchScaling: [BatchScalingPoint]

    var ratios: [String: Double] {
        var r = ["flatOverBlocked": shortlist.speedup, "indexBytesOverVectorBytes": Double(indexBytes) / Double(vectorBytes),
                 "topKSortOverHeap": topK.sortMs.median / max(topK.heapMs.median, 1e-9)]
        if let batch {
            r["batchGemmOverMachineSgemm"] = batch.scoringGemmGflops / batch.sgemmGflops
            r["batchOverFullGemm"] = batch.totalSeconds / batch.fullGemmSeconds
            if let plain = batch.withoutProduct { r["batchWithoutProductOverFullGemm"] = plain.overFullGemm }
        }
        return r
    }

    enum CodingKeys: String, CodingKey {
        case machine, dataset, generationSeconds, indexBuildSeconds, vectorBytes, indexBytes, peakMemoryBytes, shortlist, scaling, topK, batch,
             batchScaling, ratios
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(machine, forKey: .machine); try c.encode(dataset, forKey: .dataset)
        try c.encode(generationSeconds, forKey: .generationSeconds); try c.encode(indexBuildSeconds, forKey: .indexBuildSeconds)
        try c.encode(vectorBytes, forKey: .vectorBytes); try c.encode(indexBytes, forKey: .indexBytes)
        try c.encode(peakMemoryBytes, forKey: .peakMemoryBytes); try c.encode(shortlist, forKey: .shortlist)
        try c.encode(scaling, forKey: .scaling); try c.encode(topK, forKey: .topK)
        try c.encodeIfPresent(batch, forKey: .batch); try c.encode(batchScaling, forKey: .batchScaling)
        try c.encode(ratios, forKey: .ratios)
    }

    var table: String {
        func ms(_ s: Stats) -> String { String(format: "%9.3f %9.3f %9.3f", s.median, s.p95, s.min) }
        var out = """
        Machine: \(machine.cores) cores; BLAS \(machine.blas)\(machine.blasThreads.map { ", \($0) threads" } ?? ""); sgemm 4096³ \(String(format: "%.1f", machine.sgemmGflops)) GFLOP/s
        Pool: \(dataset.candidates) candidates in \(dataset.blocks) blocks over \(dataset.communes) communes; vectors \(dataset.dimension) + 9 floats (stride \(dataset.stride))
          generation \(String(format: "%.2f", generationSeconds)) s, index build \(String(format: "%.2f", indexBuildSeconds)) s
          memory: vectors \(vectorBytes / 1_048_576) MiB, index \(indexBytes / 1_048_576) MiB (\(String(format: "%.2f", Double(indexBytes) / Double(vectorBytes)))×), process peak \(peakMemoryBytes / 1_048_576) MiB
        One shortlist (top \(dataset.top)) over \(dataset.queries) offers, ms:   median       p95       min
          \("geo-blocked, \(shortlist.threads) threads".padding(toLength: 38, withPad: " ", startingAt: 0))\(ms(shortlist.blocked))   rows scored (median) \(Int(shortlist.medianRowsScanned))
          geo-blocked, 1 thread                 \(ms(shortlist.blockedOneThread))
          flat scan                             \(ms(shortlist.flat))   all \(dataset.candidates) rows
          fixed per offer: compile              \(ms(shortlist.offerCompile))
          fixed per offer: travel times         \(ms(shortlist.travelTimes))
          flat / blocked \(String(format: "%.1f", shortlist.speedup))×; same lists from all three: \(shortlist.mismatches == 0 ? "yes" : "NO (\(shortlist.mismatches) differ)")
        Scaling (median ms):  candidates   blocked  1 thread      flat   rows scored

        """
        for p in scaling {
            out += String(format: "                      %10d %9.3f %9.3f %9.3f %10.0f\n", p.candidates, p.blockedMedianMs,
                          p.blockedOneThreadMedianMs, p.flatMedianMs, p.rowsScoredMedian)
        }
        out += String(format: "Top 50 of 1M scores: heap %.3f ms, full sort %.3f ms (median)\n", topK.heapMs.median, topK.sortMs.median)
        if let batch { out += batch.table + "\n" }
        if batchScaling.count > 1 {
            out += "Batch scaling (\(batchScaling[0].offers) offers, s):  cohort     sgemm  selection  assignment     whole  / dense GEMM\n"
            for p in batchScaling {
                out += String(format: "                            %10d %9.2f %10.2f %11.2f %9.2f %10.2f×\n", p.cohort, p.scoringGemmSeconds,
                              p.selectionSeconds, p.assignmentSeconds, p.totalSeconds, p.overFullGemm)
            }
        }
        return out
    }
}
