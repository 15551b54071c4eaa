package import Foundation
package import MatchCore

/// Offers and candidates from JSON files (docs/formats.md), through MatchData's `RecordFiles`.
///
/// When the file decodes, every record is kept for the checks. When it does not, the records are
/// decoded one by one so that each bad record is a problem on its own line and the others can still be
/// imported with `--skip-invalid`; the message of `RecordFiles` (the most precise) is kept for the
/// record it points at. A file that is not well-formed JSON has no reliable record boundaries: it is
/// refused as a whole.
package enum JSONRecords {
    static func offers(_ data: Data, file: String) throws -> ParsedFile<JobOffer> {
        try parse(data, file: file, rootKey: RecordFiles.offersRootKey, fast: OfferJSONDecoder.offer(in:)) {
            try RecordFiles.decodeOffers($0, file: file)
        }
    }

    static func candidates(_ data: Data, file: String) throws -> ParsedFile<Candidate> {
        try parse(data, file: file, rootKey: RecordFiles.candidatesRootKey, fast: CandidateJSONDecoder.candidate(in:)) {
            try RecordFiles.decodeCandidates($0, file: file)
        }
    }

    /// The offers in windows of about `windowBytes` bytes of the file (``RecordWindows``).
    static func offerWindows(_ data: Data, file: String, windowBytes: Int) -> RecordWindows<JobOffer> {
        windows(data, rootKey: RecordFiles.offersRootKey, windowBytes: windowBytes, fast: OfferJSONDecoder.offer(in:),
                places: JSONPlaces(data: data, file: file, rootKey: RecordFiles.offersRootKey)) { try offers(data, file: file) }
    }

    /// The candidates in windows of about `windowBytes` bytes of the file (``RecordWindows``).
    static func candidateWindows(_ data: Data, file: String, windowBytes: Int) -> RecordWindows<Candidate> {
        windows(data, rootKey: RecordFiles.candidatesRootKey, windowBytes: windowBytes, fast: CandidateJSONDecoder.candidate(in:),
                places: JSONPlaces(data: data, file: file, rootKey: RecordFiles.candidatesRootKey)) { try candidates(data, file: file) }
    }

    /// A well-formed file larger than `windowBytes` cut into windows of consecutive records of about
    /// `windowBytes` bytes, each decoded in parts on all cores; any other file is one window, read by
    /// `whole`. A window with a record that `fast` and `JSONDecoder` cannot read throws
    /// ``RecordWindows/WholeFileNeeded``: the file is then read by `whole`, which places each problem.
    private static func windows<Record: Decodable & Sendable>(
        _ data: Data, rootKey: String, windowBytes: Int, fast: @escaping FastReader<Record>, places: JSONPlaces,
        whole: @escaping @Sendable () throws -> ParsedFile<Record>
    ) -> RecordWindows<Record> {
        let count = { @Sendable in JSONElements.wellFormedRecordRanges(in: data, rootKey: rootKey)?.count ?? 0 }
        guard data.count > windowBytes, let ranges = JSONElements.wellFormedRecordRanges(in: data, rootKey: rootKey),
              ranges.count >= 2 else { return RecordWindows(whole: whole, estimatedRecords: count) }
        let pages = MappedPages(data), groups = windows(of: ranges, bytes: windowBytes)
        nonisolated(unsafe) let places = places   // only the reader of the current window touches it
        return RecordWindows(count: groups.count, estimatedRecords: { ranges.count }) { k in
            let window = ranges[groups[k]]
            guard let records = decodeInParts(window, { decode($0, of: data, fast: fast, pages: pages) }) else {
                throw RecordWindows<Record>.WholeFileNeeded()
            }
            var parsed = ParsedFile<Record>(places: places)
            parsed.records = records
            parsed.indices = Array(groups[k])
            parsed.read = records.count
            return parsed
        }
    }

    /// Consecutive records cut into windows: each ends with the first record that reaches `bytes` bytes
    /// from the window's start, or with the file.
    private static func windows(of ranges: [Range<Int>], bytes: Int) -> [Range<Int>] {
        var windows = [Range<Int>](), start = 0
        for (i, range) in ranges.enumerated() where range.upperBound - ranges[start].lowerBound >= bytes || i == ranges.count - 1 {
            windows.append(start..<(i + 1))
            start = i + 1
        }
        return windows
    }

    /// The records at `ranges`, cut into one part per core, each part read by `decodePart`; nil when a
    /// part cannot be read.
    private static func decodeInParts<Record: Sendable>(_ ranges: ArraySlice<Range<Int>>,
                                                        _ decodePart: @Sendable (ArraySlice<Range<Int>>) -> [Record]?) -> [Record]? {
        let cores = max(1, min(ranges.count, ProcessInfo.processInfo.activeProcessorCount))
        let lower = ranges.startIndex, n = ranges.count
        let parts = (0..<cores).map { k in ranges[(lower + n * k / cores)..<(lower + n * (k + 1) / cores)] }
        var results = [[Record]?](repeating: nil, count: parts.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: parts.count) { k in slots[k] = decodePart(parts[k]) }
        }
        guard results.allSatisfy({ $0 != nil }) else { return nil }
        // Joined part by part, each part freed once copied: the records are never all held twice.
        var all = [Record]()
        all.reserveCapacity(n)
        for k in results.indices {
            all += results[k]!
            results[k] = nil
        }
        return all
    }

    private static func parse<Record: Decodable & Sendable>(_ data: Data, file: String, rootKey: String,
                                                            fast: FastReader<Record>?,
                                                            decodeAll: (Data) throws -> [Record]) throws -> ParsedFile<Record> {
        let places = JSONPlaces(data: data, file: file, rootKey: rootKey)
        var parsed = ParsedFile<Record>(places: places)
        if let records = decodeInParts(Record.self, data, rootKey: rootKey, fast: fast) {
            // The checks RecordFiles runs after decoding (ids, ranges) are all redone by RecordRules.
            parsed.records = records
            parsed.indices = Array(records.indices)
            parsed.read = records.count
            return parsed
        }
        do {
            let records = try decodeAll(data)
            for (index, record) in records.enumerated() { parsed.append(record, index: index) }
            parsed.read = records.count
            return parsed
        } catch let whole as MatchError {
            guard JSONLocator(data).firstSyntaxError() == nil,
                  let ranges = JSONElements.recordRanges(in: data, rootKey: rootKey) else { throw whole }
            try decodeOneByOne(Record.self, data, ranges: ranges, into: &parsed, places: places, whole: whole)
            return parsed
        }
    }

    /// A reader of one record's bytes that returns nil when the record is not plain enough for it
    /// (``CandidateJSONDecoder``, ``OfferJSONDecoder``); `JSONDecoder` then reads that record.
    typealias FastReader<Record> = @Sendable (UnsafeBufferPointer<UInt8>) -> Record?

    /// A large file decoded in parts on all cores, or nil when the file is small or a record fails — then it
    /// is decoded as a whole, for RecordFiles' messages. Each record goes through `fast` when given, and
    /// through `JSONDecoder` when `fast` cannot read it; without `fast`, each part is decoded as one array.
    static func decodeInParts<Record: Decodable & Sendable>(_ type: Record.Type, _ data: Data, rootKey: String,
                                                            fast: FastReader<Record>? = nil,
                                                            minimumBytes: Int = 16 << 20) -> [Record]? {
        let cores = max(2, ProcessInfo.processInfo.activeProcessorCount)
        guard data.count > minimumBytes, let ranges = JSONElements.wellFormedRecordRanges(in: data, rootKey: rootKey),
              ranges.count >= 2 * cores else { return nil }
        let pages = MappedPages(data)
        return decodeInParts(ranges[...]) { part in
            fast.map { decode(part, of: data, fast: $0, pages: pages) } ?? decodeArray(part, of: data)
        }
    }

    /// The records at `ranges` (consecutive elements of one array) decoded as one JSON array.
    private static func decodeArray<Record: Decodable>(_ ranges: ArraySlice<Range<Int>>, of data: Data) -> [Record]? {
        guard let first = ranges.first, let last = ranges.last else { return [] }
        var array = Data("[".utf8)
        array.append(data[first.lowerBound..<last.upperBound])
        array.append(contentsOf: Array("]".utf8))
        return try? JSONDecoder().decode([Record].self, from: array)
    }

    /// The records at `ranges`, each by `fast` or else by `JSONDecoder`; nil when one cannot be read.
    /// The pages read are given back as the reading goes (``MappedPages``).
    private static func decode<Record: Decodable>(_ ranges: ArraySlice<Range<Int>>, of data: Data,
                                                  fast: FastReader<Record>, pages: MappedPages) -> [Record]? {
        let decoder = JSONDecoder()
        var out = [Record]()
        out.reserveCapacity(ranges.count)
        return data.withUnsafeBytes { raw -> [Record]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var reading = pages.reading(raw, from: (ranges.first?.lowerBound ?? data.startIndex) - data.startIndex)
            defer { reading.finish(at: (ranges.last?.upperBound ?? data.startIndex) - data.startIndex) }
            for range in ranges {
                let local = (range.lowerBound - data.startIndex)..<(range.upperBound - data.startIndex)
                reading.passed(local.lowerBound)
                if let record = fast(UnsafeBufferPointer(rebasing: bytes[local])) {
                    out.append(record)
                } else if let record = try? decoder.decode(Record.self, from: data[range]) {
                    out.append(record)
                } else {
                    return nil
                }
            }
            return out
        }
    }

    /// Decodes each record alone; a record that fails is a problem at its field.
    private static func decodeOneByOne<Record: Decodable>(
        _ type: Record.Type, _ data: Data, ranges: [Range<Int>], into parsed: inout ParsedFile<Record>,
        places: JSONPlaces, whole: MatchError
    ) throws {
        let lines = places.recordLines()
        let decoder = JSONDecoder()
        for (index, range) in ranges.enumerated() {
            do {
                parsed.append(try decoder.decode(Record.self, from: data[range]), index: index)
            } catch let error as DecodingError {
                var problem = places.problem(record: index, field: field(of: error), message: message(of: error))
                let next = index + 1 < lines.count ? lines[index + 1] : Int.max
                if let line = whole.line, line >= lines[index], line < next {
                    problem.line = line; problem.field = whole.field; problem.message = whole.message
                }
                parsed.problems.append(problem)
            }
        }
        parsed.read = ranges.count
        // A check of RecordFiles that each record passes alone (duplicate id…) is redone by RecordRules;
        // should those find nothing, the file is refused with this error.
        if parsed.problems.isEmpty { parsed.unexplained = whole }
    }

    /// The dotted path of the failing field inside the record.
    static func field(of error: DecodingError) -> String? {
        var path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: return nil
        }
        let dotted = JSONLocator.dottedPath(path)
        return dotted.isEmpty ? nil : dotted
    }

    static func message(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "le champ obligatoire « \(key.stringValue) » manque"
        case .typeMismatch(let type, _): return "\(jsonName(type)) attendu"
        case .valueNotFound(let type, _): return "\(jsonName(type)) attendu, trouvé null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "l'enregistrement est illisible (un nombre hors limites, ou une fraction là où un entier est attendu ?)" : context.debugDescription
        @unknown default: return String(describing: error)
        }
    }

    private static func jsonName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "String": return "un texte"
        case "Double", "Float": return "un nombre"
        case "Bool": return "true ou false"
        default:
            if name.hasPrefix("Int") { return "un nombre entier" }
            if name.hasPrefix("Array") { return "un tableau" }
            if name.hasPrefix("Dictionary") { return "un objet" }
            return name
        }
    }
}
