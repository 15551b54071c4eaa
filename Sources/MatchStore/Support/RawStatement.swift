import GRDB
import GRDBSQLite

/// A GRDB prepared statement bound and stepped through SQLite's C API, for the bulk paths (writing and
/// reading hundreds of thousands of candidates with their child rows), where building GRDB
/// `StatementArguments` or `Row`s per row would cost more than SQLite itself.
///
/// GRDB keeps ownership of the statement (it finalizes it); this box only binds, steps and reads
/// columns, inside a `Database` access. Values are bound in order: each `bind` takes the next `?`.
///
///     var insert = try RawStatement(db, "INSERT INTO candidateSkill (candidateKey, position, code) VALUES (?, ?, ?)")
///     insert.bind(key); insert.bind(0); insert.bind("100341")
///     try insert.execute()
struct RawStatement {
    private let statement: Statement
    private let db: Database
    private var next: Int32 = 1

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    private var handle: SQLiteStatement { statement.sqliteStatement }
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    // MARK: Binding

    mutating func bind(_ value: Int) {
        sqlite3_bind_int64(handle, next, Int64(value)); next += 1
    }

    mutating func bind(_ value: Int64) {
        sqlite3_bind_int64(handle, next, value); next += 1
    }

    mutating func bind(_ value: Int?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bind(_ value: Bool) { bind(value ? 1 : 0) }

    mutating func bind(_ value: Double?) {
        if let value { sqlite3_bind_double(handle, next, value); next += 1 } else { bindNull() }
    }

    mutating func bind(_ value: String) {
        value.withCString { _ = sqlite3_bind_text(handle, next, $0, -1, RawStatement.transient) }
        next += 1
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bind(blob: UnsafeRawBufferPointer) {
        sqlite3_bind_blob(handle, next, blob.baseAddress, Int32(blob.count), RawStatement.transient); next += 1
    }

    mutating func bindNull() {
        sqlite3_bind_null(handle, next); next += 1
    }

    // MARK: Stepping

    /// Runs a statement that returns no row, then resets it for the next bindings.
    mutating func execute() throws {
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw failure(code) }
    }

    /// Steps a query: true while a row is available. Call ``reset()`` before binding again.
    mutating func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        reset()
        throw failure(code)
    }

    mutating func reset() {
        sqlite3_reset(handle)
        next = 1
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    // MARK: Columns of the current row

    var columnCount: Int32 { sqlite3_column_count(handle) }

    /// SQLite's storage class of the column: 1 integer, 2 real, 3 text, 4 blob, 5 null.
    func type(_ column: Int32) -> Int32 { sqlite3_column_type(handle, column) }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func optionalInt(_ column: Int32) -> Int? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : int(column)
    }

    func double(_ column: Int32) -> Double? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
    }

    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The name of a result column, as the query gives it.
    func name(_ column: Int32) -> String { sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "colonne \(column)" }

    /// The text's UTF-8 bytes, valid until the next step (empty for NULL).
    func utf8(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let bytes = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The BLOB's bytes, valid until the next step.
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let base = sqlite3_column_blob(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base, count: count)
    }
}
