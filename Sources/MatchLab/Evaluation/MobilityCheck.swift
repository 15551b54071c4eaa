public import MatchCore
import MatchData

/// Do fiches that ROME links by a "mobilité" relation come out closer under the skill embedding than
/// random pairs of fiches? The embedding never sees these relations (it is learned from the fiche ↔ item
/// links only), so this is an independent check of what it learned.
///
/// The AUC compares every distinct mobilité pair (`a < b`) with `negatives` seeded random pairs of
/// distinct fiches, exactly (Mann–Whitney with tied scores counted one half).
///
///     let auc = MobilityCheck.auc(embedding: model.embedding, rome: model.rome)   // ≈ 0.87
public enum MobilityCheck {
    public static func auc(embedding: SkillEmbedding, rome: RomeReferential, negatives: Int = 200_000,
                           seed: UInt64 = 7) -> Double {
        let codes = rome.fiches.map(\.code)
        let rows = codes.map { embedding.ficheRow[$0].map(Int.init) }
        let d = embedding.dimension
        func cosine(_ a: Int, _ b: Int) -> Double? {
            guard let i = rows[a], let j = rows[b] else { return nil }
            var dot: Float = 0
            for k in 0..<d { dot += embedding.ficheVectors[i * d + k] * embedding.ficheVectors[j * d + k] }
            return Double(dot)
        }
        var positives = [Double]()
        for (a, targets) in rome.mobility.enumerated() {
            for b in targets where Int(b) > a { if let s = cosine(a, Int(b)) { positives.append(s) } }
        }
        var random = RecordRandom(seed: seed, stream: .evaluation, index: 0)
        var others = [Double]()
        let n = rome.fiches.count
        guard rows.lazy.compactMap({ $0 }).count > 1 else { return 0.5 }
        others.reserveCapacity(negatives)
        while others.count < negatives {
            let a = random.index(below: n), b = random.index(below: n)
            if a != b, let s = cosine(a, b) { others.append(s) }
        }
        return RankingMetrics.auc(positives: positives, negatives: others)
    }
}
