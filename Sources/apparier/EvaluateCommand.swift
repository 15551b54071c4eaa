import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the engine: the ranking on a generated data set, or job titles to ROME.",
        subcommands: [EvaluateRanking.self, EvaluateTitles.self],
        defaultSubcommand: EvaluateRanking.self
    )
}

struct EvaluateRanking: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranking",
        abstract: "Measure the ranking on a generated data set against its planted truth, next to two baselines (the default).",
        discussion: """
        Reads offers.json, candidates.json and truth.json from --data (as written by `apparier
        generate`). For every planted offer, ranks the candidates who meet its hard constraints with:
          apparier  the engine (Matcher.shortlist)
          keyword   BM25 over competence codes (a CV search engine), blind to métier, travel, experience
          distance  nearest first
        and reports recall@k and NDCG@k of the planted true fits, the share of planted near misses
        ranked among the first R places (R = the offer's fits), priority-public shares of the first
        --top against the eligible pool, per bassin and per offer (in --json), and the AUC of ROME
        mobilité pairs of fiches against random pairs under the skill embedding. It also checks that
        every fit is eligible, that each near miss fails exactly what it was built to fail, and that
        the engine's exclusion counts agree with the evaluation's own.

        Examples:
          apparier evaluate --data hdf
          apparier evaluate --data hdf --k 5,10,20,50 --json > evaluation.json
          apparier evaluate --data hdf --policy my-policy.json
        """
    )

    @Option(help: ArgumentHelp("Folder written by `apparier generate`.", valueName: "dir")) var data: String
    @Option(help: ArgumentHelp("Cut-offs of recall@k and NDCG@k, comma-separated (10 and 50 are always included).", valueName: "k,…"))
    var k = "10,50"
    @Option(help: "Shortlist size for the priority-public shares.") var top = 20
    @Option(help: ArgumentHelp("Rank with this scoring policy (JSON, as models/policy-v2.json) instead of the shipped one.", valueName: "file"))
    var policy: String?
    @Flag(help: "Print one JSON object (rankers, mobilityAUC, priority publics, checks, bassins, offers).") var json = false

    var cutoffs: [Int] { k.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        let parts = k.split(separator: ",")
        guard !parts.isEmpty, parts.count == cutoffs.count, cutoffs.allSatisfy({ (1...1000).contains($0) }) else {
            throw ValidationError("--k must be comma-separated whole numbers from 1 to 1000, e.g. 10,50")
        }
        guard (1...1000).contains(top) else { throw ValidationError("--top must be between 1 and 1000") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: data)
        let display = ProgressDisplay()
        note("Loading \(folder.path)…")
        let truth = try GroundTruth.load(at: folder.appendingPathComponent(GroundTruth.fileName))
        let offers = try RecordFiles.loadOffers(at: folder.appendingPathComponent(RegionalGenerator.offersFileName))
        let candidates = try RecordFiles.loadCandidates(at: folder.appendingPathComponent(RegionalGenerator.candidatesFileName))
        guard !truth.plantedOffers.isEmpty else {
            throw CommandFailure("\(folder.appendingPathComponent(GroundTruth.fileName).path): no planted offer to evaluate (generate more candidates)")
        }
        let model = try MatchModel.load()
        let override = try policy.map { try ModelStore.loadPolicy(at: URL(fileURLWithPath: $0)) }
        note("Indexing \(candidates.count) candidates…")
        let report: EvaluationReport
        do {
            let bassins = try? BassinMap.load(from: ResourceLocator.dataDirectory(), communes: model.communes)
            report = try Evaluator(model: model, policy: override, bassins: bassins).evaluate(
                offers: offers, candidates: candidates, truth: truth,
                options: .init(cutoffs: cutoffs, shortlistSize: top)) { done, total in
                display.show("offers", done: done, total: total)
            }
        } catch let error as MatchError {
            throw CommandFailure("\(folder.path): \(error.description)")
        }
        display.finish()
        if json {
            print(String(decoding: try report.jsonData(), as: UTF8.self))
        } else {
            print(report.table(), terminator: "")
        }
    }
}
