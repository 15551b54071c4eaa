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
            abstract: "Import offers: France Travail JSON ({\"resultats\": […]} or an array) or CSV.",
            discussion: """
            Example:
              apparier import offers ../shared/data/offres/france_travail_offres_dept07_2025-06-01.json
            """)
        @OptionGroup var options: FileOptions
        func run() throws { try Import.run(.offers, options) }
    }
}
