package import Foundation
package import MatchCore

/// The records read from one file, before the checks: those that could be read, with their index in the
/// file, the problems of those that could not, and how to locate any record or field for later problems.
package struct ParsedFile<Record> {
    package var records: [Record] = []
    /// Index in the file (0-based) of each record of `records`.
    var indices: [Int] = []
    package var problems: [ImportProblem] = []
    /// Records in the file, read or not.
    package var read = 0
    /// An error of the whole file that no record-level problem explains yet (see `JSONRecords`).
    package var unexplained: MatchError?
    let places: any RecordPlaces

    init(places: any RecordPlaces) { self.places = places }

    /// Records already in memory, numbered in order.
    package init(records: [Record], places: any RecordPlaces) {
        self.records = records
        indices = Array(records.indices)
        read = records.count
        self.places = places
    }

    mutating func append(_ record: Record, index: Int) {
        records.append(record)
        indices.append(index)
    }
}

/// Finds where a record, or one of its fields, is in its file, and the record's text.
package protocol RecordPlaces: AnyObject {
    /// A problem of record `index` (0-based in the file), at `field` (a JSON-style path inside the record
    /// such as `experiences[1].romeCode`, or a CSV column), located and with the record's text.
    func problem(record index: Int, field: String?, message: String) -> ImportProblem
}

/// Places in a CSV file: each record's first line, the lines of its fields when it spans several, and
/// its bytes.
package final class CSVPlaces: RecordPlaces {
    private let csv: CSVReader
    private var lines: [Int32] = []
    private var ranges: [Range<Int>] = []
    /// Field lines of the records that span several lines, by record index.
    private var fieldLines: [Int: [Int]] = [:]
    private let columns: [String: Int]

    init(_ csv: CSVReader) {
        self.csv = csv
        columns = Dictionary(csv.header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    var count: Int { lines.count }

    /// Appends the places of the records of a later part of the same file.
    func append(_ other: CSVPlaces) {
        for (index, perField) in other.fieldLines { fieldLines[index + lines.count] = perField }
        lines += other.lines
        ranges += other.ranges
    }

    /// Records a row; returns its index.
    func add(_ row: CSVReader.Row) -> Int {
        let index = lines.count
        lines.append(Int32(row.line))
        ranges.append(row.range)
        if row.fieldLines.last != row.line { fieldLines[index] = row.fieldLines }
        return index
    }

    package func problem(record index: Int, field: String?, message: String) -> ImportProblem {
        let column = field.flatMap(column(for:))
        var line = Int(lines[index])
        if let column, let perField = fieldLines[index], let i = columns[column], i < perField.count { line = perField[i] }
        let text = csv.text(of: ranges[index])
        return ImportProblem(line: line, field: column ?? field, message: message, text: text)
    }

    /// The column holding `field`: the field itself when it is a column, else its leading part
    /// (`experiences[1].romeCode` → `experiences`, `lieuTravail.commune` → `lieuTravail.commune`).
    private func column(for field: String) -> String? {
        var name = field
        while !name.isEmpty {
            if columns[name] != nil { return name }
            guard let cut = name.lastIndex(where: { $0 == "." || $0 == "[" }) else { return field }
            name = String(name[..<cut])
        }
        return field
    }
}

/// Places of records given in memory: no line, the field path names the record (`resultats[3].romeCode`).
package final class ListPlaces: RecordPlaces {
    private let rootKey: String?

    package init(rootKey: String?) { self.rootKey = rootKey }

    package func problem(record index: Int, field: String?, message: String) -> ImportProblem {
        let path = (rootKey ?? "") + "[\(index)]" + (field.map { $0.hasPrefix("[") ? $0 : "." + $0 } ?? "")
        return ImportProblem(line: nil, field: path, message: message)
    }
}

/// Places in a JSON file, through MatchData's `RecordLocator` (built on the first problem only).
package final class JSONPlaces: RecordPlaces {
    private let data: Data
    private let file: String
    private let rootKey: String
    private lazy var locator = RecordLocator(data: data, file: file, rootKey: rootKey)
    private lazy var elements = JSONElements.recordRanges(in: data, rootKey: rootKey) ?? []

    init(data: Data, file: String, rootKey: String) {
        self.data = data; self.file = file; self.rootKey = rootKey
    }

    package func problem(record index: Int, field: String?, message: String) -> ImportProblem {
        let place = locator.location(ofRecord: index, field: field)
        return ImportProblem(line: place.line, field: place.field, message: message, text: text(of: index))
    }

    func text(of index: Int) -> String? {
        elements.indices.contains(index) ? String(decoding: data[elements[index]], as: UTF8.self) : nil
    }

    /// The first line of each record, for mapping a whole-file error to the record it falls in.
    func recordLines() -> [Int] {
        var lines = [Int](), line = 1, offset = data.startIndex
        for range in elements {
            line += data[offset..<range.lowerBound].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            offset = range.lowerBound
            lines.append(line)
        }
        return lines
    }
}

/// Finds the byte ranges of the records of a JSON file (the elements of the top-level array, or of the
/// array under `rootKey`) without decoding them.
package enum JSONElements {
    /// The ranges found by the records' byte cursor on the file's own bytes, with no copy of a file that
    /// may weigh 500 MB; nil when the file is not well-formed JSON of that shape (the readers' slower path
    /// then finds each problem). The pages read are given back as the scan goes (``MappedPages``).
    static func wellFormedRecordRanges(in data: Data, rootKey: String) -> [Range<Int>]? {
        let pages = MappedPages(data)
        return data.withUnsafeBytes { raw in
            var cursor = JSONByteCursor(raw.bindMemory(to: UInt8.self))
            var reading = pages.reading(raw)
            defer { reading.finish(at: raw.count) }
            return cursor.recordRanges(rootKey: rootKey) { reading.passed($0) }?.map { ($0.lowerBound + data.startIndex)..<($0.upperBound + data.startIndex) }
        }
    }

    /// The ranges found by the package's lenient JSON scanner (``JSONLocator``), to place the problems of a
    /// file that is not well-formed.
    static func recordRanges(in data: Data, rootKey: String) -> [Range<Int>]? {
        let locator = JSONLocator(data)
        return locator.elementRanges(ofArrayAt: RecordFiles.recordsPath(locator, rootKey))
            .map { $0.map { ($0.lowerBound + data.startIndex)..<($0.upperBound + data.startIndex) } }
    }
}
