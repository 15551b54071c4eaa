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

    struct Candidates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import candidates: Apparier JSON (an array) or CSV.",
            discussion: """
            Example:
              apparier import candidates candidats.csv --skip-invalid
            """)
        @OptionGroup var options: FileOptions
        func run() throws { try Import.run(.candidates, options) }
    }

    /// Imports each file in its own transaction; stops at the first refused file (exit status 1).
    static func run(_ kind: ImportKind, _ options: FileOptions) throws {
        let model = try MatchModel.load()
        let store = try options.store.open()
        for file in options.files {
            let progress = ProgressReporter(label: "\(file): importing", total: 1)
            let importOptions = ImportOptions(actor: actorName(options.by), skipInvalid: options.skipInvalid) { p in
                progress.update(p.written, p.total)
            }
            let url = URL(fileURLWithPath: file)
            let summary: ImportSummary
            do {
                summary = kind == .offers ? try store.importOffers(from: url, model: model, options: importOptions)
                    : try store.importCandidates(from: url, model: model, options: importOptions)
            } catch let refused as ImportRefused {
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
            lines.append([s.file, p.line.map(String.init) ?? "", p.field ?? "", p.message, p.text ?? ""].map(quotedCSV).joined(separator: ";"))
        }
        let text = "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure("\(path): cannot write the report of refused records: \(error.localizedDescription)")
        }
        note("\(s.rejected.count) refused record\(s.rejected.count > 1 ? "s" : "") (first: \(s.rejected[0].error(in: s.file))); report: \(path)")
    }

    static func quotedCSV(_ s: String) -> String {
        s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// `apparier import bench`: times the import of a generated candidate file into a fresh store.
struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the import of a generated candidate file (default 500,000) into a new store.",
        discussion: """
        Generates a seeded pool over the real communes and ROME (not timed), writes it as CSV or JSON
        in a temporary folder (not timed), then times `import candidates` of that file into a new
        store: read + SHA-256, parse, checks, vectors, and the one write transaction (commit included).
        A second import of the same file (every record unchanged) is timed too. The phases: parse, read
        (waiting for the SHA-256, computed while parsing), check, rows (the transaction's inserts; vectors
        are computed a chunk ahead on the other core) and commit (with the WAL checkpoint). Build in
        release mode.

        Example:
          swift run -c release apparier import bench --candidates 500000 --format csv
        """)

    @Option(help: "Candidates in the generated file.") var candidates = 500_000
    @Option(help: "File format: csv or json.") var format: BenchFileFormat = .csv
    @Option(help: "Seed of the generated pool.") var seed: UInt64 = 2026
    @Option(help: ArgumentHelp("Folder for the file and the store (kept). Default: a temporary folder, removed after.", valueName: "dir"))
    var keep: String?

    enum BenchFileFormat: String, ExpressibleByArgument { case csv, json }

    func run() throws {
        let model = try MatchModel.load()
        let dir = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appending(path: "apparier-import-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        let today = Day(year: 2026, month: 11, day: 23)!
        let pool = DemoPopulation(rome: model.rome, communes: model.communes, seed: seed).candidates(count: candidates, referenceDate: today)
        let file = dir.appending(path: "candidats.\(format.rawValue)")
        try (format == .csv ? CSVExport.candidates(pool) : RecordFiles.encodeCandidates(pool)).write(to: file)
        let rows = pool.reduce(0) { $0 + 2 + $1.experiences.count + $1.languages.count }
        let storePath = dir.appending(path: "bench.sqlite").path
        let store = try Store.open(at: storePath)
        let clock = ContinuousClock()
        var first: ImportSummary?, second: ImportSummary?
        let options = ImportOptions(actor: "bench")
        let firstTime = try clock.measure { first = try store.importCandidates(from: file, model: model, options: options) }
        let secondTime = try clock.measure { second = try store.importCandidates(from: file, model: model, options: options) }
        let size = (try? FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int) ?? 0
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        print("""
        BLAS: \(BLAS.implementation); cores: \(ProcessInfo.processInfo.activeProcessorCount)
        File: \(candidates) candidates, \(format.rawValue), \(fileSize / 1_048_576) MiB; \(rows) rows to write (candidate, lists, vector)
        First import (all new):     \(String(format: "%.2f", firstTime.seconds)) s — \(phases(first))
        Second import (unchanged):  \(String(format: "%.2f", secondTime.seconds)) s — \(phases(second))
        Inserted \(first?.inserted ?? 0), unchanged on the second run \(second?.unchanged ?? 0); store \(size / 1_048_576) MiB
        """)
    }

    private func phases(_ s: ImportSummary?) -> String {
        ["parse", "read", "check", "rows", "commit"].map { "\($0) \(String(format: "%.2f", s?.timings[$0] ?? 0))" }.joined(separator: ", ")
    }
}

/// `apparier import status`: what the store holds, its imports, and a digest of its content.
struct ImportStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the store holds: rows per table, imports, model versions, integrity, content digest.",
        discussion: """
        With --digest, a SHA-256 of every row of every table: two runs that print the same digest saw
        the same data (it ignores the file layout and the WAL).

        Examples:
          apparier import status
          apparier import status --digest --format json
        """)

    @Option(help: "Output format: table or json.") var format: Shortlists.ListFormat = .table
    @Flag(help: "Also compute the content digest (reads every row of the store).") var digest = false
    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.open()
        let status = try opened.status(digest: digest)
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
            return
        }
        var out = "Store \(status.path ?? opened.displayName) (journal \(status.journalMode), integrity \(status.integrity))\n"
        let main = ["offer", "candidate", "shortlist", "shortlistEntry", "fileImport", "auditEvent"]
        out += main.map { "\($0): \(status.rows[$0] ?? 0)" }.joined(separator: ", ") + "\n"
        out += "Vectors: " + status.vectorModels.sorted { $0.key < $1.key }.map { "\($0.value) by \($0.key)" }.joined(separator: ", ") + "\n"
        out += "Referentials: " + status.referentials.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ") + "\n"
        for i in try opened.imports().suffix(10) {
            out += "  import #\(i.id ?? 0) \(i.importedAt) by \(i.importedBy): \(i.fileName) (\(i.kind), \(i.rowsRead) read, \(i.rowsInserted) new, \(i.rowsUpdated) updated, \(i.rowsUnchanged) unchanged, \(i.rowsRejected) refused)\n"
        }
        if let digest = status.contentDigest { out += "Content digest: \(digest)\n" }
        print(out, terminator: "")
    }
}
