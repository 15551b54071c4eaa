import GRDB

/// The statements a bulk writer of one record table shares with the others (``CandidateWriter``,
/// ``OfferWriter``): find a stored record by id, insert or update its main row, delete its list rows before
/// they are written again, and store its vector (offers only: a candidate's is computed with the index).
/// The writer binds its own columns, in the order given.
///
///     var rows = try RecordStatements(db, table: "offer", key: "offerKey", columns: ["intitule"],
///                                     lists: ["offerCompetence"], vectors: "offerVector")
///     let key = try rows.insert(id: "O-1", createdAt: now, db: db) { $0.bind("Vendeur") }
struct RecordStatements {
    private var find, insertRow, updateRow, updateHash: RawStatement
    private var vector: RawStatement?
    /// Every stored record's key and hash by id, when read in one scan (``prepareLookups(_:incoming:)``).
    private(set) var stored: [String: (key: Int64, hash: Int64)]?
    private let table, key: String
    private var deleteLists: [RawStatement]

    init(_ db: Database, table: String, key: String, columns: [String], lists: [String], vectors: String?) throws {
        self.table = table; self.key = key
        find = try RawStatement(db, "SELECT \(key), contentHash FROM \(table) WHERE id = ?")
        insertRow = try RawStatement(db, "INSERT INTO \(table) (id, \(columns.joined(separator: ", ")), createdAt) VALUES (?\(String(repeating: ", ?", count: columns.count + 1)))")
        updateRow = try RawStatement(db, "UPDATE \(table) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE \(key) = ?")
        updateHash = try RawStatement(db, "UPDATE \(table) SET contentHash = ? WHERE \(key) = ?")
        deleteLists = try lists.map { try RawStatement(db, "DELETE FROM \($0) WHERE \(key) = ?") }
        vector = try vectors.map { try RawStatement(db, "INSERT OR REPLACE INTO \($0) (\(key), modelVersion, dimension, vector) VALUES (?, ?, ?, ?)") }
    }

    /// Prepares ``existing(_:)`` for a file of `incoming` records: when they are at least a quarter of the
    /// stored ones, every stored record's key and hash are read in one scan instead of a lookup per record
    /// (the quarter is a rule of thumb: the scan was not timed against the lookups on its own).
    mutating func prepareLookups(_ db: Database, incoming: Int) throws {
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
        guard count > 0, incoming * 4 >= count else { return }
        var all = [String: (key: Int64, hash: Int64)]()
        var scan = try RawStatement(db, "SELECT id, \(key), contentHash FROM \(table)")
        while try scan.step() { all[scan.text(0) ?? ""] = (Int64(scan.int(1)), Int64(scan.int(2))) }
        stored = all
    }

    /// The key and content hash of the stored record `id`, if any (stored before this import).
    mutating func existing(_ id: String) throws -> (key: Int64, hash: Int64)? {
        if let stored { return stored[id] }
        find.bind(id)
        defer { find.reset() }
        guard try find.step() else { return nil }
        return (Int64(find.int(0)), Int64(find.int(1)))
    }

    /// Inserts the main row (`id`, the columns `bindColumns` binds, `createdAt`); returns its key.
    mutating func insert(id: String, createdAt time: String, db: Database, _ bindColumns: (inout RawStatement) -> Void) throws -> Int64 {
        insertRow.bind(id)
        bindColumns(&insertRow)
        insertRow.bind(time)
        try insertRow.execute()
        return db.lastInsertedRowID
    }

    /// Stores `hash` as the content hash of `key`, whose values are those stored: a record hashed by an
    /// earlier version of the writer's hash reads back equal to the incoming one, and only its hash is new.
    mutating func refreshHash(key: Int64, _ hash: Int64) throws {
        updateHash.bind(hash)
        updateHash.bind(key)
        try updateHash.execute()
    }

    /// Updates the main row of `key` (its key and `createdAt` stay) and deletes its list rows.
    mutating func update(key: Int64, _ bindColumns: (inout RawStatement) -> Void) throws {
        bindColumns(&updateRow)
        updateRow.bind(key)
        try updateRow.execute()
        for i in deleteLists.indices {
            deleteLists[i].bind(key)
            try deleteLists[i].execute()
        }
    }

    /// Stores (or replaces) the record's vector: little-endian float32. Only for a table made with `vectors`.
    mutating func writeVector(key: Int64, model: String, _ values: UnsafeBufferPointer<Float>) throws {
        guard var statement = vector else { preconditionFailure("writeVector on a table without stored vectors") }
        statement.bind(key); statement.bind(model); statement.bind(values.count)
        #if _endian(little)
        statement.bind(blob: UnsafeRawBufferPointer(values))
        #else
        Vectors.blob(values).withUnsafeBytes { statement.bind(blob: $0) }
        #endif
        try statement.execute()
        vector = statement
    }
}
