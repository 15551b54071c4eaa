/// A spoken language from a fixed list, so that a candidate's languages fit one 32-bit mask.
///
///     Language(label: "Néerlandais")?.name   // "Néerlandais"
public struct Language: Hashable, Sendable {
    public let bit: Int
    public var name: String { Language.names[bit] }

    static let names = [
        "Français", "Anglais", "Allemand", "Espagnol", "Italien", "Néerlandais", "Portugais", "Arabe",
        "Polonais", "Roumain", "Turc", "Russe", "Chinois", "Japonais", "Ukrainien", "Langue des signes",
    ]
    static let bitByKey: [String: Int] = {
        var map = Dictionary(uniqueKeysWithValues: names.enumerated().map { (normalizedLabel($0.element), $0.offset) })
        map["flamand"] = map["neerlandais"]
        map["lsf"] = map["langue des signes"]
        map["langue des signes francaise"] = map["langue des signes"]
        return map
    }()

    static let bitByName = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })

    /// Every language Apparier knows, by name (the desk's list).
    public static var allNames: [String] { names }

    /// The nearest language name to an unrecognised `label` (two edits at most).
    ///
    ///     Language.suggestion(for: "Anglias")   // "Anglais"
    public static func suggestion(for label: String) -> String? {
        let key = Array(normalizedLabel(label).utf8)
        return names.compactMap { name in
            EditDistance.bounded(key, Array(normalizedLabel(name).utf8), limit: min(2, max(1, key.count / 3))).map { (name, $0) }
        }.min { $0.1 < $1.1 }?.0
    }

    public init?(label: String) {
        // The names as written come first: they are what files hold, and folding an accented label is slow.
        if let bit = Language.bitByName[label] { self.bit = bit; return }
        var key = normalizedLabel(label)
        if let paren = key.firstIndex(of: "(") { key = String(key[..<paren]).trimmingSpaces() }
        guard let bit = Language.bitByKey[key] else { return nil }
        self.bit = bit
    }
}

/// CEFR level of a language (A1 … C2). A language counts as held for a required one from B1 up;
/// a language stated without a level counts as B1.
public enum CEFRLevel: String, Codable, Sendable, Comparable, CaseIterable {
    case a1 = "A1", a2 = "A2", b1 = "B1", b2 = "B2", c1 = "C1", c2 = "C2"

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self).uppercased()
        guard let level = CEFRLevel(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "un niveau du CECRL A1…C2 est attendu, trouvé « \(raw) »"))
        }
        self = level
    }

    public static func < (a: CEFRLevel, b: CEFRLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
