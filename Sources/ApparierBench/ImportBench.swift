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
        abstract: "Chronométrer l’import d’un fichier de candidats généré (500 000 par défaut) dans un nouveau magasin (sortie pour les développeurs).",
        discussion: """
        Génère un vivier reproductible sur les vraies communes et le ROME (non
        chronométré), l'écrit en CSV ou en JSON dans un dossier temporaire (non
        chronométré), puis chronomètre `import candidates` de ce fichier dans un
        nouveau magasin : lecture + SHA-256, analyse, vérifications, vecteurs et
        l'unique transaction d'écriture (commit compris). Un second import du même
        fichier (tout inchangé) est chronométré aussi. Sortie pour les développeurs,
        en anglais. Compilez en mode release.

        Exemple :
          swift run -c release apparier import bench --candidates 500000 --format csv
        """)

    @Option(help: "Candidats du fichier généré.") var candidates = 500_000
    @Option(help: "Format du fichier : csv ou json.") var format: BenchFileFormat = .csv
    @Option(help: "Graine du vivier généré.") var seed: UInt64 = 2026
    @Option(help: ArgumentHelp("Dossier du fichier et du magasin (gardés). Par défaut : un dossier temporaire, supprimé après.", valueName: "dossier"))
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
        File: \(candidates) candidates, \(format.rawValue), \(fileSize / 1_048_576) MiB; one row per candidate
        First import (all new):     \(String(format: "%.2f", firstTime.seconds)) s — \(phases(first))
        Second import (unchanged):  \(String(format: "%.2f", secondTime.seconds)) s — \(phases(second))
        Inserted \(first?.inserted ?? 0), unchanged on the second run \(second?.unchanged ?? 0); store \(size / 1_048_576) MiB
        """)
    }

    private func phases(_ s: ImportSummary?) -> String {
        ["parse", "read", "check", "rows", "commit"].map { "\($0) \(String(format: "%.2f", s?.timings[$0] ?? 0))" }.joined(separator: ", ")
    }
}
