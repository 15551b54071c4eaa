public import Foundation
public import MatchCore
import MatchData

/// A BMO *bassin d'emploi* (France Travail area of the BMO survey, `BE25`), with the commune chosen as
/// its seat.
public struct BMOBassin: Sendable, Hashable, Codable {
    /// `BE25` code, e.g. `3216`.
    public var code: String
    /// `NOMBE25`, e.g. `LILLE`.
    public var name: String
    /// Département code (`59`).
    public var departement: String
    /// INSEE code of the seat commune.
    public var seat: String
}

/// Commune → BMO bassin, **an approximation**: no official commune → bassin table is published with
/// the BMO open data. Each commune goes to the nearest bassin seat (crow-flies distance) among the
/// bassins of its own département; the seats are listed in `data/generation/bmo_bassins.csv` (the
/// commune named by the bassin where there is one, e.g. LILLE → Lille; otherwise the main town of the
/// area, e.g. FLANDRE LYS → Hazebrouck). docs/generator.md discusses the error this makes.
///
///     let map = try BassinMap.load(from: dataDirectory, communes: communes)
///     map.bassin(ofCommune: "59350")?.name   // "LILLE"
public struct BassinMap: Sendable {
    public let bassins: [BMOBassin]
    /// Commune index (in the ``CommuneDirectory``) → bassin index (in ``bassins``).
    public let bassinOfCommune: [Int32]
    /// Bassin index → indices of its communes, ascending.
    public let communesOfBassin: [[Int32]]
    let indexByCode: [String: Int]

    /// The file read by ``load(from:communes:)``, relative to the data directory.
    public static let file = "generation/bmo_bassins.csv"

    /// Assigns every commune of `communes` to a bassin. Throws when a seat is not a known commune.
    public init(bassins: [BMOBassin], communes: CommuneDirectory) throws {
        guard !bassins.isEmpty else { throw MatchError(.invalidRecord, file: BassinMap.file, message: "no bassin listed") }
        var seats = [GeoPoint]()
        for b in bassins {
            guard let seat = communes[b.seat] else {
                throw MatchError(.invalidRecord, file: BassinMap.file, field: "seat_insee",
                                 message: "bassin \(b.code): seat \(b.seat) is not a known commune")
            }
            seats.append(seat.location)
        }
        self.bassins = bassins
        var byCommune = [Int32](repeating: 0, count: communes.count)
        var members = [[Int32]](repeating: [], count: bassins.count)
        for (c, commune) in communes.communes.enumerated() {
            let department = String(commune.code.prefix(2))
            let local = bassins.indices.filter { bassins[$0].departement == department }
            let options = local.isEmpty ? Array(bassins.indices) : local
            var best = options[0], bestDistance = Double.infinity
            for b in options {
                let d = commune.location.distanceKm(to: seats[b])
                if d < bestDistance { best = b; bestDistance = d }
            }
            byCommune[c] = Int32(best)
            members[best].append(Int32(c))
        }
        bassinOfCommune = byCommune
        communesOfBassin = members
        indexByCode = Dictionary(bassins.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// The bassin of the commune with INSEE code `code`, if the commune is known.
    public func bassin(ofCommune code: String, in communes: CommuneDirectory) -> BMOBassin? {
        communes.index[code].map { bassins[Int(bassinOfCommune[Int($0)])] }
    }

    /// Index of the bassin with `BE25` code `code`.
    public func index(ofBassin code: String) -> Int? { indexByCode[code] }

    /// Reads `generation/bmo_bassins.csv` (`bassin_code, bassin_name, departement, seat_insee`) under
    /// `dataDirectory` and assigns the communes.
    ///
    /// - Throws: ``MatchError`` naming the file, line and column of a bad row, or an unknown seat.
    public static func load(from dataDirectory: URL, communes: CommuneDirectory) throws -> BassinMap {
        let url = dataDirectory.appendingPathComponent(file)
        let csv = try CSVDataFile(url)
        let code = try csv.column("bassin_code"), name = try csv.column("bassin_name")
        let department = try csv.column("departement"), seat = try csv.column("seat_insee")
        var bassins = [BMOBassin]()
        var lines = [String: Int]()
        try csv.forEachRow { row in
            let bassin = BMOBassin(code: try row.required(code), name: try row.required(name),
                                   departement: try row.required(department), seat: try row.inseeCode(seat))
            if let first = lines.updateValue(row.line, forKey: bassin.code) {
                throw row.error(code, "bassin \(bassin.code) already listed on line \(first)")
            }
            guard communes[bassin.seat] != nil else {
                throw row.error(seat, "unknown commune \(bassin.seat)")
            }
            bassins.append(bassin)
        }
        do { return try BassinMap(bassins: bassins, communes: communes) } catch let error as MatchError {
            throw MatchError(.invalidRecord, file: url.path, line: error.line, field: error.field, message: error.message)
        }
    }
}
