import Foundation

/// The index as bytes and back, for a snapshot file that spares a service or a command the rebuild
/// (MatchStore's `IndexSnapshot` writes, checks and reads the file). The layout is this build's own:
/// a snapshot records ``CandidateIndex/layoutVersion`` and one of another version is rebuilt, not read.
extension CandidateIndex {
    /// The version of ``encoded()``'s layout.
    package static let layoutVersion = 2

    /// The scalar facts, as JSON at the head of the bytes.
    private struct Header: Codable {
        var referenceDate: Day
        var priorityRules: PriorityRules
        var embeddingVersion: String
        var dimension: Int
        var stride: Int
        var romeItemCount: Int
        var inference: InferenceRules?
    }

    /// The index's columns, in one buffer (arrays of numbers as their raw bytes, strings as UTF-8).
    package func encoded() throws -> [UInt8] {
        var out = ByteWriter()
        let header = Header(referenceDate: referenceDate, priorityRules: priorityRules, embeddingVersion: embeddingVersion,
                            dimension: dimension, stride: stride, romeItemCount: items.romeItemCount,
                            inference: inference)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys   // the same index, the same bytes
        out.strings([String(decoding: try encoder.encode(header), as: UTF8.self)])
        out.strings(ids); out.strings(items.codes)
        out.numbers(vectors); out.numbers(idRank); out.numbers(commune); out.numbers(licences); out.numbers(languages)
        out.numbers(contracts); out.numbers(availableFrom); out.numbers(diploma); out.numbers(limitMinutes)
        out.numbers(radiusKm); out.numbers(modes); out.numbers(publics); out.numbers(skillStart); out.numbers(skillItems)
        out.numbers(skillLevels); out.numbers(skillSources)
        out.numbers(ficheStart); out.numbers(ficheIds); out.numbers(ficheMonths)
        return out.bytes
    }

    /// The index ``encoded()`` wrote; throws ``MatchError`` (code ``MatchError/Code/invalidRecord``) for bytes
    /// that do not hold one whole index (the caller rebuilds).
    package init(decoding bytes: UnsafeRawBufferPointer) throws {
        var r = ByteReader(bytes)
        guard let json = try r.strings().first,
              let header = try? JSONDecoder().decode(Header.self, from: Data(json.utf8)) else { throw r.failure("header") }
        referenceDate = header.referenceDate; priorityRules = header.priorityRules
        embeddingVersion = header.embeddingVersion; dimension = header.dimension; stride = header.stride
        inference = header.inference
        ids = try r.strings()
        items = ItemDictionary(codes: try r.strings(), romeItemCount: header.romeItemCount)
        vectors = try r.numbers(); idRank = try r.numbers(); commune = try r.numbers(); licences = try r.numbers()
        languages = try r.numbers(); contracts = try r.numbers(); availableFrom = try r.numbers(); diploma = try r.numbers()
        limitMinutes = try r.numbers(); radiusKm = try r.numbers(); modes = try r.numbers(); publics = try r.numbers()
        skillStart = try r.numbers(); skillItems = try r.numbers(); skillLevels = try r.numbers(); skillSources = try r.numbers()
        ficheStart = try r.numbers(); ficheIds = try r.numbers()
        ficheMonths = try r.numbers()
        let n = ids.count
        let columns = [idRank.count, commune.count, licences.count, languages.count, contracts.count, availableFrom.count,
                       diploma.count, limitMinutes.count, radiusKm.count, modes.count, publics.count]
        guard r.isAtEnd, stride == CandidateIndex.stride(for: dimension), vectors.count == n * stride,
              columns.allSatisfy({ $0 == n }), skillStart.count == n + 1, ficheStart.count == n + 1,
              skillStart.last.map(Int.init) == skillItems.count, skillLevels.count == skillItems.count,
              skillSources.count == skillItems.count, ficheStart.last.map(Int.init) == ficheIds.count,
              ficheMonths.count == ficheIds.count else { throw r.failure("columns") }
        blocks = CandidateIndex.blocks(commune: commune, modes: modes, limits: limitMinutes)
        communeGroups = CandidateIndex.communeGroups(blocks)
    }
}

/// Appends counted arrays to a byte buffer: a UInt64 count, then the elements' bytes, padded to 8 bytes.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func numbers<T: BitwiseCopyable>(_ values: [T]) {
        count(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        pad()
    }

    /// A count, the UTF-8 lengths (UInt32), then the UTF-8 bytes.
    mutating func strings(_ values: [String]) {
        numbers(values.map { UInt32($0.utf8.count) })
        count(values.reduce(0) { $0 + $1.utf8.count })
        for v in values { bytes.append(contentsOf: v.utf8) }
        pad()
    }

    private mutating func count(_ n: Int) { withUnsafeBytes(of: UInt64(n).littleEndian) { bytes.append(contentsOf: $0) } }
    private mutating func pad() { bytes.append(contentsOf: repeatElement(0, count: (8 - bytes.count % 8) % 8)) }
}

/// Reads what ``ByteWriter`` wrote, checking every count against the bytes left.
private struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    func failure(_ part: String) -> MatchError {
        MatchError(.invalidRecord, message: "the index bytes are not a whole index (\(part) at byte \(offset))")
    }

    mutating func count() throws -> Int {
        guard bytes.count - offset >= 8 else { throw failure("count") }
        let n = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
        offset += 8
        guard n <= UInt64(bytes.count) else { throw failure("count") }
        return Int(n)
    }

    mutating func numbers<T: BitwiseCopyable>(_ type: T.Type = T.self) throws -> [T] {
        let n = try count(), size = n * MemoryLayout<T>.stride
        guard bytes.count - offset >= size else { throw failure("array") }
        let values = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + size)]))
            initialized = n
        }
        offset += size
        skipPadding()
        return values
    }

    mutating func strings() throws -> [String] {
        let lengths: [UInt32] = try numbers()
        let total = try count()
        guard bytes.count - offset >= total, lengths.reduce(0, { $0 + Int($1) }) == total else { throw failure("strings") }
        var values = [String]()
        values.reserveCapacity(lengths.count)
        for length in lengths {
            values.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Int(length))]), as: UTF8.self))
            offset += Int(length)
        }
        skipPadding()
        return values
    }

    private mutating func skipPadding() { offset = min(bytes.count, offset + (8 - offset % 8) % 8) }
}
