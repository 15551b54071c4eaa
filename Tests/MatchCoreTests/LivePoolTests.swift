@testable import MatchCore
import MatchTestSupport
import Testing

@Suite("Live pool: additions, updates and erasures without a rebuild")
struct LivePoolTests {
    /// The shortlist of the pool equals the shortlist of one index built from the same candidates: the same
    /// entries (ids, ranks, scores, explanations) and the same counts, over many offers.
    @Test("After upserts and removals, every shortlist equals a fresh index's", arguments: [UInt64(3), 11])
    func equalsFreshIndex(seed: UInt64) throws {
        let world = try SyntheticWorld(seed: seed)
        let model = try world.model(policy: .standard)
        let date = world.referenceDate
        var everyone = world.candidates(count: 2_400, seed: seed)
        let base = Array(everyone.prefix(2_000))
        var pool = try LivePool(model: model, base: model.index(of: base, referenceDate: date))

        // 400 newcomers, 150 updates of base candidates (moved to another's commune and limits), 120 erasures
        // (from the base and from the newcomers), and a second round of changes on the addition.
        let newcomers = Array(everyone[2_000...])
        pool = try pool.upserting(newcomers)
        var updates = [Candidate]()
        for i in stride(from: 0, to: 1_500, by: 10) {
            var c = everyone[i]
            c.commune = everyone[i + 1].commune
            c.mobility = everyone[i + 3].mobility
            updates.append(c)
            everyone[i] = c
        }
        pool = try pool.upserting(updates)
        let erased = Set(stride(from: 5, to: 2_400, by: 20).map { everyone[$0].id })
        pool = try pool.removing(erased)
        everyone.removeAll { erased.contains($0.id) }
        #expect(pool.count == everyone.count)
        #expect(!pool.contains(erased.first!))

        let fresh = try model.matcher(candidates: everyone, referenceDate: date)
        let compacted = try pool.compacted()
        #expect(compacted.added.isEmpty && compacted.removed.isEmpty)
        let (merged, built) = (compacted.base.index, fresh.index)
        #expect(merged.ids == built.ids)
        #expect(merged.vectors == built.vectors)
        #expect(merged.idRank == built.idRank)
        #expect(merged.blocks == built.blocks)
        #expect(merged.publics == built.publics && merged.limitMinutes == built.limitMinutes && merged.licences == built.licences)
        for r in stride(from: 0, to: merged.count, by: 7) {
            let codes = { (ix: CandidateIndex) in ix.skillItems[Int(ix.skillStart[r])..<Int(ix.skillStart[r + 1])].map { ix.items.codes[Int($0)] } }
            #expect(Set(codes(merged)) == Set(codes(built)), "row \(r)")
        }
        var compared = 0
        for offer in world.offers(count: 60, seed: seed + 100) {
            guard let expected = try? fresh.shortlist(for: offer, top: 25) else { continue }
            #expect(try pool.shortlist(for: offer, top: 25) == expected, "offer \(offer.id)")
            #expect(try compacted.shortlist(for: offer, top: 25) == expected, "offer \(offer.id), compacted")
            for slack: Float in [0, 10] {
                #expect(Set(try pool.eligibleIds(for: offer, travelSlackMinutes: slack))
                        == Set(try fresh.eligibility(for: offer, travelSlackMinutes: slack).eligibleIds), "offer \(offer.id), slack \(slack)")
            }
            compared += 1
        }
        #expect(compared > 40)
    }

    @Test("A removed base row is never listed and leaves the counts")
    func removalLeavesCounts() throws {
        let world = try SyntheticWorld(seed: 5)
        let model = try world.model(policy: .standard)
        let date = world.referenceDate
        let candidates = world.candidates(count: 1_000, seed: 5)
        let pool = try LivePool(model: model, base: model.index(of: candidates, referenceDate: date))
        let offer = try #require(world.offers(count: 30, seed: 9).first { (try? pool.shortlist(for: $0, top: 5).entries.isEmpty) == false })
        let before = try pool.shortlist(for: offer, top: 5)
        let gone = before.entries[0].candidateId
        let after = try pool.removing([gone]).shortlist(for: offer, top: 5)
        #expect(!after.entries.contains { $0.candidateId == gone })
        #expect(after.considered == before.considered - 1)
        #expect(after.excluded == before.excluded)
        #expect(after.scanned == before.scanned - 1)
    }
}
