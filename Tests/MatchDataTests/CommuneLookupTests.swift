import Foundation
import MatchCore
import MatchData
import Testing

/// Communes as people and files write them, against the shipped referential.
@Suite("Communes by code, postcode, name or France Travail's label")
struct CommuneLookupTests {
    static let communes: CommuneDirectory = {
        do { return try ReferentialLoader.loadCommunes(from: ResourceLocator.dataDirectory()) } catch { fatalError("\(error)") }
    }()

    func found(_ text: String) -> String? {
        if case .found(let commune) = Self.communes.lookup(text) { return commune.code }
        return nil
    }

    @Test("Arras by INSEE code, name in any case, and « 62 - ARRAS »; its postcode is shared")
    func arras() {
        for text in ["62041", "Arras", "ARRAS", " arras ", "62 - ARRAS"] { #expect(found(text) == "62041", "\(text)") }
        // 62000 is Arras's postcode and Dainville's.
        guard case .ambiguous(let sharing) = Self.communes.lookup("62000") else { Issue.record("62000 is not ambiguous"); return }
        #expect(Set(sharing.map(\.name)) == ["Arras", "Dainville"])
        #expect(found("saint-omer") == found("St Omer"))
        #expect(found("saint-omer") != nil)
    }

    @Test("A shared name or postcode lists the communes; a misspelling suggests the nearest names")
    func ambiguousAndUnknown() throws {
        // Find a name borne by two communes of the region, and check both are offered.
        var byName: [String: [Commune]] = [:]
        for c in Self.communes.communes { byName[c.name, default: []].append(c) }
        // A name borne by communes of different departments: France Travail's label then picks one.
        let shared = try #require(byName.first { $0.value.count > 1 && Set($0.value.map { $0.code.prefix(2) }).count == $0.value.count })
        guard case .ambiguous(let several) = Self.communes.lookup(shared.key) else { Issue.record("\(shared.key) is not ambiguous"); return }
        #expect(Set(several.map(\.code)) == Set(shared.value.map(\.code)))
        for commune in shared.value { #expect(found("\(commune.code.prefix(2)) - \(commune.name.uppercased())") == commune.code) }

        guard case .unknown(let suggestions) = Self.communes.lookup("Arass") else { Issue.record("Arass was found"); return }
        #expect(suggestions.first?.code == "62041")
        guard case .unknown(let none) = Self.communes.lookup("Atlantide-sur-Mer") else { Issue.record("found"); return }
        #expect(none.isEmpty)
        #expect(Self.communes.suggestions(startingWith: "arr").contains { $0.code == "62041" })
        #expect(Self.communes.suggestions(startingWith: "620").allSatisfy { ($0.postalCode ?? "").hasPrefix("620") || $0.code.hasPrefix("620") })
    }
}
