import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchStore

/// Which candidates a batch proposes.
enum CohortKind: String, ExpressibleByArgument, CaseIterable {
    case trainingLeavers = "training-leavers"
    case all
}

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Proposer une cohorte (les sortants de formation) à toutes les offres ouvertes à la fois, avec places et plafond par candidat.",
        discussion: """
        Note la cohorte face à chaque offre ouverte au jour de référence (les offres
        clôturées ou expirées du magasin sont laissées de côté : apparier offers) par
        tuiles (sgemm), avec les mêmes conditions impératives, le même filtrage
        géographique et les mêmes explications que `shortlist`, garde les meilleures
        paires en graphe creux, puis répartit les propositions pour maximiser le score
        total : chaque offre reçoit au plus nombrePostes × --proposals-per-post
        propositions et chaque candidat au plus --max-per-candidate. `--method flow`
        est exacte (flot de coût minimal) ; `--method greedy` est la référence
        gloutonne. Le résumé compare aux meilleurs sans contrainte (les meilleurs
        candidats de chaque offre, où qu'ils aillent par ailleurs).

        Le rapport pour l'analyste suit : sortants, offres, postes et propositions par
        zone d'emploi, par EPCI et par grand domaine du ROME, et les sortants sans
        proposition avec leur motif principal. Sur le magasin, chaque passage est
        gardé (--history les liste pour comparer).

        Sortie : --format json écrit {"proposals": […], "summary": {…}, "analysis":
        {…}} ; --format csv écrit SORTIE.candidats.csv, SORTIE.offres.csv,
        SORTIE.territoires.csv et SORTIE.sans-proposition.csv pour Excel ou
        LibreOffice. Les fichiers sont écrits entiers ou pas du tout, et le dossier de
        sortie est vérifié avant le calcul.

        Exemples :
          apparier batch --cohort training-leavers --out propositions.json
          apparier batch --offers offres.json --candidates candidats.json --cohort all --method greedy --format csv --out propositions
          apparier batch --ids cohorte.txt --ended-after 2026-06-01 --out p.json
        """
    )

    @OptionGroup var data: DataOptions

    @Option(help: "Cohorte : training-leavers (formation finie dans la fenêtre) ou all (tous).")
    var cohort: CohortKind = .trainingLeavers

    @Option(name: .customLong("ended-after"), help: ArgumentHelp("Les sortants dont la formation a fini ce jour ou après (par défaut : un an avant le jour de référence).", valueName: "date"))
    var endedAfter: Day?

    @Option(name: .customLong("ended-before"), help: ArgumentHelp("… et ce jour ou avant (par défaut : le jour de référence).", valueName: "date"))
    var endedBefore: Day?

    @Option(help: ArgumentHelp("Fichier d'identifiants de candidats, un par ligne : la cohorte est exactement ceux-là.", valueName: "fichier"))
    var ids: String?

    @Option(name: .customLong("proposals-per-post"), help: "Propositions par poste d'une offre (places = nombrePostes × ce nombre).")
    var proposalsPerPost = 3

    @Option(name: .customLong("max-per-candidate"), help: "Le plus de propositions qu'un candidat reçoit (plafond contre l'engorgement).")
    var maxPerCandidate = 3

    @Option(help: "Méthode de répartition : flow (exacte) ou greedy (gloutonne).")
    var method: AssignmentMethodArgument = .flow

    @Option(help: "Format : json ou csv.")
    var format: BatchFormat = .json

    @Option(help: ArgumentHelp("Fichier de sortie (json) ou préfixe des fichiers (csv). Par défaut : le JSON sur la sortie standard.", valueName: "chemin"))
    var out: String?

    @Flag(help: "Les traitements par lots gardés dans le magasin, du plus récent au plus ancien, pour les comparer.")
    var history = false

    func validate() throws {
        guard proposalsPerPost >= 1, maxPerCandidate >= 1 else { throw ValidationError("--proposals-per-post et --max-per-candidate doivent être ≥ 1") }
        if format == .csv, out == nil { throw ValidationError("--format csv demande --out PRÉFIXE") }
    }

    func run() throws {
        if history { return try printHistory() }
        let model = try data.model()
        note(Messages.blas)
        let inputs = try data.load(model: model, log: note, openOffersOnly: true)
        try checkOutputFolder()
        let batch = BatchRun(model: model, request: try request())
        let date = inputs.referenceDate
        note("Cohorte : \(French.count(batch.cohort(of: inputs.candidates, date: date).count)) candidats ; offres ouvertes : \(French.count(batch.openOffers(inputs.offers, date: date).count)) ; jour de référence \(French.date(date)).")
        let progress = ProgressDisplay(label: "notation")
        let outcome: BatchRun.Outcome
        do {
            outcome = try batch.run(offers: inputs.offers, candidates: inputs.candidates, referenceDate: date, progress: progress.update)
        } catch let error as MatchError where error.code == .invalidRecord {
            throw CommandFailure(error.message)
        }
        progress.finish()
        for s in outcome.skipped.prefix(5) { note("offre \(s.offer) laissée de côté : \(s.reason)") }
        let names = try reportingFailures { try ReferentialLoader.loadAreaNames(from: ResourceLocator.dataDirectory()) }
        var built: BatchAnalysis?
        let analysisTime = ContinuousClock().measure {
            built = BatchAnalysis(cohort: outcome.cohort, offers: outcome.offers, proposals: outcome.proposals,
                                  shortlisted: outcome.shortlisted, model: model, names: names)
        }
        guard let analysis = built else { return }
        note("Rapport de l'analyste établi en \(French.number(analysisTime.seconds, digits: 2)) s.")
        try write(outcome, analysis: analysis, labels: model.itemLabel)
        note(BatchReport.table(outcome.summary, timing: outcome.timing, method: method.value) + BatchReport.table(analysis))
        if inputs.storeName != nil { try save(outcome, analysis: analysis, date: date) }
    }

    /// Keeps the run's figures and analysis in the store, for `--history`.
    private func save(_ outcome: BatchRun.Outcome, analysis: BatchAnalysis, date: Day) throws {
        let store = try data.store.openExisting()
        let report = StoredBatchReport(referenceDate: date, method: method.rawValue, cohort: outcome.cohortSize, openOffers: outcome.openOffers,
                                       posts: outcome.offers.reduce(0) { $0 + $1.boundedPositions }, proposals: outcome.proposals.count,
                                       leaversWithProposal: Set(outcome.proposals.map(\.candidate)).count,
                                       parameters: ["cohorte": cohort.rawValue, "propositionsParPoste": String(proposalsPerPost),
                                                    "maxParCandidat": String(maxPerCandidate)],
                                       analysis: analysis)
        let id = try reportingFailures { try store.saveBatchReport(report, by: actorName(nil)) }
        note("Rapport n° \(id) gardé dans \(store.displayName) (apparier batch --history pour comparer les passages).")
    }

    /// The saved runs, newest first, side by side.
    private func printHistory() throws {
        let store = try data.store.openExisting()
        let reports = try reportingFailures { try store.batchReports() }
        guard !reports.isEmpty else { return print("Aucun traitement par lots gardé dans \(store.displayName).") }
        var table = TextTable(["n°", "le", "par", "jour de réf.", "cohorte", "offres", "postes", "propositions", "sortants avec proposition", "sans proposition : hors de portée"],
                              alignments: [.right, .left, .left, .left, .right, .right, .right, .right, .right, .right])
        for r in reports {
            let share = r.cohort == 0 ? "—" : French.percent(Double(r.leaversWithProposal) / Double(r.cohort))
            table.append([String(r.id), French.date(r.ranAt), r.ranBy, French.date(r.referenceDate), French.count(r.cohort),
                          French.count(r.openOffers), French.count(r.posts), French.count(r.proposals),
                          "\(French.count(r.leaversWithProposal)) (\(share))", French.count(r.analysis.reasonCounts[.outOfReach] ?? 0)])
        }
        print(table.text, terminator: "")
    }

    /// The folder of --out must exist before an hour of computation, not after.
    private func checkOutputFolder() throws {
        guard let out else { return }
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("--out \(out) : le dossier \(folder.path) n'existe pas ; créez-le (mkdir -p \(folder.path)) ou choisissez-en un autre")
        }
    }

    /// The options as a batch request (the ids file read).
    func request() throws -> BatchRun.Request {
        var request = BatchRun.Request()
        request.cohort = cohort == .all ? .all : .trainingLeavers
        request.endedAfter = endedAfter
        request.endedBefore = endedBefore
        request.proposalsPerPost = proposalsPerPost
        request.maxPerCandidate = maxPerCandidate
        request.method = method.value
        if let ids {
            guard let text = try? String(contentsOfFile: ids, encoding: .utf8) else { throw CommandFailure("\(ids) : impossible de lire le fichier d'identifiants") }
            request.ids = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return request
    }

    func write(_ outcome: BatchRun.Outcome, analysis: BatchAnalysis, labels: (String) -> String?) throws {
        switch format {
        case .json:
            let data = try BatchReport.json(outcome.proposals, summary: outcome.summary, timing: outcome.timing, analysis: analysis)
            if let out { try data.write(to: URL(fileURLWithPath: out), options: .atomic) } else { print(String(decoding: data, as: UTF8.self)) }
            if let out { note(Messages.wrote([out])) }
        case .csv:
            guard let out else { return }
            let files = [("candidats", BatchReport.csvByCandidate(outcome.proposals, labels: labels)),
                         ("offres", BatchReport.csvByOffer(outcome.proposals, labels: labels)),
                         ("territoires", BatchReport.areasCSV(analysis)), ("sans-proposition", BatchReport.unproposedCSV(analysis))]
            for (suffix, text) in files {
                try Data(text.utf8).write(to: URL(fileURLWithPath: "\(out).\(suffix).csv"), options: .atomic)
            }
            note(Messages.wrote(files.map { "\(out).\($0.0).csv" }))
        }
    }
}

enum AssignmentMethodArgument: String, ExpressibleByArgument, CaseIterable {
    case flow, greedy
    var value: AssignmentMethod { self == .flow ? .flow : .greedy }
}

enum BatchFormat: String, ExpressibleByArgument, CaseIterable { case json, csv }
