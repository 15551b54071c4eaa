/// A point on the Earth, degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double
    public init(latitude: Double, longitude: Double) { self.latitude = latitude; self.longitude = longitude }

    /// Great-circle distance in km (haversine, mean Earth radius 6,371 km).
    ///
    ///     GeoPoint(latitude: 50.63, longitude: 3.06).distanceKm(to: .init(latitude: 49.89, longitude: 2.30))  // ≈ 100
    public func distanceKm(to other: GeoPoint) -> Double {
        distanceKm(to: other, cosines: (cosLatitude, other.cosLatitude))
    }

    /// The cosine of the latitude, which the haversine needs for both ends (kept per commune by
    /// ``CommuneDirectory`` so that a table of distances to one point computes it once).
    var cosLatitude: Double { cosine(latitude * (Double.pi / 180)) }

    /// ``distanceKm(to:)`` with both ends' ``cosLatitude`` given (the same value, bit for bit).
    @inline(__always)
    func distanceKm(to other: GeoPoint, cosines: (Double, Double)) -> Double {
        let rad = Double.pi / 180
        let dLat = (other.latitude - latitude) * rad
        let dLon = (other.longitude - longitude) * rad
        let a = sinSquared(dLat / 2) + cosines.0 * cosines.1 * sinSquared(dLon / 2)
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
    /// La Poste's postcode (`62000`); several communes may share one.
    public var postalCode: String?

    public init(code: String, name: String, location: GeoPoint, population: Int = 0, workingAgePopulation: Int = 0,
                unemployed: Int = 0, epci: String? = nil, zoneEmploi: String? = nil, postalCode: String? = nil) {
        self.code = code; self.name = name; self.location = location; self.population = population
        self.workingAgePopulation = workingAgePopulation; self.unemployed = unemployed
        self.epci = epci; self.zoneEmploi = zoneEmploi; self.postalCode = postalCode
    }

    /// « Arras (62041) »: the name a reader knows, with the code that makes it unique.
    public var displayName: String { "\(name) (\(code))" }
}

/// The communes Apparier knows, addressed by dense index.
public struct CommuneDirectory: Sendable {
    public let communes: [Commune]
    public let index: [String: Int32]
    /// Each commune's location and ``GeoPoint/cosLatitude``, side by side for tables of distances to one point.
    let locations: [GeoPoint]
    let cosLatitudes: [Double]
    /// The communes' names folded for ``lookup(_:)``, made on first use.
    let foldedNames = FoldedNames()

    public init(_ communes: [Commune]) {
        self.communes = communes
        locations = communes.map(\.location)
        cosLatitudes = locations.map(\.cosLatitude)
        var index = [String: Int32](minimumCapacity: communes.count)
        for (i, c) in communes.enumerated() { index[c.code] = Int32(i) }
        self.index = index
    }

    public subscript(code: String) -> Commune? { index[code].map { communes[Int($0)] } }
    public var count: Int { communes.count }
}
