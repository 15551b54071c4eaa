import Foundation
public import MatchCore

/// The derived vectors the store keeps next to the records: each candidate's skill profile and each
/// offer's competence profile in the skill embedding, as BLOBs of little-endian float32, tagged with
/// the version of the model that produced them. A record whose vector has another version is
/// re-vectorised when the store is loaded (``Store/refreshVectors(embedding:policy:)``).
///
/// Candidate profiles are computed exactly as `CandidateIndex` does (distinct skills in code order,
/// weight 1); offer profiles as `OfferQuery` does (E × essential weight, S × desired weight, the fiche's
/// core items when the offer lists none).
///
///     let v = Vectors.profile(of: candidate, embedding: ws.embedding)   // ws.embedding.dimension floats
public enum Vectors {
    /// Version tag of candidate vectors: the embedding's.
    public static func candidateModel(_ embedding: SkillEmbedding) -> String { embedding.version }

    /// Version tag of offer vectors: the embedding's and the policy's (which weighs E and S items).
    public static func offerModel(_ embedding: SkillEmbedding, _ policy: ScoringPolicy) -> String {
        "\(embedding.version)+\(policy.version)"
    }

    public static func profile(of candidate: Candidate, embedding: SkillEmbedding) -> [Float] {
        embedding.profile(of: Array(Set(candidate.skills)).sorted().map { ($0, 1) })
    }

    public static func profile(of offer: JobOffer, embedding: SkillEmbedding, policy: ScoringPolicy, rome: RomeReferential) -> [Float] {
        var items = offer.skills.map { ($0.code, $0.exigence == .required ? policy.essentialSkillWeight : policy.desiredSkillWeight) }
        if items.isEmpty, let fiche = rome.ficheIndex[offer.romeCode] {
            items = rome.ficheCoreItems[Int(fiche)].prefix(policy.impliedSkillsFromFiche)
                .map { (rome.items[Int($0)].code, policy.desiredSkillWeight) }
        }
        var seen = Set<String>()
        return embedding.profile(of: items.filter { seen.insert($0.0).inserted })
    }

    /// Profiles of many candidates, row-major `count × dimension`, computed on all cores.
    ///
    /// The same arithmetic as `SkillEmbedding.profile(of:)` in the same order (each coordinate sums the
    /// items in code order, the norm is summed in double precision in coordinate order), so the values
    /// are bit for bit those of ``profile(of:embedding:)``, only without an allocation per item.
    ///
    /// - Complexity: O(n × skills × dimension) / cores.
    static func profiles(of candidates: [Candidate], embedding: SkillEmbedding,
                         threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Float] {
        let d = embedding.dimension, n = candidates.count
        var out = [Float](repeating: 0, count: n * d)
        let rank = codeRanks(embedding)
        let chunks = max(1, min(n / 2_000, threads * 4))
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                embedding.itemVectors.withUnsafeBufferPointer { items in
                    var rows = [(rank: Int32, row: Int32)]()
                    for i in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
                        rows.removeAll(keepingCapacity: true)
                        for code in candidates[i].skills {
                            if let row = embedding.itemRow[code] { rows.append((rank[Int(row)], row)) }
                        }
                        profile(&rows, dimension: d, items: items.baseAddress!, into: base + i * d)
                    }
                }
            }
        }
        return out
    }

    /// The rank of each item's code in code order, so that items sort by a number instead of a string
    /// (computed once per embedding).
    private static func codeRanks(_ embedding: SkillEmbedding) -> [Int32] {
        RankCache.shared.ranks(for: embedding) { computeRanks(embedding) }
    }

    private static func computeRanks(_ embedding: SkillEmbedding) -> [Int32] {
        var rank = [Int32](repeating: 0, count: embedding.itemCodes.count)
        for (position, row) in embedding.itemCodes.indices.sorted(by: { embedding.itemCodes[$0] < embedding.itemCodes[$1] }).enumerated() {
            rank[row] = Int32(position)
        }
        return rank
    }

    /// Writes at `row` the normalised sum of the vectors of the distinct items `rows`, summed in code order.
    private static func profile(_ rows: inout [(rank: Int32, row: Int32)], dimension d: Int, items: UnsafePointer<Float>,
                                into out: UnsafeMutablePointer<Float>) {
        rows.sort { $0.rank < $1.rank }
        var previous: Int32 = -1
        for (rank, item) in rows where rank != previous {
            previous = rank
            let v = items + Int(item) * d
            for j in 0..<d { out[j] += v[j] }
        }
        var norm: Double = 0
        for j in 0..<d { norm += Double(out[j]) * Double(out[j]) }
        guard norm > 0 else { return }
        let inverse = Float(1 / norm.squareRoot())
        for j in 0..<d { out[j] *= inverse }
    }

    /// The BLOB of a vector: little-endian float32.
    static func blob(_ vector: UnsafeBufferPointer<Float>) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: vector.count * 4)
        bytes.withUnsafeMutableBytes { raw in
            for (i, v) in vector.enumerated() { raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        }
        return bytes
    }
}

/// The code ranks of the last embedding seen (an import vectorises chunk after chunk with the same one).
private final class RankCache: @unchecked Sendable {
    static let shared = RankCache()
    private let lock = NSLock()
    private var version: String?
    private var count = 0
    private var cached: [Int32] = []

    func ranks(for e: SkillEmbedding, compute: () -> [Int32]) -> [Int32] {
        lock.lock()
        defer { lock.unlock() }
        if version != e.version || count != e.itemCodes.count {
            cached = compute()
            version = e.version
            count = e.itemCodes.count
        }
        return cached
    }
}
