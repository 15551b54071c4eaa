public import Foundation
public import MatchCore

// MARK: - Errors

// MARK: - Loader

/// Loads the referentials Apparier reads from `data/` (see `data/README.md`): ROME 4.0, the communes of
/// Hauts-de-France, and optional commune-to-commune travel-time matrices.
///
/// Every problem in a file (missing file, missing column, malformed value, inconsistent code) is
/// reported as a ``MatchError`` naming the file, line and column.
///
///     let data = URL(fileURLWithPath: "data")
///     let rome = try ReferentialLoader.loadRome(from: data)          // 1,584 fiches
///     let communes = try ReferentialLoader.loadCommunes(from: data)  // 3,787 communes
public enum ReferentialLoader {
    /// The files read, relative to the data directory.
    public enum Files {
        public static let romeFiches = "rome/unix_referentiel_code_rome_v460_utf8.csv"
        public static let romeDomaines = "rome/unix_cr_gd_dp_v460_utf8.csv"
        public static let romeItems = "rome/unix_item_v460_utf8.csv"
        public static let romeLinks = "rome/unix_coherence_item_v460_utf8.csv"
        public static let romeMobility = "rome/unix_rubrique_mobilite_v460_utf8.csv"
        public static let romeVersion = "rome/rome_version_v60.txt"
        public static let communes = "communes/communes_hdf_geo_pop_2024.csv"
        public static let epci = "communes/epci_composition_hdf.csv"
        public static let zonesEmploi = "communes/zones_emploi_2020_composition_hdf.csv"
    }

    /// The version reported when `rome_version_v60.txt` is absent or has no title line.
    public static let fallbackRomeVersion = "ROME 4.0 v460"
}

// MARK: ROME

extension ReferentialLoader {
    /// Loads ROME 4.0: fiches with parent and domaine professionnel, items (savoir-faire, savoir-être,
    /// savoirs; contextes de travail are left out), fiche ↔ item links and mobility relations.
    ///
    ///     let rome = try ReferentialLoader.loadRome(from: URL(fileURLWithPath: "data"))
    ///     rome.fiches.count                                  // 1584
    ///     rome.ficheIndex["M1612"].map { rome.fiches[Int(rome.parent[Int($0)])].code }   // "M1607"
    ///
    /// - Parameter dataDirectory: the folder holding `rome/`.
    /// - Throws: ``MatchError`` for a missing file or column, a malformed code, or a link or
    ///   relation naming an unknown fiche or item.
    public static func loadRome(from dataDirectory: URL) throws -> RomeReferential {
        let domaines = try readDomaines(dataDirectory.appendingPathComponent(Files.romeDomaines))
        let fiches = try readFiches(dataDirectory.appendingPathComponent(Files.romeFiches), domaines: domaines)
        let ficheCodes = Set(fiches.map(\.code))
        let catalog = try readItems(dataDirectory.appendingPathComponent(Files.romeItems))
        let links = try readLinks(
            dataDirectory.appendingPathComponent(Files.romeLinks), fiches: ficheCodes, kinds: catalog.kinds)
        let mobility = try readMobility(dataDirectory.appendingPathComponent(Files.romeMobility), fiches: ficheCodes)
        let version = readRomeVersion(dataDirectory.appendingPathComponent(Files.romeVersion))
        do {
            return try RomeReferential(
                version: version, fiches: fiches, items: catalog.items, links: links, mobility: mobility)
        } catch let error as MatchError where error.code == .invalidReferential {
            throw MatchError(.invalidRecord, file: dataDirectory.appendingPathComponent("rome").path, message: error.message)
        }
    }

    /// `code_rome` → `code_domaine_professionel` from `unix_cr_gd_dp`.
    static func readDomaines(_ url: URL) throws -> [String: String] {
        let file = try CSVDataFile(url)
        let code = try file.column("code_rome"), domaine = try file.column("code_domaine_professionel")
        var result = [String: String](minimumCapacity: 2048)
        try file.forEachRow { row in
            let rome = try row.romeCode(code)
            let value = try row.required(domaine)
            if let previous = result.updateValue(value, forKey: rome), previous != value {
                throw row.error(code, "fiche \(rome) listed with two domaines (\(previous), \(value))")
            }
        }
        return result
    }

