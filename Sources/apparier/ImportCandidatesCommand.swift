import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchStore

/// `apparier import candidates`.
extension Import {
    struct Candidates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Importer des candidats : JSON d'Apparier (un tableau) ou CSV.",
            discussion: """
            Exemple :
              apparier import candidates candidats.csv --skip-invalid
            """)
        @OptionGroup var options: FileOptions
        func run() throws { try Import.run(.candidates, options) }
    }
}
