public import GRDB

// GRDB records, one per table, as Codable structs. Candidates and their child rows are written and
// read in bulk by `CandidateRows` (hundreds of thousands of rows); their tables are documented in
// Schema.swift and docs/store.md.

/// One imported file (table `fileImport`): what was read, what changed, what was refused.
///
///     let last = try store.imports().last   // fileName, sha256, rowsInserted…
public struct ImportRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "fileImport"
    public var id: Int64?
    /// `offers` or `candidates`.
    public var kind: String
    public var fileName: String
    /// Lower-case hexadecimal SHA-256 of the file's bytes.
    public var sha256: String
    /// `json` or `csv`.
    public var format: String
    /// `strict` (all or nothing) or `skipInvalid`.
    public var mode: String
    public var importedAt: String
    public var importedBy: String
    public var rowsRead: Int
    public var rowsInserted: Int
    public var rowsUpdated: Int
    public var rowsUnchanged: Int
    public var rowsRejected: Int
    /// JSON array of ``ImportProblem`` (line, field, message) for the rejected records.
    public var errors: String
    /// JSON array of ``ImportProblem`` for records stored with a warning.
    public var warnings: String
    /// Version of the skill embedding that vectorised the records.
    public var modelVersion: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One line of the audit log (table `auditEvent`): who did what, when, to which record, list or import.
/// Candidate events carry the candidate's pseudonymous id and are removed when the candidate is erased;
/// the erasure itself is logged without it.
public struct AuditEvent: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "auditEvent"
    public var id: Int64?
    public var at: String
    public var actor: String
    /// `import`, `update`, `shortlist.save`, `shortlist.show`, `erase`, `vectors.rebuild`, `demo.seed`.
    public var action: String
    /// `offer`, `candidate` or `shortlist`, when the event is about one record.
    public var subjectKind: String?
    public var subjectId: String?
    public var importId: Int64?
    public var shortlistId: Int64?
    /// A JSON object with the event's details (counts, changed fields and their previous values).
    public var detail: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The main row of an offer (table `offer`); lists are in `offerCompetence`, `offerPermis`,
/// `offerLangue` and `offerFormation`.
struct OfferRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "offer"
    var offerKey: Int64?
    var id: String
    var intitule: String?
    var romeCode: String
    var romeCodeDeduit: Bool
    var appellationCode: String?
    var lieuLibelle: String?
    var lieuCommune: String?
    var latitude: Double?
    var longitude: Double?
    var typeContrat: String?
    var nombrePostes: Int
    var experienceExige: String?
    var experienceLibelle: String?
    var experienceMois: Int?
    var accessibleTH: Bool?
    var dateCreation: String?
    var dateDebut: String?
    /// Comma-separated ``PriorityPublic`` values.
    var publicsPrioritaires: String
    var contentHash: Int64
    var importId: Int64?
    var createdAt: String
    var updatedAt: String

    mutating func didInsert(_ inserted: InsertionSuccess) { offerKey = inserted.rowID }
}

struct OfferCompetenceRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "offerCompetence"
    var offerKey: Int64
    var position: Int
    var code: String?
    var libelle: String?
    var exigence: String
}

/// A row of `offerPermis` (licences).
struct OfferPermisRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "offerPermis"
    var offerKey: Int64
    var position: Int
    var libelle: String
    var exigence: String
}

/// A row of `offerLangue` (languages).
struct OfferLangueRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "offerLangue"
    var offerKey: Int64
    var position: Int
    var libelle: String
    var exigence: String
}

struct OfferFormationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "offerFormation"
    var offerKey: Int64
    var position: Int
    var niveauLibelle: String?
    var domaineLibelle: String?
    var exigence: String
}

/// A saved shortlist (table `shortlist`): the offer as it was, the parameters and model versions, who
/// asked and when, and the counts of the run. Its ranked lines are ``ShortlistEntryRecord``s.
struct ShortlistRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "shortlist"
    var id: Int64?
    var offerId: String
    var offerTitle: String?
    /// The offer as JSON (France Travail member names), as it was when the list was made.
    var offer: String
    /// JSON of ``ShortlistParameters``.
    var parameters: String
    var embeddingVersion: String
    var policyVersion: String
    var referenceDate: String
    var requestedBy: String
    var createdAt: String
    var considered: Int
    var scanned: Int
    /// JSON object: exclusion reason → count.
    var excluded: String
    /// JSON array of strings.
    var warnings: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One ranked line of a saved shortlist. After an erasure only `rank` and `erased = true` remain.
struct ShortlistEntryRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "shortlistEntry"
    var shortlistId: Int64
    var rank: Int
    var candidateId: String?
    var erased: Bool
    var score: Double?
    var travelMinutes: Double?
    var travelMode: String?
    var limitMinutes: Double?
    var distanceKm: Double?
    var travelSource: String?
    /// JSON object: component → contribution.
    var components: String?
    /// JSON arrays of strings.
    var matched: String?
    var missing: String?
    var priorityPublics: String?
}

struct StoreSetting: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "storeSetting"
    var key: String
    var value: String
}

struct ReferentialVersionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "referentialVersion"
    var name: String
    var version: String
    var rowCount: Int
    var loadedAt: String
}