    /// Fiches of `unix_referentiel_code_rome`, in file order; every parent must be a fiche of the file.
    static func readFiches(_ url: URL, domaines: [String: String]) throws -> [RomeFiche] {
        let file = try CSVDataFile(url)
        let code = try file.column("code_rome"), label = try file.column("libelle_rome")
        let parent = try file.column("code_rome_parent")
        var fiches: [(fiche: RomeFiche, line: Int)] = []
        var seen = [String: Int]()
        try file.forEachRow { row in
            let rome = try row.romeCode(code)
            if let first = seen.updateValue(row.line, forKey: rome) {
                throw row.error(code, "fiche \(rome) already defined on line \(first)")
            }
            guard let domaine = domaines[rome] else {
                throw row.error(code, "fiche \(rome) has no domaine professionnel in \(Files.romeDomaines)")
            }
            let fiche = RomeFiche(
                code: rome, label: try row.required(label), parentCode: try row.romeCode(parent), domaineCode: domaine)
            fiches.append((fiche, row.line))
        }
        for (fiche, line) in fiches where seen[fiche.parentCode] == nil {
            throw MatchError(
                .invalidRecord, file: file.path, line: line, field: parent.name, message: "unknown parent fiche \(fiche.parentCode)")
        }
        return fiches.map(\.fiche)
    }

    /// Items of `unix_item` except contextes, plus the kind of every code (contextes included) for
    /// checking links.
    static func readItems(_ url: URL) throws -> (items: [RomeItem], kinds: [String: RomeItem.Kind]) {
        let file = try CSVDataFile(url)
        let code = try file.column("code_ogr"), label = try file.column("libelle")
        let rubrique = try file.column("code_rubrique")
        var items = [RomeItem]()
        items.reserveCapacity(34_000)
        var kinds = [String: RomeItem.Kind](minimumCapacity: 34_000)
        try file.forEachRow { row in
            let ogr = try row.ogrCode(code)
            let kind = try itemKind(row, rubrique)
            guard kinds.updateValue(kind, forKey: ogr) == nil else {
                throw row.error(code, "item \(ogr) listed twice")
            }
            if kind != .contexte { items.append(RomeItem(code: ogr, label: try row.required(label), kind: kind)) }
        }
        return (items, kinds)
    }

    /// `code_rubrique`: 1 savoir-faire, 2 savoir-être, 3 savoir, empty contexte de travail.
    static func itemKind(_ row: CSVDataRow, _ column: CSVColumn) throws -> RomeItem.Kind {
        switch row[column] {
        case "1": return .savoirFaire
        case "2": return .savoirEtre
        case "3": return .savoir
        case "": return .contexte
        case let other: throw row.error(column, "unknown rubrique \"\(other)\" (expected 1, 2, 3 or empty)")
        }
    }

    /// Fiche → item links of `unix_coherence_item`, without the links to contextes.
    static func readLinks(_ url: URL, fiches: Set<String>, kinds: [String: RomeItem.Kind]) throws -> [RomeLink] {
        let file = try CSVDataFile(url)
        let rome = try file.column("code_rome"), ogr = try file.column("code_ogr")
        let core = try file.column("coeur_metier")
        var links = [RomeLink]()
        links.reserveCapacity(100_000)
        try file.forEachRow { row in
            let ficheCode = try row.knownFiche(rome, in: fiches)
            let itemCode = try row.ogrCode(ogr)
            guard let kind = kinds[itemCode] else {
                throw row.error(ogr, "unknown item \(itemCode) (not in \(Files.romeItems))")
            }
            let isCore = try isCoreItem(row, core)
            if kind != .contexte { links.append(RomeLink(romeCode: ficheCode, itemCode: itemCode, isCore: isCore)) }
        }
        return links
    }

    /// `coeur_metier`: "Principale" is core; empty and "Émergente" are not.
    static func isCoreItem(_ row: CSVDataRow, _ column: CSVColumn) throws -> Bool {
        switch row[column] {
        case "Principale": return true
        case "", "Émergente": return false
        case let other: throw row.error(column, "unknown value \"\(other)\" (expected Principale, Émergente or empty)")
        }
    }

