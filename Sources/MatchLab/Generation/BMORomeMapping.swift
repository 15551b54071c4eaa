public import Foundation
public import MatchCore
import MatchData

/// Métier BMO → ROME 4.0 fiches, from `data/generation/bmo_rome_mapping.csv`.
///
/// No BMO ↔ ROME table is published. The file was built for Apparier (docs/generator.md, "BMO → ROME"):
/// each métier BMO lists ROME v3 codes, taken from the DARES FAP-2009 ↔ ROME v3 table for the
/// FAP-2009 group that matches it (by code, `X` → `Z`, checked against the labels, or by label),
/// edited or chosen by hand where FAP-2021 split or renumbered the groups. ROME v3 codes are the 532
/// parent fiches of ROME 4.0; a v3 code stands for its parent fiche **and** the finer fiches attached to
/// it, which share its weight equally, and the v3 codes of one métier share the métier's weight equally.
///
///     let mapping = try BMORomeMapping.load(from: dataDirectory, rome: rome)
///     mapping.fiches(ofMetier: "J3X43")   // N4101 and its children, with weights summing to 1
public struct BMORomeMapping: Sendable {
    public struct Entry: Sendable, Hashable {
        public var bmoCode: String
        public var romeV3Codes: [String]
        /// `fap2009`, `fap2009-edited` or `manual`.
        public var method: String
    }

    public let entries: [Entry]
    /// Métier code → ROME 4.0 fiche indices with weights (summing to 1).
    let expansion: [String: [(fiche: Int32, weight: Double)]]

    /// The file read, relative to the data directory.
    public static let file = "generation/bmo_rome_mapping.csv"

    init(entries: [Entry], rome: RomeReferential) throws {
        var children = [[Int32]](repeating: [], count: rome.fiches.count)
        for f in rome.fiches.indices where Int(rome.parent[f]) != f { children[Int(rome.parent[f])].append(Int32(f)) }
        var expansion = [String: [(fiche: Int32, weight: Double)]]()
        for entry in entries {
            var list = [(fiche: Int32, weight: Double)]()
            let share = 1 / Double(max(entry.romeV3Codes.count, 1))
            for code in entry.romeV3Codes {
                guard let parent = rome.ficheIndex[code] else {
                    throw MatchError(.invalidRecord, file: BMORomeMapping.file, field: "rome_v3_codes",
                                     message: "métier \(entry.bmoCode): unknown ROME code \(code)")
                }
                let family = [parent] + children[Int(parent)]
                for f in family { list.append((f, share / Double(family.count))) }
            }
            expansion[entry.bmoCode] = list
        }
        self.entries = entries
        self.expansion = expansion
    }

    /// The ROME 4.0 fiches of a métier BMO with their weights, or an empty list for an unmapped code.
    public func fiches(ofMetier code: String) -> [(fiche: Int32, weight: Double)] { expansion[code] ?? [] }

    /// Reads the mapping file.
    ///
    /// - Throws: ``MatchError`` with file, line and column for a malformed or unknown ROME code, a
    ///   métier listed twice or without codes.
    public static func load(from dataDirectory: URL, rome: RomeReferential) throws -> BMORomeMapping {
        let url = dataDirectory.appendingPathComponent(file)
        let csv = try CSVDataFile(url)
        let code = try csv.column("bmo_code"), codes = try csv.column("rome_v3_codes")
        let method = try csv.column("method")
        var entries = [Entry](), lines = [String: Int]()
        try csv.forEachRow { row in
            let bmo = try row.required(code)
            if let first = lines.updateValue(row.line, forKey: bmo) {
                throw row.error(code, "métier \(bmo) already listed on line \(first)")
            }
            let list = row.trimmed(codes).split(separator: " ").map(String.init)
            guard !list.isEmpty else { throw row.error(codes, "métier \(bmo) has no ROME code") }
            for rome3 in list where rome.ficheIndex[rome3] == nil {
                throw row.error(codes, "unknown ROME code \(rome3)")
            }
            entries.append(Entry(bmoCode: bmo, romeV3Codes: list, method: row.trimmed(method)))
        }
        do { return try BMORomeMapping(entries: entries, rome: rome) } catch let error as MatchError {
            throw MatchError(.invalidRecord, file: url.path, line: error.line, field: error.field, message: error.message)
        }
    }
}
