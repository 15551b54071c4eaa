import ArgumentParser
import Foundation
import MatchCore
import MatchData

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Rebuild and check the skill embedding of models/.",
        subcommands: [Build.self]
    )

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
            print(String(format: "Mobilité pairs vs random pairs, AUC of fiche cosine: %.3f", EmbeddingQuality.mobilityAUC(embedding, rome: rome)))
        }
    }
}

/// Checks of an embedding against ROME's own relations.
enum EmbeddingQuality {
    /// Probability that a "mobilité" pair of fiches is closer than a random pair (seeded sample).
    static func mobilityAUC(_ e: SkillEmbedding, rome: RomeReferential, samples: Int = 20_000) -> Double {
        var rng = SplitMix64(seed: 7)
        let pairs = rome.mobility.enumerated().flatMap { f, targets in targets.map { (f, Int($0)) } }
        guard !pairs.isEmpty else { return 0 }
        var wins = 0.0
        for _ in 0..<samples {
            let (a, b) = pairs[Int(rng.next() % UInt64(pairs.count))]
            let x = Int(rng.next() % UInt64(rome.fiches.count)), y = Int(rng.next() % UInt64(rome.fiches.count))
            let linked = e.ficheSimilarity(rome.fiches[a].code, rome.fiches[b].code)
            let random = e.ficheSimilarity(rome.fiches[x].code, rome.fiches[y].code)
            wins += linked > random ? 1 : linked == random ? 0.5 : 0
        }
        return wins / Double(samples)
    }
}