    /// Mobility relations (`code_rome` → `code_rome_cible`) of `unix_rubrique_mobilite`.
    static func readMobility(_ url: URL, fiches: Set<String>) throws -> [(String, String)] {
        let file = try CSVDataFile(url)
        let from = try file.column("code_rome"), to = try file.column("code_rome_cible")
        var relations = [(String, String)]()
        try file.forEachRow { row in
            relations.append((try row.knownFiche(from, in: fiches), try row.knownFiche(to, in: fiches)))
        }
        return relations
    }

    /// The "Titre/commentaire" of France Travail's version note (`ROME 4.0 version 60 - 25M09`), or
    /// ``fallbackRomeVersion`` when the note is missing or has no title.
    static func readRomeVersion(_ url: URL) -> String {
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            return fallbackRomeVersion
        }
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("Titre") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let title = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !title.isEmpty { return title }
        }
        return fallbackRomeVersion
    }
}

// MARK: Communes

extension ReferentialLoader {
    /// Loads the communes of Hauts-de-France (COG 2024) with coordinates, RP 2021 population figures,
    /// EPCI (SIREN, 2025) and zone d'emploi 2020, sorted by INSEE code.
    ///
    /// Only `COM` rows are kept, the first row of each INSEE code wins (the source has one row per
    /// postal code), and a commune without coordinates is skipped. A commune missing from the EPCI or
    /// zone d'emploi table keeps `nil` there.
    ///
    ///     let communes = try ReferentialLoader.loadCommunes(from: URL(fileURLWithPath: "data"))
    ///     communes["59350"]?.name        // "Lille"
    ///     communes["59350"]?.zoneEmploi  // "3216" (Lille)
    ///     communes["59350"]?.epci        // "200093201" (Métropole Européenne de Lille)
    ///
    /// - Throws: ``MatchError`` for a missing file or column, or a malformed code, number or coordinate.
    public static func loadCommunes(from dataDirectory: URL) throws -> CommuneDirectory {
        let epci = try readCodeMap(dataDirectory.appendingPathComponent(Files.epci), key: "insee", value: "siren")
        let zones = try readCodeMap(
            dataDirectory.appendingPathComponent(Files.zonesEmploi), key: "CODGEO", value: "ZE2020")
        var communes = try readCommunes(dataDirectory.appendingPathComponent(Files.communes))
        for i in communes.indices {
            communes[i].epci = epci[communes[i].code]
            communes[i].zoneEmploi = zones[communes[i].code]
        }
        communes.sort { $0.code < $1.code }
        return CommuneDirectory(communes)
    }

    /// The `COM` rows of the geo/population file, first row per INSEE code, skipping rows without coordinates.
    static func readCommunes(_ url: URL) throws -> [Commune] {
        let file = try CSVDataFile(url)
        let code = try file.column("insee_com"), type = try file.column("commune_type")
        let name = try file.column("commune"), lat = try file.column("lat"), lng = try file.column("lng")
        let population = try file.column("population_2021")
        let workingAge = try file.column("pop_15_64_totale_2021")
        let unemployed = try file.column("pop_15_64_chomage_2021")
        let postalCode = try file.column("code_postal")
        var communes = [Commune]()
        var seen = Set<String>()
        try file.forEachRow { row in
            guard row[type] == "COM" else { return }
            let insee = try row.inseeCode(code)
            guard !seen.contains(insee), let location = try row.geoPoint(latitude: lat, longitude: lng) else { return }
            seen.insert(insee)
            communes.append(Commune(
                code: insee, name: try row.required(name), location: location,
                population: try row.count(population), workingAgePopulation: try row.count(workingAge),
                unemployed: try row.count(unemployed), postalCode: row[postalCode].isEmpty ? nil : row[postalCode]))
        }
        return communes
    }

    /// INSEE code → value of another column (first row wins; rows with an empty value are ignored).
    static func readCodeMap(_ url: URL, key: String, value: String) throws -> [String: String] {
        let file = try CSVDataFile(url)
        let keyColumn = try file.column(key), valueColumn = try file.column(value)
        var map = [String: String](minimumCapacity: 4096)
        try file.forEachRow { row in
            let insee = try row.inseeCode(keyColumn)
            let target = row[valueColumn].trimmingCharacters(in: .whitespaces)
            if !target.isEmpty, map[insee] == nil { map[insee] = target }
        }
        return map
    }
}

