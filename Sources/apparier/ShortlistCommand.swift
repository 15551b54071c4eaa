import ArgumentParser
import Foundation
import MatchCore
import MatchData

struct ShortlistOptions: ParsableArguments {
    @Option(name: .customLong("top"), help: "How many candidates to list.")
    var top = 20

    @Option(help: "Output format: table, json (one object), csv (Excel/LibreOffice: UTF-8 BOM, `;`).")
    var format: OutputFormat = .table

    @Flag(help: "In the table, show each candidate's score components, matched and missing competences.")
    var explain = false

    func validate() throws {
        guard (1...1000).contains(top) else { throw ValidationError("--top must be between 1 and 1000") }
    }

    func render(_ list: Shortlist, offer: JobOffer, workspace: Workspace, referenceDate: Day, forceExplain: Bool = false) throws -> String {
        let report = ShortlistReport(list, offerTitle: offer.title, model: workspace.modelVersions(referenceDate: referenceDate))
        switch format {
        case .json: return String(decoding: try report.jsonData(), as: UTF8.self) + "\n"
        case .csv: return report.csv(labels: workspace.itemLabel)
        case .table: return report.table(explain: explain || forceExplain, labels: workspace.itemLabel)
        }
    }
}

struct ShortlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist",
        abstract: "Rank the candidates for one offer, with reasons and what is missing.",
        discussion: """
        Lists the candidates who meet every hard constraint of the offer — travel time by their best
        mode within their own limit, required licences (CE ⇒ C ⇒ B…), languages, contract type,
        availability, required diploma and experience — ranked by score. Each line tells the travel
        time against the candidate's limit, the score components, matched and missing competences and
        the candidate's priority publics; the header counts who was excluded, and why.

        Without --offers/--candidates the demo data set is used (built on first use).

        Examples:
          apparier shortlist --offer D000042
          apparier shortlist --offer D000042 --top 5 --explain
          apparier shortlist --offers offres.json --candidates candidats.json --offer 193FKBM --format json
          apparier shortlist --offer D000042 --format csv > preselection.csv
        """
    )

    @Option(help: ArgumentHelp("Id of the offer.", valueName: "id"))
    var offer: String

    @OptionGroup var data: DataOptions
    @OptionGroup var output: ShortlistOptions

    func run() throws {
        let workspace = try data.workspace()
        let inputs = try data.load(workspace: workspace, log: note)
        let offer = try inputs.offer(id: self.offer)
        let matcher = try inputs.matcher(workspace)
        let list = try inputs.withOfferContext(offer) { try matcher.shortlist(for: offer, top: output.top) }
        print(try output.render(list, offer: offer, workspace: workspace, referenceDate: inputs.referenceDate), terminator: "")
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job on the demo data: an explained shortlist for one offer.",
        discussion: """
        On first run, builds a seeded demo data set from the shipped referentials (Hauts-de-France
        communes, ROME 4.0): 20,000 candidates and 2,000 offers, kept in the cache folder. Later runs
        reuse it. Then prints the explained shortlist of one offer (the first with at least 5
        eligible candidates, unless --offer is given).

        Examples:
          apparier demo
          apparier demo --format json
          apparier demo --offer D000007 --top 5
        """
    )

    @Option(help: ArgumentHelp("Id of the offer (default: the first demo offer with 5 or more eligible candidates).", valueName: "id"))
    var offer: String?

    @OptionGroup var data: DataOptions
    @OptionGroup var output: ShortlistOptions

    func run() throws {
        let workspace = try data.workspace()
        note("BLAS: \(BLAS.implementation)")
        let inputs = try data.load(workspace: workspace, log: note)
        let matcher = try inputs.matcher(workspace)
        var chosen: (JobOffer, Shortlist)?
        if let id = offer {
            let o = try inputs.offer(id: id)
            chosen = (o, try inputs.withOfferContext(o) { try matcher.shortlist(for: o, top: output.top) })
        } else {
            for o in inputs.offers {
                guard let list = try? matcher.shortlist(for: o, top: output.top) else { continue }
                if list.entries.count >= min(5, output.top) { chosen = (o, list); break }
            }
        }
        guard let (o, list) = chosen else { throw CommandFailure("no demo offer has eligible candidates") }
        print(try output.render(list, offer: o, workspace: workspace, referenceDate: inputs.referenceDate, forceExplain: true),
              terminator: "")
    }
}
