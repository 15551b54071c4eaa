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
        abstract: "Import offers or candidates into the store, one transaction per file.",
        discussion: """
        Each file is checked whole, then written in one transaction: a malformed record, an unknown
        ROME code, an unknown commune (for an offer: without coordinates), NaN coordinates or a
        duplicate id refuses the file with file:line: field, and nothing from it is stored. With
        --skip-invalid the valid records are stored and the refused ones are written to a report
        (FILE.rejets.csv, or --report). A record whose id is already in the store is updated; its
        previous values go to the audit log. Formats: docs/formats.md (JSON and CSV).

        Examples:
          apparier import offers ../shared/data/offres/*.json
          apparier import candidates candidats.csv --by "Amélie Durand"
          apparier import candidates candidats.csv --skip-invalid --report rejets.csv
          apparier import status
          apparier import bench --candidates 500000
        """,
        subcommands: [Offers.self, Candidates.self, ImportStatus.self, ImportBench.self]
    )

    struct FileOptions: ParsableArguments {
        @Argument(help: ArgumentHelp("Files to import (JSON or CSV, found from the extension or the content).", valueName: "file"))
        var files: [String]

        @Flag(name: .customLong("skip-invalid"), help: "Store the valid records and write the refused ones to a report, instead of refusing the file.")
        var skipInvalid = false

        @Flag(help: "Offers: refuse an offer without romeCode instead of finding its fiche from its intitule (the error names the fiche found).")
        var strict = false

        @Option(help: ArgumentHelp("Report of refused records (with --skip-invalid; one file only). Default: FILE.rejets.csv next to the file.", valueName: "path"))
        var report: String?

        @Option(help: ArgumentHelp("Who imports, for the audit log. Default: the login name.", valueName: "name"))
        var by: String?

        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one file") }
            if report != nil, files.count > 1 { throw ValidationError("--report names one file: import one file at a time, or let each report go next to its file") }
            if report != nil, !skipInvalid { throw ValidationError("--report goes with --skip-invalid") }
        }
    }

    /// Imports each file in its own transaction; stops at the first refused file (exit status 1).
    static func run(_ kind: ImportKind, _ options: FileOptions) throws {
        let model = try MatchModel.load()
        let store = try options.store.open()
        let inference = RomeInference(strict: options.strict) { try TitleMatcher.load(rome: model.rome) }
        for file in options.files {
            let progress = ProgressDisplay(label: "\(file): importing")
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
            if summary.warnings.count > 10 { note("… and \(summary.warnings.count - 10) more warnings") }
            if !summary.rejected.isEmpty { try writeReport(summary, path: options.report ?? file + ".rejets.csv") }
        }
    }

    static func describe(_ s: ImportSummary, store: Store) -> String {
        var text = "\(s.file): \(s.read) \(s.kind.rawValue) read — \(s.inserted) new, \(s.updated) updated, \(s.unchanged) unchanged"
        if !s.rejected.isEmpty { text += ", \(s.rejected.count) refused" }
        if !s.warnings.isEmpty { text += ", \(s.warnings.count) with a warning" }
        text += " (import #\(s.importId) in \(store.displayName), sha256 \(s.sha256.prefix(12))…)"
        if let earlier = s.sameFileImports.last { text += "; this file was already imported as #\(earlier)" }
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
            throw CommandFailure("\(path): cannot write the report of refused records: \(error.localizedDescription)")
        }
        note("\(s.rejected.count) refused record\(s.rejected.count > 1 ? "s" : "") (first: \(s.rejected[0].error(in: s.file))); report: \(path)")
    }

}
