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
        abstract: "Show what the store holds: rows per table, imports, model versions, integrity, content digest.",
        discussion: """
        With --digest, a SHA-256 of every row of every table: two runs that print the same digest saw
        the same data (it ignores the file layout and the WAL).

        Examples:
          apparier import status
          apparier import status --digest --format json
        """)

    @Option(help: "Output format: table or json.") var format: Shortlists.ListFormat = .table
    @Flag(help: "Also compute the content digest (reads every row of the store).") var digest = false
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
        var out = "Store \(status.path ?? opened.displayName) (journal \(status.journalMode), integrity \(status.integrity))\n"
        let main = ["offer", "candidate", "shortlist", "shortlistEntry", "fileImport", "auditEvent"]
        out += main.map { "\($0): \(status.rows[$0] ?? 0)" }.joined(separator: ", ") + "\n"
        out += "Vectors: " + status.vectorModels.sorted { $0.key < $1.key }.map { "\($0.value) by \($0.key)" }.joined(separator: ", ") + "\n"
        out += "Referentials: " + status.referentials.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ") + "\n"
        for i in try opened.imports().suffix(10) {
            out += "  import #\(i.id ?? 0) \(i.importedAt) by \(i.importedBy): \(i.fileName) (\(i.kind), \(i.rowsRead) read, \(i.rowsInserted) new, \(i.rowsUpdated) updated, \(i.rowsUnchanged) unchanged, \(i.rowsRejected) refused)\n"
        }
        if let digest = status.contentDigest { out += "Content digest: \(digest)\n" }
        print(out, terminator: "")
    }
}
