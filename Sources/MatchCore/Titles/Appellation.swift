/// A ROME 4.0 appellation: one of the 13,120 job names of the referential, attached to one fiche.
///
///     Appellation(code: "12345", label: "Vendeur / Vendeuse en boulangerie-pâtisserie",
///                 shortLabel: "Vendeur(se) en boulangerie-pâtisserie", romeCode: "D1106")
public struct Appellation: Sendable, Hashable, Codable {
    /// `code_ogr` of the appellation.
    public var code: String
    /// The long label, both genders spelled out ("Vendeur / Vendeuse en …").
    public var label: String
    /// The short label ("Vendeur(se) en …").
    public var shortLabel: String
    /// The fiche métier.
    public var romeCode: String
    /// France Travail's main appellation of the fiche (`classification` PRINCIPALE).
    public var isPrincipal: Bool
    /// Marked "peu usité" by France Travail.
    public var isRare: Bool

    public init(code: String, label: String, shortLabel: String, romeCode: String, isPrincipal: Bool = false, isRare: Bool = false) {
        self.code = code; self.label = label; self.shortLabel = shortLabel; self.romeCode = romeCode
        self.isPrincipal = isPrincipal; self.isRare = isRare
    }
}

/// An abbreviation or acronym of the trades ("SPL", "ASH", "CACES") with what it stands for, the fiche
/// it designates on its own and where the meaning comes from (see `data/titres/sigles.csv`).
public struct TitleAbbreviation: Sendable, Hashable {
    /// As written in titles ("SPL").
    public var abbreviation: String
    /// What it stands for, in words the referential uses ("conducteur super poids lourd").
    public var meaning: String
    /// The fiche the abbreviation designates when a title holds nothing else.
    public var romeCode: String
    /// The document the meaning comes from.
    public var source: String

    public init(abbreviation: String, meaning: String, romeCode: String, source: String) {
        self.abbreviation = abbreviation; self.meaning = meaning; self.romeCode = romeCode; self.source = source
    }
}

/// One answer of ``TitleMatcher``: an appellation, its fiche, a score and the words that matched.
public struct TitleMatch: Sendable, Hashable, Codable {
    public var codeOgr: String
    public var libelle: String
    public var romeCode: String
    public var ficheLibelle: String
    /// Relevance, comparable only within one query: the best label match scores 1 on its own field, and
    /// the fiche, competence and coverage evidence add to it (docs/titles.md).
    public var score: Double
    /// The title's words that matched, with the reading used when it differs: `carsite → cariste`,
    /// `spl → poids lourd`.
    public var matched: [String]

    public init(codeOgr: String, libelle: String, romeCode: String, ficheLibelle: String, score: Double, matched: [String]) {
        self.codeOgr = codeOgr; self.libelle = libelle; self.romeCode = romeCode; self.ficheLibelle = ficheLibelle
        self.score = score; self.matched = matched
    }
}
