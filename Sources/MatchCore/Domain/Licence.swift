import Foundation

/// A driving licence, CACES or habilitation, identified by its short code (`B`, `CE`, `CACES R489 3`…).
///
/// Licences are held as a bit set; ``LicenceSet/closure`` adds what a licence implies
/// (CE ⇒ C ⇒ C1 ⇒ B, D ⇒ D1 ⇒ B, BE ⇒ B…), so "holds every required licence" is one mask test.
///
///     let held = LicenceSet(["CE"]).closure
///     held.contains(LicenceSet(["B"]))   // true
public struct Licence: Hashable, Sendable, CustomStringConvertible {
    public let bit: Int
    public var code: String { Licence.catalog[bit].code }
    public var description: String { code }

    /// Every licence Apparier knows: code, accepted spellings, and directly implied codes.
    static let catalog: [(code: String, implies: [String])] = [
        ("AM", []), ("A1", ["AM"]), ("A2", ["A1"]), ("A", ["A2"]),
        ("B", []), ("BE", ["B"]), ("C1", ["B"]), ("C1E", ["C1", "BE"]), ("C", ["C1"]), ("CE", ["C", "C1E"]),
        ("D1", ["B"]), ("D1E", ["D1", "BE"]), ("D", ["D1"]), ("DE", ["D", "D1E"]),
        ("CACES R489 1A", []), ("CACES R489 1B", []), ("CACES R489 2A", []), ("CACES R489 2B", []),
        ("CACES R489 3", []), ("CACES R489 4", []), ("CACES R489 5", []), ("CACES R489 6", []),
        ("CACES R489 7", []), ("CACES R482", []), ("CACES R486", []), ("CACES R490", []),
        ("FIMO", []), ("FCO", []), ("ADR", []),
        ("HABILITATION ELECTRIQUE", []), ("SST", []), ("SSIAP", []),
    ]

    static let bitByCode: [String: Int] = Dictionary(
        uniqueKeysWithValues: catalog.enumerated().map { ($0.element.code, $0.offset) })

    /// Recognises a short code (`CE`), a France Travail label (`CE - Poids lourd + remorque`,
    /// `B mention 79.06 (= EB)`), or a spelled-out form (`Permis B`, `Voiture`, `poids lourd`,
    /// `caces r489 cat. 3`). Returns nil for anything else (``suggestion(for:)`` offers the nearest).
    public init?(label: String) {
        // A code as written in the catalogue (`B`, `CE`) — what candidates' files hold — is found directly.
        if let bit = Licence.bitByCode[label] { self.bit = bit; return }
        var key = normalizedLabel(label).uppercased()
        // France Travail's old names in parentheses: `(= EB)` is BE, `(= EC)` CE, `(= ED)` DE.
        if let open = key.range(of: "(= "), let close = key[open.upperBound...].firstIndex(of: ")"),
           let code = Licence.oldNames[String(key[open.upperBound..<close])] {
            key = code
        }
        if let dash = key.range(of: " - ") { key = String(key[..<dash.lowerBound]) }
        if let code = Licence.everydayNames[key.replacingPrefix("PERMIS ", with: "")] { key = code }
        key = key.replacingPrefix("PERMIS ", with: "")
        key = key.replacingOccurrences(of: "CAT. ", with: "").replacingOccurrences(of: "CATEGORIE ", with: "")
        key = key.trimmingSpaces()
        if key.hasPrefix("CACES"), !key.hasPrefix("CACES ") { key = "CACES " + key.dropFirst(5) }
        if key.hasPrefix("HABILITATION") { key = "HABILITATION ELECTRIQUE" }
        guard let bit = Licence.bitByCode[key] else { return nil }
        self.bit = bit
    }

    public static var all: [Licence] { (0..<catalog.count).map { Licence(uncheckedBit: $0) } }

    /// The old category names France Travail still prints in parentheses.
    static let oldNames = ["EB": "BE", "EC": "CE", "ED": "DE", "EC1": "C1E", "ED1": "D1E"]

    /// The everyday names of licences (after « permis »), folded and in capitals.
    static let everydayNames = [
        "VOITURE": "B", "VEHICULE LEGER": "B", "AUTO": "B", "AUTOMOBILE": "B", "VL": "B",
        "VEHICULE LEGER + REMORQUE": "BE", "REMORQUE": "BE",
        "POIDS LOURD": "C", "PL": "C", "CAMION": "C",
        "SUPER LOURD": "CE", "SPL": "CE", "POIDS LOURD + REMORQUE": "CE", "SEMI-REMORQUE": "CE",
        "MOTO": "A", "SCOOTER": "AM", "CYCLOMOTEUR": "AM",
        "BUS": "D", "AUTOCAR": "D", "TRANSPORT EN COMMUN": "D", "TRANSPORT DE PERSONNES": "D",
    ]

    /// The nearest known code or everyday name to an unrecognised `label` (two edits at most), as a
    /// reader should write it.
    ///
    ///     Licence.suggestion(for: "Permis BB")   // "B"
    public static func suggestion(for label: String) -> String? {
        let key = Array(normalizedLabel(label).uppercased().replacingPrefix("PERMIS ", with: "").utf8)
        let names = catalog.map(\.code) + everydayNames.keys.sorted()
        let scored = names.compactMap { name in EditDistance.bounded(key, Array(name.utf8), limit: min(2, max(1, key.count / 3))).map { (name, $0) } }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return everydayNames[best.0].map { "\(best.0.capitalized) (\($0))" } ?? best.0
    }

    init(uncheckedBit: Int) { bit = uncheckedBit }
}

/// A set of licences as a 64-bit mask.
public struct LicenceSet: OptionSet, Hashable, Sendable {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(_ licences: some Sequence<Licence>) {
        self.init(rawValue: licences.reduce(0) { $0 | (1 << UInt64($1.bit)) })
    }

    /// Parses codes, skipping the unknown ones. Use ``Licence/init(label:)`` to detect them.
    public init(_ codes: [String]) { self.init(codes.compactMap(Licence.init(label:))) }

    public var licences: [Licence] {
        (0..<Licence.catalog.count).filter { rawValue & (1 << UInt64($0)) != 0 }.map(Licence.init(uncheckedBit:))
    }

    /// The set plus everything its licences imply, transitively.
    public var closure: LicenceSet { LicenceSet(rawValue: LicenceSet.closureTable.reduce(0) { acc, entry in
        rawValue & (1 << UInt64(entry.bit)) != 0 ? acc | entry.mask : acc
    }) }

    /// For each licence, the mask of itself and everything it implies.
    static let closureTable: [(bit: Int, mask: UInt64)] = (0..<Licence.catalog.count).map { bit in
        var mask: UInt64 = 0
        var stack = [bit]
        while let b = stack.popLast() {
            if mask & (1 << UInt64(b)) != 0 { continue }
            mask |= 1 << UInt64(b)
            stack += Licence.catalog[b].implies.compactMap { Licence.bitByCode[$0] }
        }
        return (bit, mask)
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }

    func trimmingSpaces() -> String { trimmingCharacters(in: .whitespaces) }
}
