public import MatchCore
import Foundation

/// A small, self-contained world for tests, built in memory from a seed: a synthetic ROME
/// referential, communes scattered over about 100 km × 100 km around (50° N, 3° E), a skill
/// embedding learned from the referential, a travel matrix for a few "hub" communes, and
/// generators of candidate pools and offers.
///
/// Everything is a pure function of the seeds: two worlds built with the same seed are equal,
/// and `candidates(count:seed:)` / `offers(count:seed:)` return the same values for the same arguments.
///
///     let world = try SyntheticWorld(seed: 1)
///     let pool = world.candidates(count: 1000, seed: 11)
///     let offers = world.offers(count: 10, seed: 12)
public struct SyntheticWorld: Sendable {
    /// The seed the referential, communes, matrix and embedding were drawn from.
    public let seed: UInt64
    /// 40 fiches (`A1101`…) in 6 domaines, with parents, ~300 items, core links and mobilité relations.
    public let rome: RomeReferential
    /// 60 communes (`59001`, `59008`…): 15 towns in the centre, the rest over 100 km × 100 km.
    public let communes: CommuneDirectory
    /// `SkillEmbeddingBuilder(dimension: 16, iterations: 20)` over ``rome``.
    public let embedding: SkillEmbedding
    /// Estimator plus a matrix of real-looking times towards the ``hubs``.
    public let travel: TravelTimes
    /// The day priority publics and default availability are judged on.
    public let referenceDate: Day
    /// Communes (codes) that have travel-matrix entries as destinations: the first towns.
    public let hubs: [String]
    /// Communes (codes) of the central towns, where most candidates live and most offers are.
    public var towns: [String] { communes.communes.prefix(SyntheticWorld.townCount).map(\.code) }
    static let townCount = 15
    /// The "mobilité" relations the referential was built from (including a self-relation and a duplicate).
    public let mobilityRelations: [(String, String)]

    /// Item codes absent from the referential that some candidates and offers use anyway.
    public static let unknownItemCodes = ["999001", "999002"]
    /// An item code absent from the referential that no candidate holds.
    public static let orphanItemCode = "999999"

    /// Builds the world. Sizes default to the ones the brief asks for (40 fiches in 6 domaines,
    /// 300 items, 60 communes); the embedding is `SkillEmbeddingBuilder(dimension: 16, iterations: 20)`.
    public init(seed: UInt64, ficheCount: Int = 40, domaineCount: Int = 6, itemCount: Int = 300,
                communeCount: Int = 60, hubCount: Int = 5) throws {
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        let romeParts = SyntheticRome.make(ficheCount: ficheCount, domaineCount: domaineCount,
                                           itemCount: itemCount, rng: &rng)
        rome = try RomeReferential(version: "synthetic-\(seed)", fiches: romeParts.fiches, items: romeParts.items,
                                   links: romeParts.links, mobility: romeParts.mobility)
        mobilityRelations = romeParts.mobility
        communes = CommuneDirectory(SyntheticWorld.makeCommunes(count: communeCount, rng: &rng))
        hubs = communes.communes.prefix(hubCount).map(\.code)
        travel = TravelTimes(matrix: SyntheticWorld.makeMatrix(hubs: hubs, communes: communes, rng: &rng))
        embedding = SkillEmbeddingBuilder(dimension: 16, iterations: 20, seed: seed &+ 17,
                                          version: "synthetic-embedding-\(seed)").build(from: rome)
        referenceDate = Day(year: 2026, month: 11, day: 23)!
    }

    /// The engine's model of this world under `policy`: its referential, communes, embedding and travel times.
    ///
    ///     let matcher = try world.model(policy: .standard).matcher(candidates: pool, referenceDate: world.referenceDate)
    public func model(policy: ScoringPolicy) throws -> MatchModel {
        try MatchModel(rome: rome, communes: communes, embedding: embedding, policy: policy, travel: travel)
    }

    /// A pool of `count` candidates with ids `C0000`…; about 3 % are clones of an earlier candidate
    /// (same facts, new id) so that exact score ties occur.
    public func candidates(count: Int, seed: UInt64) -> [Candidate] {
        var generator = CandidateGenerator(world: self, rng: SplitMix64(seed: seed))
        var pool = [Candidate]()
        pool.reserveCapacity(count)
        for i in 0..<count {
            let id = "C" + zeroPadded(i, width: 4)
            if i > 10, generator.rng.chance(0.03) {
                var clone = pool[generator.rng.nextInt(in: 0...(pool.count - 1))]
                clone.id = id
                pool.append(clone)
            } else {
                pool.append(generator.make(id: id))
            }
        }
        return pool
    }

    /// `count` offers with ids `O000`…
    public func offers(count: Int, seed: UInt64) -> [JobOffer] {
        var generator = OfferGenerator(world: self, rng: SplitMix64(seed: seed))
        return (0..<count).map { generator.make(id: "O" + zeroPadded($0, width: 3)) }
    }

    /// Items linked to the fiche `code` (core ones first), as codes.
    public func itemCodes(ofFiche code: String) -> [String] {
        guard let f = rome.ficheIndex[code] else { return [] }
        let core = rome.ficheCoreItems[Int(f)]
        let rest = rome.ficheItems[Int(f)].filter { !core.contains($0) }
        return (core + rest).map { rome.items[Int($0)].code }
    }

    // MARK: Communes and travel

