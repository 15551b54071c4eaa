import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData

struct Metier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metier",
        abstract: "Find the ROME appellations and fiches for a job title written in an employer's words.",
        discussion: """
        Reads the title as a person would: case, accents, H/F, inclusive forms (serveur(se)), feminine
        and plural forms, typos of one or two letters in long words, the trades' abbreviations
        (data/titres/sigles.csv) and words that qualify the post rather than name it (CDI, urgent,
        temps partiel: data/titres/qualificatifs.csv). See docs/titles.md.

        With --fiche, prints the compétences and savoirs of a fiche, the most central first, to
        complete an offer.

        Examples:
          apparier metier "vendeuse boulangerie"
          apparier metier "Chauffeur SPL H/F" --top 3 --format json
          apparier metier "Préparateur de commandes" --description "CACES 1, 3 et 5, picking, vocal"
          apparier metier --fiche D1102
        """
    )

    @Argument(help: "The job title, as the employer said it.") var title: String?
    @Option(help: "How many appellations to show.") var top = 5
    @Option(help: "Output format: table or json.") var format: TitleFormat = .table
    @Option(help: ArgumentHelp("The offer's description: more evidence for the fiche.", valueName: "text"))
    var description: String?
    @Flag(help: "One line per fiche (its best appellation) instead of one per appellation.") var fiches = false
    @Option(help: ArgumentHelp("Print the checklist of this fiche (ROME code) instead.", valueName: "code")) var fiche: String?

    enum TitleFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        guard (1...100).contains(top) else { throw ValidationError("--top must be between 1 and 100") }
        guard title != nil || fiche != nil else { throw ValidationError("give a job title, e.g. apparier metier \"vendeuse boulangerie\", or --fiche CODE") }
        if let title, TitleText.words(title).isEmpty { throw ValidationError("the title \"\(title)\" holds no word to search (only H/F, digits or short words)") }
    }

    func run() throws {
        try reportingFailures {
            let data = try ResourceLocator.dataDirectory()
            let rome = try ReferentialLoader.loadRome(from: data)
            if let fiche {
                guard let items = rome.checklist(for: fiche), let index = rome.ficheIndex[fiche] else {
                    throw CommandFailure("unknown ROME fiche \"\(fiche)\" (expected a code such as D1102)")
                }
                emit(format == .json ? try TitleReport.jsonText(items) : TitleReport.checklist(items, fiche: rome.fiches[Int(index)]))
                return
            }
            let matcher = try ReferentialLoader.loadTitleMatcher(from: data, rome: rome)
            let matches = fiches
                ? matcher.matchFiches(title ?? "", description: description, top: top)
                : matcher.match(title ?? "", description: description, top: top)
            emit(format == .json ? try TitleReport.jsonText(matches) : TitleReport.table(matches))
        }
    }

    func emit(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
}
