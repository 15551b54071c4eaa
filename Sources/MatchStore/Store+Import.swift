public import Foundation
import GRDB
public import MatchCore
public import MatchData

/// Imports: one file, one transaction.
///
/// A file is read, every record checked (docs/formats.md) and written in **one transaction**: if any
/// record is refused the whole file is refused with its `file:line: field` problems and nothing is
/// stored — unless `skipInvalid` is set, in which case the valid records are stored and the refused
/// ones listed in the summary (and in `fileImport.errors`). A record whose id is already stored is
/// updated (upsert by id); its previous values go to the audit log. An unchanged record is left alone.
///
/// A file is read a window at a time (``RecordWindows``): the next window is read, checked and given its
/// row values on a background thread while the current one is written, so that the import holds two
/// windows of records, not the file. Once a record is refused, the windows after it are still read and
/// checked, to list every problem, but no longer written, and the transaction is rolled back.
extension Store {
    /// Imports an offer file: France Travail JSON (`{"resultats": […]}` or an array) or CSV.
    ///
    ///     let summary = try store.importOffers(from: URL(fileURLWithPath: "offres.json"), model: ws,
    ///                                          options: ImportOptions(actor: "amelie"))
    ///     summary.inserted   // 150
    @discardableResult
    public func importOffers(from url: URL, model: MatchModel, options: ImportOptions) throws -> ImportSummary {
        let (data, file) = try Store.read(url, options: options)
        return try importOffers(data, file: file, model: model, options: options)
    }

    /// Imports a candidate file: Apparier JSON (an array or `{"candidats": […]}`) or CSV.
    @discardableResult
    public func importCandidates(from url: URL, model: MatchModel, options: ImportOptions) throws -> ImportSummary {
        let (data, file) = try Store.read(url, options: options)
        return try importCandidates(data, file: file, model: model, options: options)
    }

    /// Imports offers from the bytes of a file named `file`.
    @discardableResult
    public func importOffers(_ data: Data, file: String, model: MatchModel, options: ImportOptions) throws -> ImportSummary {
        try importFile(data, file: file, windowBytes: options.windowBytes, windows: RecordReader.offerWindows) {
            try importOffers($0, source: $1, digest: $2, model: model, options: options)
        }
    }

    /// Imports candidates from the bytes of a file named `file`.
    @discardableResult
    public func importCandidates(_ data: Data, file: String, model: MatchModel, options: ImportOptions) throws -> ImportSummary {
        try importFile(data, file: file, windowBytes: options.windowBytes, windows: RecordReader.candidateWindows) {
            try importCandidates($0, source: $1, digest: $2, model: model, options: options)
        }
    }

    /// Imports the records of a file's bytes through `importing`, window by window; a file with a record
    /// that no reader can decode (``RecordWindows/WholeFileNeeded``, the first attempt rolled back) is
    /// read again as a whole, for the most precise messages. The SHA-256 is computed on another thread
    /// meanwhile.
    private func importFile<Record>(_ data: Data, file: String, windowBytes: Int,
                                    windows: (Data, String, Int) throws -> (RecordWindows<Record>, ImportFormat),
                                    importing: (RecordWindows<Record>, ImportSource, BackgroundDigest) throws -> ImportSummary) throws -> ImportSummary {
        let digest = BackgroundDigest(data)
        func attempt(_ bytes: Int) throws -> ImportSummary {
            let (records, format) = try windows(data, file, bytes)
            return try importing(records, ImportSource(file: file, format: format, sha256: ""), digest)
        }
        do {
            return try attempt(windowBytes)
        } catch is RecordWindows<Record>.WholeFileNeeded {
            return try attempt(.max)
        }
    }

    /// Imports offers already read from `source` (the demo data set, which has them in memory): same
    /// checks, same transaction and history as a file. Problems name `source.file` and the record index.
    @discardableResult
    public func importOffers(_ offers: [JobOffer], source: ImportSource, model: MatchModel,
                             options: ImportOptions) throws -> ImportSummary {
        try importOffers(RecordWindows(records: offers, places: ListPlaces(rootKey: RecordFiles.offersRootKey)), source: source,
                         digest: nil, model: model, options: options)
    }

