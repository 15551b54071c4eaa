/// The one error type of Apparier's libraries: a ``Code`` a caller can switch on, where the problem is
/// (file, line, field, record) when that is known, and what is wrong, as one readable line.
///
/// Every module throws it: the engine (an offer it cannot compile, an index and a matcher built from
/// different models), the file layer (a bad record at `file:line`), the store (a refused import, a missing
/// saved shortlist). A refused import carries each record's own problem in ``problems``.
///
///     do {
///         let list = try engine.shortlist(for: offer, top: 20)
///     } catch let error as MatchError {
///         switch error.code {
///         case .invalidOffer: print("fix the offer:", error.field ?? "", error.message)
///         case .modelMismatch: print("rebuild the index")
///         default: throw error
///         }
///     }
///
/// The codes are values of a struct rather than cases of a public enum (as Hummingbird's `PersistError`
/// does), so that codes can be added without breaking callers' `switch` statements.
public struct MatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// An offer that cannot be scored (unknown ROME code, no location…).
        public static let invalidOffer = Code("invalidOffer")
        /// A candidate that cannot be indexed (unknown commune, no transport mode…).
        public static let invalidCandidate = Code("invalidCandidate")
        /// A record of a data file that breaks a rule: the error names the file, line and field.
        public static let invalidRecord = Code("invalidRecord")
        /// A data file that cannot be read at all (missing, not UTF-8, malformed JSON, missing columns).
        public static let unreadableFile = Code("unreadableFile")
        /// A referential (ROME, communes) inconsistent with itself.
        public static let invalidReferential = Code("invalidReferential")
        /// A scoring policy or skill embedding that cannot be used (negative weight, wrong dimension…).
        public static let invalidModel = Code("invalidModel")
        /// Two parts built from different models: an index from another embedding version, rules or
        /// referential than the matcher's.
        public static let modelMismatch = Code("modelMismatch")
        /// A file refused as a whole: ``MatchError/problems`` lists the records at fault.
        public static let importRefused = Code("importRefused")
        /// The store cannot do what was asked (no such record or saved shortlist, SQLite failure…).
        public static let store = Code("store")
        /// An evaluation that cannot run on the data given.
        public static let evaluation = Code("evaluation")
    }

    public var code: Code
    /// The file at fault, as given.
    public var file: String?
    /// 1-based line in ``file``.
    public var line: Int?
    /// The CSV column or dotted JSON path (`resultats[3].lieuTravail.latitude`) at fault.
    public var field: String?
    /// The id of the offer or candidate at fault, when no file locates it.
    public var record: String?
    public var message: String
    /// For ``Code/importRefused``: the first problems found (each with its place).
    public var problems: [MatchError]
    /// For ``Code/importRefused``: how many problems there were in all.
    public var problemCount: Int

    public init(_ code: Code, file: String? = nil, line: Int? = nil, field: String? = nil, record: String? = nil,
                message: String, problems: [MatchError] = [], problemCount: Int? = nil) {
        self.code = code; self.file = file; self.line = line; self.field = field; self.record = record
        self.message = MatchError.clipped(message); self.problems = problems; self.problemCount = problemCount ?? problems.count
    }

    /// The longest message kept whole: a value of several megabytes in a file is not echoed back.
    public static let messageLimit = 400

    /// `message`, or its first ``messageLimit`` characters and how long it was.
    ///
    ///     MatchError.clipped(String(repeating: "N", count: 10_000_000)).count   // about 440
    public static func clipped(_ message: String) -> String {
        guard message.utf8.count > messageLimit else { return message }
        let length = message.count
        guard length > messageLimit else { return message }
        return String(message.prefix(messageLimit)) + "… (\(length) characters in all)"
    }

    /// `FILE:LINE: field FIELD: MESSAGE` (or `offer ID: field FIELD: MESSAGE`) on one line, leaving out the
    /// parts that are absent; a refused import lists its problems first, one per line.
    public var description: String {
        var text = ""
        if let file {
            text = file
            if let line { text += ":\(line)" }
            text += ": "
        } else if let record {
            text = "\(record): "
        }
        if let field, !field.isEmpty { text += "champ \(field) : " }
        text += MatchError.oneLine(message)
        guard !problems.isEmpty else { return text }
        let more = problemCount > problems.count ? ["… et \(problemCount - problems.count) autre\(problemCount - problems.count > 1 ? "s" : "")"] : []
        return (problems.map(\.description) + more + [text]).joined(separator: "\n")
    }

    /// `message` with its line breaks replaced by spaces: an error is reported on one line.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
