import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

struct EvaluateTitles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "titles",
        abstract: "Mesurer les intitulés vers les fiches ROME sur des offres réelles, à côté d'une référence par mots communs.",
        discussion: """
        Lit des offres codées par France Travail (par défaut :
        data/offres/france_travail_offres_dept07_2025-06-01.json, 150 offres), trouve
        les fiches de chaque intitulé avec `apparier metier` et avec un simple
        classement par mots communs (Jaccard sur les libellés des appellations), et
        donne la justesse top 1 et top 5 sur les intitulés libres (ceux qui ne sont
        pas un libellé d'appellation une fois H/F retiré) et sur toutes les offres,
        puis les ratés et le temps médian d'une requête. « Même famille » compte aussi
        une fiche de la même fiche parente. Voir docs/titles.md.

        Exemples :
          apparier evaluate titles
          apparier evaluate titles --with-description
          apparier evaluate titles --offers offres.json --json > titres.json
        """
    )

    @Option(help: ArgumentHelp("Offres de France Travail ({\"resultats\": […]}) avec intitule et romeCode.", valueName: "fichier"))
    var offers: String?
    @Flag(help: "Donner aussi la description de chaque offre.") var withDescription = false
    @Option(name: .customLong("repeat"), help: "Passages chronométrés sur les offres, après le passage d'évaluation.") var repeats = 5
    @Flag(help: "Imprimer le rapport en JSON (groupes, temps médian, les cinq premières fiches de chaque offre).") var json = false

    func validate() throws {
        guard (1...1000).contains(repeats) else { throw Messages.outOfRange("--repeat", 1...1000) }
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
        func percent(_ value: Double) -> String { French.percent(value) }
        var lines = ["Titres d'offres → fiches ROME, \(file)", ""]
        for group in report.groups {
            lines.append("\(group.name) (\(group.offers) offres)")
            var table = TextTable(["classement", "appellation : top 1", "top 5", "offre : top 1", "top 5", "même famille : top 1", "top 5"],
                                  alignments: [.left] + Array(repeating: .right, count: 6))
            for r in group.rankers {
                table.append([r.ranker] + [r.appellationTop1, r.appellationTop5, r.top1, r.top5, r.familyTop1, r.familyTop5].map(percent))
            }
            lines.append(table.text)
        }
        func micros(_ value: Double) -> String { French.number(value, digits: 0) }
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