    /// Imports candidates already read from `source`; see ``importOffers(_:source:model:options:)``.
    @discardableResult
    public func importCandidates(_ candidates: [Candidate], source: ImportSource, model: MatchModel,
                                 options: ImportOptions) throws -> ImportSummary {
        try importCandidates(RecordWindows(records: candidates, places: ListPlaces(rootKey: nil)), source: source,
                             digest: nil, model: model, options: options)
    }

    /// Imports the offers of `windows`, in one transaction; `digest` gives the file's SHA-256 (else
    /// `source.sha256` is kept).
    private func importOffers(_ windows: RecordWindows<JobOffer>, source: ImportSource, digest: BackgroundDigest?,
                              model: MatchModel, options: ImportOptions) throws -> ImportSummary {
        let header = ImportHeader(kind: .offers, source: source, model: Vectors.offerModel(model.embedding, model.policy))
        return try timedWrite { db in
            try writeOffers(db, windows, header: header, digest: digest, model: model, options: options)
        }
    }

    /// Imports the candidates of `windows`, in one transaction; `digest` gives the file's SHA-256 (else
    /// `source.sha256` is kept).
    private func importCandidates(_ windows: RecordWindows<Candidate>, source: ImportSource, digest: BackgroundDigest?,
                                  model: MatchModel, options: ImportOptions) throws -> ImportSummary {
        let header = ImportHeader(kind: .candidates, source: source, model: Vectors.candidateModel(model.embedding))
        return try timedWrite { db in
            try writeCandidates(db, windows, header: header, digest: digest, model: model, options: options)
        }
    }

    /// Runs `write` in the import's one transaction; the summary's timings are those `write` returns,
    /// `write` (the whole transaction), `rows` (inside it) and `commit`.
    private func timedWrite(_ write: (Database) throws -> ImportSummary) throws -> ImportSummary {
        var clock = PhaseClock()
        let start = ContinuousClock.now
        var rowsWritten = ContinuousClock.now
        var summary = try clock.time("write") {
            try writer.write { db in
                defer { rowsWritten = .now }
                return try write(db)
            }
        }
        summary.timings.merge(clock.seconds) { $0 + $1 }
        summary.timings["rows"] = PhaseClock.seconds(rowsWritten - start)
        summary.timings["commit"] = PhaseClock.seconds(.now - rowsWritten)
        return summary
    }
}

/// Where records come from: the file's name as shown, its format and the SHA-256 of its bytes.
public struct ImportSource: Sendable {
    public var file: String
    public var format: ImportFormat
    public var sha256: String

    public init(file: String, format: ImportFormat, sha256: String) {
        self.file = file; self.format = format; self.sha256 = sha256
    }
}

// MARK: - Checks before writing

extension Store {
    static func read(_ url: URL, options: ImportOptions) throws -> (Data, String) {
        let file = options.displayName ?? (url.isFileURL ? url.relativePath : url.absoluteString)
        return (try RecordReader.read(url, file: file), file)
    }
}

/// What is known about a file: its name, format and model when its import begins; its records read,
/// problems, warnings and (for a file's bytes) SHA-256 once every window is read.
struct ImportHeader {
    var kind: ImportKind
    var source: ImportSource
    var model: String
    var file: String { source.file }
    var format: ImportFormat { source.format }
    var sha256: String { source.sha256 }
    var read = 0
    var rejected: [ImportProblem] = []
    var warnings: [ImportProblem] = []
}

// MARK: - Writing (inside the import's transaction)

extension Store {
    /// Inserts the `fileImport` row; its counts, problems and SHA-256 are filled in by ``finishImport``.
    func beginImport(_ db: Database, _ h: ImportHeader, options: ImportOptions) throws -> ImportRecord {
        var record = ImportRecord(
            kind: h.kind.rawValue, fileName: h.file, sha256: h.sha256, format: h.format.rawValue,
            mode: options.skipInvalid ? "skipInvalid" : "strict", importedAt: timestamp, importedBy: options.actor,
            rowsRead: 0, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0,
            errors: "[]", warnings: "[]", modelVersion: h.model)
        try record.insert(db)
        return record
    }

