import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

struct EvaluateTitles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "titles",
        abstract: "Measure job titles to ROME fiches on real offers, next to a word-overlap baseline.",
        discussion: """
        Reads offers coded by France Travail (default: data/offres/france_travail_offres_dept07_2025-06-01.json,
        150 offers), finds each title's fiches with `apparier metier` and with a plain word-overlap
        ranking (Jaccard over the appellation labels), and reports top-1 and top-5 fiche accuracy on the
        free titles (those that are not an appellation label once H/F is removed) and on all offers,
        then the misses and the median query time. "Même famille" also counts a fiche of the same
        parent fiche. See docs/titles.md.

        Examples:
          apparier evaluate titles
          apparier evaluate titles --with-description
          apparier evaluate titles --offers offres.json --json > titres.json
        """
    )

    @Option(help: ArgumentHelp("France Travail offers ({\"resultats\": […]}) with intitule and romeCode.", valueName: "file"))
    var offers: String?
    @Flag(help: "Give the matcher each offer's description as well.") var withDescription = false
    @Option(name: .customLong("repeat"), help: "Timed passes over the offers, after the evaluation pass.") var repeats = 5
    @Flag(help: "Print the report as JSON (groups, median time, every offer's first five fiches).") var json = false

    func validate() throws {
        guard (1...1000).contains(repeats) else { throw ValidationError("--repeat must be between 1 and 1000") }
    }

    func run() throws {
        try reportingFailures {
            let data = try ResourceLocator.dataDirectory()
            let file = offers.map { URL(fileURLWithPath: $0) } ?? data.appending(path: "offres/france_travail_offres_dept07_2025-06-01.json")
            let samples = try TitleEvaluation.loadSamples(at: file)
            let rome = try ReferentialLoader.loadRome(from: data)
            let matcher = try ReferentialLoader.loadTitleMatcher(from: data, rome: rome)
            let report = TitleEvaluation.run(samples, matcher: matcher, rome: rome, useDescription: withDescription, timedPasses: repeats)
            if json {
                print(try TitleReport.jsonText(report), terminator: "")
            } else {
                print(Self.text(report, file: file.lastPathComponent, rome: rome), terminator: "")
            }
        }
    }

    static func text(_ report: TitleEvaluationReport, file: String, rome: RomeReferential) -> String {
        let french = Locale(identifier: "fr_FR")
        func percent(_ value: Double) -> String { value.formatted(.percent.precision(.fractionLength(1)).locale(french)) }
        func pad(_ cell: String, _ width: Int) -> String { cell.padding(toLength: width, withPad: " ", startingAt: 0) }
        var lines = ["Titres d'offres → fiches ROME, \(file)", ""]
        for group in report.groups {
            lines.append("\(group.name) (\(group.offers) offres)")
            lines.append("  " + pad("", 22) + pad("fiche de l'appellation", 24) + pad("fiche de l'offre", 24) + "même famille")
            lines.append("  " + pad("classement", 22) + Array(repeating: pad("top 1", 12) + pad("top 5", 12), count: 3).joined())
            for r in group.rankers {
                let cells = [r.appellationTop1, r.appellationTop5, r.top1, r.top5, r.familyTop1, r.familyTop5]
                lines.append("  " + pad(r.ranker, 22) + cells.map { pad(percent($0), 12) }.joined())
            }
            lines.append("")
        }
        func micros(_ value: Double) -> String { value.formatted(.number.precision(.fractionLength(0)).locale(french)) }
        lines.append("Temps d'une requête sur \(report.queries) requêtes : médiane \(micros(report.medianQueryMicroseconds)) µs, 95e centile \(micros(report.p95QueryMicroseconds)) µs")
        let misses = report.outcomes.filter { $0.isFree && $0.isMiss }
        lines.append("")
        lines.append("Titres libres dont la première fiche n'est pas celle de leur appellation (\(misses.count)) :")
        for miss in misses {
            let expected = miss.appellationRomeCode
            let rank = miss.apparier.firstIndex(of: expected).map { "rang \($0 + 1)" } ?? "absente du top 5"
            let label = rome.ficheIndex[expected].map { rome.fiches[Int($0)].label } ?? ""
            lines.append("  « \(miss.title) » : attendu \(expected) \(label) (\(rank)) ; trouvé \(miss.apparierFirst ?? "rien")")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
