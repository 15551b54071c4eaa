import ApparierCommandSupport
package import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab
import MatchStore

/// `apparier import bench`: times the import of a generated candidate file into a fresh store.
package struct ImportBench: ParsableCommand {
    package static let configuration = CommandConfiguration(
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

    package init() {}

    package func run() throws {
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
