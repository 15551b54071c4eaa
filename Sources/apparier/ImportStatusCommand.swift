import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchStore

/// `apparier import status`: what the store holds, its imports, and a digest of its content.
struct ImportStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Montrer ce que contient le magasin : lignes par table, imports, versions des modèles, intégrité, empreinte du contenu.",
        discussion: """
        Avec --digest, un SHA-256 de toutes les lignes de toutes les tables : deux
        passages qui impriment la même empreinte ont vu les mêmes données (sans égard
        à l'organisation du fichier ni au WAL).

        Exemples :
          apparier import status
          apparier import status --digest --format json
        """)

    @Option(help: "Format : table ou json.") var format: Shortlists.ListFormat = .table
    @Flag(help: "Calculer aussi l'empreinte du contenu (lit toutes les lignes du magasin).") var digest = false
    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.openExisting()
        let status = try opened.status(digest: digest)
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
            return
        }
        var out = "Magasin \(status.path ?? opened.displayName) (journal \(status.journalMode), intégrité \(status.integrity))\n"
        let main = [("offer", "offres"), ("candidate", "candidats"), ("shortlist", "listes enregistrées"), ("shortlistEntry", "lignes de listes"),
                    ("fileImport", "imports"), ("auditEvent", "événements du journal"), ("batchReport", "traitements par lots")]
        out += main.map { "\($0.1) : \(French.count(status.rows[$0.0] ?? 0))" }.joined(separator: ", ") + "\n"
        out += "Vecteurs des offres : " + status.vectorModels.sorted { $0.key < $1.key }.map { "\(French.count($0.value)) par \($0.key)" }.joined(separator: ", ") + "\n"
        out += "Référentiels : " + status.referentials.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: " ; ") + "\n"
        var imports = TextTable(["import", "le", "par", "fichier", "type", "lus", "nouveaux", "mis à jour", "inchangés", "refusés"],
                                alignments: [.right, .left, .left, .left, .left, .right, .right, .right, .right, .right])
        for i in try opened.imports().suffix(10) {
            imports.append(["n° \(i.id ?? 0)", French.date(i.importedAt), i.importedBy, i.fileName, i.kind == "offers" ? "offres" : "candidats",
                            French.count(i.rowsRead), French.count(i.rowsInserted), French.count(i.rowsUpdated), French.count(i.rowsUnchanged),
                            French.count(i.rowsRejected)])
        }
        if !imports.rows.isEmpty { out += imports.text }
        if let digest = status.contentDigest { out += "Empreinte du contenu : \(digest)\n" }
        print(out, terminator: "")
    }
}
