import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a regional data set: offers, candidates and a planted ground truth.",
        discussion: """
        Writes into --out:
          offers.json      offers in France Travail's Offres d'emploi v2 shape ({"resultats": […]}),
                           placed by the BMO 2025 hiring projects per bassin and métier
          candidates.json  candidates in Apparier's format, placed by census unemployment per commune
          truth.json       for a sample of offers (1 %, at most 500), the candidates planted as true fits
                           and the near misses that break exactly one constraint

        The same seed gives the same bytes. Every distribution and its source is in docs/generator.md.
        A progress bar is shown on a terminal (plain progress lines otherwise), on standard error.
        Then measure the ranking with `apparier evaluate --data DIR`.

        Examples:
          apparier generate --candidates 20000 --offers 2000 --out hdf-small
          apparier generate --candidates 500000 --offers 50000 --seed 7 --out hdf
        """
    )

    @Option(help: "Candidates to generate.") var candidates: Int
    @Option(help: "Offers to generate.") var offers: Int
    @Option(help: "Seed: the same seed gives the same files.") var seed: UInt64 = 1
    @Option(help: "Region (only hdf: Hauts-de-France).") var region = "hdf"
    @Option(help: ArgumentHelp("Output folder (created if needed).", valueName: "dir")) var out: String
    @Option(help: ArgumentHelp("Reference date of the data set (ages, durations, start dates).", valueName: "date"))
    var date: Day = RegionalGenerator.defaultReferenceDate
    @Option(name: .customLong("planted-offers"), help: "Offers with planted fits and near misses (default: 1 % of the offers, at most 500).")
    var plantedOffers: Int?
    @Option(name: .customLong("fits"), help: "Planted true fits per planted offer.") var fits = 10

    func validate() throws {
        guard region.lowercased() == "hdf" else {
            throw ValidationError("--region \(region): only hdf (Hauts-de-France) has referentials")
        }
        guard candidates >= 0, offers >= 0, candidates + offers > 0 else {
            throw ValidationError("--candidates and --offers must be ≥ 0, and not both 0")
        }
        guard candidates <= 9_999_999, offers <= 999_999 else {
            throw ValidationError("at most 9,999,999 candidates and 999,999 offers (ids have fixed widths)")
        }
        guard fits >= 1, plantedOffers.map({ $0 >= 0 }) ?? true else {
            throw ValidationError("--fits must be ≥ 1 and --planted-offers ≥ 0")
        }
    }

    func run() throws {
        let model = try MatchModel.load()
        let generator = try RegionalGenerator(dataDirectory: ResourceLocator.dataDirectory(), rome: model.rome,
                                              communes: model.communes)
        let options = RegionalGenerator.Options(candidates: candidates, offers: offers, seed: seed, referenceDate: date,
                                                plantedOffers: plantedOffers, fitsPerOffer: fits)
        let display = ProgressDisplay()
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try generator.write(to: URL(fileURLWithPath: out), options: options) { p in
            display.show(p.phase.rawValue, done: p.done, total: p.total)
        }
        display.finish()
        let elapsed = (clock.now - start).seconds
        let kinds = ExclusionReason.allCases.compactMap { k in summary.nearMisses[k].map { "\($0) \(k.rawValue)" } }
        print("""
        Wrote \(summary.offers) offers and \(summary.candidates) candidates (seed \(seed), reference date \(date)) \
        in \(String(format: "%.1f", elapsed)) s, \(summary.bytes / 1_048_576) MiB:
        \(summary.files.map { "  " + $0.path }.joined(separator: "\n"))
        Planted: \(summary.plantedOffers) offers, \(summary.fits) fits, \(summary.nearMisses.values.reduce(0, +)) near misses\(kinds.isEmpty ? "" : " (" + kinds.joined(separator: ", ") + ")").
        """)
    }
}
