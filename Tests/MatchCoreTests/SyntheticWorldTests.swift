import MatchTestSupport
import Testing
@testable import MatchCore

@Suite struct SyntheticWorldTests {
    @Test func shapeOfTheWorld() throws {
        let world = try SyntheticWorld(seed: 61)
        #expect(world.rome.fiches.count == 40)
        #expect(world.rome.domaines.count == 6)
        #expect(world.rome.items.count == 300)
        #expect(world.rome.fiches.contains { $0.parentCode != $0.code })
        #expect(world.rome.mobility.contains { !$0.isEmpty })
        #expect(world.rome.ficheCoreItems.allSatisfy { !$0.isEmpty })
        #expect(world.communes.count == 60)
        #expect(world.travel.matrix.count > 0)
        for c in world.communes.communes {
            #expect(c.location.distanceKm(to: GeoPoint(latitude: 50, longitude: 3)) < 75)
        }
    }

    @Test func deterministicForASeed() throws {
        let a = try SyntheticWorld(seed: 62), b = try SyntheticWorld(seed: 62)
        #expect(a.rome.fiches == b.rome.fiches)
        #expect(a.rome.ficheItems == b.rome.ficheItems)
        #expect(a.communes.communes == b.communes.communes)
        #expect(a.candidates(count: 300, seed: 5) == b.candidates(count: 300, seed: 5))
        #expect(a.offers(count: 30, seed: 6) == b.offers(count: 30, seed: 6))
        #expect(a.candidates(count: 300, seed: 5) != a.candidates(count: 300, seed: 7))
    }

    /// The generators exercise what the brief lists.
    @Test func poolsAndOffersAreVaried() throws {
        let world = try SyntheticWorld(seed: 63)
        let pool = world.candidates(count: 1000, seed: 1)
        #expect(Set(pool.map(\.id)).count == pool.count)
        #expect(Set(pool.flatMap(\.mobility.modes)).count == 4)
        #expect(pool.allSatisfy { (15...60).contains($0.mobility.maxMinutes) })
        #expect(pool.contains { $0.mobility.radiusKm != nil })
        for licence in ["B", "C", "CE", "D"] { #expect(pool.contains { $0.licences.contains(licence) }) }
        #expect(pool.contains { $0.languages.contains { $0.level == nil } && $0.languages.contains { $0.level != nil } })
        #expect(pool.contains { $0.rqth } && pool.contains { $0.rsa } && pool.contains { $0.qpv } && pool.contains { $0.economicLayoff })
        #expect(pool.contains { $0.training?.endDate != nil } && pool.contains { $0.unemployedSince != nil })
        #expect(pool.contains { $0.skills.contains(SyntheticWorld.unknownItemCodes[0]) || $0.skills.contains(SyntheticWorld.unknownItemCodes[1]) })
        let offers = world.offers(count: 200, seed: 2)
        #expect(offers.contains { $0.skills.isEmpty })
        #expect(offers.contains { $0.skills.contains { $0.exigence == .required } })
        #expect(offers.contains { $0.skills.contains { world.rome.itemIndex[$0.code] == nil } })
        #expect(offers.contains { $0.licences.contains { Licence(label: $0.label) == nil } })
        #expect(offers.contains { $0.languages.contains { Language(label: $0.label) == nil } })
        #expect(offers.contains { $0.workplace.commune == nil })
        #expect(offers.contains { !$0.targetedPublics.isEmpty })
        #expect(Set(offers.compactMap(\.experienceRequirement)).count == 3)
        #expect(offers.contains { $0.experienceLabel?.contains("An(s)") == true })
        #expect(offers.contains { $0.requiredDiplomaLevel > 0 })
    }
}
