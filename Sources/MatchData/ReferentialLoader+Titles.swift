public import Foundation
public import MatchCore

// MARK: Job titles

extension ReferentialLoader.Files {
    public static let romeAppellations = "rome/unix_referentiel_appellation_v460_utf8.csv"
    public static let abbreviations = "titres/sigles.csv"
    public static let qualifiers = "titres/qualificatifs.csv"
}

extension ReferentialLoader {
    /// The title matcher over ROME 4.0: the 13,120 appellations, the trades' abbreviations of
    /// `titres/sigles.csv` and the qualifying words of `titres/qualificatifs.csv`.
    ///
    ///     let data = URL(fileURLWithPath: "data")
    ///     let rome = try ReferentialLoader.loadRome(from: data)
    ///     let titles = try ReferentialLoader.loadTitleMatcher(from: data, rome: rome)
    ///     titles.matchFiches("Chauffeur SPL", top: 1)[0].romeCode   // "N4101"
    ///
    /// - Throws: ``MatchError`` naming the file, line and column of a malformed row, or of an
    ///   appellation or abbreviation whose fiche is not in `rome`.
    public static func loadTitleMatcher(from dataDirectory: URL, rome: RomeReferential) throws -> TitleMatcher {
        let fiches = Set(rome.fiches.map(\.code))
        let appellations = try readAppellations(dataDirectory.appendingPathComponent(Files.romeAppellations), fiches: fiches)
        let abbreviations = try readAbbreviations(dataDirectory.appendingPathComponent(Files.abbreviations), fiches: fiches)
        let qualifiers = try readQualifiers(dataDirectory.appendingPathComponent(Files.qualifiers))
        return try TitleMatcher(appellations: appellations, rome: rome, abbreviations: abbreviations, qualifiers: qualifiers)
    }

    /// Appellations of `unix_referentiel_appellation`, in file order.
    static func readAppellations(_ url: URL, fiches: Set<String>) throws -> [Appellation] {
        let file = try CSVDataFile(url)
        let code = try file.column("code_ogr"), long = try file.column("libelle_appellation_long")
        let short = try file.column("libelle_appellation_court"), rome = try file.column("code_rome")
        let classification = try file.column("classification"), rare = try file.column("peu_usite")
        var appellations = [Appellation](), seen = [String: Int]()
        appellations.reserveCapacity(13_200)
        try file.forEachRow { row in
            let ogr = try row.ogrCode(code)
            if let first = seen.updateValue(row.line, forKey: ogr) {
                throw row.error(code, "appellation \(ogr) already defined on line \(first)")
            }
            let label = try row.required(long)
            let shortLabel = row.trimmed(short)
            appellations.append(Appellation(
                code: ogr, label: label, shortLabel: shortLabel.isEmpty ? label : shortLabel,
                romeCode: try row.knownFiche(rome, in: fiches),
                isPrincipal: row.trimmed(classification) == "PRINCIPALE", isRare: try yesNo(row, rare)))
        }
        return appellations
    }

    /// `peu_usite`: "O" (oui) or "N" (non).
    static func yesNo(_ row: CSVDataRow, _ column: CSVColumn) throws -> Bool {
        switch row.trimmed(column) {
        case "O": return true
        case "N", "": return false
        case let other: throw row.error(column, "expected O or N, found \"\(other)\"")
        }
    }

    /// `titres/sigles.csv`: `sigle,sens,code_rome,source`, every column required.
    static func readAbbreviations(_ url: URL, fiches: Set<String>) throws -> [TitleAbbreviation] {
        let file = try CSVDataFile(url)
        let sigle = try file.column("sigle"), meaning = try file.column("sens")
        let rome = try file.column("code_rome"), source = try file.column("source")
        var entries = [TitleAbbreviation](), seen = [String: Int]()
        try file.forEachRow { row in
            let abbreviation = try row.required(sigle)
            if let first = seen.updateValue(row.line, forKey: TitleText.fold(abbreviation)) {
                throw row.error(sigle, "\(abbreviation) already defined on line \(first)")
            }
            entries.append(TitleAbbreviation(
                abbreviation: abbreviation, meaning: try row.required(meaning),
                romeCode: try row.knownFiche(rome, in: fiches), source: try row.required(source)))
        }
        return entries
    }

    /// `titres/qualificatifs.csv`: `mot,nature`; the words, folded.
    static func readQualifiers(_ url: URL) throws -> Set<String> {
        let file = try CSVDataFile(url)
        let word = try file.column("mot")
        _ = try file.column("nature")
        var words = Set<String>()
        try file.forEachRow { row in words.insert(TitleText.fold(try row.required(word))) }
        return words
    }
}
