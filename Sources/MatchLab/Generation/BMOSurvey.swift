public import Foundation
import MatchCore
import MatchData

/// The BMO 2025 hiring survey for Hauts-de-France (`data/bmo/bmo_2025_hdf.csv`): recruitment projects
/// per bassin and métier BMO, with the seasonal ones.
///
/// Statistical secrecy: a `*` replaces counts under the publication threshold (the smallest published
/// count is 5). A secret `met` is read as ``secretCount`` (2.5, the middle of 0–4, an assumption); a
/// secret `smet` as `min(2.5, met)`.
///
///     let survey = try BMOSurvey.load(from: dataDirectory, bassins: map)
///     survey.cells.count   // 3,617 (bassin, métier) cells
public struct BMOSurvey: Sendable {
    /// One (bassin, métier) cell.
    public struct Cell: Sendable, Hashable {
        /// Index into ``BassinMap/bassins``.
        public var bassin: Int32
        /// Index into ``BMOSurvey/metiers``.
        public var metier: Int32
        /// Recruitment projects (`met`), imputed when secret.
        public var projects: Double
        /// Seasonal projects (`smet`), imputed when secret.
        public var seasonal: Double
        /// Whether `met` was secret.
        public var secret: Bool
    }

    public struct Metier: Sendable, Hashable {
        /// `Code métier BMO`, e.g. `J3X43`.
        public var code: String
        public var label: String
    }

    public let metiers: [Metier]
    public let cells: [Cell]

    /// Value given to a secret count.
    public static let secretCount = 2.5
    /// The file read, relative to the data directory.
    public static let file = "bmo/bmo_2025_hdf.csv"

    /// Reads the survey; every bassin must be one of `bassins`.
    ///
    /// - Throws: ``MatchError`` with file, line and column for an unknown bassin or a bad count.
    public static func load(from dataDirectory: URL, bassins: BassinMap) throws -> BMOSurvey {
        let csv = try CSVDataFile(dataDirectory.appendingPathComponent(file))
        let metierCode = try csv.column("Code métier BMO"), metierLabel = try csv.column("Nom métier BMO")
        let bassin = try csv.column("BE25"), met = try csv.column("met"), smet = try csv.column("smet")
        var metiers = [Metier](), metierIndex = [String: Int32](), cells = [Cell]()
        try csv.forEachRow { row in
            let code = try row.required(metierCode)
            let m: Int32
            if let known = metierIndex[code] {
                m = known
            } else {
                m = Int32(metiers.count)
                metierIndex[code] = m
                metiers.append(Metier(code: code, label: row.trimmed(metierLabel)))
            }
            let bassinCode = try row.required(bassin)
            guard let b = bassins.index(ofBassin: bassinCode) else {
                throw row.error(bassin, "bassin \(bassinCode) is not in \(BassinMap.file)")
            }
            let secret = row.trimmed(met) == "*"
            let projects = secret ? secretCount : Double(try row.count(met))
            let seasonal = row.trimmed(smet) == "*" ? min(secretCount, projects) : Double(try row.count(smet))
            cells.append(Cell(bassin: Int32(b), metier: m, projects: projects, seasonal: min(seasonal, projects),
                              secret: secret))
        }
        return BMOSurvey(metiers: metiers, cells: cells)
    }

    /// Projects per bassin (index into ``BassinMap/bassins``).
    public func projectsByBassin(count: Int) -> [Double] {
        var totals = [Double](repeating: 0, count: count)
        for cell in cells { totals[Int(cell.bassin)] += cell.projects }
        return totals
    }
}

/// Skill level of a métier BMO, read from its code: the first digit of the two-digit suffix is the
/// FAP level (2–5 ouvriers, 6 employés, 7–8 techniciens, agents de maîtrise and professions
/// intermédiaires, 9 cadres, 0 dirigeants).
///
///     MetierLevel(bmoCode: "J3X43")   // .worker
public enum MetierLevel: Int, Sendable, CaseIterable, Codable {
    case worker, employee, intermediate, manager

    public init(bmoCode code: String) {
        let digit = code.count >= 2 ? code[code.index(code.endIndex, offsetBy: -2)] : "6"
        switch digit {
        case "2", "3", "4", "5": self = .worker
        case "7", "8": self = .intermediate
        case "9", "0": self = .manager
        default: self = .employee
        }
    }
}
