import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchStore

struct Erase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Effacer définitivement un candidat du magasin (droit à l'effacement, RGPD).",
        discussion: """
        Retire le candidat de tout le magasin, en une transaction : son
        enregistrement et ses listes, les événements du journal qui le
        concernent (ils gardent ses anciennes valeurs), son identifiant dans les
        messages des imports passés, les propositions suivies sur le bureau et les
        rapports de traitement par lots ; chaque ligne d'une liste enregistrée qui le
        nommait devient une ligne « effacé » qui ne garde que son rang. L'effacement
        est journalisé sans l'identifiant ni aucune donnée personnelle. Puis le
        fichier est compacté (secure_delete actif), pour qu'aucun octet du candidat
        n'y reste, l'instantané d'index compris. Les fichiers exportés avant (CSV,
        HTML) ne sont pas touchés.

        Exemple :
          apparier erase --candidate C000123 --by "DPO Proch'emploi"
        """)

    @Option(help: ArgumentHelp("Identifiant pseudonyme du candidat.", valueName: "candidat"))
    var candidate: String

    @Option(help: Messages.byHelp("Qui efface"))
    var by: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.openExisting()
        let receipt = try reportingFailures { try opened.eraseCandidate(id: candidate, by: actorName(by)) }
        print("""
        Candidat \(candidate) effacé de \(opened.displayName) : \(receipt.candidateRows) ligne(s) (enregistrement et listes), \
        \(receipt.shortlistEntries) ligne(s) de listes enregistrées remplacée(s) par « effacé », \(receipt.proposals) proposition(s) détachée(s), \
        \(receipt.batchReports) rapport(s) de traitement par lots, \(receipt.auditEvents) événement(s) du journal et \
        \(receipt.importMessages) message(s) d'import nettoyé(s). Journalisé sous le n° \(receipt.eventId ?? 0), sans donnée personnelle.
        """)
    }
}
