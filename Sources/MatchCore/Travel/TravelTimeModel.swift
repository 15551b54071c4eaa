/// Estimates one-way travel minutes from crow-flies distance, per mode. This is an **estimate**:
/// no road or timetable data is used. Distances are stretched by a circuity factor, then divided by a
/// speed that grows with distance; transit adds access and waiting time.
///
/// | mode    | circuity | speed                                    | fixed |
/// |---------|----------|------------------------------------------|-------|
/// | car     | 1.30     | 30 km/h ≤ 5 km, 50 ≤ 20 km, 70 ≤ 50 km, 85 beyond | 5 min (parking) |
/// | transit | 1.35     | 18 km/h ≤ 10 km, 30 ≤ 40 km, 45 beyond   | 15 min (walk + wait) |
/// | bike    | 1.25     | 15 km/h                                  | 2 min |
/// | walk    | 1.20     | 4.5 km/h                                 | 0 |
///
///     TravelTimeEstimator().minutes(distanceKm: 10, mode: .car)   // ≈ 24.6
public struct TravelTimeEstimator: Sendable, Hashable {
    public init() {}

    public func minutes(distanceKm: Double, mode: TransportMode) -> Double {
        let d = max(0, distanceKm)
        switch mode {
        case .car:
            let road = d * 1.30
            return 5 + band(road, 0, 5, 30) + band(road, 5, 20, 50) + band(road, 20, 50, 70) + band(road, 50, .infinity, 85)
        case .transit:
            let line = d * 1.35
            return 15 + band(line, 0, 10, 18) + band(line, 10, 40, 30) + band(line, 40, .infinity, 45)
        case .bike:
            return 2 + d * 1.25 / 15 * 60
        case .walk:
            return d * 1.20 / 4.5 * 60
        }
    }

    /// Minutes spent at `kmh` on the part of `distance` that lies between `from` and `to` km.
    @inline(__always)
    private func band(_ distance: Double, _ from: Double, _ to: Double, _ kmh: Double) -> Double {
        max(0, min(distance, to) - from) / kmh * 60
    }
}

/// Real commune-to-commune travel times (`from,to,mode,minutes`, as OSRM or r5 produce), preferred over
/// the estimate where an entry exists.
///
///     var matrix = TravelMatrix()
///     matrix.set(from: "59350", to: "59009", mode: .transit, minutes: 22)
public struct TravelMatrix: Sendable {
    /// destination code → mode index → origin code → minutes
    private var byDestination: [String: [[String: Float]]] = [:]
    public private(set) var count = 0

    public init() {}

    public mutating func set(from origin: String, to destination: String, mode: TransportMode, minutes: Float) {
        var perMode = byDestination[destination] ?? Array(repeating: [:], count: TransportMode.allCases.count)
        if perMode[mode.index].updateValue(minutes, forKey: origin) == nil { count += 1 }
        byDestination[destination] = perMode
    }

    public func minutes(from origin: String, to destination: String, mode: TransportMode) -> Float? {
        byDestination[destination]?[mode.index][origin]
    }

    func origins(to destination: String, mode: TransportMode) -> [String: Float]? {
        byDestination[destination]?[mode.index]
    }
}

/// Where an offer is: a known commune, coordinates, or both.
public struct Location: Sendable, Hashable {
    public var communeCode: String?
    public var point: GeoPoint
    public init(communeCode: String?, point: GeoPoint) { self.communeCode = communeCode; self.point = point }
}

/// Travel times from every commune of a directory to one destination, per mode, and crow-flies distances.
public struct CommuneTravelTimes: Sendable {
    /// `minutes[mode.index][communeIndex]`
    public var minutes: [[Float]]
    public var distanceKm: [Float]
    /// Whether `minutes[mode][commune]` came from a real matrix (otherwise from the estimator).
    public var fromMatrix: [[Bool]]

    @inline(__always) public func minutes(commune: Int, mode: TransportMode) -> Float { minutes[mode.index][commune] }
}

/// The travel-time model of an engine: the estimator, overridden by a real matrix where it has an entry.
public struct TravelTimes: Sendable {
    public var estimator = TravelTimeEstimator()
    public var matrix: TravelMatrix

    public init(matrix: TravelMatrix = TravelMatrix()) { self.matrix = matrix }

    /// Minutes from `origin` to `destination` by `mode`: the matrix's entry when it has one, else the
    /// estimate from the crow-flies distance (the rule of ``fromAllCommunes(of:to:)``, for one pair).
    ///
    ///     model.travel.minutes(from: lille, to: arras, mode: .car)
    public func minutes(from origin: Commune, to destination: Commune, mode: TransportMode) -> Double {
        matrix.minutes(from: origin.code, to: destination.code, mode: mode).map(Double.init)
            ?? estimator.minutes(distanceKm: origin.location.distanceKm(to: destination.location), mode: mode)
    }

    /// Times from every commune in `communes` to `destination`.
    ///
    /// - Complexity: O(communes × modes).
    public func fromAllCommunes(of communes: CommuneDirectory, to destination: Location) -> CommuneTravelTimes {
        fromAllCommunes(of: communes, to: destination, reachKm: .infinity)
    }

