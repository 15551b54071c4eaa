import Foundation
import MatchCore
import MatchData
@testable import MatchStore
import Testing

@Suite("Derived vectors, tagged with their model")
struct VectorTests {
    let ws = Fixture.model

    @Test("The pool gives each candidate's skill profile in one contiguous matrix; only offers' vectors are stored")
    func pool() throws {
        let store = try Fixture.filledStore()
        let pool = try store.candidatePool(model: ws)
        #expect(pool.refresh.isEmpty)
        #expect(pool.model == ws.embedding.version && pool.dimension == ws.embedding.dimension)
        #expect(pool.vectors.count == pool.candidates.count * pool.dimension)
        for (i, c) in pool.candidates.enumerated() {
            #expect(Array(pool.vectors[(i * pool.dimension)..<((i + 1) * pool.dimension)]) == Vectors.profile(of: c, embedding: ws.embedding))
        }
        #expect(try store.status().vectorModels == [Vectors.offerModel(ws.embedding, ws.policy): 2])
        #expect(try store.status().rows["candidateVector"] == nil, "no table holds the candidates' profiles")
    }

    @Test("The pool's profiles feed the index: the same rows, bit for bit, as embedding every candidate again")
    func poolProfilesFeedTheIndex() throws {
        let store = try Fixture.filledStore()
        let pool = try store.candidatePool(model: ws)
        let fromStore = try ws.index(of: pool.candidates, referenceDate: Fixture.referenceDate, profiles: pool.profiles)
        let rebuilt = try ws.index(of: pool.candidates, referenceDate: Fixture.referenceDate)
        #expect(fromStore.ids == rebuilt.ids)
        #expect(fromStore.vectors == rebuilt.vectors)
        // Profiles made by another embedding are refused, not scored.
        let stale = SkillProfiles(embeddingVersion: "another-embedding", dimension: pool.dimension, values: pool.vectors)
        #expect { _ = try ws.index(of: pool.candidates, referenceDate: Fixture.referenceDate, profiles: stale) } throws: {
            ($0 as? MatchError)?.code == .modelMismatch
        }
        let short = SkillProfiles(embeddingVersion: pool.model, dimension: pool.dimension, values: Array(pool.vectors.dropLast(pool.dimension)))
        #expect { _ = try ws.index(of: pool.candidates, referenceDate: Fixture.referenceDate, profiles: short) } throws: {
            ($0 as? MatchError)?.code == .modelMismatch
        }
    }

    @Test("When the model changes, offers vectorised by another version are re-vectorised on load, once; candidates' profiles follow the model")
    func modelChange() throws {
        let store = try Fixture.filledStore()
        let e = ws.embedding
        // The same vectors scaled: another model version whose profiles are still unit vectors.
        let next = SkillEmbedding(version: "skill-embedding-test-v2", dimension: e.dimension, itemCodes: e.itemCodes,
                                  itemVectors: e.itemVectors.map { $0 * 2 }, ficheCodes: e.ficheCodes, ficheVectors: e.ficheVectors)
        let model = try MatchModel(rome: ws.rome, communes: ws.communes, embedding: next, policy: ws.policy)
        let pool = try store.candidatePool(model: model)
        #expect(pool.refresh == VectorRefresh(offers: 2, replacedModels: [Vectors.offerModel(e, ws.policy)]))
        #expect(pool.model == "skill-embedding-test-v2")
        for (i, c) in pool.candidates.enumerated() {
            #expect(Array(pool.vectors[(i * pool.dimension)..<((i + 1) * pool.dimension)]) == Vectors.profile(of: c, embedding: next))
        }
        #expect(try store.candidatePool(model: model).refresh.isEmpty, "the second load finds nothing to rebuild")
        #expect(try store.status().vectorModels.keys.sorted() == ["skill-embedding-test-v2+" + ws.policy.version])
        let event = try #require(try store.auditLog().last)
        #expect(event.action == "vectors.rebuild" && event.detail.contains("\"offers\":2"))
    }
}

@Suite("Vector arithmetic")
struct VectorArithmeticTests {
    @Test("The bulk profiles are bit for bit the embedding's own profiles")
    func bulkEqualsReference() {
        let ws = Fixture.model
        let codes = ws.rome.items.map(\.code)
        var rng = SystemRandomNumberGenerator()
        let candidates = (0..<300).map { i in
            Candidate(id: "R\(i)", commune: "59350",
                      skills: (0..<Int.random(in: 0...30, using: &rng)).map { _ in codes.randomElement(using: &rng)! } + (i % 7 == 0 ? ["UNKNOWN"] : []),
                      mobility: .init(modes: [.walk], maxMinutes: 30))
        } + Fixture.candidates
        let bulk = Vectors.profiles(of: candidates, embedding: ws.embedding)
        let d = ws.embedding.dimension
        for (i, c) in candidates.enumerated() {
            let reference = ws.embedding.profile(of: Array(Set(c.skills)).sorted().map { ($0, 1) })
            #expect(Array(bulk[(i * d)..<((i + 1) * d)]) == reference, "candidate \(i)")
        }
    }
}