    /// The first ``townCount`` communes are towns in the central 50 km × 50 km; the others are
    /// spread over the whole 100 km × 100 km square.
    static func makeCommunes(count: Int, rng: inout SplitMix64) -> [Commune] {
        (0..<count).map { i in
            // ±0.45° of latitude ≈ ±50 km; ±0.70° of longitude ≈ ±50 km at 50° N.
            let spread = i < townCount ? 0.5 : 1
            let location = GeoPoint(latitude: 50 + spread * rng.nextDouble(in: -0.45...0.45),
                                    longitude: 3 + spread * rng.nextDouble(in: -0.70...0.70))
            let population = i < townCount ? rng.nextInt(in: 10_000...200_000) : rng.nextInt(in: 200...10_000)
            return Commune(code: "59" + zeroPadded(i * 7 + 1, width: 3), name: "Commune \(i)", location: location,
                           population: population, workingAgePopulation: population * 6 / 10,
                           unemployed: population / 20, epci: "EPCI\(i % 6)", zoneEmploi: "ZE\(i % 4)")
        }
    }

    /// For each hub, 20 origins with a time of 0.5–1.5 × the estimate for one mode, plus an
    /// origin unknown to the directory (ignored by the engine).
    static func makeMatrix(hubs: [String], communes: CommuneDirectory, rng: inout SplitMix64) -> TravelMatrix {
        var matrix = TravelMatrix()
        let estimator = TravelTimeEstimator()
        for hub in hubs {
            let destination = communes[hub]!.location
            for origin in rng.sample(communes.communes, count: 20) {
                let mode = rng.element(of: TransportMode.allCases)
                let estimate = estimator.minutes(distanceKm: origin.location.distanceKm(to: destination), mode: mode)
                let minutes = (estimate * rng.nextDouble(in: 0.5...1.5) * 2).rounded() / 2
                matrix.set(from: origin.code, to: hub, mode: mode, minutes: Float(minutes))
            }
            matrix.set(from: "99999", to: hub, mode: .car, minutes: 1)
        }
        return matrix
    }
}

/// The referential part of a ``SyntheticWorld``.
enum SyntheticRome {
    struct Parts {
        var fiches: [RomeFiche] = []
        var items: [RomeItem] = []
        var links: [RomeLink] = []
        var mobility: [(String, String)] = []
    }

    static let domaineLetters = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"]

    /// Fiches `A1101`… grouped under parents (groups of 1–3 consecutive fiches of a domaine); items
    /// `100001`…, 80 % split into per-domaine pools and 20 % general; each fiche links 10–16 items of its
    /// domaine (5 shared by its parent group), 2–4 general items and one contexte absent from the items.
    static func make(ficheCount: Int, domaineCount: Int, itemCount: Int, rng: inout SplitMix64) -> Parts {
        var parts = Parts()
        parts.items = (0..<itemCount).map { i in
            let kind: RomeItem.Kind = i % 10 < 6 ? .savoirFaire : (i % 10 < 8 ? .savoir : .savoirEtre)
            return RomeItem(code: String(100_001 + i), label: "Item \(i)", kind: kind)
        }
        let perDomaine = itemCount * 8 / 10 / domaineCount
        let general = Array((perDomaine * domaineCount)..<itemCount)
        for d in 0..<domaineCount {
            let fichesHere = ficheCount / domaineCount + (d < ficheCount % domaineCount ? 1 : 0)
            let pool = Array((d * perDomaine)..<((d + 1) * perDomaine))
            addDomaine(d, fiches: fichesHere, pool: pool, general: general, into: &parts, rng: &rng)
        }
        parts.mobility = mobilityRelations(fiches: parts.fiches.map(\.code), rng: &rng)
        return parts
    }

    private static func addDomaine(_ d: Int, fiches count: Int, pool: [Int], general: [Int],
                                   into parts: inout Parts, rng: inout SplitMix64) {
        let domaine = domaineLetters[d % domaineLetters.count] + String(11 + d)
        var j = 0
        while j < count {
            let groupSize = min(rng.nextInt(in: 1...3), count - j)
            let shared = rng.sample(pool, count: 5)
            let parentCode = domaine + zeroPadded(j + 1, width: 2)
            for g in 0..<groupSize {
                let code = domaine + zeroPadded(j + g + 1, width: 2)
                parts.fiches.append(RomeFiche(code: code, label: "Métier \(code)", parentCode: parentCode,
                                              domaineCode: domaine))
                addLinks(fiche: code, shared: shared, pool: pool, general: general, into: &parts, rng: &rng)
            }
            j += groupSize
        }
    }

    private static func addLinks(fiche: String, shared: [Int], pool: [Int], general: [Int],
                                 into parts: inout Parts, rng: inout SplitMix64) {
        let own = rng.sample(pool.filter { !shared.contains($0) }, count: rng.nextInt(in: 5...11))
        let common = rng.sample(general, count: rng.nextInt(in: 2...4))
        let linked = shared + own + common
        let coreCount = rng.nextInt(in: 4...9)
        for (position, item) in linked.enumerated() {
            parts.links.append(RomeLink(romeCode: fiche, itemCode: parts.items[item].code,
                                        isCore: position < coreCount))
        }
        parts.links.append(RomeLink(romeCode: fiche, itemCode: "C\(fiche)", isCore: false))  // a contexte
    }

    /// A dozen random relations, one self-relation (ignored) and one duplicate in reverse.
    private static func mobilityRelations(fiches: [String], rng: inout SplitMix64) -> [(String, String)] {
        var relations = [(String, String)]()
        for _ in 0..<12 {
            let pair = rng.sample(fiches, count: 2)
            relations.append((pair[0], pair[1]))
        }
        relations.append((fiches[0], fiches[0]))
        if let first = relations.first { relations.append((first.1, first.0)) }
        return relations
    }
}