extension ReferentialLoader {
    /// The EPCI of Hauts-de-France: SIREN code → name (`200033579` → « CU d'Arras »), for platforms'
    /// territories.
    ///
    ///     let epci = try ReferentialLoader.loadEPCINames(from: URL(fileURLWithPath: "data"))
    public static func loadEPCINames(from dataDirectory: URL) throws -> [String: String] {
        let file = try CSVDataFile(dataDirectory.appendingPathComponent(Files.epci))
        let siren = try file.column("siren"), name = try file.column("raison_sociale")
        var names: [String: String] = [:]
        try file.forEachRow { row in
            let code = row[siren].trimmingCharacters(in: .whitespaces)
            if !code.isEmpty, names[code] == nil { names[code] = try row.required(name) }
        }
        return names
    }
}

extension ReferentialLoader {
    /// The names of the areas of a batch's breakdowns: zones d'emploi (`3216` → « Lille »), EPCI and the
    /// ROME's grands domaines (`N` → « Transport et Logistique »).
    ///
    ///     let names = try ReferentialLoader.loadAreaNames(from: URL(fileURLWithPath: "data"))
    public static func loadAreaNames(from dataDirectory: URL) throws -> AreaNames {
        AreaNames(zones: try names(in: Files.zonesEmploi, code: "ZE2020", name: "LIBZE2020", from: dataDirectory),
                  epci: try loadEPCINames(from: dataDirectory),
                  domains: try names(in: Files.romeDomaines, code: "code_grand_domaine", name: "libelle_grand_domaine", from: dataDirectory))
    }

    /// code → name from two columns of a referential (the first name seen for each code).
    private static func names(in file: String, code: String, name: String, from dataDirectory: URL) throws -> [String: String] {
        let csv = try CSVDataFile(dataDirectory.appendingPathComponent(file))
        let codeColumn = try csv.column(code), nameColumn = try csv.column(name)
        var names: [String: String] = [:]
        try csv.forEachRow { row in
            let key = row[codeColumn].trimmingCharacters(in: .whitespaces)
            if !key.isEmpty, names[key] == nil { names[key] = try row.required(nameColumn) }
        }
        return names
    }
}

// MARK: Travel matrix

extension ReferentialLoader {
    /// Loads commune-to-commune travel times from a CSV with header `from,to,mode,minutes` (columns in
    /// any order; extra columns ignored).
    ///
    ///     from,to,mode,minutes
    ///     59350,59009,transit,22
    ///     59350,59009,voiture,14.5
    ///
    /// `mode` is `car|voiture`, `transit|transport_en_commun`, `bike|velo` or `walk|marche` (any case);
    /// `minutes` is a finite number ≥ 0. Codes are 5-character INSEE codes; codes unknown to `communes`
    /// are kept (offers may lie outside the region). When `communes` is given, a 4-digit code whose
    /// leading zero was lost by a spreadsheet (`2001`) is restored if the 5-digit code is in it.
    /// The same `from,to,mode` twice with different minutes is an error.
    ///
    ///     let matrix = try ReferentialLoader.loadTravelMatrix(from: URL(fileURLWithPath: "times.csv"), communes: nil)
    ///     matrix.minutes(from: "59350", to: "59009", mode: .transit)   // 22
    ///
    /// - Throws: ``MatchError`` with the file, line and column of the first bad row.
    public static func loadTravelMatrix(from file: URL, communes: CommuneDirectory?) throws -> TravelMatrix {
        let csv = try CSVDataFile(file)
        let from = try csv.column("from"), to = try csv.column("to")
        let mode = try csv.column("mode"), minutes = try csv.column("minutes")
        var matrix = TravelMatrix()
        try csv.forEachRow { row in
            let origin = try row.travelCommune(from, communes: communes)
            let destination = try row.travelCommune(to, communes: communes)
            let transport = try row.transportMode(mode)
            let value = try row.minutes(minutes)
            if let previous = matrix.minutes(from: origin, to: destination, mode: transport), previous != value {
                throw row.error(minutes, "\(origin) → \(destination) \(transport.rawValue) already given as \(previous)")
            }
            matrix.set(from: origin, to: destination, mode: transport, minutes: value)
        }
        return matrix
    }
}

