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
            abstract: "Learn the skill embedding from the ROME fiche ↔ item links (PPMI + truncated SVD with BLAS).",
            discussion: """
            Writes models/skill-embedding-v1.bin (or --out) and prints how well it separates ROME
            "mobilité" pairs of fiches from random pairs (AUC).

            Example:
              apparier model build --dimension 128
            """
        )

        @Option(help: "Embedding dimension.") var dimension = 128
        @Option(help: "Subspace iterations.") var iterations = 60
        @Option(help: ArgumentHelp("Output file (default: the shipped model file).", valueName: "file")) var out: String?

        func run() throws {
            let root = try ResourceLocator.root()
            let data = root.appending(path: "data")
            let rome = try ReferentialLoader.loadRome(from: data)
            let start = Date()
            let embedding = SkillEmbeddingBuilder(dimension: dimension, iterations: iterations).build(from: rome)
            note("Built \(embedding.itemCodes.count) item and \(embedding.ficheCodes.count) fiche vectors of dimension \(embedding.dimension) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s with \(BLAS.implementation).")
            let target = out.map { URL(fileURLWithPath: $0) } ?? root.appending(path: "models/\(ModelStore.embeddingFileName)")
            try ModelStore.saveEmbedding(embedding, romeVersion: rome.version, to: target)
            print("Wrote \(target.path)")
            print(String(format: "Mobilité pairs vs random pairs, AUC of fiche cosine: %.3f", MobilityCheck.auc(embedding: embedding, rome: rome)))
        }
    }
}
