import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Mesurer le moteur : le classement sur un jeu généré, ou les intitulés vers le ROME.",
        subcommands: [EvaluateRanking.self, EvaluateTitles.self],
        defaultSubcommand: EvaluateRanking.self
    )
}

struct EvaluateRanking: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranking",
        abstract: "Mesurer le classement sur un jeu généré face à sa vérité plantée, à côté de deux références (par défaut).",
        discussion: """
        Lit offers.json, candidates.json et truth.json dans --data (tels qu'écrits par
        `apparier generate`). Pour chaque offre plantée, classe les candidats qui
        remplissent ses conditions
        impératives avec :
          apparier  le moteur (Matcher.shortlist)
          keyword   BM25 sur les codes de compétences (un moteur de recherche de CV), aveugle au métier,
                    au trajet et à l'expérience
          distance  le plus proche d'abord
        et donne le rappel@k et le NDCG@k des vrais appariements plantés, la part des
        quasi-appariements classés dans les R premières places (R = les appariements
        de l'offre), les parts de publics prioritaires des --top premiers face au
        vivier éligible, par bassin et par offre (avec --json), et l'AUC des paires de
        fiches de mobilité ROME face à des paires tirées au hasard. Vérifie aussi que
        chaque appariement est éligible, que chaque quasi-appariement échoue
        exactement à ce pour quoi il a été construit, et que les exclusions du moteur
        concordent avec celles de l'évaluation.

        Exemples :
          apparier evaluate --data hdf
          apparier evaluate --data hdf --k 5,10,20,50 --json > evaluation.json
          apparier evaluate --data hdf --policy my-policy.json
        """
    )

    @Option(help: ArgumentHelp("Dossier écrit par `apparier generate`.", valueName: "dossier")) var data: String
    @Option(help: ArgumentHelp("Seuils du rappel@k et du NDCG@k, séparés par des virgules (10 et 50 sont toujours inclus).", valueName: "k,…"))
    var k = "10,50"
    @Option(help: "Taille de liste pour les parts de publics prioritaires.") var top = 20
    @Option(help: ArgumentHelp("Classer avec cette politique de notation (JSON, comme models/policy-v2.json) au lieu de celle livrée.", valueName: "fichier"))
    var policy: String?
    @Flag(help: "Imprimer un objet JSON (rankers, mobilityAUC, publics prioritaires, vérifications, bassins, offres).") var json = false

    var cutoffs: [Int] { k.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        let parts = k.split(separator: ",")
        guard !parts.isEmpty, parts.count == cutoffs.count, cutoffs.allSatisfy({ (1...1000).contains($0) }) else {
            throw ValidationError("--k attend des entiers de 1 à 1000 séparés par des virgules, par exemple 10,50")
        }
        guard (1...1000).contains(top) else { throw Messages.outOfRange("--top", 1...1000) }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: data)
        let display = ProgressDisplay()
        note("Lecture de \(folder.path)…")
        let truth = try GroundTruth.load(at: folder.appendingPathComponent(GroundTruth.fileName))
        let offers = try RecordFiles.loadOffers(at: folder.appendingPathComponent(RegionalGenerator.offersFileName))
        let candidates = try RecordFiles.loadCandidates(at: folder.appendingPathComponent(RegionalGenerator.candidatesFileName))
        guard !truth.plantedOffers.isEmpty else {
            throw CommandFailure("\(folder.appendingPathComponent(GroundTruth.fileName).path) : aucune offre plantée à évaluer (générez plus de candidats)")
        }
        let model = try MatchModel.load()
        let override = try policy.map { try ModelStore.loadPolicy(at: URL(fileURLWithPath: $0)) }
        note("Indexation de \(French.count(candidates.count)) candidats…")
        let report: EvaluationReport
        do {
            let bassins = try? BassinMap.load(from: ResourceLocator.dataDirectory(), communes: model.communes)
            report = try Evaluator(model: model, policy: override, bassins: bassins).evaluate(
                offers: offers, candidates: candidates, truth: truth,
                options: .init(cutoffs: cutoffs, shortlistSize: top)) { done, total in
                display.show("offres", done: done, total: total)
            }
        } catch let error as MatchError {
            throw CommandFailure("\(folder.path) : \(error.description)")
        }
        display.finish()
        if json {
            print(String(decoding: try report.jsonData(), as: UTF8.self))
        } else {
            print(report.table(), terminator: "")
        }
    }
}