    /// ``fromAllCommunes(of:to:)``, except that a commune farther than `reachKm` (where every mode's
    /// estimate exceeds any limit the caller will test, see ``estimateReachKm(minutes:)``) gets +∞ minutes
    /// and distance unless the matrix has an entry for it: out of reach either way, and skipping it spares
    /// the trigonometry — most communes are ruled out on their latitude alone.
    public func fromAllCommunes(of communes: CommuneDirectory, to destination: Location, reachKm: Double) -> CommuneTravelTimes {
        let n = communes.count
        let reach = Reach(to: destination.point, km: reachKm)
        var distance = (0..<n).map { reach.distanceKm(fromCommune: $0, of: communes) ?? .infinity }
        var minutes = [[Float]]()
        var fromMatrix = [[Bool]]()
        for mode in TransportMode.allCases {
            var row = distance.map { $0 == .infinity ? .infinity : Float(estimator.minutes(distanceKm: Double($0), mode: mode)) }
            var real = [Bool](repeating: false, count: n)
            if let code = destination.communeCode, let origins = matrix.origins(to: code, mode: mode) {
                for (origin, value) in origins {
                    guard let i = communes.index[origin].map(Int.init) else { continue }
                    row[i] = value; real[i] = true
                    if distance[i] == .infinity { distance[i] = Float(communes.communes[i].location.distanceKm(to: destination.point)) }
                }
            }
            minutes.append(row)
            fromMatrix.append(real)
        }
        return CommuneTravelTimes(minutes: minutes, distanceKm: distance, fromMatrix: fromMatrix)
    }
}

/// Which origins can matter for a destination: those within `km` of it (``TravelTimes/estimateReachKm(minutes:)``).
private struct Reach {
    let destination: GeoPoint
    let km: Double
    /// d ≥ R·|Δlatitude| on the sphere: a latitude gap alone rules most far origins out.
    let latitudeDegrees: Double

    /// The destination's ``GeoPoint/cosLatitude``, computed once.
    let destinationCosine: Double

    init(to destination: GeoPoint, km: Double) {
        self.destination = destination; self.km = km
        latitudeDegrees = (km + 1) / 6371 * 180 / Double.pi
        destinationCosine = destination.cosLatitude
    }

    /// The crow-flies distance from commune `i` of `communes`, or nil beyond the reach (the trigonometry
    /// spared when the latitudes alone are too far apart).
    @inline(__always)
    func distanceKm(fromCommune i: Int, of communes: CommuneDirectory) -> Float? {
        let origin = communes.locations[i]
        guard abs(origin.latitude - destination.latitude) <= latitudeDegrees else { return nil }
        let d = origin.distanceKm(to: destination, cosines: (communes.cosLatitudes[i], destinationCosine))
        return d <= km ? Float(d) : nil
    }
}

/// Travel times to one destination from a chosen list of communes (the batch's: those where candidates
/// live), the four modes of an origin side by side.
public struct OriginTravelTimes: Sendable {
    /// `minutes[i][mode.index]` from origin i.
    public var minutes: [SIMD4<Float>]
    /// Crow-flies distance from origin i.
    public var distanceKm: [Float]
}

extension TravelTimes {
    /// ``fromAllCommunes(of:to:)`` for the communes `origins` (indices into `communes`), in that order, with
    /// the same value for every origin whose estimate can matter: an origin farther than `reachKm` (where
    /// every mode's estimate exceeds any limit the caller will test) and without a matrix entry gets +∞
    /// minutes and distance — it is out of reach either way, and skipping it spares the trigonometry.
    ///
    /// - Complexity: O(origins × modes), most far origins rejected on their latitude alone.
    public func fromCommunes(_ origins: [Int32], of communes: CommuneDirectory, to destination: Location,
                             reachKm: Double) -> OriginTravelTimes {
        var minutes = [SIMD4<Float>](repeating: SIMD4(repeating: .infinity), count: origins.count)
        var distance = [Float](repeating: .infinity, count: origins.count)
        let modes = TransportMode.allCases
        let reach = Reach(to: destination.point, km: reachKm)
        for (i, o) in origins.enumerated() {
            guard let d = reach.distanceKm(fromCommune: Int(o), of: communes) else { continue }
            distance[i] = d
            for mode in modes { minutes[i][mode.index] = Float(estimator.minutes(distanceKm: Double(d), mode: mode)) }
        }
        applyMatrix(to: &minutes, distance: &distance, origins: origins, of: communes, destination: destination)
        return OriginTravelTimes(minutes: minutes, distanceKm: distance)
    }

    /// Overrides estimates with the matrix's entries for `destination` (computing the distance of origins
    /// the estimate had ruled out).
    private func applyMatrix(to minutes: inout [SIMD4<Float>], distance: inout [Float], origins: [Int32],
                             of communes: CommuneDirectory, destination: Location) {
        guard let code = destination.communeCode else { return }
        let perMode = TransportMode.allCases.map { matrix.origins(to: code, mode: $0) }
        guard perMode.contains(where: { $0 != nil }) else { return }
        for (i, o) in origins.enumerated() {
            let commune = communes.communes[Int(o)]
            for mode in TransportMode.allCases {
                guard let value = perMode[mode.index]?[commune.code] else { continue }
                if distance[i] == .infinity { distance[i] = Float(commune.location.distanceKm(to: destination.point)) }
                minutes[i][mode.index] = value
            }
        }
    }

    /// A distance beyond which every mode's estimate exceeds `minutes` (the estimate grows with distance).
    public func estimateReachKm(minutes limit: Float) -> Double {
        TransportMode.allCases.map { mode in
            var lo = 0.0, hi = 40_000.0
            for _ in 0..<64 {
                let mid = (lo + hi) / 2
                if Float(estimator.minutes(distanceKm: mid, mode: mode)) > limit { hi = mid } else { lo = mid }
            }
            return hi
        }.max()! + 1
    }
}
