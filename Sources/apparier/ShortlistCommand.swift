import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab
import MatchStore

/// Output formats of a shortlist.
enum ShortlistFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, html
}

struct ShortlistOptions: ParsableArguments {
    @Option(name: .customLong("top"), help: "How many candidates to list.")
    var top = 20

    @Option(help: "Output format: table, json (one object), csv (Excel/LibreOffice: UTF-8 BOM, `;`), html (one printable page).")
    var format: ShortlistFormat = .table

    @Flag(help: "In the table, show each candidate's score components, matched and missing competences.")
    var explain = false

    @Flag(help: "CSV and HTML for the platform's own follow-up: with scores, priority publics and the pool. Without it they are for the employer: none of these.")
    var `internal` = false

    func validate() throws {
        guard (1...1000).contains(top) else { throw ValidationError("--top must be between 1 and 1000") }
    }

    func render(_ list: Shortlist, offer: JobOffer, model: MatchModel, referenceDate: Day, forceExplain: Bool = false) throws -> String {
        let report = ShortlistReport(list, offer: offer, model: model, referenceDate: referenceDate)
        return try render(report, offer: offer, model: model, forceExplain: forceExplain)
    }

    func render(_ report: ShortlistReport, offer: JobOffer?, model: MatchModel, forceExplain: Bool = false) throws -> String {
        switch format {
        case .json: return String(decoding: try report.jsonData(), as: UTF8.self) + "\n"
        case .csv: return report.csv(labels: model.itemLabel, audience: `internal` ? .platform : .employer)
        case .table: return report.table(explain: explain || forceExplain, labels: model.itemLabel)
        case .html:
            return report.html(offer: offer, labels: model.reportLabels, generatedAt: Date().ISO8601Format(),
                               audience: `internal` ? .platform : .employer)
        }
    }
}

extension MatchModel {
    /// Labels of ROME items and fiches for the human renderings.
    var reportLabels: ReportLabels {
        ReportLabels(item: itemLabel, fiche: { code in rome.ficheIndex[code].map { rome.fiches[Int($0)].label } })
    }
}