    /// Fills in the counts, problems and SHA-256, logs the import and returns its summary, with the ids of
    /// earlier imports of the same file.
    func finishImport(_ db: Database, _ record: inout ImportRecord, _ h: ImportHeader, counts: UpsertCounts,
                      options: ImportOptions) throws -> ImportSummary {
        let same = try Int64.fetchAll(db, sql: "SELECT id FROM fileImport WHERE sha256 = ? AND kind = ? AND id < ? ORDER BY id",
                                      arguments: [h.sha256, h.kind.rawValue, record.id])
        record.sha256 = h.sha256
        record.rowsRead = h.read
        record.rowsRejected = h.rejected.refusedRecordCount
        record.errors = Store.json(encoding: h.rejected)
        record.warnings = Store.json(encoding: h.warnings)
        record.rowsInserted = counts.inserted
        record.rowsUpdated = counts.updated
        record.rowsUnchanged = counts.unchanged
        try record.update(db)
        if counts.inserted + counts.updated > 0 { try h.kind == .candidates ? bumpGeneration(db) : bumpOfferGeneration(db) }
        try log(db, actor: options.actor, action: "import", importId: record.id,
                detail: ["kind": h.kind.rawValue, "file": h.file, "sha256": h.sha256, "read": h.read,
                         "inserted": counts.inserted, "updated": counts.updated, "unchanged": counts.unchanged,
                         "rejected": h.rejected.refusedRecordCount])
        return ImportSummary(importId: record.id!, kind: h.kind, file: h.file, format: h.format, sha256: h.sha256,
                             read: h.read, inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged,
                             rejected: h.rejected, warnings: h.warnings, sameFileImports: same, timings: [:])
    }

