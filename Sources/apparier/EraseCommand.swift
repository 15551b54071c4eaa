import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchStore

struct Erase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a candidate from the store for good (RGPD right to erasure).",
        discussion: """
        Removes the candidate everywhere in the store, in one transaction: their record, lists and
        vector, the audit events about them (which hold their previous values), their id in the
        messages of past imports; each line of a saved shortlist that named them becomes an "effacé"
        line that keeps only its rank. The erasure is logged without the id or any personal data.
        Then the store file is checkpointed and vacuumed (with secure_delete on), so no byte of the
        candidate remains in it. Files exported earlier (CSV, HTML, reports) are not touched.

        Example:
          apparier erase --candidate C000123 --by "DPO Proch'emploi"
        """)

    @Option(help: ArgumentHelp("Pseudonymous id of the candidate.", valueName: "id"))
    var candidate: String

    @Option(help: ArgumentHelp("Who erases, for the audit log. Default: the login name.", valueName: "name"))
    var by: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.openExisting()
        let receipt = try reportingFailures { try opened.eraseCandidate(id: candidate, by: actorName(by)) }
        print("""
        Candidate \(candidate) erased from \(opened.displayName): \(receipt.candidateRows) rows (record, lists, vector), \
        \(receipt.shortlistEntries) saved shortlist line(s) replaced by "effacé", \(receipt.auditEvents) audit event(s) and \
        \(receipt.importMessages) import message(s) cleared. Logged as audit event #\(receipt.eventId ?? 0), without personal data.
        """)
    }
}
