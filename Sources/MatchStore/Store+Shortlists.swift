import Foundation
import GRDB
public import MatchCore
public import MatchData

/// Saved shortlists: the list as it was printed, the offer as it was, the parameters and model versions,
/// who asked and when. Saving and showing are logged in the audit log.
extension Store {
    /// Saves a shortlist (one transaction) and logs who asked for it.
    ///
    ///     let saved = try store.saveShortlist(report, offer: offer, parameters: ["top": "20"], requestedBy: "amelie")
    ///     saved.id   // 1
    ///
    /// - Returns: the list as stored, with its `saved` header.
    @discardableResult
    public func saveShortlist(_ report: ShortlistReport, offer: JobOffer, parameters: [String: String],
                              requestedBy: String) throws -> ShortlistReport {
        try writer.write { db in
            let time = timestamp
            var record = ShortlistRecord(
                offerId: report.offer.id, offerTitle: report.offer.title, offer: Store.json(encoding: offer),
                parameters: Store.json(encoding: parameters), embeddingVersion: report.model.embedding,
                policyVersion: report.model.policy, referenceDate: report.model.referenceDate, requestedBy: requestedBy,
                createdAt: time, considered: report.considered, scanned: report.scanned,
                excluded: Store.json(encoding: report.excluded), warnings: Store.json(encoding: report.warnings))
            try record.insert(db)
            let id = record.id!
            for e in report.candidates { try entryRecord(e, shortlistId: id).insert(db) }
            try log(db, actor: requestedBy, action: "shortlist.save", subject: ("shortlist", String(id)), shortlistId: id,
                    detail: ["offerId": report.offer.id, "entries": report.candidates.count])
            var saved = report
            saved.saved = .init(id: id, requestedBy: requestedBy, createdAt: time, parameters: parameters)
            return saved
        }
    }

    private func entryRecord(_ e: ShortlistReport.Entry, shortlistId: Int64) -> ShortlistEntryRecord {
        guard !e.isErased else {
            return ShortlistEntryRecord(shortlistId: shortlistId, rank: e.rank, erased: true)
        }
        return ShortlistEntryRecord(
            shortlistId: shortlistId, rank: e.rank, candidateId: e.id, erased: false, score: e.score,
            travelMinutes: e.travel.minutes, travelMode: e.travel.mode, limitMinutes: e.travel.limitMinutes,
            distanceKm: e.travel.distanceKm, travelSource: e.travel.source, components: Store.json(encoding: e.components),
            matched: Store.json(encoding: e.matched), missing: Store.json(encoding: e.missing),
            priorityPublics: Store.json(encoding: e.priorityPublics))
    }

    /// The saved shortlists, newest first; with `offerId`, only that offer's.
    public func shortlists(offerId: String? = nil) throws -> [ShortlistSummary] {
        try writer.read { db in
            var request = ShortlistRecord.order(Column("id").desc)
            if let offerId { request = request.filter(Column("offerId") == offerId) }
            let counts = try Row.fetchAll(db, sql: "SELECT shortlistId, count(*) AS n, sum(erased) AS e FROM shortlistEntry GROUP BY shortlistId")
            let byId = Dictionary(uniqueKeysWithValues: counts.map { ($0["shortlistId"] as Int64, ($0["n"] as Int, $0["e"] as Int)) })
            return try request.fetchAll(db).map { r in
                ShortlistSummary(id: r.id!, offerId: r.offerId, offerTitle: r.offerTitle, requestedBy: r.requestedBy,
                                 createdAt: r.createdAt, entries: byId[r.id!]?.0 ?? 0, erased: byId[r.id!]?.1 ?? 0,
                                 embeddingVersion: r.embeddingVersion, policyVersion: r.policyVersion,
                                 referenceDate: r.referenceDate)
            }
        }
    }

    /// A saved shortlist and the offer as it was when it was made. With `viewedBy`, the viewing is logged
    /// (one transaction).
    ///
    /// - Throws: ``MatchError`` when there is no such list.
    public func shortlist(id: Int64, viewedBy: String? = nil) throws -> (report: ShortlistReport, offer: JobOffer?) {
        let found = try writer.read { db -> (ShortlistReport, JobOffer?)? in
            guard let r = try ShortlistRecord.fetchOne(db, key: id) else { return nil }
            let entries = try ShortlistEntryRecord.filter(Column("shortlistId") == id).order(Column("rank")).fetchAll(db)
            return (report(r, entries), Store.decode(JobOffer.self, json: r.offer))
        }
        guard let found else {
            let last = try writer.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM shortlist") }
            throw MatchError.store(path: path, "aucune liste enregistrée sous le n° \(id)" + (last.map { " (la dernière est le n° \($0))" } ?? " (aucune encore)"))
        }
        if let viewedBy {
            try writer.write { db in
                _ = try log(db, actor: viewedBy, action: "shortlist.show", subject: ("shortlist", String(id)), shortlistId: id)
            }
        }
        return found
    }

    private func report(_ r: ShortlistRecord, _ entries: [ShortlistEntryRecord]) -> ShortlistReport {
        let list = entries.map { e -> ShortlistReport.Entry in
            guard !e.erased, let id = e.candidateId else { return .erasedPlaceholder(rank: e.rank) }
            return ShortlistReport.Entry(
                rank: e.rank, id: id, score: e.score ?? 0,
                travel: .init(minutes: e.travelMinutes ?? 0, mode: e.travelMode ?? "", limitMinutes: e.limitMinutes ?? 0,
                              distanceKm: e.distanceKm ?? 0, source: e.travelSource ?? ""),
                components: Store.decode([String: Double].self, json: e.components) ?? [:],
                matched: Store.decode([String].self, json: e.matched) ?? [],
                missing: Store.decode([String].self, json: e.missing) ?? [],
                priorityPublics: Store.decode([String].self, json: e.priorityPublics) ?? [])
        }
        let offer = Store.decode(JobOffer.self, json: r.offer)
        return ShortlistReport(
            offer: .init(id: r.offerId, romeCode: offer?.romeCode ?? "", commune: offer?.workplace.commune, title: r.offerTitle),
            considered: r.considered, scanned: r.scanned, excluded: Store.decode([String: Int].self, json: r.excluded) ?? [:],
            candidates: list, warnings: Store.decode([String].self, json: r.warnings) ?? [],
            model: .init(embedding: r.embeddingVersion, policy: r.policyVersion, referenceDate: r.referenceDate),
            saved: .init(id: r.id!, requestedBy: r.requestedBy, createdAt: r.createdAt,
                         parameters: Store.decode([String: String].self, json: r.parameters) ?? [:]))
    }
}

/// One line of `apparier shortlists`.
public struct ShortlistSummary: Codable, Sendable, Hashable {
    public var id: Int64
    public var offerId: String
    public var offerTitle: String?
    public var requestedBy: String
    public var createdAt: String
    /// Ranked lines, erased ones included.
    public var entries: Int
    /// Lines whose candidate has been erased since.
    public var erased: Int
    public var embeddingVersion: String
    public var policyVersion: String
    public var referenceDate: String
}
