public import Foundation
public import MatchCore

/// Reads and writes the files of `models/`: the skill embedding (binary) and the scoring policy (JSON).
///
/// Embedding file layout: the 8 bytes `APPEMB1\n`, a little-endian UInt32 header length, a JSON
/// header (`version`, `dimension`, `romeVersion`, `itemCodes`, `ficheCodes`), then the item vectors
/// and the fiche vectors as little-endian float16, row-major. float16 halves the file; the vectors
/// are unit-norm, so its 3 significant digits are plenty for ranking.
///
///     let embedding = try ModelStore.loadEmbedding(at: root.appending(path: "models/skill-embedding-v1.bin"))
public enum ModelStore {
    public static let embeddingFileName = "skill-embedding-v1.bin"
    public static let policyFileName = "policy-v5.json"
    static let magic = Array("APPEMB1\n".utf8)

    struct Header: Codable {
        var version: String
        var dimension: Int
        var romeVersion: String
        var itemCodes: [String]
        var ficheCodes: [String]
    }

    public static func saveEmbedding(_ e: SkillEmbedding, romeVersion: String, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // same vectors, same bytes
        let header = try encoder.encode(Header(version: e.version, dimension: e.dimension, romeVersion: romeVersion,
                                                     itemCodes: e.itemCodes, ficheCodes: e.ficheCodes))
        var data = Data(magic)
        withUnsafeBytes(of: UInt32(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(header)
        for v in e.itemVectors + e.ficheVectors {
            withUnsafeBytes(of: Float16(v).bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        try data.write(to: url, options: .atomic)
    }

    public static func loadEmbedding(at url: URL) throws -> SkillEmbedding {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MatchError(.unreadableFile, file: url.path, line: nil, field: nil, message: "impossible de lire le plongement des compétences : \(error.localizedDescription)")
        }
        func corrupt(_ why: String) -> MatchError {
            MatchError(.invalidModel, file: url.path, message: "fichier de plongement des compétences invalide : \(why) ; reconstruisez-le avec `apparier model build`")
        }
        guard data.count > 12, Array(data.prefix(8)) == magic else { throw corrupt("bad magic") }
        let headerLength = Int(data.subdata(in: 8..<12).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) })
        guard data.count >= 12 + headerLength else { throw corrupt("truncated header") }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: data.subdata(in: 12..<(12 + headerLength))) } catch {
            throw corrupt("unreadable header")
        }
        let floats = (header.itemCodes.count + header.ficheCodes.count) * header.dimension
        let payload = 12 + headerLength
        guard header.dimension > 0, data.count == payload + floats * 2 else { throw corrupt("payload size mismatch") }
        var values = [Float](repeating: 0, count: floats)
        data.withUnsafeBytes { raw in
            for i in 0..<floats {
                let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: payload + 2 * i, as: UInt16.self))
                values[i] = Float(Float16(bitPattern: bits))
            }
        }
        let split = header.itemCodes.count * header.dimension
        return SkillEmbedding(version: header.version, dimension: header.dimension, itemCodes: header.itemCodes,
                              itemVectors: Array(values[..<split]), ficheCodes: header.ficheCodes,
                              ficheVectors: Array(values[split...]))
    }

    public static func loadPolicy(at url: URL) throws -> ScoringPolicy {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MatchError(.unreadableFile, file: url.path, line: nil, field: nil, message: "impossible de lire la politique de notation : \(error.localizedDescription)")
        }
        let policy: ScoringPolicy
        do { policy = try JSONDecoder().decode(ScoringPolicy.self, from: data) } catch let error as DecodingError {
            throw MatchError(.invalidRecord, file: url.path, line: nil, field: error.fieldPath, message: "politique de notation invalide : \(error.summary)")
        }
        do { try policy.validate() } catch {
            throw MatchError(.invalidRecord, file: url.path, line: nil, field: nil, message: "\(error)")
        }
        return policy
    }

    public static func savePolicy(_ policy: ScoringPolicy, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(policy).write(to: url, options: .atomic)
    }
}

extension DecodingError {
    /// The dotted field path of the error (`resultats[3].lieuTravail.latitude`).
    package var fieldPath: String? {
        let path: [any CodingKey]
        switch self {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: return nil
        }
        return path.isEmpty ? nil : path.reduce("") { acc, key in
            if let i = key.intValue { return acc + "[\(i)]" }
            return acc.isEmpty ? key.stringValue : acc + "." + key.stringValue
        }
    }

    package var summary: String {
        switch self {
        case .keyNotFound: return "missing field"
        case .typeMismatch(let type, let c): return "expected \(type): \(c.debugDescription)"
        case .valueNotFound(let type, _): return "expected \(type), found null"
        case .dataCorrupted(let c): return c.debugDescription
        @unknown default: return "\(self)"
        }
    }
}
