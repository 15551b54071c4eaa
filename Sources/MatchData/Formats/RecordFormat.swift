public import Foundation
public import MatchCore

/// How a file is written: found from the extension (`.json`, `.csv`), else from the first byte.
public enum ImportFormat: String, Sendable, Codable {
    case json, csv

    /// `.json` → json, `.csv`/`.txt`/`.tsv` → csv, else json when the content starts with `[` or `{`.
    public static func detect(fileName: String, data: Data) -> ImportFormat {
        switch URL(fileURLWithPath: fileName).pathExtension.lowercased() {
        case "json": return .json
        case "csv", "txt", "tsv": return .csv
        default:
            let first = data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            return first == UInt8(ascii: "[") || first == UInt8(ascii: "{") ? .json : .csv
        }
    }
}

/// A record refused (or stored with a warning), located in its file.
public struct ImportProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var line: Int?
    /// CSV column or JSON path (`resultats[3].lieuTravail.latitude`).
    public var field: String?
    public var message: String
    /// The record's text in the file, for the report of rejected records (never stored in the database).
    public var text: String?

    public init(line: Int?, field: String?, message: String, text: String? = nil) {
        self.line = line; self.field = field; self.message = MatchError.clipped(message); self.text = text
    }

    enum CodingKeys: String, CodingKey { case line, field, message }

    /// `LINE: field FIELD: MESSAGE`.
    public var description: String {
        MatchError(.invalidRecord, file: "", line: line, field: field, message: message).description.dropFirst().description
    }

    /// The problem as a data-file error of `file`.
    public func error(in file: String) -> MatchError {
        MatchError(.invalidRecord, file: file, line: line, field: field, message: message)
    }
}

extension Array where Element == ImportProblem {
    /// How many records these problems refuse: a record breaking several rules has one problem per fault,
    /// all at the record's line (a problem without a line counts as a record of its own).
    ///
    ///     problems.refusedRecordCount   // 2 for three faults on lines 2, 2 and 3
    public var refusedRecordCount: Int {
        Set(compactMap(\.line)).count + filter { $0.line == nil }.count
    }
}
