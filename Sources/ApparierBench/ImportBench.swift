import ApparierCommandSupport
package import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab
import MatchStore

/// `apparier import bench`: times the import of a generated candidate (or offer) file into a fresh store.
package struct ImportBench: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Chronométrer l’import d’un fichier de candidats (500 000 par défaut) ou d’offres généré dans un nouveau magasin (sortie pour les développeurs).",
        discussion: """
        Génère un vivier reproductible sur les vraies communes et le ROME (non
        chronométré), l'écrit en CSV ou en JSON dans un dossier temporaire (non
        chronométré), puis chronomètre `import candidates` de ce fichier dans un
        nouveau magasin : lecture + SHA-256, analyse, vérifications, vecteurs et
        l'unique transaction d'écriture (commit compris). Un second import du même
        fichier (tout inchangé) est chronométré aussi, et la mémoire résidente
        maximale de chaque import est donnée. Avec --offers, le fichier est
        un fichier d'offres du générateur v2 (JSON de France Travail) et c'est
        `import offers` qui est chronométré. Sortie pour les développeurs, en
        anglais. Compilez en mode release.

        Exemples :
          swift run -c release apparier import bench --candidates 500000 --format csv
          swift run -c release apparier import bench --offers 50000
        """)

    @Option(help: "Candidats du fichier généré.") var candidates = 500_000
    @Option(help: "Chronométrer plutôt un fichier d'offres (JSON de France Travail) de ce nombre d'offres, générées par le générateur v2.")
    var offers: Int?
    @Option(help: "Format du fichier : csv ou json.") var format: BenchFileFormat = .csv
    @Option(help: "Graine des données générées (candidats ou offres).") var seed: UInt64 = 2026
    @Option(help: ArgumentHelp("Dossier du fichier et du magasin (gardés). Par défaut : un dossier temporaire, supprimé après.", valueName: "dossier"))
    var keep: String?

    enum BenchFileFormat: String, ExpressibleByArgument { case csv, json }

    package init() {}

    package func validate() throws {
        if let offers, !(1...999_999).contains(offers) { throw ValidationError("--offers doit être entre 1 et 999 999") }
    }

    package func run() throws {
        let model = try MatchModel.load()
        let dir = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appending(path: "apparier-import-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        let file = try writeFile(in: dir, model: model)
        let storePath = dir.appending(path: "bench.sqlite").path
        let store = try Store.open(at: storePath)
        let clock = ContinuousClock()
        var first: ImportSummary?, second: ImportSummary?
        let options = ImportOptions(actor: "bench")
        func importFile() throws -> ImportSummary {
            offers == nil ? try store.importCandidates(from: file, model: model, options: options)
                : try store.importOffers(from: file, model: model, options: options)
        }
        var peaks = [Int?]()
        func measured(_ body: () throws -> Void) throws -> Duration {
            let peak = PeakResident.start()
            defer { peaks.append(peak?.bytes()) }
            return try clock.measure(body)
        }
        let firstTime = try measured { first = try importFile() }
        let secondTime = try measured { second = try importFile() }
        let size = (try? FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int) ?? 0
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        let records = offers.map { "\($0) offers, json" } ?? "\(candidates) candidates, \(format.rawValue)"
        print("""
        BLAS: \(BLAS.implementation); cores: \(ProcessInfo.processInfo.activeProcessorCount)
        File: \(records), \(fileSize / 1_048_576) MiB
        First import (all new):     \(String(format: "%.2f", firstTime.seconds)) s, \(peak(peaks[0])) — \(phases(first))
        Second import (unchanged):  \(String(format: "%.2f", secondTime.seconds)) s, \(peak(peaks[1])) — \(phases(second))
        Inserted \(first?.inserted ?? 0), unchanged on the second run \(second?.unchanged ?? 0); store \(size / 1_048_576) MiB
        """)
    }

    /// Writes the generated file (not timed) and returns its URL.
    private func writeFile(in dir: URL, model: MatchModel) throws -> URL {
        if let offers {
            let generator = try RegionalGenerator(dataDirectory: ResourceLocator.dataDirectory(), rome: model.rome, communes: model.communes)
            let dataset = generator.generate(.init(candidates: 0, offers: offers, seed: seed, plantedOffers: 0))
            let file = dir.appending(path: "offres.json")
            try RecordFiles.encodeOffers(dataset.offers).write(to: file)
            return file
        }
        let today = Day(year: 2026, month: 11, day: 23)!
        let pool = DemoPopulation(rome: model.rome, communes: model.communes, seed: seed).candidates(count: candidates, referenceDate: today)
        let file = dir.appending(path: "candidats.\(format.rawValue)")
        try (format == .csv ? CSVExport.candidates(pool) : RecordFiles.encodeCandidates(pool)).write(to: file)
        return file
    }

    /// The peak resident memory during one import, with what the process held before it (the store's
    /// connection, the model, the generator's leftovers).
    private func peak(_ bytes: Int?) -> String {
        bytes.map { "peak \($0 / 1_048_576) MiB resident" } ?? "peak unknown"
    }

    private func phases(_ s: ImportSummary?) -> String {
        ["parse", "check", "prepare", "read", "rows", "commit"].map { "\($0) \(String(format: "%.2f", s?.timings[$0] ?? 0))" }.joined(separator: ", ")
    }
}
