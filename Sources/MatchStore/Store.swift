public import Foundation
public import GRDB
import MatchCore
import MatchData

/// Apparier's embedded store: offers, candidates, their derived vectors, saved shortlists, the history
/// of imports and the audit log, in one SQLite file in WAL mode, reached through GRDB.
///
/// One façade over `any DatabaseWriter`, as GRDB's `AppDatabase`: the schema's migrations run when it is
/// opened, and **each write method is one transaction** — an import, a saved shortlist or an erasure is
/// stored whole or not at all. docs/store.md describes the tables.
///
///     let store = try Store.open(at: Store.defaultPath())
///     let summary = try store.importCandidates(from: URL(fileURLWithPath: "candidats.csv"),
///                                              model: ws, options: ImportOptions(actor: "amelie"))
///     let candidates = try store.candidates()
public struct Store: Sendable {
    let writer: any DatabaseWriter
    /// The database file, or nil in memory.
    public let path: String?
    /// The time written in records and events (a fixed clock in tests).
    let now: @Sendable () -> Date

    /// Wraps a connection and migrates its schema. Create it with ``configuration()``.
    public init(_ writer: any DatabaseWriter, path: String? = nil, now: @escaping @Sendable () -> Date = Date.init) throws {
        self.writer = writer
        self.path = path
        self.now = now
        try Schema.migrator.migrate(writer)
    }

    /// Opens (or creates) the store at `path`, in WAL mode.
    ///
    ///     let store = try Store.open(at: "apparier.sqlite")
    public static func open(at path: String, now: @escaping @Sendable () -> Date = Date.init) throws -> Store {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw MatchError.store(path: path, "impossible de créer le magasin : le dossier \(directory.path) n'existe pas")
        }
        do {
            return try Store(DatabasePool(path: path, configuration: configuration()), path: path, now: now)
        } catch let error as DatabaseError {
            throw MatchError.store(path: path, "impossible d'ouvrir le magasin : \(error.message ?? error.description) (est-ce bien un fichier SQLite d'Apparier ?)")
        }
    }

    /// A new empty store in memory, for tests.
    public static func inMemory(now: @escaping @Sendable () -> Date = Date.init) throws -> Store {
        try Store(DatabaseQueue(configuration: configuration()), now: now)
    }

    /// The configuration of every connection: foreign keys on, deleted content overwritten with zeros
    /// (`secure_delete`, so that an erased candidate leaves no bytes behind), a busy timeout for a second
    /// process.
    public static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return config
    }

    /// Where the store lives unless told otherwise: `$APPARIER_DB` when set, else `apparier/apparier.sqlite`
    /// in the user's data folder (`$XDG_DATA_HOME`, else `~/.local/share`), so that every command finds the
    /// same store from any working directory (XDG Base Directory specification).
    ///
    ///     Store.defaultPath(environment: ["APPARIER_DB": "/srv/apparier/base.sqlite"])   // that path
    ///     Store.defaultPath(environment: ["HOME": "/home/claire"])   // /home/claire/.local/share/apparier/apparier.sqlite
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["APPARIER_DB"], !path.isEmpty { return path }
        return dataFolder(environment: environment).appending(path: defaultFileName).path
    }

    /// `$XDG_DATA_HOME/apparier`, else `~/.local/share/apparier` (a relative `XDG_DATA_HOME` is ignored, as
    /// the specification asks).
    public static func dataFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appending(path: "apparier")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home).appending(path: ".local/share/apparier")
    }

    public static let defaultFileName = "apparier.sqlite"

    /// The name to show in messages.
    public var displayName: String { path.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "store in memory" }

    var timestamp: String { Store.timestamp(now()) }

    static func timestamp(_ date: Date) -> String {
        date.ISO8601Format()
    }
}

// MARK: - Reading

extension Store {
    /// How many offers, candidates and saved shortlists the store holds.
    public struct Counts: Sendable, Hashable {
        public var offers: Int
        public var candidates: Int
        public var shortlists: Int
        public var isEmpty: Bool { offers == 0 && candidates == 0 }
    }

    public func counts() throws -> Counts {
        try writer.read { db in
            Counts(offers: try Int.fetchOne(db, sql: "SELECT count(*) FROM offer") ?? 0,
                   candidates: try Int.fetchOne(db, sql: "SELECT count(*) FROM candidate") ?? 0,
                   shortlists: try Int.fetchOne(db, sql: "SELECT count(*) FROM shortlist") ?? 0)
        }
    }

    /// Every import, oldest first.
    public func imports() throws -> [ImportRecord] {
        try writer.read { db in try ImportRecord.order(Column("id")).fetchAll(db) }
    }

    /// The audit log, oldest first; with `subject`, only the events about that record.
    ///
    ///     try store.auditLog(subject: ("candidate", "C-0001"))   // its updates
    public func auditLog(subject: (kind: String, id: String)? = nil) throws -> [AuditEvent] {
        try writer.read { db in
            var request = AuditEvent.order(Column("id"))
            if let subject {
                request = request.filter(Column("subjectKind") == subject.kind && Column("subjectId") == subject.id)
            }
            return try request.fetchAll(db)
        }
    }

    /// A value kept in the store's settings (e.g. `referenceDate` of the demo store).
    public func setting(_ key: String) throws -> String? {
        try writer.read { db in try StoreSetting.fetchOne(db, key: key)?.value }
    }

