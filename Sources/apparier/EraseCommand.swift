import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
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
        let r = receipt
        print("""
        Candidat \(candidate) effacé de \(opened.displayName) : \(French.count(r.candidateRows, "ligne")) (enregistrement et listes) ; \
        \(French.count(r.shortlistEntries, "ligne de listes enregistrées remplacée", "lignes de listes enregistrées remplacées")) \
        par « effacé » ; \(French.count(r.proposals, "proposition détachée", "propositions détachées")) ; nettoyés : \
        \(French.count(r.batchReports, "rapport de traitement par lots", "rapports de traitement par lots")), \
        \(French.count(r.auditEvents, "événement du journal", "événements du journal")), \
        \(French.count(r.importMessages, "message d'import", "messages d'import")). \
        Journalisé sous le n° \(r.eventId ?? 0), sans donnée personnelle.
        """)
    }
}
