import Foundation

/// A problem in a data file: which file, where in it, and what is wrong.
///
///     let error = DataFileError(file: "data/travel.csv", line: 3, field: "minutes", message: "not a number: \"abc\"")
///     error.description   // data/travel.csv:3: field minutes: not a number: "abc"
public struct DataFileError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The file's path, as it was given.
    public var file: String
    /// 1-based line of the value at fault (in a CSV the header is line 1; in JSON, the record's line when a
    /// field is missing).
    public var line: Int?
    /// The CSV column, or the dotted JSON path (`resultats[3].lieuTravail.latitude`), at fault.
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }

    /// `FILE:LINE: field FIELD: MESSAGE` on one line, leaving out the parts that are absent.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field, !field.isEmpty { text += "field \(field): " }
        return text + RecordFiles.oneLine(message)
    }
}
