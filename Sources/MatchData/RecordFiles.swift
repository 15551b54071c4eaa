public import Foundation
public import MatchCore

/// Where a record, or one of its fields, is in a file: for errors found after loading (unknown ROME code,
/// unknown commune…) that should still say `file:line`.
///
///     let data = try Data(contentsOf: url)
///     let offers = try RecordFiles.decodeOffers(data, file: url.path)
///     let place = RecordFiles.location(ofRecord: 3, field: "romeCode", in: data, file: url.path, rootKey: "resultats")
///     throw place.error("unknown ROME code \"Z9999\"")   // offres.json:88: field resultats[3].romeCode: unknown…
public struct RecordLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?

    public init(file: String, line: Int? = nil, field: String? = nil) {
        self.file = file; self.line = line; self.field = field
    }

    /// An error at this place.
    public func error(_ message: String) -> MatchError {
        MatchError(.invalidRecord, file: file, line: line, field: field, message: message)
    }

    /// `FICHIER:LIGNE : champ CHAMP`, leaving out the parts that are absent.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let field, !field.isEmpty { text += " : champ \(field)" }
        return text
    }
}

/// Finds records of one file by index, after indexing the file once, so that reporting many problems
/// (unknown ROME codes, unknown communes…) does not rescan the file for each.
///
///     let places = RecordLocator(data: data, file: "offres.json", rootKey: RecordFiles.offersRootKey)
///     for (index, offer) in offers.enumerated() where rome.ficheIndex[offer.romeCode] == nil {
///         problems.append(places.location(ofRecord: index, field: "romeCode").error("unknown ROME code"))
///     }
///
/// - Complexity: O(*n*) to build; then O(record size + log *n*) per location.
public struct RecordLocator: Sendable {
    public let file: String
    private let json: JSONLocator
    private let recordsPath: [JSONLocator.Key]
    /// Byte range of each record, or nil when the record array cannot be found or is malformed.
    private let records: [Range<Int>]?
    private let lineStarts: [Int]

    /// Indexes `data`. `rootKey` is the member holding the records (`resultats`, `candidats`); it is
    /// ignored when the file is a bare array.
    public init(data: Data, file: String, rootKey: String?) {
        self.file = file
        json = JSONLocator(data)
        recordsPath = RecordFiles.recordsPath(json, rootKey)
        records = json.elementRanges(ofArrayAt: recordsPath)
        lineStarts = json.lineStarts()
    }

    /// Where record `index` (0-based) is, or its `field`: a dotted path inside the record such as
    /// `lieuTravail.commune` or `competences[2].code`. When the field is absent from the record, the line is
    /// the record's; when the record cannot be found, there is no line.
    public func location(ofRecord index: Int, field: String?) -> RecordLocation {
        let recordPath = recordsPath + [JSONLocator.Key(index)]
        var fieldText = JSONLocator.dottedPath(recordPath)
        var keys: [JSONLocator.Key] = []
        if let field, !field.isEmpty {
            fieldText += field.hasPrefix("[") ? field : "." + field
            keys = JSONLocator.keys(fromDottedPath: field) ?? []
        }
        var line: Int?
        if let records, records.indices.contains(index), let found = json.walk(keys, from: records[index].lowerBound) {
            line = JSONLocator.line(of: found.offset, lineStarts: lineStarts)
        }
        return RecordLocation(file: file, line: line, field: fieldText)
    }
}

/// Reads and writes the offer and candidate JSON files described in docs/formats.md.
///
/// Offers are France Travail *Offres d'emploi v2* records, as the API's `{"resultats": [...]}` or a bare
/// array; candidates are Apparier's format, as a bare array or `{"candidats": [...]}`. Every failure is a
/// ``MatchError`` that names the file, the line and the field, whether the JSON is malformed, a value
/// has the wrong type, or a record breaks a rule checked after decoding (empty or duplicate `id`,
/// coordinates out of range, travel time outside 1…240 minutes, diploma level outside 0…8, commune code
/// not 5 characters).
///
///     let offers = try RecordFiles.loadOffers(at: URL(fileURLWithPath: "offres.json"))
///     let candidates = try RecordFiles.loadCandidates(at: URL(fileURLWithPath: "candidats.json"))
public enum RecordFiles {
    /// The member that holds the records when an offer file is an object: the France Travail API's.
    public static let offersRootKey = "resultats"
    /// The member that holds the records when a candidate file is an object.
    public static let candidatesRootKey = "candidats"

    // MARK: Loading

