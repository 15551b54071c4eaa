/// Candidates' skill profiles computed ahead of the index — by the store, when the candidates were
/// imported — so that building an index does not embed every candidate's skills again: row `i` of
/// ``values`` (``dimension`` floats) is candidate `i`'s profile, as ``SkillEmbedding/profile(of:)`` makes
/// it from their distinct skills in code order.
///
///     let index = try model.index(of: candidates, referenceDate: today, profiles: pool.profiles)
public struct SkillProfiles: Sendable {
    /// The version of the embedding that made the profiles: an index refuses profiles of another one.
    public let embeddingVersion: String
    public let dimension: Int
    /// Row-major, `count × dimension`.
    public let values: [Float]

    public init(embeddingVersion: String, dimension: Int, values: [Float]) {
        self.embeddingVersion = embeddingVersion; self.dimension = dimension; self.values = values
    }

    /// Throws ``MatchError/Code/modelMismatch`` unless these are `count` profiles made by `embedding`.
    func check(count: Int, embedding: SkillEmbedding) throws {
        guard embeddingVersion == embedding.version, dimension == embedding.dimension else {
            throw MatchError(.modelMismatch, message: "the stored skill profiles were made by \(embeddingVersion) "
                             + "(dimension \(dimension)), the model uses \(embedding.version) (dimension \(embedding.dimension))")
        }
        guard values.count == count * dimension else {
            throw MatchError(.modelMismatch, message: "\(values.count / max(dimension, 1)) stored skill profiles for \(count) candidates")
        }
    }
}