struct ShortlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist",
        abstract: "Rank the candidates for one offer, with reasons and what is missing; save it, or show a saved one.",
        discussion: """
        Lists the candidates who meet every hard constraint of the offer — travel time by their best
        mode within their own limit, required licences (CE ⇒ C ⇒ B…), languages, contract type,
        availability, required diploma and experience — ranked by score. Each line tells the travel
        time against the candidate's limit, the score components, matched and missing competences and
        the candidate's priority publics; the header counts who was excluded, and why.

        Offers and candidates come from the store (apparier.sqlite in the working directory, --db or
        $APPARIER_DB), unless --offers/--candidates give files. --save stores the list, with who asked
        (--by, default the login name) and when; `apparier shortlists` lists the saved ones and
        --show prints one again, exactly as it was saved (erased candidates become an "effacé" line).

        Formats: table, json, csv (UTF-8 with BOM, `;`, French headers: opens as is in Excel and
        LibreOffice), html (one self-contained printable page). csv and html are for the employer: the
        offer, each candidate's travel and what they hold or miss, but no score, no priority public
        (RQTH, RSA, QPV…) and nothing of the pool. --internal adds them back for the platform's own
        follow-up; table and json are always complete (the platform's views).

        Examples:
          apparier shortlist --offer D000042
          apparier shortlist --offer D000042 --top 5 --explain
          apparier shortlist --offer D000042 --save --by "Amélie Durand" --format html > preselection.html
          apparier shortlist --show 3 --format csv > preselection.csv
          apparier shortlist --show 3 --format csv --internal > suivi.csv
          apparier shortlist --offers offres.json --candidates candidats.json --offer 193FKBM --format json
        """
    )

    @Option(help: ArgumentHelp("Id of the offer.", valueName: "id"))
    var offer: String?

    @Option(help: ArgumentHelp("Print the saved shortlist with this number again (see `apparier shortlists`).", valueName: "list-id"))
    var show: Int64?

    @Flag(help: "Save the shortlist in the store.")
    var save = false

    @Option(help: ArgumentHelp("Who asks for the list, for the audit log. Default: the login name.", valueName: "name"))
    var by: String?

    @OptionGroup var data: DataOptions
    @OptionGroup var output: ShortlistOptions

    func validate() throws {
        switch (offer, show) {
        case (nil, nil): throw ValidationError("give --offer ID (a new shortlist) or --show LIST_ID (a saved one)")
        case (.some, .some): throw ValidationError("give either --offer or --show, not both")
        case (nil, .some) where save: throw ValidationError("--save goes with --offer: a shown list is already saved")
        default: break
        }
    }

    func run() throws {
        if let show {
            let (report, offer) = try data.store.openExisting().shortlist(id: show, viewedBy: actorName(by))
            // JSON needs no labels: no need to load the referentials.
            let text = output.format == .json ? String(decoding: try report.jsonData(), as: UTF8.self) + "\n"
                : try output.render(report, offer: offer, model: data.model())
            print(text, terminator: "")
            return
        }
        let model = try data.model()
        let (list, offer, referenceDate, sources) = data.offers == nil && data.candidates == nil
            ? try storeShortlist(model: model) : try fileShortlist(model: model)
        var report = ShortlistReport(list, offer: offer, model: model, referenceDate: referenceDate)
        if save {
            let store = try data.store.openExisting()
            var parameters = sources
            parameters["top"] = String(output.top)
            report = try store.saveShortlist(report, offer: offer, parameters: parameters, requestedBy: actorName(by))
            note("Saved as shortlist #\(report.saved?.id ?? 0) in \(store.displayName) (show it again: apparier shortlist --show \(report.saved?.id ?? 0)).")
        }
        print(try output.render(report, offer: offer, model: model), terminator: "")
    }

    /// From the store alone: the one offer, and the index from its snapshot (rebuilt and saved when stale):
    /// no candidate is read or vectorised when the snapshot is current.
    private func storeShortlist(model: MatchModel) throws -> (Shortlist, JobOffer, Day, [String: String]) {
        let store = try data.store.openExisting()
        let id = self.offer ?? ""
        guard let offer = try store.offer(id: id) else {
            try store.requireRecords(.offers)
            let some = try store.offerIds(limit: 3)
            throw CommandFailure("\(store.displayName): no offer with id \(id) (\(try store.counts().offers) offers; e.g. \(some.joined(separator: ", ")))")
        }
        try store.requireRecords(.candidates)
        let referenceDate = try store.referenceDate(given: data.date)
        let (index, origin, _) = try store.candidateIndex(model: model, referenceDate: referenceDate)
        if case .rebuilt(let why) = origin, let path = store.path {
            note("Index of \(index.count) candidates built from the store (\(why)) and saved to \(IndexSnapshot.url(forStore: path).lastPathComponent).")
        }
        note("Using the store \(store.path ?? store.displayName).")
        let list: Shortlist
        do {
            list = try model.matcher(over: index).shortlist(for: offer, top: output.top, threads: ProcessInfo.processInfo.activeProcessorCount)
        } catch let error as MatchError where error.code == .invalidOffer {
            throw CommandFailure("offer \(offer.id) (\(store.displayName)): field \(error.field ?? ""): \(error.message)")
        }
        let name = store.displayName
        return (list, offer, referenceDate, ["offers": name, "candidates": name, "referenceDate": referenceDate.description])
    }

    /// With --offers or --candidates files: everything read, the index built for this run.
    private func fileShortlist(model: MatchModel) throws -> (Shortlist, JobOffer, Day, [String: String]) {
        let inputs = try data.load(model: model, log: note)
        let offer = try inputs.offer(id: self.offer ?? "")
        let matcher = try inputs.matcher(model)
        let list = try inputs.withOfferContext(offer) {
            try matcher.shortlist(for: offer, top: output.top, threads: ProcessInfo.processInfo.activeProcessorCount)
        }
        return (list, offer, inputs.referenceDate, inputs.sources)
    }
}
