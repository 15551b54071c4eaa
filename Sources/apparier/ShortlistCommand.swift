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
    @Option(name: .customLong("top"), help: "Combien de candidats lister.")
    var top = 20

    @Option(help: "Format : table, json (un objet), csv (Excel/LibreOffice : UTF-8 avec BOM, « ; »), html (une page imprimable).")
    var format: ShortlistFormat = .table

    @Flag(help: "Dans la table, le détail du score de chaque candidat, ses compétences acquises et manquantes.")
    var explain = false

    @Flag(help: "CSV et HTML pour le suivi interne de la plateforme : avec scores, publics prioritaires et vivier. Sans cette option, ils sont pour l'employeur : rien de tout cela.")
    var `internal` = false

    func validate() throws {
        guard (1...1000).contains(top) else { throw Messages.outOfRange("--top", 1...1000) }
    }

    func render(_ list: Shortlist, offer: JobOffer, model: MatchModel, referenceDate: Day, forceExplain: Bool = false) throws -> String {
        let report = ShortlistReport(list, offer: offer, model: model, referenceDate: referenceDate)
        return try render(report, offer: offer, model: model, forceExplain: forceExplain)
    }

    func render(_ report: ShortlistReport, offer: JobOffer?, model: MatchModel, forceExplain: Bool = false) throws -> String {
        switch format {
        case .json: return String(decoding: try report.jsonData(), as: UTF8.self) + "\n"
        case .csv:
            return report.csv(labels: model.itemLabel, audience: `internal` ? .platform : .employer,
                              sender: try ExportConfig.senderForEmployerExport())
        case .table:
            return report.table(explain: explain || forceExplain, labels: model.itemLabel, communes: { model.communes[$0]?.displayName })
        case .html:
            return report.html(offer: offer, labels: model.reportLabels, generatedAt: French.date(Date().ISO8601Format()),
                               audience: `internal` ? .platform : .employer, sender: try ExportConfig.senderForEmployerExport())
        }
    }
}

extension MatchModel {
    /// Labels of ROME items and fiches for the human renderings.
    var reportLabels: ReportLabels {
        ReportLabels(item: itemLabel, fiche: { code in rome.ficheIndex[code].map { rome.fiches[Int($0)].label } },
                     commune: { communes[$0]?.displayName })
    }
}

struct ShortlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist",
        abstract: "Classer les candidats d'une offre, avec les raisons et ce qui manque ; enregistrer la liste, ou en montrer une enregistrée.",
        discussion: """
        Liste les candidats qui remplissent toutes les conditions impératives de
        l'offre — temps de trajet par leur meilleur mode dans leur propre limite,
        permis exigés (CE ⇒ C ⇒ B…), langues, type de contrat, disponibilité, diplôme
        et expérience exigés —, classés par score. Chaque ligne donne le trajet face à
        la limite du candidat, le détail du score, les compétences acquises et
        manquantes et ses publics prioritaires ; l'en-tête compte les candidats
        écartés, et pourquoi.

        Offres et candidats viennent du magasin
        (~/.local/share/apparier/apparier.sqlite, --db ou $APPARIER_DB), sauf si
        --offers/--candidates donnent des fichiers (mêmes formats qu'à l'import).
        --save enregistre la liste, avec qui l'a demandée (--by, par défaut l'utilisateur du système) et
        quand ; `apparier shortlists` liste les listes enregistrées et --show en
        réimprime une, telle qu'elle a été enregistrée (un candidat effacé devient une
        ligne « effacé »).

        Formats : table, json, csv (UTF-8 avec BOM, « ; », en-têtes en français :
        s'ouvre tel quel dans
        Excel et LibreOffice), html (une page imprimable autonome). csv et html sont pour l'employeur :
        l'offre, la plateforme, le trajet de chaque candidat et ce qu'il a ou non,
        mais ni score, ni public prioritaire (RQTH, RSA, QPV…), ni rien du vivier.
        --internal les rajoute pour le suivi interne de la plateforme ; table et json
        sont toujours complets (les vues de la plateforme).

        Exemples :
          apparier shortlist --offer D000042
          apparier shortlist --offer D000042 --top 5 --explain
          apparier shortlist --offer D000042 --save --by "Amélie Durand" --format html > preselection.html
          apparier shortlist --show 3 --format csv > preselection.csv
          apparier shortlist --show 3 --format csv --internal > suivi.csv
          apparier shortlist --offers offres.json --candidates candidats.json --offer 193FKBM --format json
        """
    )

    @Option(help: ArgumentHelp("Identifiant de l'offre.", valueName: "offre"))
    var offer: String?

    @Option(help: ArgumentHelp("Réimprimer la liste enregistrée sous ce numéro (voir `apparier shortlists`).", valueName: "n°"))
    var show: Int64?

    @Flag(help: "Enregistrer la liste dans le magasin.")
    var save = false

    @Option(help: Messages.byHelp("Qui demande la liste"))
    var by: String?

    @OptionGroup var data: DataOptions
    @OptionGroup var output: ShortlistOptions

    func validate() throws {
        switch (offer, show) {
        case (nil, nil): throw ValidationError("donnez --offer OFFRE (une nouvelle liste) ou --show N° (une liste enregistrée)")
        case (.some, .some): throw ValidationError("donnez --offer ou --show, pas les deux")
        case (nil, .some) where save: throw ValidationError("--save va avec --offer : une liste montrée est déjà enregistrée")
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
            note("Liste enregistrée sous le n° \(report.saved?.id ?? 0) dans \(store.displayName) (la revoir : apparier shortlist --show \(report.saved?.id ?? 0)).")
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
            throw CommandFailure("\(store.displayName) : \(try store.unknownOfferMessage(id)) (\(French.count(try store.counts().offers, "offre")) ; par exemple \(some.joined(separator: ", ")))")
        }
        try store.requireRecords(.candidates)
        let referenceDate = try store.referenceDate(given: data.date)
        if let state = try store.offerState(id: id), state.status(on: referenceDate) != .open {
            note("Attention : l'offre \(id) est \(OfferLines(model: model, day: referenceDate).state(state)) (apparier offers reopen \(id) pour la rouvrir).")
        }
        let (index, origin, _) = try store.candidateIndex(model: model, referenceDate: referenceDate)
        if case .rebuilt(let why) = origin, let path = store.path {
            note("Index de \(French.count(index.count, "candidat")) construit depuis le magasin (\(why)) et enregistré dans \(IndexSnapshot.url(forStore: path).lastPathComponent).")
        }
        note(Messages.usingStore(store))
        let list: Shortlist
        do {
            list = try model.matcher(over: index).shortlist(for: offer, top: output.top, threads: ProcessInfo.processInfo.activeProcessorCount)
        } catch let error as MatchError where error.code == .invalidOffer {
            throw CommandFailure("offre \(offer.id) (\(store.displayName)) : champ \(error.field ?? "") : \(error.message)")
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
