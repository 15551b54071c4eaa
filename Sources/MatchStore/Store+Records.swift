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

    /// The candidates with their stored vectors, after re-vectorising those made by another model.
    ///
    ///     let pool = try store.candidatePool(model: ws)
    ///     pool.vectors[(i * pool.dimension)..<((i + 1) * pool.dimension)]   // candidate i's skill profile
    public func candidatePool(model matchModel: MatchModel) throws -> CandidatePool {
        let refresh = try refreshVectors(model: matchModel)
        let model = Vectors.candidateModel(matchModel.embedding), d = matchModel.embedding.dimension
        return try writer.read { db in
            let (keys, candidates) = try CandidateRows.load(db)
            var vectors = [Float](repeating: 0, count: keys.count * d)
            var query = try RawStatement(db, "SELECT candidateKey, vector FROM candidateVector WHERE modelVersion = ? ORDER BY candidateKey")
            query.bind(model)
            var i = 0
            while try query.step() {
                let key = Int64(query.int(0))
                while i < keys.count, keys[i] < key { i += 1 }
                guard i < keys.count, keys[i] == key else { continue }
                let values = Vectors.vector(query.blob(1))
                if values.count == d { vectors.replaceSubrange((i * d)..<((i + 1) * d), with: values) }
            }
            return CandidatePool(candidates: candidates, dimension: d, vectors: vectors, model: model, refresh: refresh,
                                 generation: try Store.generation(db))
        }
    }

    /// Re-vectorises, in one transaction, every candidate and offer whose vector is missing or was made by
    /// another model version, and logs it.
    ///
    /// - Returns: how many vectors were rebuilt, and the versions they replaced.
    @discardableResult
    public func refreshVectors(model: MatchModel) throws -> VectorRefresh {
        let candidateModel = Vectors.candidateModel(model.embedding)
        let offerModel = Vectors.offerModel(model.embedding, model.policy)
        let stale = try writer.read { db in
            (try staleKeys(db, table: "candidate", key: "candidateKey", model: candidateModel),
             try staleKeys(db, table: "offer", key: "offerKey", model: offerModel))
        }
        guard !stale.0.keys.isEmpty || !stale.1.keys.isEmpty else { return VectorRefresh() }
        return try writer.write { db in
            try rebuildCandidateVectors(db, keys: stale.0.keys, model: model, version: candidateModel)
            try rebuildOfferVectors(db, keys: stale.1.keys, model: model, version: offerModel)
            let refresh = VectorRefresh(candidates: stale.0.keys.count, offers: stale.1.keys.count,
                                        replacedModels: Array(Set(stale.0.models + stale.1.models)).sorted())
            try log(db, actor: "apparier", action: "vectors.rebuild",
                    detail: ["candidates": refresh.candidates, "offers": refresh.offers, "model": candidateModel,
                             "offerModel": offerModel, "replaced": refresh.replacedModels])
            try bumpGeneration(db)
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

    private func rebuildCandidateVectors(_ db: Database, keys: [Int64], model: MatchModel, version: String) throws {
        guard !keys.isEmpty else { return }
        let wanted = Set(keys)
        let loaded: (keys: [Int64], candidates: [Candidate]) = keys.count > 2_000
            ? try CandidateRows.load(db)
            : (keys, try keys.compactMap { try CandidateRows.load(db, key: $0) })
        let pairs = zip(loaded.keys, loaded.candidates).filter { wanted.contains($0.0) }
        let vectors = Vectors.profiles(of: pairs.map(\.1), embedding: model.embedding)
        var writer = try CandidateWriter(db)
        let d = model.embedding.dimension
        try vectors.withUnsafeBufferPointer { all in
            for (i, pair) in pairs.enumerated() {
                try writer.writeVector(key: pair.0, model: version, UnsafeBufferPointer(rebasing: all[(i * d)..<((i + 1) * d)]))
            }
        }
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

    /// The stored profiles, for the index (``MatchModel/index(of:referenceDate:profiles:)``).
    public var profiles: SkillProfiles { SkillProfiles(embeddingVersion: model, dimension: dimension, values: vectors) }
}

/// Vectors rebuilt because the model changed (or they were missing).
public struct VectorRefresh: Sendable, Hashable {
    public var candidates = 0
    public var offers = 0
    /// Model versions whose vectors were replaced.
    public var replacedModels: [String] = []
    public var isEmpty: Bool { candidates == 0 && offers == 0 }
}