// MARK: - CSV reading


/// A CSV file with a header row, read row by row with the 1-based line of each row (the header is
/// line 1; a quoted field spanning lines advances the count). Blank lines are skipped. The file must
/// be UTF-8 (a BOM is allowed).
///
///     let file = try CSVDataFile(url)
///     let code = try file.column("code_rome")
///     try file.forEachRow { row in print(row.line, row[code]) }
package final class CSVDataFile {
    package let path: String
    package let header: [String]
    private var rows: [CSVDataRow]
    private var next = 0

    /// Reads the whole file (referentials are a few MB) with the package's one CSV reader (``CSVReader``).
    /// `delimiter` is the separator the file is known to use.
    package init(_ url: URL, delimiter: UnicodeScalar = ",") throws {
        path = url.path
        let data = try Self.read(url)
        let reader = try CSVReader(data: data, file: path, separator: UInt8(ascii: delimiter))
        header = reader.header
        var rows = [CSVDataRow]()
        let width = header.count, path = path
        try reader.forEachRecord { row in
            guard row.count == width else {
                throw MatchError(.invalidRecord, file: path, line: row.line, message: "\(row.count) champs là où l'en-tête en a \(width)")
            }
            rows.append(CSVDataRow(fields: row.fields, file: path, line: row.line))
        }
        self.rows = rows
    }

    /// The file's bytes, or an error saying whether it is missing, unreadable or not UTF-8 (with the line
    /// of the first invalid byte).
    private static func read(_ url: URL) throws -> Data {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw MatchError(.unreadableFile, file: url.path, message: exists ? "cannot read the file" : "file not found")
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw MatchError(.unreadableFile, file: url.path, line: firstInvalidUTF8Line(data), message: "pas en UTF-8 valide")
        }
        return data
    }

    private static func firstInvalidUTF8Line(_ data: Data) -> Int? {
        var decoder = UTF8(), bytes = data.makeIterator(), line = 1
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }

    /// The column named `name`; an error naming the header line if the file has none.
    package func column(_ name: String) throws -> CSVColumn {
        guard let index = header.firstIndex(of: name) else {
            throw MatchError(
                .invalidRecord, file: path, line: 1, field: name,
                message: "colonne absente (en-tête : \(header.joined(separator: ",")))")
        }
        return CSVColumn(name: name, index: index)
    }

    /// The next row, or `nil` at the end of the file (blank lines are skipped).
    package func nextRow() throws -> CSVDataRow? {
        guard next < rows.count else { return nil }
        defer { next += 1 }
        return rows[next]
    }

    package func forEachRow(_ body: (CSVDataRow) throws -> Void) throws {
        while let row = try nextRow() { try body(row) }
    }
}

