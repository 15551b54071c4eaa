package import Foundation
import MatchCore

/// A CSV file read record by record: RFC 4180 quoting (`""` inside quotes, separators and line breaks
/// in quoted fields), an optional UTF-8 byte order mark, LF or CRLF line ends, and the separator found
/// from the header line (`;`, `,`, `|` or tab, the most frequent wins).
///
/// A record is a list of byte ranges into the file, so that cells become strings only when read (and
/// list cells are split on bytes). Every record knows the line each of its fields starts on, so that
/// errors name `file:line: field`.
///
///     let csv = try CSVReader(data: Data("id;commune\nC-1;59350\n".utf8), file: "c.csv")
///     try csv.forEachRecord { row in print(row.line, row.fields) }   // 2 ["C-1", "59350"]
///
/// - Complexity: O(bytes), one pass.
package struct CSVReader {
    let file: String
    let separator: UInt8
    let header: [String]
    /// The file's bytes, as given (a mapped file stays mapped: no copy), a byte order mark included.
    private let data: Data
    private let pages: MappedPages
    /// Offset of the first record after the header, and its line.
    private let bodyStart: Int
    private let bodyLine: Int

    /// Bytes after the header.
    var bodyBytes: Int { data.count - bodyStart }

    /// One record of the file. Its byte ranges point into the buffer of ``forEachRecord(_:)``: read
    /// the row inside the closure.
    struct Row {
        /// Line the record starts on (the header is line 1).
        var line = 0
        /// Each field's bytes (inside the quotes for a quoted field).
        var ranges: [Range<Int>] = []
        /// The text of the quoted fields that needed unescaping (`""`), by field index.
        var unescaped: [Int: String] = [:]
        /// Line each field starts on (differs from `line` after a quoted line break).
        var fieldLines: [Int] = []
        /// Bytes of the record in the file, without the line end.
        var range: Range<Int> = 0..<0
        var buffer = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

        var count: Int { ranges.count }

        /// The text of field `i`, as written.
        func field(_ i: Int) -> String {
            unescaped[i] ?? String(decoding: UnsafeBufferPointer(rebasing: buffer[ranges[i]]), as: UTF8.self)
        }

        var fields: [String] { ranges.indices.map(field) }
    }

    static let separators: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: "\t")]

    /// Reads the header. Throws when the file is not UTF-8 or has no header line. The separator is
    /// `separator` when given, else found from the header line.
    init(data: Data, file: String, separator known: UInt8? = nil) throws {
        self.file = file
        self.data = data
        pages = MappedPages(data)
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // The header first, then every byte checked as UTF-8, which gives back the pages read.
        let parsed = data.withUnsafeBytes { raw -> (separator: UInt8, next: (offset: Int, line: Int)?, header: [String]) in
            let buffer = raw.bindMemory(to: UInt8.self)
            let separator = known ?? CSVReader.detectSeparator(UnsafeBufferPointer(rebasing: buffer[bom...]))
            var row = Row(buffer: buffer)
            let next = CSVReader.parse(buffer, from: bom, line: 1, separator: separator, into: &row)
            return (separator, next, row.fields.map { $0.trimmingCharacters(in: .whitespaces) })
        }
        let invalidLine = data.withUnsafeBytes { [pages] raw -> Int? in
            let b = raw.bindMemory(to: UInt8.self)
            var reading = pages.reading(raw)   // the header's pages too
            defer { reading.finish(at: raw.count) }
            return CSVReader.firstInvalidUTF8(UnsafeBufferPointer(rebasing: b[bom...])) { reading.passed(bom + $0) }
                .map { CSVReader.line(atOffset: bom + $0, in: b) }
        }
        if let line = invalidLine {
            throw MatchError(.unreadableFile, file: file, line: line,
                             message: "pas en UTF-8 valide (un fichier Latin-1 ou Windows-1252 ? enregistrez-le en « CSV UTF-8 »)")
        }
        separator = parsed.separator
        guard let next = parsed.next, !parsed.header.allSatisfy(\.isEmpty) else {
            throw MatchError(.invalidRecord, file: file, line: 1, message: "fichier vide : une ligne d'en-tête nommant les colonnes est attendue")
        }
        header = parsed.header
        bodyStart = next.offset
        bodyLine = next.line
    }

    /// Calls `body` with each record after the header, skipping blank lines. The row is reused between
    /// calls. Throws for an unterminated quoted field; `body` checks the number of fields.
    func forEachRecord(_ body: (Row) throws -> Void) throws {
        try forEachRecord(in: Part(start: bodyStart, end: data.count, line: bodyLine), body)
    }

    /// A run of whole records: from byte `start` (on line `line`) to byte `end`.
    struct Part: Sendable {
        var start: Int
        var end: Int
        var line: Int
    }

    /// The records after the header cut into about `count` parts of whole records, to read in parallel,
    /// and the number of lines of the body (an upper bound on its records: a quoted field may span lines,
    /// and blank lines are no records).
    /// A part starts after a line break that is outside quotes. A file with a quote that does not open a
    /// field (where the reader is lenient) is read as one part, so that parts never cut a field; so is a body
    /// shorter than `minimumBytes`.
    func parts(_ count: Int, minimumBytes: Int = 1 << 20) -> (parts: [Part], lines: Int) {
        let whole = [Part(start: bodyStart, end: data.count, line: bodyLine)]
        guard count > 1, data.count - bodyStart > minimumBytes else { return (whole, bodyLines()) }
        var parts = [Part](), line = bodyLine, partStart = bodyStart, partLine = bodyLine, inQuotes = false, regular = true
        let size = (data.count - bodyStart) / count
        withBytes { b in
            var i = bodyStart
            var reading = pages.reading(b)   // the header's pages too
            defer { reading.finish(at: b.count) }
            while i < b.count, regular {
                let byte = b[i]
                if byte == UInt8(ascii: "\"") {
                    if !inQuotes, i > bodyStart, b[i - 1] != separator, b[i - 1] != UInt8(ascii: "\n"), b[i - 1] != UInt8(ascii: "\"") {
                        regular = false
                    }
                    inQuotes.toggle()
                } else if byte == UInt8(ascii: "\n") {
                    line += 1
                    reading.passed(i)
                    if !inQuotes, i + 1 - partStart >= size, parts.count < count - 1 {
                        parts.append(Part(start: partStart, end: i + 1, line: partLine))
                        partStart = i + 1
                        partLine = line
                    }
                }
                i += 1
            }
        }
        parts.append(Part(start: partStart, end: data.count, line: partLine))
        return regular ? (parts, line - bodyLine + lastLineUnended) : (whole, bodyLines())
    }

    /// 1 when the body's last line has no line break after it (it is a line too), else 0.
    private var lastLineUnended: Int { data.count > bodyStart && data.last != UInt8(ascii: "\n") ? 1 : 0 }

    /// The lines of the body, counted on their own (``parts(_:minimumBytes:)`` counts them as it cuts).
    private func bodyLines() -> Int {
        withBytes { b in
            var reading = pages.reading(b)
            defer { reading.finish(at: b.count) }
            var lines = lastLineUnended
            for i in bodyStart..<b.count where b[i] == UInt8(ascii: "\n") {
                lines += 1
                reading.passed(i)
            }
            return lines
        }
    }

    /// Calls `body` with each record of `part`; the pages of the part already read are given back as the
    /// reading goes (``MappedPages``).
    func forEachRecord(in part: Part, _ body: (Row) throws -> Void) throws {
        try withBytes { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[..<part.end])
            var row = Row(buffer: whole)
            var offset = part.start, line = part.line
            var reading = pages.reading(whole, from: part.start)
            while offset < buffer.count {
                guard let next = CSVReader.parse(buffer, from: offset, line: line, separator: separator, into: &row) else {
                    throw MatchError(.invalidRecord, file: file, line: line, message: "un champ entre guillemets n'est pas fermé (il manque \")")
                }
                if !(row.count == 1 && row.ranges[0].isEmpty && row.unescaped.isEmpty) { try body(row) }
                offset = next.offset
                line = next.line
                reading.passed(offset)
            }
            reading.finish(at: part.end)
        }
    }

    private func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try data.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
    }

    /// The raw text of the record whose bytes are `range`, for the report of rejected records.
    func text(of range: Range<Int>) -> String {
        withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    // MARK: Parsing

    /// Parses the record starting at `start` into `row`; returns where the next record starts, or nil
    /// when a quoted field runs to the end of the file.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, separator: UInt8, into row: inout Row)
        -> (offset: Int, line: Int)? {
        row.ranges.removeAll(keepingCapacity: true)
        row.fieldLines.removeAll(keepingCapacity: true)
        if !row.unescaped.isEmpty { row.unescaped.removeAll() }
        row.line = line
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var i = start, currentLine = line
        while true {
            row.fieldLines.append(currentLine)
            if i < b.count, b[i] == quote {
                guard let (end, lines, doubled) = quotedField(b, from: i) else { return nil }
                currentLine += lines
                var j = end
                // Lenient: text after the closing quote up to the separator belongs to the field.
                while j < b.count, b[j] != separator, b[j] != lf, b[j] != cr { j += 1 }
                row.ranges.append((i + 1)..<(end - 1))
                if doubled || j > end {
                    var text = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<(end - 1)]), as: UTF8.self)
                    if doubled { text = text.replacingOccurrences(of: "\"\"", with: "\"") }
                    if j > end { text += String(decoding: UnsafeBufferPointer(rebasing: b[end..<j]), as: UTF8.self) }
                    row.unescaped[row.ranges.count - 1] = text
                }
                i = j
            } else {
                var j = i
                while j < b.count, b[j] != separator, b[j] != lf, b[j] != cr { j += 1 }
                row.ranges.append(i..<j)
                i = j
            }
            if i < b.count, b[i] == separator { i += 1; continue }
            row.range = start..<i
            if i < b.count, b[i] == cr { i += 1 }
            if i < b.count, b[i] == lf { i += 1 }
            return (i, currentLine + 1)
        }
    }

    /// A field starting with `"` at `start`: the offset after the closing quote, the number of line
    /// breaks inside, and whether it holds doubled quotes.
    private static func quotedField(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int, Bool)? {
        let quote = UInt8(ascii: "\"")
        var i = start + 1, lines = 0, doubled = false
        while i < b.count {
            if b[i] == quote {
                if i + 1 < b.count, b[i + 1] == quote { doubled = true; i += 2; continue }
                return (i + 1, lines, doubled)
            }
            if b[i] == UInt8(ascii: "\n") { lines += 1 }
            i += 1
        }
        return nil
    }

    /// The most frequent separator candidate in the first line (outside quotes); `,` when none appears.
    static func detectSeparator(_ b: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts = [Int](repeating: 0, count: separators.count)
        var inQuotes = false
        for byte in b {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if !inQuotes, byte == UInt8(ascii: "\n") { break }
            if !inQuotes, let k = separators.firstIndex(of: byte) { counts[k] += 1 }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
              counts[best] > 0 else { return UInt8(ascii: ",") }
        return separators[best]
    }

    static func line(atOffset offset: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        1 + b[..<min(offset, b.count)].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// Offset of the first byte that breaks UTF-8, or nil for a valid file. `passed` is told the offset
    /// reached every mebibyte or so (to give back the pages read).
    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>, passed: (Int) -> Void = { _ in }) -> Int? {
        var i = 0, next = 1 << 20
        while i < b.count {
            if i >= next { passed(i); next = i + 1 << 20 }
            let lead = b[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            guard i + length <= b.count else { return i }
            for k in 1..<length where b[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}
