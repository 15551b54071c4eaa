import Foundation
import GRDB

/// The state of the store at a glance, and a digest of its whole content: two stores with the same
/// digest hold the same rows (whatever their file layout), which is how the crash-safety test shows that
/// a killed import left the store exactly as before.
extension Store {
    public struct Status: Codable, Sendable, Hashable {
        public var path: String?
        public var journalMode: String
        public var migrations: [String]
        /// Rows per table.
        public var rows: [String: Int]
        public var referentials: [String: String]
        /// Model versions of the stored offer vectors, with their counts (candidates' are in the index only).
        public var vectorModels: [String: Int]
        /// `ok`, or what SQLite's `integrity_check` found.
        public var integrity: String
        /// SHA-256 of every row of every table (see ``Store/contentDigest()``), when asked for.
        public var contentDigest: String?
    }

    /// Counts, versions, integrity and, with `digest`, the content digest (which reads every row).
    ///
    ///     try store.status().rows["candidate"]   // 20000
    public func status(digest: Bool = false) throws -> Status {
        try writer.read { db in
            var rows = [String: Int]()
            for table in try Store.tables(db) {
                rows[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
            }
            let models = try Row.fetchAll(db, sql: """
                SELECT modelVersion, count(*) AS n FROM offerVector GROUP BY modelVersion
                """)
            return Status(
                path: path, journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?",
                migrations: try Schema.migrator.appliedMigrations(db), rows: rows,
                referentials: Dictionary(uniqueKeysWithValues: try ReferentialVersionRecord.fetchAll(db).map { ($0.name, $0.version) }),
                vectorModels: Dictionary(uniqueKeysWithValues: models.map { ($0["modelVersion"], $0["n"]) }),
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; "),
                contentDigest: digest ? try Store.digest(db) : nil)
        }
    }

    /// SHA-256 of the content: for each table in name order, its name and its rows in primary-key order,
    /// each value typed. Independent of page layout, free pages and the WAL.
    public func contentDigest() throws -> String {
        try writer.read { db in try Store.digest(db) }
    }

    static func tables(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    }

    private static func digest(_ db: Database) throws -> String {
        var hasher = Fingerprint()
        func add(_ bytes: UnsafeRawBufferPointer) { hasher.update(bytes) }
        func add(_ text: String) { var t = text; t.withUTF8 { add(UnsafeRawBufferPointer($0)) } }
        for table in try tables(db) {
            add("table \(table)\u{1F}")
            let keyCount = try db.primaryKey(table).columns.count
            let order = (1...max(1, keyCount)).map(String.init).joined(separator: ", ")
            var rows = try RawStatement(db, "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY \(order)")
            while try rows.step() {
                for column in 0..<rows.columnCount { addValue(rows, column, to: &hasher) }
                add("\u{1E}")
            }
        }
        return Fingerprint.hex(hasher.finalize())
    }

    /// A value as its storage class, its length and its bytes.
    private static func addValue(_ rows: RawStatement, _ column: Int32, to hasher: inout Fingerprint) {
        let type = rows.type(column)
        var header: [Int64] = [Int64(type), 0]
        switch type {
        case 1: header[1] = rows.int64(column)
        case 2: header[1] = Int64(bitPattern: (rows.double(column) ?? 0).bitPattern)
        case 3: header[1] = Int64(rows.utf8(column).count)
        case 4: header[1] = Int64(rows.blob(column).count)
        default: break
        }
        header.withUnsafeBytes { hasher.update($0) }
        if type == 3 { hasher.update(UnsafeRawBufferPointer(rows.utf8(column))) }
        if type == 4 { hasher.update(rows.blob(column)) }
    }
}
