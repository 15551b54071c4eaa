/// Whether an offer requires (`E`, exigé) or only prefers (`S`, souhaité) something,
/// as in France Travail's *Offres d'emploi v2* `exigence` fields.
public enum Exigence: String, Codable, Sendable, Hashable {
    case required = "E"
    case desired = "S"

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = raw.uppercased() == "E" ? .required : .desired
    }
}

/// Folds a label for lookups: lower case, French diacritics removed, spaces collapsed.
///
///     normalizedLabel("  Néerlandais ")   // "neerlandais"
public func normalizedLabel(_ text: String) -> String {
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
