import Foundation
public import MatchCore
public import MatchData

/// What a file holds.
public enum ImportKind: String, Sendable, Codable, CaseIterable {
    case offers, candidates
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
    /// Return the records inserted or updated in the summary (``ImportSummary/changedOffers`` and
    /// ``ImportSummary/changedCandidates``): what a live index must follow.
    public var keepsChangedRecords = false
    /// How offers without a ROME code are treated: their fiche found from the title (a warning), or
    /// refused when strict. Without it, such offers are refused as missing their ROME code.
    public var romeInference: RomeInference?
    /// How much of a file is read, checked and written at a time (``RecordWindows``): 8 MiB, about 26,000
    /// candidates of CSV or 8,000 of JSON, so that an import holds two windows of records, not the file.
    package var windowBytes = 8 << 20

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
    /// Seconds spent per phase: `write` (the transaction) and its parts `rows` and `commit` (commit and WAL
    /// checkpoint); `parse`, `check` and `prepare` (row values: content hashes, lists, offers' vectors),
    /// spent a window ahead on another thread during `rows`; `read` (waiting for the SHA-256, computed
    /// meanwhile).
    public var timings: [String: Double]
    /// The offers inserted or updated, when ``ImportOptions/keepsChangedRecords`` is set.
    public var changedOffers: [JobOffer] = []
    /// The candidates inserted or updated, when ``ImportOptions/keepsChangedRecords`` is set.
    public var changedCandidates: [Candidate] = []
}