    /// Reads and decodes an offer file. An unreadable file is a ``MatchError`` with no line.
    ///
    ///     let offers = try RecordFiles.loadOffers(at: URL(fileURLWithPath: "offres.json"))
    public static func loadOffers(at url: URL) throws -> [JobOffer] {
        let file = displayName(of: url)
        return try decodeOffers(read(url, file: file), file: file)
    }

    /// Reads and decodes a candidate file. An unreadable file is a ``MatchError`` with no line.
    ///
    ///     let candidates = try RecordFiles.loadCandidates(at: URL(fileURLWithPath: "candidats.json"))
    public static func loadCandidates(at url: URL) throws -> [Candidate] {
        let file = displayName(of: url)
        return try decodeCandidates(read(url, file: file), file: file)
    }

    // MARK: Decoding

    /// Decodes offers from `{"resultats": [...]}` or `[...]`, then checks them; `file` names the source in
    /// errors.
    ///
    ///     let offers = try RecordFiles.decodeOffers(Data(#"{"resultats": []}"#.utf8), file: "offres.json")
    public static func decodeOffers(_ data: Data, file: String) throws -> [JobOffer] {
        let offers = try decodeRecords(JobOffer.self, from: data, file: file, rootKey: offersRootKey) {
            try JSONDecoder().decode(OfferList.self, from: $0).resultats
        }
        try check(offers, ids: offers.map(\.id), problem: offerProblem, data: data, file: file, rootKey: offersRootKey)
        return offers
    }

    /// Decodes candidates from `[...]` or `{"candidats": [...]}`, then checks them; `file` names the source
    /// in errors.
    ///
    ///     let candidates = try RecordFiles.decodeCandidates(Data("[]".utf8), file: "candidats.json")
    public static func decodeCandidates(_ data: Data, file: String) throws -> [Candidate] {
        let candidates = try decodeRecords(Candidate.self, from: data, file: file, rootKey: candidatesRootKey) {
            try JSONDecoder().decode(CandidateList.self, from: $0).candidats
        }
        try check(candidates, ids: candidates.map(\.id), problem: candidateProblem, data: data, file: file,
                  rootKey: candidatesRootKey)
        return candidates
    }

    /// Where record `index` (0-based) of the file is, or its `field` (a dotted path inside the record such
    /// as `lieuTravail.commune` or `competences[2].code`). `rootKey` is the member holding the records
    /// (`resultats`, `candidats`); it is ignored when the file is a bare array. When the field is absent
    /// from the record, the line is the record's. To locate many records of one file, build a
    /// ``RecordLocator`` once instead.
    ///
    ///     RecordFiles.location(ofRecord: 0, field: "commune", in: data, file: "c.json", rootKey: "candidats")
    ///     // c.json:3: field [0].commune   (for a bare array)
    public static func location(ofRecord index: Int, field: String?, in data: Data, file: String,
                                rootKey: String?) -> RecordLocation {
        RecordLocator(data: data, file: file, rootKey: rootKey).location(ofRecord: index, field: field)
    }

    // MARK: Encoding

    /// Offers as `{"resultats": [...]}`: pretty-printed, keys sorted, so a written file decodes back to the
    /// same offers.
    ///
    ///     try RecordFiles.encodeOffers(offers).write(to: URL(fileURLWithPath: "offres.json"))
    public static func encodeOffers(_ offers: [JobOffer]) -> Data {
        encode(OfferList(resultats: offers))
    }

    /// Candidates as a bare array: pretty-printed, keys sorted, one block per candidate, so a written file
    /// decodes back to the same candidates.
    ///
    ///     try RecordFiles.encodeCandidates(candidates).write(to: URL(fileURLWithPath: "candidats.json"))
    public static func encodeCandidates(_ candidates: [Candidate]) -> Data {
        encode(candidates)
    }
}

// MARK: - Decoding and error mapping

extension RecordFiles {
    private struct OfferList: Codable { var resultats: [JobOffer] }
    private struct CandidateList: Codable { var candidats: [Candidate] }

    /// Decodes a bare array of `Record`, or calls `decodeWrapped` for an object, turning any
    /// `DecodingError` into a ``MatchError``.
    private static func decodeRecords<Record: Decodable>(
        _ type: Record.Type, from data: Data, file: String, rootKey: String,
        decodeWrapped: (Data) throws -> [Record]
    ) throws -> [Record] {
        do {
            if firstSignificantByte(of: data) == UInt8(ascii: "[") {
                return try JSONDecoder().decode([Record].self, from: data)
            }
            return try decodeWrapped(data)
        } catch let error as DecodingError {
            let locator = JSONLocator(data)
            let mapper = DecodingErrorMapper(file: file, locator: locator, recordsPath: recordsPath(locator, rootKey)) {
                _ = try JSONDecoder().decode(Record.self, from: $0)
            }
            throw mapper.map(error)
        }
    }

