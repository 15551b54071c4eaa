import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData

struct Metier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metier",
        abstract: "Trouver les appellations et fiches ROME d'un intitulé de poste écrit avec les mots de l'employeur.",
        discussion: """
        Lit l'intitulé comme une personne le lirait : majuscules, accents, H/F, formes
        inclusives (serveur(se)), féminins et pluriels, fautes d'une ou deux lettres
        dans les mots longs, sigles des métiers (data/titres/sigles.csv) et mots qui
        qualifient le poste sans le nommer (CDI, urgent, temps partiel :
        data/titres/qualificatifs.csv). Voir docs/titles.md.

        Avec --fiche, imprime les compétences et savoirs d'une fiche, les plus
        centraux d'abord, pour compléter une offre.

        Exemples :
          apparier metier "vendeuse boulangerie"
          apparier metier "Chauffeur SPL H/F" --top 3 --format json
          apparier metier "Préparateur de commandes" --description "CACES 1, 3 et 5, picking, vocal"
          apparier metier --fiche D1102
        """
    )

    @Argument(help: "L'intitulé du poste, comme l'employeur l'a dit.") var title: String?
    @Option(help: "Combien d'appellations montrer.") var top = 5
    @Option(help: "Format : table ou json.") var format: TitleFormat = .table
    @Option(help: ArgumentHelp("La description de l'offre : plus d'indices pour la fiche.", valueName: "texte"))
    var description: String?
    @Flag(help: "Une ligne par fiche (sa meilleure appellation) au lieu d'une par appellation.") var fiches = false
    @Option(help: ArgumentHelp("Imprimer plutôt la liste des compétences de cette fiche (code ROME).", valueName: "code")) var fiche: String?

    enum TitleFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        guard (1...100).contains(top) else { throw Messages.outOfRange("--top", 1...100) }
        guard title != nil || fiche != nil else { throw ValidationError("donnez un intitulé, par exemple apparier metier \"vendeuse boulangerie\", ou --fiche CODE") }
        if let title, TitleText.words(title).isEmpty { throw ValidationError("l'intitulé « \(title) » n'a aucun mot à chercher (seulement H/F, des chiffres ou des mots courts)") }
    }

    func run() throws {
        try reportingFailures {
            let data = try ResourceLocator.dataDirectory()
            let rome = try ReferentialLoader.loadRome(from: data)
            if let fiche {
                guard let items = rome.checklist(for: fiche), let index = rome.ficheIndex[fiche] else {
                    throw CommandFailure("fiche ROME « \(fiche) » inconnue (un code comme D1102 est attendu)")
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