    /// Reads, checks and writes the candidates of `windows` (``writeWindows(_:header:digest:options:steps:write:)``);
    /// their row values are the content hash and the JSON lists. Their skill profiles are not stored (see
    /// ``candidatePool(model:)``).
    func writeCandidates(_ db: Database, _ windows: RecordWindows<Candidate>, header: ImportHeader, digest: BackgroundDigest?,
                         model: MatchModel, options: ImportOptions) throws -> ImportSummary {
        try syncReferentials(db, model: model)
        // 64 MiB: beyond it SQLite writes pages to the WAL before the commit (still one transaction, so all
        // or nothing). Measured on 500,000 candidates (CSV, two runs each): 256 MiB gave a 1.41 GB peak in
        // 19–21 s, 64 MiB a 1.17 GB peak in 18.6–18.9 s; before, 2 GiB had given 1.9 GB.
        try db.execute(sql: "PRAGMA cache_size = -65536")
        defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
        var record = try beginImport(db, header, options: options)
        let importId = record.id!, time = timestamp
        let storeWasEmpty = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM candidate)") ?? true
        var writer = try CandidateWriter(db)
        try writer.prepareLookups(db, incoming: windows.estimatedRecords)
        let stored = writer.stored, ids = IdRegister()
        let steps = WindowSteps<Candidate, PreparedCandidate>(
            check: { RecordReader.check(&$0, model: model, ids: ids) },
            prepare: { c in parallelMap(c.count) { PreparedCandidate(c[$0], storedHash: stored?[c[$0].id]?.hash) } })
        var counts = UpsertCounts(), changed = [Candidate]()
        let (h, timings) = try writeWindows(windows, header: header, digest: digest, options: options, steps: steps) { c, p in
            let existing = storeWasEmpty ? nil : try writer.existing(c.id)
            if let existing, existing.hash == p.hash { counts.unchanged += 1; return }
            if let existing {
                let before = try CandidateRows.load(db, key: existing.key)
                if before == c {   // hashed by an earlier version of `CandidateRows.hash`: only the hash is new
                    try writer.refreshHash(key: existing.key, p.hash)
                    counts.unchanged += 1
                    return
                }
                try writer.update(key: existing.key, c, p, importId: importId, at: time)
                try logUpdate(db, kind: "candidate", id: c.id, before: before, after: c, importId: importId, options: options)
                counts.updated += 1
            } else {
                try writer.insert(c, p, importId: importId, at: time, db: db)
                counts.inserted += 1
            }
            if options.keepsChangedRecords { changed.append(c) }
        }
        var summary = try finishImport(db, &record, h, counts: counts, options: options)
        summary.changedCandidates = changed
        summary.timings = timings
        return summary
    }

    /// Reads, checks and writes the offers of `windows` (``writeWindows(_:header:digest:options:steps:write:)``):
    /// a fiche found from the title of those without a ROME code (``ImportOptions/romeInference``), then
    /// the checks; their row values are the content hash and the vector.
    func writeOffers(_ db: Database, _ windows: RecordWindows<JobOffer>, header: ImportHeader, digest: BackgroundDigest?,
                     model: MatchModel, options: ImportOptions) throws -> ImportSummary {
        try syncReferentials(db, model: model)
        var record = try beginImport(db, header, options: options)
        let importId = record.id!, time = timestamp
        var writer = try OfferWriter(db)
        try writer.prepareLookups(db, incoming: windows.estimatedRecords)
        let ids = IdRegister(), inference = options.romeInference
        let steps = WindowSteps<JobOffer, PreparedOffer>(
            check: { try $0.inferRomeCodes(inference) + RecordReader.check(&$0, model: model, ids: ids) },
            prepare: { o in parallelMap(o.count) { PreparedOffer(o[$0], model: model) } })
        var counts = UpsertCounts(), changed = [JobOffer]()
        let (h, timings) = try writeWindows(windows, header: header, digest: digest, options: options, steps: steps) { o, p in
            let existing = try writer.existing(o.id)
            if let existing, existing.hash == p.hash { counts.unchanged += 1; return }
            let key: Int64
            if let existing {
                key = existing.key
                let before = try OfferRows.load(db, only: key).offers.first
                if before == o {   // hashed by an earlier version of `OfferRows.hash`: only the hash is new
                    try writer.refreshHash(key: key, p.hash)
                    counts.unchanged += 1
                    return
                }
                try writer.update(key: key, o, hash: p.hash, importId: importId, at: time)
                try logUpdate(db, kind: "offer", id: o.id, before: before, after: o, importId: importId, options: options)
                counts.updated += 1
            } else {
                key = try writer.insert(o, hash: p.hash, importId: importId, at: time, db: db)
                counts.inserted += 1
            }
            if options.keepsChangedRecords { changed.append(o) }
            try writer.writeVector(key: key, model: header.model, p.vector)
        }
        var summary = try finishImport(db, &record, h, counts: counts, options: options)
        summary.changedOffers = changed
        summary.timings = timings
        return summary
    }

    /// Logs an update with the fields that changed and their previous values.
    func logUpdate<T: Encodable>(_ db: Database, kind: String, id: String, before: T?, after: T, importId: Int64,
                                 options: ImportOptions) throws {
        let old = Store.dictionary(before), new = Store.dictionary(after)
        let changed = Set(old.keys).union(new.keys).filter { !Store.same(old[$0], new[$0]) }.sorted()
        try log(db, actor: options.actor, action: "update", subject: (kind, id), importId: importId,
                detail: ["changed": changed, "before": old.filter { changed.contains($0.key) }])
    }

    static func dictionary<T: Encodable>(_ value: T?) -> [String: Any] {
        guard let value, let data = Store.json(encoding: value).data(using: .utf8) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    static func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return Store.json(["v": a]) == Store.json(["v": b])
        default: return false
        }
    }
}

/// An offer's row values, made before it is written: its content hash and its vector.
struct PreparedOffer: Sendable {
    var hash: Int64
    var vector: [Float]

    init(_ offer: JobOffer, model: MatchModel) {
        hash = OfferRows.hash(offer)
        vector = Vectors.profile(of: offer, embedding: model.embedding, policy: model.policy, rome: model.rome)
    }
}

struct UpsertCounts {
    var inserted = 0, updated = 0, unchanged = 0
}

/// Seconds spent per named phase.
struct PhaseClock {
    private(set) var seconds: [String: Double] = [:]
    private let clock = ContinuousClock()

    mutating func time<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        defer { seconds[phase, default: 0] += PhaseClock.seconds(clock.now - start) }
        return try body()
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// The SHA-256 of a file's bytes, computed on a background thread.
final class BackgroundDigest: @unchecked Sendable {
    private var result = ""
    private let done = DispatchSemaphore(value: 0)

    init(_ data: Data) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = Fingerprint.hex(releasing: data)
            done.signal()
        }
    }

    /// Waits for the digest.
    var value: String {
        done.wait()
        done.signal()
        return result
    }
}
