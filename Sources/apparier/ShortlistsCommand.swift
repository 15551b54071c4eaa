import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchData
import MatchStore

struct Shortlists: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlists",
        abstract: "Lister les listes enregistrées dans le magasin, de la plus récente à la plus ancienne.",
        discussion: """
        Chaque ligne donne le numéro de la liste (pour `apparier shortlist --show N`),
        l'offre, qui l'a demandée et quand, combien de candidats elle compte et
        combien ont été effacés depuis (RGPD).

        Exemples :
          apparier shortlists
          apparier shortlists --offer D000042
          apparier shortlists --format json
        """)

    @Option(help: ArgumentHelp("Seulement les listes de cette offre.", valueName: "offre"))
    var offer: String?

    @Option(help: "Format : table ou json.")
    var format: ListFormat = .table

    @OptionGroup var store: StoreOptions

    enum ListFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func run() throws {
        let opened = try store.openExisting()
        let lists = try opened.shortlists(offerId: offer)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(lists), as: UTF8.self))
        case .table:
            print(Shortlists.table(lists, storeName: opened.displayName, offer: offer), terminator: "")
        }
    }

    static func table(_ lists: [ShortlistSummary], storeName: String, offer: String?) -> String {
        guard !lists.isEmpty else {
            return "Aucune liste enregistrée\(offer.map { " pour l'offre \($0)" } ?? "") dans \(storeName) (en enregistrer une : `apparier shortlist --offer OFFRE --save`).\n"
        }
        var table = TextTable(["n°", "offre", "intitulé", "candidats", "demandée par", "le"], alignments: [.right, .left, .left, .right],
                              maxWidths: [2: 40])
        for l in lists {
            let count = l.erased > 0 ? "\(l.entries) (\(l.erased) effacé\(l.erased > 1 ? "s" : ""))" : String(l.entries)
            table.append([String(l.id), l.offerId, l.offerTitle ?? "—", count, l.requestedBy, French.date(l.createdAt)])
        }
        return table.text
    }
}