    /// The migrations applied to the database, in order.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// Runs read-only SQL, for tests and diagnostics.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}

// MARK: - Generation

extension Store {
    /// The setting counting the changes to the candidates (imports that changed some, erasures, vectors
    /// made anew): an index snapshot records the generation it was made at, and is stale at any other.
    static let generationKey = "candidateGeneration"
    /// The setting counting the imports that changed offers (a service reloads its offers when it moves).
    static let offerGenerationKey = "offerGeneration"

    /// The candidates' generation: 0 for a new store, one more after each change to the candidates.
    public func generation() throws -> Int64 {
        try writer.read { db in try Store.generation(db) }
    }

    /// The offers' generation: 0 for a new store, one more after each import that changed offers.
    public func offerGeneration() throws -> Int64 {
        try writer.read { db in try Store.counter(db, Store.offerGenerationKey) }
    }

    static func generation(_ db: Database) throws -> Int64 { try counter(db, generationKey) }

    private static func counter(_ db: Database, _ key: String) throws -> Int64 {
        try StoreSetting.fetchOne(db, key: key).flatMap { Int64($0.value) } ?? 0
    }

    /// One more candidate generation (inside the caller's transaction).
    func bumpGeneration(_ db: Database) throws { try bump(db, Store.generationKey) }

    /// One more offer generation (inside the caller's transaction).
    func bumpOfferGeneration(_ db: Database) throws { try bump(db, Store.offerGenerationKey) }

    private func bump(_ db: Database, _ key: String) throws {
        try StoreSetting(key: key, value: String(try Store.counter(db, key) + 1)).upsert(db)
    }
}

// MARK: - Small writes

extension Store {
    /// Sets a setting (one transaction).
    public func setSetting(_ key: String, _ value: String) throws {
        try writer.write { db in try StoreSetting(key: key, value: value).upsert(db) }
    }

    /// Who read what, for the audit log: written by ``recordAccesses(_:)`` in batches.
    public struct Access: Sendable {
        public var at: Date
        public var actor: String
        public var action: String
        public var subjectKind: String
        public var subjectId: String
        /// Ids of the candidates the reader saw (a shortlist's), kept in `auditCandidate`.
        public var candidateIds: [String]

        public init(at: Date = Date(), actor: String, action: String, subjectKind: String, subjectId: String,
                    candidateIds: [String] = []) {
            self.at = at; self.actor = actor; self.action = action; self.subjectKind = subjectKind
            self.subjectId = subjectId; self.candidateIds = candidateIds
        }
    }

    /// Writes reads in the audit log, in one transaction (a service batches them: one write per request
    /// would queue the readers behind the writer): an event per read, and the candidates it showed in
    /// `auditCandidate`. An erasure deletes the candidate's rows there.

    public func recordAccesses(_ accesses: [Access]) throws {
        guard !accesses.isEmpty else { return }
        try writer.write { db in
            var shown = try RawStatement(db, "INSERT OR IGNORE INTO auditCandidate (eventId, candidateId) VALUES (?, ?)")
            for a in accesses {
                var event = AuditEvent(at: Store.timestamp(a.at), actor: a.actor, action: a.action, subjectKind: a.subjectKind,
                                       subjectId: a.subjectId, importId: nil, shortlistId: nil,
                                       detail: a.candidateIds.isEmpty ? "{}" : Store.json(["candidates": a.candidateIds.count]))
                try event.insert(db)
                for id in a.candidateIds {
                    shown.bind(event.id!); shown.bind(id)
                    try shown.execute()
                }
            }
        }
    }

    /// The audited reads that showed candidate `id`: who saw them, when, and through what.
    public func reads(ofCandidate id: String) throws -> [AuditEvent] {
        try writer.read { db in
            try AuditEvent.fetchAll(db, sql: """
                SELECT auditEvent.* FROM auditEvent JOIN auditCandidate ON auditCandidate.eventId = auditEvent.id
                WHERE auditCandidate.candidateId = ? ORDER BY auditEvent.id
                """, arguments: [id])
        }
    }

    /// Writes an event in the audit log (inside the caller's transaction).
    @discardableResult
    func log(_ db: Database, actor: String, action: String, subject: (kind: String, id: String?)? = nil,
             importId: Int64? = nil, shortlistId: Int64? = nil, detail: [String: Any] = [:]) throws -> AuditEvent {
        var event = AuditEvent(at: timestamp, actor: actor, action: action, subjectKind: subject?.kind,
                               subjectId: subject?.id, importId: importId, shortlistId: shortlistId,
                               detail: Store.json(detail))
        try event.insert(db)
        return event
    }

    /// Compact JSON with sorted keys.
    static func json(_ object: Any) -> String {
        guard JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func json<T: Encodable>(encoding value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, json: String?) -> T? {
        guard let json else { return nil }
        return try? JSONDecoder().decode(type, from: Data(json.utf8))
    }
}

extension MatchError {
    /// A store failure: which store (its file name), and what went wrong.
    ///
    ///     apparier.sqlite: no saved shortlist #12 (the last one is #9)
    static func store(path: String?, _ message: String) -> MatchError {
        MatchError(.store, file: path.map { URL(fileURLWithPath: $0).lastPathComponent }, message: message)
    }
}