    /// One JSON document of type `T` (a request's body, say), a failure turned into a ``MatchError`` that
    /// names the line and the field, as for records.
    ///
    ///     let request = try RecordFiles.decodeDocument(BatchRun.Request.self, from: body, file: "batch (POST)")
    public static func decodeDocument<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            let mapper = DecodingErrorMapper(file: file, locator: JSONLocator(data), recordsPath: []) {
                _ = try JSONDecoder().decode(T.self, from: $0)
            }
            throw mapper.map(error)
        }
    }

    /// The first byte that is not whitespace or a UTF-8 byte order mark.
    private static func firstSignificantByte(of data: Data) -> UInt8? {
        data.first { !JSONLocator.Byte.isWhitespace($0) && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
    }

    /// The path of the record array: `[rootKey]` when the document is an object, `[]` for a bare array.
    static func recordsPath(_ locator: JSONLocator, _ rootKey: String?) -> [JSONLocator.Key] {
        guard let rootKey, locator.topLevelByte == UInt8(ascii: "{") else { return [] }
        return [JSONLocator.Key(rootKey)]
    }

    /// Turns a `DecodingError` into a ``MatchError`` with a line, using the coding path when there is
    /// one and the raw bytes otherwise.
    struct DecodingErrorMapper {
        let file: String
        let locator: JSONLocator
        /// Path of the record array (`[resultats]` or `[]`), to look at records one by one.
        let recordsPath: [JSONLocator.Key]
        /// Decodes one record on its own, to find which one the decoder could not read.
        let decodeRecord: (Data) throws -> Void

        func map(_ error: DecodingError, under prefix: [any CodingKey] = []) -> MatchError {
            switch error {
            case .keyNotFound(let key, let context):
                return at(prefix + context.codingPath + [key], "le champ obligatoire « \(key.stringValue) » manque")
            case .typeMismatch(let type, let context):
                let path = prefix + context.codingPath
                return at(path, "\(RecordFiles.jsonName(of: type)) attendu, trouvé \(found(at: path))")
            case .valueNotFound(let type, let context):
                let path = prefix + context.codingPath
                return at(path, "\(RecordFiles.jsonName(of: type)) attendu, trouvé \(found(at: path))")
            case .dataCorrupted(let context):
                if context.codingPath.isEmpty && prefix.isEmpty { return invalidJSON(context) }
                return at(prefix + context.codingPath, RecordFiles.readableMessage(context.debugDescription))
            @unknown default:
                return MatchError(.invalidRecord, file: file, message: String(describing: error))
            }
        }

        private func at(_ path: [any CodingKey], _ message: String) -> MatchError {
            let field = JSONLocator.dottedPath(path)
            return MatchError(.invalidRecord, file: file, line: locator.position(of: path)?.line,
                              field: field.isEmpty ? nil : field, message: message)
        }

        private func found(at path: [any CodingKey]) -> String {
            guard let range = locator.valueRange(at: path) else { return "un autre type" }
            return locator.describeValue(at: range.lowerBound)
        }

        /// The decoder could not read the document. Find the line from, in order: the underlying error's
        /// text ("line N"), its byte offset, our own syntax check, then the record and number it could not read.
        private func invalidJSON(_ context: DecodingError.Context) -> MatchError {
            if let underlying = context.underlyingError {
                let text = RecordFiles.errorText(underlying)
                if let line = RecordFiles.lineNumber(inErrorText: text) {
                    return MatchError(.unreadableFile, file: file, line: line, message: "JSON invalide : \(text)")
                }
                if let offset = RecordFiles.byteOffset(of: underlying, text: text) {
                    return MatchError(.unreadableFile, file: file, line: locator.position(atOffset: offset).line,
                                      message: "JSON invalide : \(text)")
                }
            }
            if let syntax = locator.firstSyntaxError() {
                return MatchError(.unreadableFile, file: file, line: syntax.position.line, message: "JSON invalide : \(syntax.message)")
            }
            return unreadableRecord() ?? MatchError(.invalidRecord, file: file, message: context.debugDescription)
        }

        /// The well-formed document still failed as a whole (on Linux, a number such as `1.5` for a whole
        /// number, or `1e999`, fails this way with no path): decode the records one by one to find it.
        private func unreadableRecord() -> MatchError? {
            guard let ranges = locator.elementRanges(ofArrayAt: recordsPath) else { return nil }
            for (index, range) in ranges.enumerated() {
                do {
                    try decodeRecord(Data(locator.bytes[range]))
                } catch let error as DecodingError {
                    let recordPath: [any CodingKey] = recordsPath + [JSONLocator.Key(index)]
                    guard case .dataCorrupted(let context) = error, context.codingPath.isEmpty else {
                        return map(error, under: recordPath)
                    }
                    return unreadableNumber(in: range)
                        ?? at(recordPath, "l'enregistrement est illisible : \(context.debugDescription)")
                } catch {
                    return at(recordsPath + [JSONLocator.Key(index)], String(describing: error))
                }
            }
            return nil
        }

        /// Replaces the record's suspicious numbers (fraction, exponent, 19 digits or more) by `0` one after
        /// the other until the record decodes: the last one replaced is the culprit.
        private func unreadableNumber(in record: Range<Int>) -> MatchError? {
            var patched = Array(locator.bytes[record])
            let suspects = locator.numberRanges(in: record).filter { RecordFiles.isSuspectNumber(locator.bytes[$0]) }
            for number in suspects {
                let first = number.lowerBound - record.lowerBound
                patched[first] = UInt8(ascii: "0")
                for k in (first + 1)..<(number.upperBound - record.lowerBound) { patched[k] = UInt8(ascii: " ") }
                guard (try? decodeRecord(Data(patched))) != nil else { continue }
                let token = String(decoding: locator.bytes[number], as: UTF8.self)
                let field = JSONLocator.dottedPath(locator.path(toOffset: number.lowerBound))
                return MatchError(.invalidRecord, file: file, line: locator.position(atOffset: number.lowerBound).line,
                                  field: field.isEmpty ? nil : field, message: RecordFiles.numberMessage(token))
            }
            return nil
        }
    }

    // MARK: Message helpers

    /// "a string", "a whole number"… for the Swift type a decoder asked for.
    static func jsonName(of type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "String", "Substring": return "un texte"
        case "Double", "Float", "Decimal": return "un nombre"
        case "Bool": return "true ou false"
        default:
            if name.hasPrefix("Int") || name.hasPrefix("UInt") { return "un nombre entier" }
            if name.hasPrefix("Dictionary") || name.hasPrefix("KeyedDecodingContainer") { return "un objet" }
            if name.hasPrefix("Array") || name.hasPrefix("UnkeyedDecodingContainer") { return "un tableau" }
            return name
        }
    }

    /// Rewrites "Cannot initialize TransportMode from invalid String value avion" as
    /// `invalid value "avion"; expected one of: voiture, …`. Other messages pass through.
    static func readableMessage(_ debugDescription: String) -> String {
        let prefix = "Cannot initialize "
        guard debugDescription.hasPrefix(prefix), let from = debugDescription.range(of: " from invalid "),
              let value = debugDescription.range(of: " value ", range: from.upperBound..<debugDescription.endIndex)
        else { return debugDescription }
        let typeName = String(debugDescription[debugDescription.index(debugDescription.startIndex,
                                                                      offsetBy: prefix.count)..<from.lowerBound])
        let text = "valeur « \(debugDescription[value.upperBound...]) » invalide"
        guard let allowed = allowedValues(ofType: typeName) else { return text }
        return text + " ; attendu l'un de : " + allowed.joined(separator: ", ")
    }

    private static func allowedValues(ofType name: String) -> [String]? {
        switch name {
        case "TransportMode": return TransportMode.allCases.map(\.rawValue)
        case "PriorityPublic": return PriorityPublic.allCases.map(\.rawValue)
        case "ExperienceRequirement":
            return [JobOffer.ExperienceRequirement.beginnerAccepted, .desired, .required].map(\.rawValue)
                + ["Débutant accepté", "Expérience souhaitée", "Expérience exigée"]
        default: return nil
        }
    }

    /// The text of an underlying parser error (its debug description when it has one).
    static func errorText(_ error: any Error) -> String {
        let nsError = error as NSError
        let text = nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? String(describing: error)
        return oneLine(text)
    }

    /// N from "… around line N, column M." (Darwin's JSON errors), or nil.
    static func lineNumber(inErrorText text: String) -> Int? {
        number(after: "line ", in: text)
    }

    /// The byte offset of a JSONSerialization error (`NSJSONSerializationErrorIndex`, or
    /// "around character N"), or nil.
    static func byteOffset(of error: any Error, text: String) -> Int? {
        if let index = (error as NSError).userInfo["NSJSONSerializationErrorIndex"] as? Int { return index }
        return number(after: "character ", in: text)
    }

    /// The decimal number right after the first `marker` in `text` (case-insensitive).
    private static func number(after marker: String, in text: String) -> Int? {
        var rest = Substring(text)
        while let found = rest.range(of: marker, options: .caseInsensitive) {
            let digits = rest[found.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let value = Int(digits) { return value }
            rest = rest[found.upperBound...]
        }
        return nil
    }

    /// Whether a number token may be one JSONDecoder cannot read into a field: a fraction or exponent
    /// (for a whole number) or 19 digits or more (past `Int`).
    static func isSuspectNumber(_ token: ArraySlice<UInt8>) -> Bool {
        token.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
            || token.filter(JSONLocator.Byte.isDigit).count >= 19
    }

    static func numberMessage(_ token: String) -> String {
        guard let value = Double(token), value.isFinite else { return "le nombre \(token) est trop grand" }
        if value.rounded(.towardZero) != value { return "un nombre entier est attendu, trouvé \(token)" }
        return "le nombre \(token) est trop grand pour ce champ"
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

// MARK: - Checks after decoding

extension RecordFiles {
    /// Empty and duplicate ids, then `problem` on each record; throws the first failure.
    private static func check<Record>(
        _ records: [Record], ids: [String], problem: (Record) -> (field: String, message: String)?,
        data: Data, file: String, rootKey: String
    ) throws {
        var firstIndex: [String: Int] = [:]
        var places: RecordLocator?   // built on the first problem only
        func place(_ index: Int, _ field: String) -> RecordLocation {
            let locator = places ?? RecordLocator(data: data, file: file, rootKey: rootKey)
            places = locator
            return locator.location(ofRecord: index, field: field)
        }
        for (index, record) in records.enumerated() {
            let id = ids[index]
            if id.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw place(index, "id").error("l'identifiant est vide")
            }
            if let first = firstIndex[id] {
                let firstLine = place(first, "id").line.map { " on line \($0)" } ?? ""
                throw place(index, "id").error("duplicate id \"\(id)\" (already used by record \(first)\(firstLine))")
            }
            firstIndex[id] = index
            if let (field, message) = problem(record) { throw place(index, field).error(message) }
        }
    }

    /// The record's own rules that need no referential (``JobOffer/problems(rome:communes:)``): the
    /// referential checks come when the offers are matched or stored, and so does a missing ROME code
    /// when the offer has a title (an import may find the fiche from it: ``RomeInference``).
    static func offerProblem(_ offer: JobOffer) -> (field: String, message: String)? {
        let hasTitle = !(offer.title ?? "").allSatisfy(\.isWhitespace)
        return offer.problems().first { $0.kind != .emptyId && !($0.kind == .missingRomeCode && hasTitle) }
            .map { ($0.field, $0.description) }
    }

    static func candidateProblem(_ candidate: Candidate) -> (field: String, message: String)? {
        candidate.problems().first { $0.kind != .emptyId }.map { ($0.field, $0.description) }
    }
}

// MARK: - Files and encoding

extension RecordFiles {
    /// The path as the user gave it when `url` is a file URL.
    static func displayName(of url: URL) -> String {
        url.isFileURL ? url.relativePath : url.absoluteString
    }

    private static func read(_ url: URL, file: String) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
            throw MatchError(.unreadableFile, file: file, message: "impossible de lire le fichier : il n'existe pas")
        } catch let error as CocoaError where error.code == .fileReadNoPermission {
            throw MatchError(.unreadableFile, file: file, message: "impossible de lire le fichier : permission refusée")
        } catch {
            throw MatchError(.unreadableFile, file: file, message: "impossible de lire le fichier : \(error.localizedDescription)")
        }
    }

    /// Pretty-printed, sorted-key JSON ending with a newline.
    private static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // The only thing that makes JSONEncoder throw for these types is a non-finite Double (a latitude or
        // radius computed as NaN). Writing it as a string keeps the file valid JSON; reading it back then
        // fails with the line of that value instead of the write failing here.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        guard var data = try? encoder.encode(value) else { return Data() }
        data.append(UInt8(ascii: "\n"))
        return data
    }
}
