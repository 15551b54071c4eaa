import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchStore

/// `apparier import offers`.
extension Import {
    struct Offers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Importer des offres : JSON de France Travail ({\"resultats\": […]} ou un tableau) ou CSV.",
            discussion: """
            Exemple :
              apparier import offers ../shared/data/offres/france_travail_offres_dept07_2025-06-01.json
            """)
        @OptionGroup var options: FileOptions
        func run() throws { try Import.run(.offers, options) }
    }
}
