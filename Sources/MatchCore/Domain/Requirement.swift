/// Whether an offer requires (`E`, exigé) or only prefers (`S`, souhaité) something,
/// as in France Travail's *Offres d'emploi v2* `exigence` fields.
public enum Exigence: String, Codable, Sendable, Hashable {
    case required = "E"
    case desired = "S"

    /// `E` (any case) is required; any other text is only desired, as France Travail's files use it.
    ///
    ///     Exigence(text: "e")   // .required
    public init(text: String) { self = text.uppercased() == "E" ? .required : .desired }

    public init(from decoder: any Decoder) throws {
        self.init(text: try decoder.singleValueContainer().decode(String.self))
    }
}

/// Folds a label for lookups: lower case, French diacritics removed, spaces collapsed.
///
///     normalizedLabel("  Néerlandais ")   // "neerlandais"
public func normalizedLabel(_ text: String) -> String {
    // Most labels and codes read at import are ASCII: folded byte by byte, without the Character switch below.
    if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A {
                if !lastWasSpace { bytes.append(0x20) }
                lastWasSpace = true
            } else {
                bytes.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
                lastWasSpace = false
            }
        }
        if bytes.last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
    return foldedByCharacter(text)
}

/// ``normalizedLabel(_:)`` for any text, character by character (the tests hold the ASCII path to it).
func foldedByCharacter(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    var lastWasSpace = true
    for ch in text.lowercased() {
        let folded: Character
        switch ch {
        case "à", "â", "ä", "á", "ã": folded = "a"
        case "é", "è", "ê", "ë": folded = "e"
        case "î", "ï", "í", "ì": folded = "i"
        case "ô", "ö", "ó", "ò", "õ": folded = "o"
        case "ù", "û", "ü", "ú": folded = "u"
        case "ç": folded = "c"
        case "œ": out += "o"; folded = "e"
        case "ÿ": folded = "y"
        default: folded = ch
        }
        if folded == " " || folded == "\t" || folded == "\n" {
            if !lastWasSpace { out.append(" ") }
            lastWasSpace = true
        } else {
            out.append(folded)
            lastWasSpace = false
        }
    }
    if out.hasSuffix(" ") { out.removeLast() }
    return out
}
