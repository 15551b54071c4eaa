import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchStore

/// The messages several commands print, worded once. A message that one command alone prints stays next
/// to the code that raises it; the words for the engine's values are in `Wording`, record problems in
/// `RecordProblem`, the parser's own phrases in `ParserWording`.
enum Messages {
    /// « BLAS : OpenBLAS 0.3.21 … », printed by the commands that multiply.
    static var blas: String { "BLAS : \(BLAS.implementation)" }

    /// « Magasin utilisé : /chemin/apparier.sqlite. »
    static func usingStore(_ store: Store) -> String { "Magasin utilisé : \(store.path ?? store.displayName)." }

    /// « Écrit : a.csv » or « Écrits : a.csv, b.csv ».
    static func wrote(_ paths: [String]) -> String { (paths.count > 1 ? "Écrits : " : "Écrit : ") + paths.joined(separator: ", ") }

    /// An option outside its range: « --top doit être compris entre 1 et 1 000 ».
    static func outOfRange(_ option: String, _ range: ClosedRange<Int>) -> ValidationError {
        ValidationError("\(option) doit être compris entre \(French.count(range.lowerBound)) et \(French.count(range.upperBound))")
    }

    /// The help of `--by`: who acts, for the audit log.
    static func byHelp(_ who: String) -> ArgumentHelp {
        ArgumentHelp("\(who), pour le journal. Par défaut : l'utilisateur du système.", valueName: "nom")
    }
}
