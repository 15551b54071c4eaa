import Foundation

/// One word of a job title or label after normalisation: lower case, accents removed (`é` → `e`,
/// `œ` → `oe`), inclusive endings dropped (`serveur(se)` → `serveur`).
public struct TitleWord: Sendable, Hashable {
    /// The normalised word (`vendeuse`, `boulangerie`).
    public var text: String
    /// The word directly follows a free-standing `à` (`… à Annonay`): where a title often names a place.
    public var followsPreposition: Bool

    public init(_ text: String, followsPreposition: Bool = false) {
        self.text = text; self.followsPreposition = followsPreposition
    }
}

/// The text rules shared by job titles, appellation labels, fiche labels and competences, so that a
/// title and a label meet on the same words. Pure functions; no referential involved (the rules that
/// need one, plurals, feminine forms and typos, are ``TitleVocabulary``'s).
///
///     TitleText.words("Aide-soignant(e) H/F à Lens").map(\.text)   // ["aide", "soignant", "lens"]
///     TitleText.fold("Manœuvre d’Équipe")                           // "manoeuvre d'equipe"
public enum TitleText {
    /// Lower case without diacritics; ligatures spelled out, typographic apostrophes made plain.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue                      // combining accents
            case 0x0153: out.append("o"); out.append("e")       // œ
            case 0x00E6: out.append("a"); out.append("e")       // æ
            case 0x2019, 0x2018, 0x0060, 0x00B4: out.append("'")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The words of `text` that carry meaning: folded, without inclusive endings (`adjoint-e`,
    /// `animateur.rice`, `directeur (trice)`), without `H/F` and other one-letter words, elisions
    /// (`d'`, `l'`), words holding digits (`07130`, `100%`, `2eme`), French function words and the
    /// gender nouns `homme` and `femme`.
    public static func words(_ text: String) -> [TitleWord] {
        let pieces = split(fold(text))
        var words: [TitleWord] = []
        words.reserveCapacity(pieces.count)
        var afterPreposition = false
        for (i, piece) in pieces.enumerated() {
            if piece.word == "a" && piece.separator.hasSuffix(" ") { afterPreposition = true; continue }
            defer { if !piece.word.isEmpty { afterPreposition = false } }
            if i > 0, isInclusiveEnding(piece, after: pieces[i - 1]) { continue }
            guard piece.word.count > 1, !piece.hasDigit, !functionWords.contains(piece.word),
                  !genderNouns.contains(piece.word) else { continue }
            words.append(TitleWord(piece.word, followsPreposition: afterPreposition))
        }
        return words
    }

    /// Endings written after a word to give its other gender: `(e)`, `(ère)`, `.rice`, `-fe`, `/e`…
    static let genderEndings: Set<String> = [
        "e", "es", "se", "euse", "euses", "rice", "trice", "ice", "ere", "iere", "ve", "ive", "ne", "enne",
        "le", "lle", "fe", "te", "tte", "eur", "eure", "esse", "sse", "ine", "tive", "ienne",
    ]

    /// "Femme de ménage", "Homme / Femme de pied": the person's gender, written as a noun, names no trade.
    static let genderNouns: Set<String> = ["homme", "femme", "hommes", "femmes"]

    /// Articles, prepositions and conjunctions: they join the words of a title without naming anything.
    static let functionWords: Set<String> = [
        "de", "du", "des", "la", "le", "les", "en", "et", "au", "aux", "pour", "sur", "par", "avec", "ou",
        "un", "une", "dans", "chez", "sa", "son", "ses", "leur", "leurs", "qu", "ce", "cet", "cette",
    ]

    /// A gender ending glued to the word before it (`(e)`, `.rice`, `-e`, `/e`) or in brackets after a
    /// space (`directeur (trice)`).
    static func isInclusiveEnding(_ piece: Piece, after previous: Piece) -> Bool {
        guard genderEndings.contains(piece.word), previous.word.count >= 3, !previous.hasDigit else { return false }
        switch piece.separator {
        case "(", " (", ".", "-", "/", "·": return true
        default: return false
        }
    }

    /// A run of letters and digits with the separator characters before it (spaces collapsed to one).
    struct Piece {
        var word: String
        var separator: String
        var hasDigit: Bool
    }

    static func split(_ folded: String) -> [Piece] {
        var pieces: [Piece] = []
        var word = String.UnicodeScalarView(), separator = "", hasDigit = false
        func flush() {
            guard !word.isEmpty else { return }
            pieces.append(Piece(word: String(word), separator: separator, hasDigit: hasDigit))
            word = String.UnicodeScalarView(); separator = ""; hasDigit = false
        }
        for scalar in folded.unicodeScalars {
            // ASCII first: the Unicode property lookup is the slow part of reading 60,000 labels.
            let value = scalar.value
            let isDigit = (48...57).contains(value)
            if (97...122).contains(value) || isDigit || (value >= 0x80 && scalar.properties.isAlphabetic) {
                if isDigit { hasDigit = true }
                word.append(scalar)
                continue
            }
            flush()
            if scalar.properties.isWhitespace {
                if !separator.hasSuffix(" ") { separator.append(" ") }
            } else if scalar != "'" {
                separator.unicodeScalars.append(scalar)
            }
        }
        flush()
        return pieces
    }
}
