public import Foundation
public import MatchCore
import MatchData
/// What a file holds.
public enum ImportKind: String, Sendable, Codable, CaseIterable {
    case offers, candidates
}

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
        self.line = line; self.field = field; self.message = message; self.text = text
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

/// How to import a file.
public struct ImportOptions: Sendable {
    /// Who imports (audit log).
    public var actor: String
    /// Store the valid records and report the others, instead of refusing the whole file.
    public var skipInvalid: Bool
    /// Called from inside the transaction while records are written (every few thousand records).
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// Name shown in errors and stored in `fileImport.fileName` (default: the path as given).
    public var displayName: String?

    public init(actor: String, skipInvalid: Bool = false, displayName: String? = nil,
                progress: (@Sendable (ImportProgress) -> Void)? = nil) {
        self.actor = actor; self.skipInvalid = skipInvalid; self.displayName = displayName; self.progress = progress
    }
}

/// Where an import stands.
public struct ImportProgress: Sendable {
    public var written: Int
    public var total: Int
}

/// The outcome of one file's import.
public struct ImportSummary: Sendable {
    public var importId: Int64
    public var kind: ImportKind
    public var file: String
    public var format: ImportFormat
    public var sha256: String
    public var read: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    /// Refused records (only with `skipInvalid`), with their line, field and text.
    public var rejected: [ImportProblem]
    /// Records stored but that cannot be fully used (e.g. an offer that cannot be located).
    public var warnings: [ImportProblem]
    /// Import ids of earlier imports of a file with the same SHA-256.
    public var sameFileImports: [Int64]
    /// Seconds spent per phase: `parse`, `read` (waiting for the SHA-256, computed while parsing), `check`,
    /// `write` (the transaction; candidate vectors are computed during it, a chunk ahead, on another core),
    /// and for candidates its parts `rows` and `commit` (commit and WAL checkpoint); offers also `vectorise`.
    public var timings: [String: Double]
}
