import Foundation
import GRDB
public import MatchCore
public import MatchData

/// Batch runs kept for later comparison: `apparier batch` saves each run on the store's records,
/// `apparier batch --history` lists them.
extension Store {
    /// Saves a batch run's figures and analysis; returns its number.
    @discardableResult
    public func saveBatchReport(_ report: StoredBatchReport, by actor: String) throws -> Int64 {
        try writer.write { db in
            let analysis = String(decoding: try Store.reportEncoder.encode(report.analysis), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO batchReport (ranAt, ranBy, referenceDate, method, cohort, openOffers, posts, proposals, leaversWithProposal, parameters, analysis)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [timestamp, actor, report.referenceDate.description, report.method, report.cohort, report.openOffers,
                                 report.posts, report.proposals, report.leaversWithProposal, Store.json(report.parameters), analysis])
            let id = db.lastInsertedRowID
            try log(db, actor: actor, action: "batch.report", subject: ("batchReport", String(id)))
            return id
        }
    }

    /// The saved batch runs, newest first.
    public func batchReports() throws -> [StoredBatchReport] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM batchReport ORDER BY id DESC").map { row in
                let analysis = try JSONDecoder().decode(BatchAnalysis.self, from: Data((row["analysis"] as String).utf8))
                let parameters = (try? JSONSerialization.jsonObject(with: Data((row["parameters"] as String).utf8))) as? [String: String] ?? [:]
                return StoredBatchReport(id: row["id"], ranAt: row["ranAt"], ranBy: row["ranBy"],
                                         referenceDate: Day(row["referenceDate"] as String) ?? Day(ordinal: 0), method: row["method"],
                                         cohort: row["cohort"], openOffers: row["openOffers"], posts: row["posts"],
                                         proposals: row["proposals"], leaversWithProposal: row["leaversWithProposal"],
                                         parameters: parameters, analysis: analysis)
            }
        }
    }

    /// Takes candidate `id` out of the saved batch reports: their line among the leavers without a proposal
    /// keeps only its reason (the counts stay right). Returns the number of reports changed.
    func eraseFromBatchReports(_ db: Database, id: String) throws -> Int {
        var changed = 0
        // The id as the saved JSON writes it (quoted, escaped), so that the prefilter finds every report naming it.
        let needle = String(decoding: try Store.reportEncoder.encode(id), as: UTF8.self)
        let rows = try Row.fetchAll(db, sql: "SELECT id, analysis FROM batchReport WHERE instr(analysis, ?) > 0", arguments: [needle])
        for row in rows {
            var analysis = try JSONDecoder().decode(BatchAnalysis.self, from: Data((row["analysis"] as String).utf8))
            guard analysis.unproposed.contains(where: { $0.candidate == id }) else { continue }
            analysis.unproposed = analysis.unproposed.map { $0.candidate == id ? .erased(reason: $0.reason) : $0 }
            try db.execute(sql: "UPDATE batchReport SET analysis = ? WHERE id = ?",
                           arguments: [String(decoding: try Store.reportEncoder.encode(analysis), as: UTF8.self), row["id"] as Int64])
            changed += 1
        }
        return changed
    }
}

extension Store {
    /// How batch reports are written: one encoder, so that erasure finds an id as it was written.
    static var reportEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// One saved batch run.
public struct StoredBatchReport: Sendable {
    public var id: Int64 = 0
    public var ranAt = ""
    public var ranBy = ""
    public var referenceDate: Day
    public var method: String
    public var cohort: Int
    public var openOffers: Int
    public var posts: Int
    public var proposals: Int
    public var leaversWithProposal: Int
    public var parameters: [String: String]
    public var analysis: BatchAnalysis

    public init(id: Int64 = 0, ranAt: String = "", ranBy: String = "", referenceDate: Day, method: String, cohort: Int, openOffers: Int,
                posts: Int, proposals: Int, leaversWithProposal: Int, parameters: [String: String], analysis: BatchAnalysis) {
        self.id = id; self.ranAt = ranAt; self.ranBy = ranBy; self.referenceDate = referenceDate; self.method = method
        self.cohort = cohort; self.openOffers = openOffers; self.posts = posts; self.proposals = proposals
        self.leaversWithProposal = leaversWithProposal; self.parameters = parameters; self.analysis = analysis
    }
}
