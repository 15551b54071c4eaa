import ApparierCommandSupport
import ApparierBench
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab
import MatchStore

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Importer des offres ou des candidats dans le magasin, une transaction par fichier.",
        discussion: """
        Chaque fichier est vérifié en entier, puis écrit en une seule transaction : un
        enregistrement mal formé, un code ROME, une compétence, un permis, une langue
        ou une commune inconnus, des coordonnées invalides ou un identifiant en double
        font refuser le fichier, avec fichier:ligne : champ et une suggestion quand il
        y en a une, et rien n'en est gardé. Toutes les erreurs d'un fichier sont
        signalées en une fois (jusqu'à une limite). Avec --skip-invalid, les
        enregistrements valides sont gardés et les refusés écrits dans un rapport
        (FICHIER.rejets.csv, ou
        --report). Un enregistrement dont l'identifiant est déjà dans le magasin est mis à jour ; ses
        anciennes valeurs vont au journal. Formats : docs/formats.md (JSON et CSV).

        Exemples :
          apparier import offers offres.json
          apparier import candidates candidats.csv --by "Amélie Durand"
          apparier import candidates candidats.csv --skip-invalid --report rejets.csv
          apparier import status
          apparier import bench --candidates 500000
        """,
        subcommands: [Offers.self, Candidates.self, ImportStatus.self, ImportBench.self]
    )

    struct FileOptions: ParsableArguments {
        @Argument(help: ArgumentHelp("Fichiers à importer (JSON ou CSV, reconnus à leur extension ou à leur contenu).", valueName: "fichier"))
        var files: [String]

        @Flag(name: .customLong("skip-invalid"), help: "Garder les enregistrements valides et écrire les refusés dans un rapport, au lieu de refuser le fichier.")
        var skipInvalid = false

        @Flag(help: "Offres : refuser une offre sans romeCode au lieu de trouver sa fiche par son intitulé (l'erreur nomme la fiche trouvée).")
        var strict = false

        @Option(help: ArgumentHelp("Rapport des enregistrements refusés (avec --skip-invalid ; un seul fichier). Par défaut : FICHIER.rejets.csv à côté du fichier.", valueName: "chemin"))
        var report: String?

        @Option(help: Messages.byHelp("Qui importe"))
        var by: String?

        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("donnez au moins un fichier") }
            if report != nil, files.count > 1 { throw ValidationError("--report nomme un seul fichier : importez un fichier à la fois, ou laissez chaque rapport à côté de son fichier") }
            if report != nil, !skipInvalid { throw ValidationError("--report va avec --skip-invalid") }
        }
    }

    /// Imports each file in its own transaction; stops at the first refused file (exit status 1).
    static func run(_ kind: ImportKind, _ options: FileOptions) throws {
        let model = try MatchModel.load()
        let store = try options.store.open()
        let inference = RomeInference(strict: options.strict) { try TitleMatcher.load(rome: model.rome) }
        for file in options.files {
            let progress = ProgressDisplay(label: "\(file) : import")
            var importOptions = ImportOptions(actor: actorName(options.by), skipInvalid: options.skipInvalid) { p in
                progress.update(p.written, p.total)
            }
            importOptions.romeInference = inference
            let url = URL(fileURLWithPath: file)
            let summary: ImportSummary
            do {
                summary = kind == .offers ? try store.importOffers(from: url, model: model, options: importOptions)
                    : try store.importCandidates(from: url, model: model, options: importOptions)
            } catch let refused as MatchError {
                progress.finish()
                throw CommandFailure(refused.description)
            }
            progress.finish()
            print(describe(summary, store: store))
            for warning in summary.warnings.prefix(10) { note("\(warning.error(in: file))") }
            if summary.warnings.count > 10 { note("… et \(summary.warnings.count - 10) autres avertissements") }
            if !summary.rejected.isEmpty { try writeReport(summary, path: options.report ?? file + ".rejets.csv") }
        }
    }

    static func describe(_ s: ImportSummary, store: Store) -> String {
        let noun = s.kind == .offers ? "offre" : "candidat"
        func many(_ n: Int, _ word: String) -> String { "\(French.count(n)) \(word)\(n > 1 ? "s" : "")" }
        let feminine = s.kind == .offers ? "e" : ""
        var text = "\(s.file) : \(many(s.read, noun)) lu\(feminine)\(s.read > 1 ? "s" : "") — \(French.count(s.inserted)) nouve\(feminine.isEmpty ? (s.inserted > 1 ? "aux" : "au") : (s.inserted > 1 ? "lles" : "lle")), "
            + "\(French.count(s.updated)) mis\(feminine.isEmpty ? "" : (s.updated > 1 ? "es" : "e")) à jour, \(many(s.unchanged, "inchangé" + feminine))"
        if !s.rejected.isEmpty { text += ", \(many(s.rejected.refusedRecordCount, "refusé"))" }
        if !s.warnings.isEmpty { text += ", \(French.count(s.warnings.count)) avec un avertissement" }
        text += " (import n° \(s.importId) dans \(store.displayName), sha256 \(s.sha256.prefix(12))…)"
        if let earlier = s.sameFileImports.last { text += " ; ce fichier a déjà été importé (import n° \(earlier))" }
        return text
    }

    /// The refused records as CSV for a spreadsheet: file, line, field, error, the record's text.
    static func writeReport(_ s: ImportSummary, path: String) throws {
        var lines = ["fichier;ligne;champ;erreur;enregistrement"]
        for p in s.rejected {
            lines.append([s.file, p.line.map(String.init) ?? "", p.field ?? "", p.message, p.text ?? ""].map { CSVCell.field($0) }.joined(separator: ";"))
        }
        let text = "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure("\(path) : impossible d'écrire le rapport des enregistrements refusés : \(error.localizedDescription)")
        }
        let refused = s.rejected.refusedRecordCount
        note("\(French.count(refused)) enregistrement\(refused > 1 ? "s" : "") refusé\(refused > 1 ? "s" : "") (premier : \(s.rejected[0].error(in: s.file))) ; rapport : \(path)")
    }

}
