import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

/// `apparier model build`.
extension ModelCommand {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apprendre le plongement des compétences à partir des liens fiche ↔ item du ROME (PPMI + SVD tronquée avec BLAS).",
            discussion: """
            Écrit models/skill-embedding-v1.bin (ou --out) et imprime à quel point il
            sépare les paires de fiches de « mobilité » du ROME des paires tirées au
            hasard (AUC).

            Exemple :
              apparier model build --dimension 128
            """
        )

        @Option(help: "Dimension du plongement.") var dimension = 128
        @Option(help: "Itérations de sous-espace.") var iterations = 60
        @Option(help: ArgumentHelp("Fichier de sortie (par défaut : le fichier du modèle livré).", valueName: "fichier")) var out: String?

        func run() throws {
            let root = try ResourceLocator.root()
            let data = root.appending(path: "data")
            let rome = try ReferentialLoader.loadRome(from: data)
            let start = Date()
            let embedding = SkillEmbeddingBuilder(dimension: dimension, iterations: iterations).build(from: rome)
            note("\(French.count(embedding.itemCodes.count)) vecteurs d'items et \(French.count(embedding.ficheCodes.count)) de fiches de dimension \(embedding.dimension) construits en \(French.number(Date().timeIntervalSince(start), digits: 1)) s avec \(BLAS.implementation).")
            let target = out.map { URL(fileURLWithPath: $0) } ?? root.appending(path: "models/\(ModelStore.embeddingFileName)")
            try ModelStore.saveEmbedding(embedding, romeVersion: rome.version, to: target)
            print(Messages.wrote([target.path]))
            print("Paires de mobilité face à des paires au hasard, AUC du cosinus des fiches : \(French.number(MobilityCheck.auc(embedding: embedding, rome: rome), digits: 3))")
        }
    }
}
