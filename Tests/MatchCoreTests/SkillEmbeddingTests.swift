import MatchTestSupport
import Testing
@testable import MatchCore

@Suite struct SkillEmbeddingTests {
    @Test func buildIsDeterministicForASeed() throws {
        let world = try SyntheticWorld(seed: 51)
        let builder = SkillEmbeddingBuilder(dimension: 16, iterations: 20, seed: 7)
        let a = builder.build(from: world.rome), b = builder.build(from: world.rome)
        #expect(a.itemVectors == b.itemVectors)
        #expect(a.ficheVectors == b.ficheVectors)
        #expect(a.dimension == 16)
        let again = try SyntheticWorld(seed: 51)
        #expect(again.embedding.itemVectors == world.embedding.itemVectors)
    }

    @Test func rowsAreUnitOrZero() throws {
        let world = try SyntheticWorld(seed: 52)
        let e = world.embedding
        let linked = Set(world.rome.ficheItems.flatMap { $0 })
        for (i, code) in e.itemCodes.enumerated() {
            let norm = (0..<e.dimension).reduce(0.0) { $0 + Double(e.itemVectors[i * e.dimension + $1] * e.itemVectors[i * e.dimension + $1]) }
            if linked.contains(world.rome.itemIndex[code]!) {
                #expect(abs(norm - 1) < 1e-4, "item \(code): norm² \(norm)")
            } else {
                #expect(norm == 0, "unlinked item \(code)")
            }
        }
    }

    /// Items that share a fiche are closer, on average and in most random comparisons, than items sharing none.
    @Test(arguments: [53, 54, 55] as [UInt64])
    func itemsSharingFichesAreCloser(seed: UInt64) throws {
        let world = try SyntheticWorld(seed: seed)
        let e = world.embedding
        var fichesOf = [Int32: Set<Int>]()
        for (f, items) in world.rome.ficheItems.enumerated() { for i in items { fichesOf[i, default: []].insert(f) } }
        let linked = fichesOf.keys.sorted()
        func cosine(_ a: Int32, _ b: Int32) -> Double {
            (0..<e.dimension).reduce(0.0) { $0 + Double(e.itemVectors[Int(a) * e.dimension + $1]) * Double(e.itemVectors[Int(b) * e.dimension + $1]) }
        }
        var shared = [Double](), none = [Double]()
        for (n, a) in linked.enumerated() {
            for b in linked[(n + 1)...] {
                (fichesOf[a]!.isDisjoint(with: fichesOf[b]!) ? { none.append(cosine(a, b)) } : { shared.append(cosine(a, b)) })()
            }
        }
        let meanShared = shared.reduce(0, +) / Double(shared.count), meanNone = none.reduce(0, +) / Double(none.count)
        #expect(meanShared > meanNone + 0.3, "shared \(meanShared), none \(meanNone)")
        var rng = SplitMix64(seed: seed)
        let wins = (0..<2000).filter { _ in rng.element(of: shared) > rng.element(of: none) }.count
        #expect(wins > 1600, "shared pair closer in \(wins)/2000 draws")
    }

    @Test func profileIsNormalisedAndSkipsUnknownCodes() throws {
        let world = try SyntheticWorld(seed: 56)
        let codes = world.itemCodes(ofFiche: world.rome.fiches[3].code).prefix(4).map { ($0, Float(1)) }
        let p = world.embedding.profile(of: codes)
        #expect(abs(p.reduce(0) { $0 + Double($1 * $1) } - 1) < 1e-5)
        #expect(world.embedding.profile(of: codes + [("999999", 5)]) == p)
        #expect(world.embedding.profile(of: [("999999", 1)]).allSatisfy { $0 == 0 })
    }

    /// A column that vanishes after projection is restarted from a unit vector; that vector must
    /// itself be made orthogonal to the previous columns.
    @Test func degenerateColumnRestartStaysOrthogonal() {
        var m: [Float] = [0, 0,
                          1, 0,
                          0, 0]  // 3 × 2: column 0 = e₁, column 1 = 0
        orthonormalizeColumns(&m, rows: 3, cols: 2)
        let dot = m[0] * m[1] + m[2] * m[3] + m[4] * m[5]
        let norm1 = m[1] * m[1] + m[3] * m[3] + m[5] * m[5]
        #expect(abs(norm1 - 1) < 1e-6)
        #expect(abs(dot) < 1e-6)
    }
}
