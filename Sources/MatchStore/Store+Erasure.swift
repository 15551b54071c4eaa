import Foundation
import MatchCore
import GRDB
import MatchData

/// RGPD erasure (right to erasure, art. 17): a candidate is removed from everywhere in the store.
extension Store {
    /// Erases candidate `id` in one transaction: their rows and lists, their vector, their audit events
    /// (which hold their previous values), their id in the messages of past imports; each line of a saved
    /// shortlist that named them becomes an "erased" placeholder that keeps only its rank. The erasure is
    /// logged **without** the id or any other personal data. Then the WAL is checkpointed and the file
    /// vacuumed, so that no byte of the candidate remains in the database files (`secure_delete` is on).
    ///
    ///     let receipt = try store.eraseCandidate(id: "C-0001", by: "dpo")
    ///     receipt.shortlistEntries   // 2 lines replaced by "effacé"
    ///
    /// - Throws: ``MatchError`` when the store holds no trace of `id`.
    /// - Parameter compacting: rebuild the file at once (default). A service that must answer quickly passes
    ///   false, then calls ``compact()`` after answering: until then deleted bytes may remain in free pages.
    @discardableResult
    public func eraseCandidate(id: String, by actor: String, compacting: Bool = true) throws -> ErasureReceipt {
        let receipt = try writer.write { db -> ErasureReceipt in
            var receipt = ErasureReceipt()
            receipt.candidateRows = try eraseRows(db, id: id)
            receipt.shortlistEntries = try eraseEntries(db, id: id)
            receipt.proposals = try eraseProposals(db, id: id)
            receipt.batchReports = try eraseFromBatchReports(db, id: id)
            (receipt.auditEvents, receipt.accessEvents) = try eraseEvents(db, id: id)
            receipt.importMessages = try scrubImportMessages(db, id: id)
            guard !receipt.isEmpty else {
                throw MatchError.store(path: path, "aucun candidat « \(id) » ni aucune trace de cet identifiant : rien à effacer")
            }
            try bumpGeneration(db)
            let event = try log(db, actor: actor, action: "erase", subject: ("candidate", nil), detail: receipt.detail)
            receipt.eventId = event.id
            return receipt
        }
        removeSnapshot(inBackground: !compacting)
        if compacting { try compact() }
        return receipt
    }

    /// Deletes the candidate's row, which holds all its lists. Returns the number of rows removed (0 or 1).
    /// (Its skill profile is in the index snapshot only, which the erasure deletes.)
    private func eraseRows(_ db: Database, id: String) throws -> Int {
        try db.execute(sql: "DELETE FROM candidate WHERE id = ?", arguments: [id])
        return db.changesCount
    }

    /// Turns the candidate's shortlist lines into placeholders that keep only the rank.
    private func eraseEntries(_ db: Database, id: String) throws -> Int {
        try db.execute(sql: """
            UPDATE shortlistEntry SET candidateId = NULL, erased = 1, score = NULL, travelMinutes = NULL, travelMode = NULL,
              limitMinutes = NULL, distanceKm = NULL, travelSource = NULL, components = NULL, matched = NULL, missing = NULL,
              priorityPublics = NULL
            WHERE candidateId = ?
            """, arguments: [id])
        return db.changesCount
    }

    /// Empties the candidate id of the proposals made of them: the desk's follow-up and the bilan's counts
    /// stay, no longer tied to a person.
    private func eraseProposals(_ db: Database, id: String) throws -> Int {
        try db.execute(sql: "UPDATE proposal SET candidateId = NULL, erased = 1 WHERE candidateId = ?", arguments: [id])
        return db.changesCount
    }

    /// Replaces `"id"` (as error messages quote it) in the problems recorded with past imports.
    private func scrubImportMessages(_ db: Database, id: String) throws -> Int {
        // Messages quote values « à la française » (older stores: "in double quotes").
        let quotings = [("« \(id) »", "« [effacé] »"), ("\"\(id)\"", "\"[effacé]\"")]
        var scrubbed = 0
        for var record in try ImportRecord.filter(Column("kind") == "candidates").fetchAll(db) {
            var changed = false
            for keyPath in [\ImportRecord.errors, \ImportRecord.warnings] {
                guard var problems = Store.decode([ImportProblem].self, json: record[keyPath: keyPath]) else { continue }
                for i in problems.indices where quotings.contains(where: { problems[i].message.contains($0.0) }) {
                    for (quoted, placeholder) in quotings {
                        problems[i].message = problems[i].message.replacingOccurrences(of: quoted, with: placeholder)
                    }
                    changed = true
                    scrubbed += 1
                }
                record[keyPath: keyPath] = Store.json(encoding: problems)
            }
            if changed { try record.update(db) }
        }
        return scrubbed
    }

    /// Deletes the erased candidate from audited reads written after the erasure (a service's reads that
    /// were under way while it erased); returns how many rows went.
    @discardableResult
    public func scrubAccesses(ofErased id: String) throws -> Int {
        try writer.write { db in
            let (events, mentions) = try eraseEvents(db, id: id)
            return events + mentions
        }
    }

    /// Deletes the audit events about the candidate (their updates, with previous values; their reads) and
    /// the candidate from the lists of candidates that other audited reads showed. Returns both counts.
    private func eraseEvents(_ db: Database, id: String) throws -> (events: Int, mentions: Int) {
        try db.execute(sql: "DELETE FROM auditEvent WHERE subjectKind = 'candidate' AND subjectId = ?", arguments: [id])
        let events = db.changesCount
        try db.execute(sql: "DELETE FROM auditCandidate WHERE candidateId = ?", arguments: [id])
        return (events, db.changesCount)
    }

    /// Moves every page out of the WAL, rebuilds the file and empties the WAL again, so that deleted
    /// content survives neither in free pages nor in old WAL frames.
    public func compact() throws {
        try writer.writeWithoutTransaction { db in
            try db.checkpoint(.truncate)
            try db.execute(sql: "VACUUM")
            try db.checkpoint(.truncate)
        }
    }
}

/// What an erasure removed. It holds counts only: it is what the audit log keeps.
public struct ErasureReceipt: Sendable, Hashable {
    /// The candidate's row, list rows and vector.
    public var candidateRows = 0
    /// Saved shortlist lines turned into "erased" placeholders.
    public var shortlistEntries = 0
    /// Audit events about the candidate (their updates, with previous values) deleted.
    public var auditEvents = 0
    /// Proposals to employers whose candidate id was emptied.
    public var proposals = 0
    /// Messages of past imports where the id was replaced.
    public var importMessages = 0
    /// Audited reads (shortlists seen through the service) that had shown the candidate: the mention deleted.
    public var accessEvents = 0
    /// Saved batch reports that listed the candidate among the leavers without a proposal.
    public var batchReports = 0
    /// The `erase` event in the audit log.
    public var eventId: Int64?

    var isEmpty: Bool { candidateRows == 0 && shortlistEntries == 0 && proposals == 0 && auditEvents == 0 && importMessages == 0 && accessEvents == 0
        && batchReports == 0 }

    var detail: [String: Any] {
        ["candidateRows": candidateRows, "shortlistEntries": shortlistEntries, "proposals": proposals, "auditEvents": auditEvents,
         "importMessages": importMessages, "accessEvents": accessEvents, "batchReports": batchReports]
    }
}
