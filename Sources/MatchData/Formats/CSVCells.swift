import Foundation
package import MatchCore

/// A column of a CSV file: its name and where the header put it (nil when absent).
package struct CSVColumn: Sendable {
    let name: String
    let index: Int?

    init(name: String, index: Int?) { self.name = name; self.index = index }

    init(_ name: String, in header: [String: Int]) { self.init(name: name, index: header[name]) }
}

/// A bad cell: its column and what is wrong.
package struct CellError: Error {
    let column: String
    let message: String
}

/// Typed values of one CSV row. Empty cells are absent values; lists are comma-separated
/// (`N1103,N1105`) or a JSON/Python literal list (`["N1103", "N1105"]`). Cells are read from the row's
/// bytes: a list is split and trimmed before any string is made.
///
///     let cells = CSVCells(row: row)
///     let minutes = try cells.int(layout.tempsMax)   // nil when empty, CellError when not a number
package struct CSVCells {
    let row: CSVReader.Row

    /// The cell's bytes without surrounding spaces, or nil when absent, empty, or unescaped text.
    private func bytes(_ column: CSVColumn) -> UnsafeBufferPointer<UInt8>? {
        guard let i = column.index, i < row.count, row.unescaped[i] == nil else { return nil }
        var r = row.ranges[i]
        let b = row.buffer
        while r.lowerBound < r.upperBound, CSVCells.isSpace(b[r.lowerBound]) { r = (r.lowerBound + 1)..<r.upperBound }
        while r.lowerBound < r.upperBound, CSVCells.isSpace(b[r.upperBound - 1]) { r = r.lowerBound..<(r.upperBound - 1) }
        return UnsafeBufferPointer(rebasing: b[r])
    }

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The trimmed text, or nil when the column is absent or the cell empty.
    func text(_ column: CSVColumn) -> String? {
        guard let i = column.index, i < row.count else { return nil }
        if let unescaped = row.unescaped[i] {
            let trimmed = unescaped.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        guard let b = bytes(column), !b.isEmpty else { return nil }
        return CSVCells.string(b)
    }

    /// The text as written (free text such as a job title keeps its spaces), or nil when blank.
    func freeText(_ column: CSVColumn) -> String? {
        guard let i = column.index, i < row.count else { return nil }
        let raw = row.field(i)
        return raw.allSatisfy(\.isWhitespace) ? nil : raw
    }

    func fail(_ column: CSVColumn, _ message: String) -> CellError {
        CellError(column: column.name, message: message)
    }

    func required(_ column: CSVColumn) throws -> String {
        guard let text = text(column) else { throw fail(column, "valeur obligatoire manquante") }
        return text
    }

    /// A whole number (`3` or `3.0`).
    func int(_ column: CSVColumn) throws -> Int? {
        if let b = bytes(column), let value = CSVCells.digits(b) { return value }
        guard let text = text(column) else { return nil }
        if let value = Int(text) { return value }
        if let value = CSVCells.number(text), value.isFinite, value.rounded() == value, abs(value) < 1e15 { return Int(value) }
        throw fail(column, "un nombre entier est attendu, trouvé « \(text) »")
    }

    /// A number; a decimal comma is accepted (`50,63`). `NaN` and `inf` are read as such and refused by
    /// the record checks.
    func double(_ column: CSVColumn) throws -> Double? {
        guard let text = text(column) else { return nil }
        guard let value = CSVCells.number(text) else { throw fail(column, "un nombre est attendu, trouvé « \(text) »") }
        return value
    }

    /// A non-negative whole number of at most 9 digits, read from bytes; nil otherwise.
    static func digits(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !b.isEmpty, b.count <= 9 else { return nil }
        var value = 0
        for byte in b {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    static func number(_ text: String) -> Double? {
        if let value = Double(text) { return value }
        if text.filter({ $0 == "," }).count == 1, !text.contains(".") {
            return Double(text.replacingOccurrences(of: ",", with: "."))
        }
        return nil
    }

    /// `true`/`false`, `1`/`0`, `oui`/`non`, `vrai`/`faux`, `yes`/`no` (any case; Python's `True`).
    func bool(_ column: CSVColumn) throws -> Bool? {
        if let b = bytes(column), b.count == 1, b[0] == UInt8(ascii: "0") || b[0] == UInt8(ascii: "1") { return b[0] == UInt8(ascii: "1") }
        guard let text = text(column) else { return nil }
        switch text.lowercased() {
        case "true", "1", "oui", "vrai", "yes", "o", "y": return true
        case "false", "0", "non", "faux", "no", "n": return false
        default: throw fail(column, "true ou false (ou 1/0, oui/non) attendu, trouvé « \(text) »")
        }
    }

    /// A day `YYYY-MM-DD` (a time part `T…` is ignored).
    func day(_ column: CSVColumn) throws -> Day? {
        if let b = bytes(column), let day = CSVCells.day(b) { return day }
        guard let text = text(column) else { return nil }
        guard let day = Day(text) else { throw fail(column, "une date AAAA-MM-JJ ou JJ/MM/AAAA est attendue, trouvé « \(text) »") }
        return day
    }

    /// `YYYY-MM-DD`, optionally followed by `T…`, read from bytes; nil when the date is not in that form
    /// or does not exist.
    package static func day(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count == 10 || (b.count > 10 && b[10] == UInt8(ascii: "T")),
              b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = digits(UnsafeBufferPointer(rebasing: b[0..<4])), let m = digits(UnsafeBufferPointer(rebasing: b[5..<7])),
              let d = digits(UnsafeBufferPointer(rebasing: b[8..<10])) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// The items of a list cell, as strings.
    func list(_ column: CSVColumn) throws -> [String] {
        if let b = bytes(column), b.first != UInt8(ascii: "[") { return CSVCells.split(b) }
        guard let text = text(column) else { return [] }
        if text.hasPrefix("[") {
            return try literal(column, text).map { item in
                guard let s = item.stringValue else { throw fail(column, "une liste de textes est attendue") }
                return s
            }
        }
        return CSVCells.split(text)
    }

    /// A list cell written as a JSON or Python literal list, or nil when the cell is in the compact form.
    func literalList(_ column: CSVColumn) throws -> [LiteralValue]? {
        guard let text = text(column), text.hasPrefix("[") else { return nil }
        return try literal(column, text)
    }

    private func literal(_ column: CSVColumn, _ text: String) throws -> [LiteralValue] {
        do {
            guard let items = try LiteralValue.parse(text).arrayValue else { throw fail(column, "une liste est attendue") }
            return items
        } catch let error as LiteralValue.SyntaxError {
            throw fail(column, "liste invalide : \(error)")
        }
    }

    /// Comma-separated items of a cell's bytes, trimmed, empty ones dropped.
    static func split(_ b: UnsafeBufferPointer<UInt8>) -> [String] {
        var items = [String](), start = 0
        items.reserveCapacity(b.reduce(1) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) })
        for i in 0...b.count where i == b.count || b[i] == UInt8(ascii: ",") {
            var lo = start, hi = i
            while lo < hi, isSpace(b[lo]) { lo += 1 }
            while hi > lo, isSpace(b[hi - 1]) { hi -= 1 }
            if hi > lo { items.append(string(UnsafeBufferPointer(rebasing: b[lo..<hi]))) }
            start = i + 1
        }
        return items
    }

    /// Comma-separated items, trimmed, empty ones dropped.
    static func split(_ text: String) -> [String] {
        guard text.contains(",") else { return [text] }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `value:E` / `value:S` → (value, exigence); no suffix → desired.
    static func withExigence(_ item: String) -> (String, Exigence) {
        if let colon = item.lastIndex(of: ":") {
            let suffix = item[item.index(after: colon)...].trimmingCharacters(in: .whitespaces).uppercased()
            if suffix == "E" || suffix == "S" {
                return (item[..<colon].trimmedSpaces(), suffix == "E" ? .required : .desired)
            }
        }
        return (item, .desired)
    }
}

extension LiteralValue {
    /// `exigence` of a literal object: `E` required, anything else desired.
    var exigence: Exigence {
        self["exigence"]?.stringValue?.uppercased() == "E" ? .required : .desired
    }
}

extension Substring {
    /// Without leading and trailing ASCII spaces, tabs and line breaks.
    func trimmedSpaces() -> String {
        let u = utf8
        guard let first = u.first, let last = u.last else { return "" }
        if !CSVCells.isSpace(first), !CSVCells.isSpace(last) { return String(self) }
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi, CSVCells.isSpace(u[lo]) { lo = u.index(after: lo) }
        while hi > lo, CSVCells.isSpace(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        return String(self[lo..<hi])
    }
}

extension String {
    /// Without leading and trailing ASCII spaces, tabs and line breaks.
    func trimmedSpaces() -> String { self[...].trimmedSpaces() }
}