/// One row of a ``CSVDataFile``, with typed, checked accessors that report the file, line and column.
package struct CSVDataRow {
    package let fields: [String]
    package let file: String
    package let line: Int

    /// The raw value (rows always have as many fields as the header).
    package subscript(column: CSVColumn) -> String { column.index.map { fields[$0] } ?? "" }

    package func error(_ column: CSVColumn, _ message: String) -> MatchError {
        MatchError(.invalidRecord, file: file, line: line, field: column.name, message: message)
    }

    /// The value with surrounding spaces removed; empty is an error.
    package func required(_ column: CSVColumn) throws -> String {
        let value = trimmed(column)
        guard !value.isEmpty else { throw error(column, "empty value") }
        return value
    }

    /// The value without surrounding whitespace (fast path: no copy when the ends are plain ASCII).
    package func trimmed(_ column: CSVColumn) -> String {
        let value = self[column]
        guard let first = value.utf8.first, let last = value.utf8.last,
              Self.mayBeWhitespace(first) || Self.mayBeWhitespace(last)
        else { return value }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// Space, tab, or a non-ASCII byte (which may belong to a no-break space).
    private static func mayBeWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte >= 0x80 }

    /// A non-negative integer count.
    package func count(_ column: CSVColumn) throws -> Int {
        let value = trimmed(column)
        guard let number = Int(value), number >= 0 else {
            throw error(column, "expected a whole number ≥ 0, found \"\(value)\"")
        }
        return number
    }

    /// Latitude and longitude in degrees; `nil` when both are empty.
    package func geoPoint(latitude: CSVColumn, longitude: CSVColumn) throws -> GeoPoint? {
        let lat = trimmed(latitude), lng = trimmed(longitude)
        if lat.isEmpty && lng.isEmpty { return nil }
        return GeoPoint(latitude: try degrees(latitude, lat, limit: 90), longitude: try degrees(longitude, lng, limit: 180))
    }

    private func degrees(_ column: CSVColumn, _ value: String, limit: Double) throws -> Double {
        guard let number = Double(value), number.isFinite, abs(number) <= limit else {
            throw error(column, "expected degrees within ±\(Int(limit)), found \"\(value)\"")
        }
        return number
    }

    /// A ROME fiche code: a capital letter and four digits (`M1607`).
    package func romeCode(_ column: CSVColumn) throws -> String {
        let value = trimmed(column)
        let bytes = value.utf8
        guard bytes.count == 5, let letter = bytes.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(letter),
              bytes.dropFirst().allSatisfy(Self.isDigit)
        else { throw error(column, "malformed ROME code \"\(value)\"") }
        return value
    }

    /// A ROME fiche code that names one of `fiches`.
    package func knownFiche(_ column: CSVColumn, in fiches: Set<String>) throws -> String {
        let code = try romeCode(column)
        guard fiches.contains(code) else { throw error(column, "unknown fiche \(code)") }
        return code
    }

    /// An OGR code: digits only.
    package func ogrCode(_ column: CSVColumn) throws -> String {
        let value = trimmed(column)
        guard !value.isEmpty, value.utf8.allSatisfy(Self.isDigit) else {
            throw error(column, "malformed OGR code \"\(value)\"")
        }
        return value
    }

    /// A 5-character INSEE commune code: 5 digits, or `2A`/`2B` and 3 digits.
    package func inseeCode(_ column: CSVColumn) throws -> String {
        let value = trimmed(column)
        guard Self.isInseeCode(value) else { throw error(column, "malformed INSEE code \"\(value)\"") }
        return value
    }

    /// An INSEE code for a travel matrix, restoring a lost leading zero when `communes` confirms it.
    package func travelCommune(_ column: CSVColumn, communes: CommuneDirectory?) throws -> String {
        let value = trimmed(column)
        if Self.isInseeCode(value) { return value }
        if let communes, value.utf8.count == 4, value.utf8.allSatisfy(Self.isDigit), communes.index["0" + value] != nil {
            return "0" + value
        }
        throw error(column, "malformed INSEE code \"\(value)\" (expected 5 characters, e.g. 02001)")
    }

    /// `car|voiture`, `transit|transport_en_commun`, `bike|velo`, `walk|marche`, any case.
    package func transportMode(_ column: CSVColumn) throws -> TransportMode {
        let value = trimmed(column)
        switch value.lowercased() {
        case "car", "voiture": return .car
        case "transit", "transport_en_commun": return .transit
        case "bike", "velo", "vélo": return .bike
        case "walk", "marche": return .walk
        default:
            throw error(column, "unknown mode \"\(value)\" (expected car, transit, bike, walk or their French names)")
        }
    }

    /// Travel minutes: a finite number ≥ 0.
    package func minutes(_ column: CSVColumn) throws -> Float {
        let value = trimmed(column)
        guard let number = Double(value), number.isFinite, number >= 0, Float(number).isFinite else {
            throw error(column, "expected minutes as a finite number ≥ 0, found \"\(value)\"")
        }
        return Float(number)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    package static func isInseeCode(_ value: String) -> Bool {
        let bytes = value.utf8
        guard bytes.count == 5, bytes.dropFirst(2).allSatisfy(isDigit) else { return false }
        let department = (bytes[bytes.startIndex], bytes[bytes.index(after: bytes.startIndex)])
        if department.0 == UInt8(ascii: "2") && (department.1 == UInt8(ascii: "A") || department.1 == UInt8(ascii: "B")) {
            return true  // Corsica: 2A, 2B
        }
        return isDigit(department.0) && isDigit(department.1)
    }
}
