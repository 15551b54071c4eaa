/// A point on the Earth, degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double
    public init(latitude: Double, longitude: Double) { self.latitude = latitude; self.longitude = longitude }

    /// Great-circle distance in km (haversine, mean Earth radius 6,371 km).
    ///
    ///     GeoPoint(latitude: 50.63, longitude: 3.06).distanceKm(to: .init(latitude: 49.89, longitude: 2.30))  // ≈ 100
    public func distanceKm(to other: GeoPoint) -> Double {
        let rad = Double.pi / 180
        let dLat = (other.latitude - latitude) * rad
        let dLon = (other.longitude - longitude) * rad
        let a = sinSquared(dLat / 2) + cosine(latitude * rad) * cosine(other.latitude * rad) * sinSquared(dLon / 2)
        return 2 * 6371 * arcsinOfSquareRoot(a)
    }
}

/// A commune with what matching and generation need.
public struct Commune: Sendable, Hashable {
    /// INSEE code, five characters (`02001`).
    public var code: String
    public var name: String
    public var location: GeoPoint
    public var population: Int
    public var workingAgePopulation: Int
    /// Census unemployed aged 15–64 (RP 2021), not registered job seekers.
    public var unemployed: Int
    public var epci: String?
    public var zoneEmploi: String?

    public init(code: String, name: String, location: GeoPoint, population: Int = 0, workingAgePopulation: Int = 0,
                unemployed: Int = 0, epci: String? = nil, zoneEmploi: String? = nil) {
        self.code = code; self.name = name; self.location = location; self.population = population
        self.workingAgePopulation = workingAgePopulation; self.unemployed = unemployed
        self.epci = epci; self.zoneEmploi = zoneEmploi
    }
}

/// The communes Apparier knows, addressed by dense index.
public struct CommuneDirectory: Sendable {
    public let communes: [Commune]
    public let index: [String: Int32]

    public init(_ communes: [Commune]) {
        self.communes = communes
        var index = [String: Int32](minimumCapacity: communes.count)
        for (i, c) in communes.enumerated() { index[c.code] = Int32(i) }
        self.index = index
    }

    public subscript(code: String) -> Commune? { index[code].map { communes[Int($0)] } }
    public var count: Int { communes.count }
}
