/// The batch's travel times: for each offer location, the times from the index's commune groups only
/// (``TravelTimes/fromCommunes(_:of:to:reachKm:)``, by group), shared by the offers at that location.
///
/// A group-sized table is a fraction of a per-commune one (the cohort lives in far fewer communes than the
/// directory holds), and groups beyond the longest limit of any resident skip the estimate: so the tables
/// are cheap to compute and small enough to keep for the whole batch, up to ``budgetBytes``; past it, only
/// those of the current tile are kept (offers come in curve order, so neighbours share them).
final class GroupTravel {
    private let matcher: Matcher
    private let communes: [Int32]
    private var cache: [Location: LocationTravel] = [:]
    var budgetBytes = 512 << 20

    init(matcher: Matcher) {
        self.matcher = matcher
        communes = matcher.index.communeGroups.map(\.commune)
    }

    /// A placeholder for scans that read their times from a ``GroupTravel`` table.
    static let unused = CommuneTravelTimes(minutes: Array(repeating: [], count: TransportMode.allCases.count),
                                           distanceKm: [], fromMatrix: [])

    /// Computes the tables of `locations` not yet known, on `workers` threads.
    func prepare(_ locations: [Location], workers: Int) {
        var missing = [Location]()
        var seen = Set<Location>()
        for location in locations where cache[location] == nil && seen.insert(location).inserted { missing.append(location) }
        guard !missing.isEmpty else { return }
        if (cache.count + missing.count) * bytesPerTable > budgetBytes {
            let wanted = Set(locations)
            cache = cache.filter { wanted.contains($0.key) }
        }
        let computed = parallelMap(missing.count, workers: workers) { [matcher, communes, missing] in
            LocationTravel(matcher.travel.fromCommunes(communes, of: matcher.communes, to: missing[$0], reachKm: matcher.reachKm),
                           groups: matcher.index.communeGroups)
        }
        for (location, times) in zip(missing, computed) { cache[location] = times }
    }

    /// The table of a location passed to ``prepare(_:workers:)``.
    subscript(location: Location) -> LocationTravel { cache[location]! }

    private var bytesPerTable: Int { communes.count * (MemoryLayout<SIMD4<Float>>.stride + MemoryLayout<Float>.stride) }
}

/// The travel times of one offer location by commune group, and the groups that can reach it.
struct LocationTravel {
    let times: OriginTravelTimes
    /// Groups (ascending) the location is within reach of
    /// (``CandidateIndex/CommuneGroup/isReached(inMinutes:)``): the only groups the walk visits.
    let reachable: [Int32]

    init(_ times: OriginTravelTimes, groups: [CandidateIndex.CommuneGroup]) {
        self.times = times
        reachable = times.minutes.withUnsafeBufferPointer { minutes in
            var out = [Int32]()
            for (g, group) in groups.enumerated() where group.isReached(inMinutes: minutes[g]) { out.append(Int32(g)) }
            return out
        }
    }
}

/// Each ROME fiche's métier proximity table (``OfferQuery/proximityTable(to:rome:policy:)``), computed once
/// for all the batch's offers of that fiche (a few megabytes for every fiche of the ROME).
final class ProximityTables {
    private let rome: RomeReferential
    private let policy: ScoringPolicy.MetierProximity
    private var tables: [Int32: [Float]] = [:]

    init(rome: RomeReferential, policy: ScoringPolicy.MetierProximity) { self.rome = rome; self.policy = policy }

    /// The table of `romeCode`'s fiche; nil for an unknown code (the query reports it).
    func table(for romeCode: String) -> [Float]? {
        guard let fiche = rome.ficheIndex[romeCode] else { return nil }
        if let known = tables[fiche] { return known }
        let table = OfferQuery.proximityTable(to: fiche, rome: rome, policy: policy)
        tables[fiche] = table
        return table
    }
}
