import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

/// `apparier model fit`.
extension ModelCommand {
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ajuster les poids et les règles d'inférence de la politique de notation sur des jeux générés.",
            discussion: """
            Génère un jeu d'entraînement et un jeu de contrôle (générateur v2, graines
            différentes), part de la politique livrée (ou --from) et monte par coordonnées
            le NDCG@10 moyen des vrais appariements sur l'entraînement ; écrit la politique
            ajustée avec sa provenance (graines, tailles, méthode, date, mesures avant et
            après sur les deux jeux). Les bonus des publics prioritaires ne sont pas ajustés,
            et les poids gardent leur somme, pour que ces bonus gardent leur poids.

            Exemples :
              apparier model fit                      # reproduit models/policy-v5.json depuis policy-v4
              apparier model fit --candidates 5000 --offers 500 --out /tmp/essai.json
            """
        )

        @Option(help: "Candidats de chaque jeu.") var candidates = 20_000
        @Option(help: "Offres de chaque jeu.") var offers = 2_000
        @Option(name: .customLong("planted-offers"), help: "Offres plantées de chaque jeu.") var plantedOffers = 150
        @Option(help: "Graine du jeu d'entraînement.") var seed: UInt64 = 11
        @Option(name: .customLong("held-out-seed"), help: "Graine du jeu de contrôle.") var heldOutSeed: UInt64 = 12
        @Option(help: "Passes au plus sur l'ensemble des paramètres.") var rounds = 3
        @Option(help: ArgumentHelp("Politique de départ (par défaut : models/policy-v4.json, d'où part la politique livrée).", valueName: "fichier"))
        var from: String?
        @Option(help: ArgumentHelp("Version écrite dans la politique ajustée.", valueName: "version")) var version = "policy-v5"
        @Option(help: ArgumentHelp("Fichier de sortie (par défaut : models/<version>.json).", valueName: "fichier")) var out: String?

        func validate() throws {
            guard (1_000...2_000_000).contains(candidates) else { throw Messages.outOfRange("--candidates", 1_000...2_000_000) }
            guard (100...500_000).contains(offers) else { throw Messages.outOfRange("--offers", 100...500_000) }
            guard (1...2_000).contains(plantedOffers) else { throw Messages.outOfRange("--planted-offers", 1...2_000) }
            guard seed != heldOutSeed else { throw ValidationError("--seed et --held-out-seed doivent différer : le contrôle se fait sur un autre jeu") }
            guard (1...10).contains(rounds) else { throw Messages.outOfRange("--rounds", 1...10) }
        }

        func run() throws {
            let root = try ResourceLocator.root()
            let model = try MatchModel.load()
            var start = try ModelStore.loadPolicy(at: from.map { URL(fileURLWithPath: $0) } ?? root.appending(path: "models/policy-v4.json"))
            if start.inference == nil { start.inference = InferenceRules() }
            let generator = try RegionalGenerator(dataDirectory: root.appending(path: "data"), rome: model.rome, communes: model.communes)
            note("Jeux de \(French.count(candidates)) candidats et \(French.count(offers)) offres, graines \(seed) et \(heldOutSeed)…")
            let clock = ContinuousClock(), begin = clock.now
            let result = try PolicyFitter(model: model, generator: generator).fit(
                start: start, options: .init(candidates: candidates, offers: offers, plantedOffers: plantedOffers,
                                             trainingSeed: seed, heldOutSeed: heldOutSeed, rounds: rounds, version: version)) { note($0) }
            let target = out.map { URL(fileURLWithPath: $0) } ?? root.appending(path: "models/\(version).json")
            try ModelStore.savePolicy(result.policy, to: target)
            guard let p = result.policy.provenance else { return }
            var table = TextTable(["jeu", "ndcg@10 avant", "ndcg@10 après", "recall@50 avant", "recall@50 après"],
                                  alignments: [.left, .right, .right, .right, .right])
            for (key, label) in [("training", "entraînement"), ("heldOut", "contrôle")] {
                table.append([label] + ["ndcg@10", "recall@50"].flatMap { m in
                    [p.before[key]?[m], p.after[key]?[m]].map { French.number($0 ?? 0, digits: 3) }
                })
            }
            print(table.text, terminator: "")
            print("\(result.steps.count) pas acceptés en \(French.number((clock.now - begin).seconds, digits: 0)) s.")
            print(Messages.wrote([target.path]))
        }
    }
}
