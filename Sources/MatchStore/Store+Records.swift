import Foundation
import GRDB
public import MatchCore
import MatchData

/// Reading offers and candidates, and keeping their vectors in step with the model.
extension Store {
    /// Every stored offer, in the order they were first stored.
    public func offers() throws -> [JobOffer] {
        try writer.read { db in try OfferRows.load(db).offers }
    }

    /// The ids of the first `limit` offers stored (for messages that give examples).
    public func offerIds(limit: Int) throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "SELECT id FROM offer ORDER BY offerKey LIMIT ?", arguments: [limit]) }
    }

    /// The stored offer `id`, if any.
    public func offer(id: String) throws -> JobOffer? {
        try writer.read { db in
            guard let key = try Int64.fetchOne(db, sql: "SELECT offerKey FROM offer WHERE id = ?", arguments: [id]) else { return nil }
            return try OfferRows.load(db, only: key).offers.first
        }
    }

    /// Every stored candidate, in the order they were first stored.
    ///
    /// - Complexity: one scan of each candidate table (about 2 s for 500,000 candidates in release).
    public func candidates() throws -> [Candidate] {
        try writer.read { db in try CandidateRows.load(db).candidates }
    }

    /// The stored candidate `id`, if any.
    public func candidate(id: String) throws -> Candidate? {
        try writer.read { db in
            guard let key = try Int64.fetchOne(db, sql: "SELECT candidateKey FROM candidate WHERE id = ?", arguments: [id]) else { return nil }
            return try CandidateRows.load(db, key: key)
        }
    }

    /// The stored candidates with their skill profiles, computed here on every core (they are not stored:
    /// 500,000 profiles take under two seconds to compute, and storing them made the import 7 s longer; the
    /// index snapshot keeps them between runs). Offers vectorised by another model are re-vectorised first.
    ///
    ///     let pool = try store.candidatePool(model: ws)
    ///     pool.vectors[(i * pool.dimension)..<((i + 1) * pool.dimension)]   // candidate i's skill profile
    public func candidatePool(model matchModel: MatchModel) throws -> CandidatePool {
        let refresh = try refreshVectors(model: matchModel)
        let (candidates, generation) = try writer.read { db in (try CandidateRows.load(db).candidates, try Store.generation(db)) }
        return CandidatePool(candidates: candidates, dimension: matchModel.embedding.dimension,
                             vectors: Vectors.profiles(of: candidates, embedding: matchModel.embedding),
                             model: Vectors.candidateModel(matchModel.embedding), refresh: refresh, generation: generation)
    }

    /// Re-vectorises, in one transaction, every offer whose vector is missing or was made by another model
    /// version, and logs it.
    ///
    /// - Returns: how many vectors were rebuilt, and the versions they replaced.
    @discardableResult
    public func refreshVectors(model: MatchModel) throws -> VectorRefresh {
        let offerModel = Vectors.offerModel(model.embedding, model.policy)
        let stale = try writer.read { db in try staleKeys(db, table: "offer", key: "offerKey", model: offerModel) }
        guard !stale.keys.isEmpty else { return VectorRefresh() }
        return try writer.write { db in
            try rebuildOfferVectors(db, keys: stale.keys, model: model, version: offerModel)
            let refresh = VectorRefresh(offers: stale.keys.count, replacedModels: stale.models.sorted())
            try log(db, actor: "apparier", action: "vectors.rebuild",
                    detail: ["offers": refresh.offers, "offerModel": offerModel, "replaced": refresh.replacedModels])
            try bumpOfferGeneration(db)
            return refresh
        }
    }

    private func staleKeys(_ db: Database, table: String, key: String, model: String) throws -> (keys: [Int64], models: [String]) {
        let rows = try Row.fetchAll(db, sql: """
            SELECT t.\(key) AS k, v.modelVersion AS m FROM \(table) t LEFT JOIN \(table)Vector v USING (\(key))
            WHERE v.modelVersion IS NULL OR v.modelVersion <> ? ORDER BY t.\(key)
            """, arguments: [model])
        return (rows.map { $0["k"] }, Array(Set(rows.compactMap { $0["m"] as String? })))
    }

    private func rebuildOfferVectors(_ db: Database, keys: [Int64], model: MatchModel, version: String) throws {
        for key in keys {
            guard let offer = try OfferRows.load(db, only: key).offers.first else { continue }
            let v = Vectors.profile(of: offer, embedding: model.embedding, policy: model.policy, rome: model.rome)
            try db.execute(sql: "INSERT OR REPLACE INTO offerVector (offerKey, modelVersion, dimension, vector) VALUES (?, ?, ?, ?)",
                           arguments: [key, version, v.count, Data(v.withUnsafeBufferPointer(Vectors.blob))])
        }
    }
}

/// The stored candidates with their vectors in one contiguous row-major matrix (`count × dimension`),
/// row i being candidate i's skill profile.
public struct CandidatePool: Sendable {
    public var candidates: [Candidate]
    public var dimension: Int
    public var vectors: [Float]
    /// Version of the model that made the vectors.
    public var model: String
    /// What had to be re-vectorised before loading.
    public var refresh: VectorRefresh
    /// The store's candidate generation these candidates stand for (``Store/generation()``).
    public var generation: Int64

    /// The profiles, for the index (``MatchModel/index(of:referenceDate:profiles:)``).
    public var profiles: SkillProfiles { SkillProfiles(embeddingVersion: model, dimension: dimension, values: vectors) }
}

/// Offer vectors rebuilt because the model changed (or they were missing).
public struct VectorRefresh: Sendable, Hashable {
    public var offers = 0
    /// Model versions whose vectors were replaced.
    public var replacedModels: [String] = []
    public var isEmpty: Bool { offers == 0 }
}
