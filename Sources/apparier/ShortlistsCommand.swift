import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchStore

struct Shortlists: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlists",
        abstract: "List the shortlists saved in the store, newest first.",
        discussion: """
        Each line gives the list's number (for `apparier shortlist --show N`), the offer, who asked and
        when, how many candidates it holds and how many were erased since (RGPD).

        Examples:
          apparier shortlists
          apparier shortlists --offer D000042
          apparier shortlists --format json
        """)

    @Option(help: ArgumentHelp("Only the lists of this offer.", valueName: "id"))
    var offer: String?

    @Option(help: "Output format: table or json.")
    var format: ListFormat = .table

    @OptionGroup var store: StoreOptions

    enum ListFormat: String, ExpressibleByArgument { case table, json }

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
            return "No saved shortlist\(offer.map { " for offer \($0)" } ?? "") in \(storeName) (save one with `apparier shortlist --offer ID --save`).\n"
        }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? String(s.prefix(w - 1)) + " " : s + String(repeating: " ", count: w - s.count) }
        var out = pad("n°", 6) + pad("offre", 12) + pad("intitulé", 34) + pad("candidats", 11) + pad("demandée par", 20) + "le\n"
        for l in lists {
            let count = l.erased > 0 ? "\(l.entries) (\(l.erased) eff.)" : String(l.entries)
            out += pad(String(l.id), 6) + pad(l.offerId, 12) + pad(l.offerTitle ?? "", 34) + pad(count, 11) + pad(l.requestedBy, 20) + l.createdAt + "\n"
        }
        return out
    }
}
