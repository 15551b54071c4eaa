import Foundation

/// Ranking-quality measures on one ranked list of candidate ids against a set of relevant ids.
/// Relevance is binary: a planted true fit is relevant, everything else is not.
///
///     RankingMetrics.recall(["a", "x", "b"], relevant: ["a", "b", "c"], at: 2)   // 1/3
///     RankingMetrics.ndcg(["a", "x", "b"], relevant: ["a", "b"], at: 3)          // (1 + 1/2) / (1 + 1/log2 3)
public enum RankingMetrics {
    /// Share of `relevant` found in the first `k` of `ranked` (0 when `relevant` is empty).
    public static func recall(_ ranked: [String], relevant: Set<String>, at k: Int) -> Double {
        guard !relevant.isEmpty else { return 0 }
        let hits = ranked.prefix(max(0, k)).reduce(0) { $0 + (relevant.contains($1) ? 1 : 0) }
        return Double(hits) / Double(relevant.count)
    }

    /// Normalised discounted cumulative gain at `k`: `Σ rel_i / log2(i + 1)` over the first `k`
    /// positions, divided by the same sum for an ideal ranking (all relevant ids first). 1 is perfect,
    /// 0 when no relevant id is in the first `k` or `relevant` is empty.
    public static func ndcg(_ ranked: [String], relevant: Set<String>, at k: Int) -> Double {
        guard !relevant.isEmpty, k > 0 else { return 0 }
        var dcg = 0.0
        for (i, id) in ranked.prefix(k).enumerated() where relevant.contains(id) { dcg += 1 / log2(Double(i + 2)) }
        var ideal = 0.0
        for i in 0..<min(k, relevant.count) { ideal += 1 / log2(Double(i + 2)) }
        return dcg / ideal
    }

    /// How many of `nearMisses` are in the first `k` of `ranked`.
    public static func shortlisted(_ ranked: [String], among ids: Set<String>, at k: Int) -> Int {
        ranked.prefix(max(0, k)).reduce(0) { $0 + (ids.contains($1) ? 1 : 0) }
    }

    /// Area under the ROC curve of `positives` against `negatives`: the probability that a random
    /// positive scores above a random negative, ties counting one half (Mann–Whitney U / (n₊ n₋)).
    /// 0.5 for empty inputs.
    ///
    ///     RankingMetrics.auc(positives: [0.9, 0.8], negatives: [0.1, 0.85])   // 0.75
    public static func auc(positives: [Double], negatives: [Double]) -> Double {
        guard !positives.isEmpty, !negatives.isEmpty else { return 0.5 }
        var all = positives.map { ($0, true) } + negatives.map { ($0, false) }
        all.sort { $0.0 < $1.0 }
        // Mid-ranks (1-based) with ties averaged; sum of the positives' ranks.
        var rankSum = 0.0
        var i = 0
        while i < all.count {
            var j = i
            while j + 1 < all.count, all[j + 1].0 == all[i].0 { j += 1 }
            let midRank = Double(i + j + 2) / 2
            for t in i...j where all[t].1 { rankSum += midRank }
            i = j + 1
        }
        let p = Double(positives.count), n = Double(negatives.count)
        return (rankSum - p * (p + 1) / 2) / (p * n)
    }
}
