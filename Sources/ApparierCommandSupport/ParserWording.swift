import Foundation
import MatchData

/// ArgumentParser writes its help headings and usage errors in English; the command line speaks French.
/// This is the one place that rewords them, phrase by phrase, on the text the parser produced (the parser
/// has no localisation of its own); then it calls « <valeur> » a value the parser named after its option,
/// writes a default number as French readers do (« 500 000 ») and quotes what the parser quoted with ' '
/// in « », as the rest of the command line quotes.
///
///     ParserWording.french("Error: Missing expected argument '--offer <offre>'")
///     // "Erreur : argument attendu manquant « --offer <offre> »"
package enum ParserWording {
    /// The parser's phrases and their French, applied in order.
    static let phrases: [(String, String)] = [
        ("OVERVIEW:", "PRÉSENTATION :"),
        ("USAGE:", "UTILISATION :"),
        ("ARGUMENTS:", "ARGUMENTS :"),
        ("OPTIONS:", "OPTIONS :"),
        ("SUBCOMMANDS:", "SOUS-COMMANDES :"),
        ("Show help information.", "Afficher l'aide."),
        ("Show the version.", "Afficher la version."),
        // Without the space: the parser may wrap the line right after the colon.
        ("(default:", "(par défaut :"),
        ("(values:", "(valeurs :"),
        // The padding after a default sub-command shrinks by the three letters its French adds.
        (" (default)   ", " (par défaut)"),
        ("  See 'apparier help <subcommand>' for detailed help.", "  Voir 'apparier help <sous-commande>' pour l'aide détaillée."),
        ("' for detailed help.", "' pour l'aide détaillée."),
        ("Error: ", "Erreur : "),
        ("Help: ", "Aide : "),
        ("Usage: ", "Utilisation : "),
        ("  See 'apparier ", "  Voir 'apparier "),
        ("' for more details.", "' pour le détail."),
        ("' for more information.", "' pour le détail."),
        ("<subcommand>", "<sous-commande>"),
        ("Missing expected argument ", "argument attendu manquant "),
        ("Unknown option ", "option inconnue "),
        ("Unexpected argument ", "argument inattendu "),
        ("Missing value for ", "valeur manquante pour "),
        ("The value ", "la valeur "),
        (" is invalid for ", " est invalide pour "),
        (". Please provide one of ", " ; valeurs possibles : "),
        ("' and '", "' ou '"),
        ("Please provide one of ", "donnez l'une de ces valeurs : "),
        ("Please provide at least one of ", "donnez au moins l'une de ces valeurs : "),
    ]

    /// `text` with the parser's phrases in French.
    package static func french(_ text: String) -> String {
        let phrased = phrases.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        // A default after a list of values, « (valeurs : json, csv; default: json) », wrapped or not.
        let defaults = phrased.replacing(defaultAfterValues) { " ;\($0.output.1)par défaut :" }
        return quoted(groupedDefaults(namedValues(defaults)))
    }

    /// An option whose value the parser names after the option itself, in English (`--top <top>`), as
    /// « --top <valeur> »; the options that name their value in French (`--db <chemin>`) keep it. In the
    /// help's table, the padding after it shrinks or grows so that the descriptions stay in their column.
    static func namedValues(_ text: String) -> String {
        let table = text.replacing(selfNamedRow) { match in
            let (whole, option, _, padding) = match.output
            let renamed = "  \(option) <valeur>"
            // A label that reached the column is followed by its description on the next line.
            guard !padding.isEmpty else { return renamed }
            return renamed + String(repeating: " ", count: max(1, whole.count - renamed.count))
        }
        return table.replacing(selfNamedValue) { "\($0.output.1) <valeur>" }
    }

    /// A default of one whole number of five digits or more, grouped by thousands: « (par défaut :
    /// 500 000) ». Four digits stay as typed, as French allows: such a default is often a name rather than
    /// a count (port 8080, seed 2026). Lists such as `50000,100000` stay as typed too: grouped, their commas
    /// would read as decimal commas.
    static func groupedDefaults(_ text: String) -> String {
        text.replacing(defaultNumber) { match in
            let (_, space, digits) = match.output
            return "par défaut :\(space)\(Int(digits).map(French.count) ?? String(digits)))"
        }
    }

    /// What the parser quotes between ' ' — an option (`'--top <top>'`), a command (`'apparier help'`) or
    /// a value without spaces (`'abc'`) — between « ». French apostrophes (« l'aide ») are left alone: the
    /// text between two of them has spaces and starts with neither a dash nor `apparier`.
    static func quoted(_ text: String) -> String {
        text.replacing(parserQuote) { "« \($0.output.1) »" }
    }

    /// A row of the help's table of options: the label at the line's start, then the padding up to the
    /// descriptions' column (none when the label is too long and the description goes below).
    nonisolated(unsafe) private static let selfNamedRow = #/(?m)^  (--([a-z][a-z0-9-]*)) <\2>( *)/#
    nonisolated(unsafe) private static let selfNamedValue = #/(--([a-z][a-z0-9-]*)) <\2>/#
    nonisolated(unsafe) private static let defaultAfterValues = #/;(\s+)default:/#
    nonisolated(unsafe) private static let defaultNumber = #/par défaut :(\s+)(\d{5,})\)/#
    nonisolated(unsafe) private static let parserQuote = #/'((?:--?|apparier )[^'\n]*|[^'\s]+)'/#
}
