import Dispatch
public import Foundation
public import MatchCore

/// The candidate index saved next to the store (`apparier.sqlite.index`), so that a command or the service
/// maps it instead of rebuilding it from every candidate (seconds at 500,000 candidates).
///
/// The file: a first line `APPARIER-INDEX`, the length of a JSON header (8 bytes, little-endian), the
/// header, then the index's bytes (``CandidateIndex``'s own layout). The header records the layout
/// version, the store's candidate generation (``Store/generation()``), the models, the reference date and
/// the SHA-256 of the index's bytes. A snapshot is used only when all of them match and the bytes decode
/// to a whole index; anything else (stale, truncated, altered, another layout) is reported and rebuilt,
/// never trusted. It is written to a temporary file and renamed, so a reader never sees half a file; an
/// erasure deletes it (it holds the candidates' vectors) until the next one is written.
///
///     let url = IndexSnapshot.url(forStore: "apparier.sqlite")
///     try IndexSnapshot.write(index, generation: 42, model: model, to: url)
///     switch IndexSnapshot.read(from: url, generation: 42, model: model, referenceDate: day) { … }
public enum IndexSnapshot {
    static let magic = Array("APPARIER-INDEX\n".utf8)

    /// What the header says.
    public struct Header: Codable, Sendable, Hashable {
        public var layout: Int
        public var generation: Int64
        public var embedding: String
        public var policy: String
        public var referenceDate: String
        public var candidates: Int
        public var bytes: Int
        public var sha256: String
    }

    /// Why a snapshot was not used.
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        case missing
        case stale(String)
        case corrupt(String)

        public var description: String {
            switch self {
            case .missing: "pas d'instantané"
            case .stale(let why): "instantané périmé (\(why))"
            case .corrupt(let why): "instantané abîmé (\(why))"
            }
        }
    }

    /// The snapshot file of the store at `path`.
    public static func url(forStore path: String) -> URL { URL(fileURLWithPath: path + ".index") }

    /// Writes `index` (made at the store's `generation` by `model`) to `url`, atomically.
    public static func write(_ index: CandidateIndex, generation: Int64, model: MatchModel, to url: URL) throws {
        let payload = try index.encoded()
        let header = Header(layout: CandidateIndex.layoutVersion, generation: generation, embedding: model.embedding.version,
                            policy: model.policy.version, referenceDate: index.referenceDate.description,
                            candidates: index.count, bytes: payload.count,
                            sha256: payload.withUnsafeBytes { Fingerprint.hex(of: $0) })
        let json = try JSONEncoder().encode(header)
        var file = Data(magic)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(contentsOf: [UInt8](repeating: 0, count: (8 - file.count % 8) % 8))
        file.append(contentsOf: payload)
        let temporary = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try file.write(to: temporary)
            // rename(2) replaces the old snapshot atomically (FileManager's replaceItemAt needs one to exist).
            guard rename(temporary.path, url.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw MatchError(.store, file: url.lastPathComponent, message: "impossible d'écrire l'instantané de l'index : \(error.localizedDescription)")
        }
    }

    /// The index in `url` if it is whole and was made at `generation` by `model` for `referenceDate`.
    public static func read(from url: URL, generation: Int64, model: MatchModel,
                            referenceDate: Day) -> Result<CandidateIndex, Refusal> {
        guard FileManager.default.fileExists(atPath: url.path) else { return .failure(.missing) }
        guard let file = try? Data(contentsOf: url, options: .alwaysMapped) else { return .failure(.corrupt("illisible")) }
        return file.withUnsafeBytes { bytes -> Result<CandidateIndex, Refusal> in
            guard bytes.count >= magic.count + 8, bytes.prefix(magic.count).elementsEqual(magic) else {
                return .failure(.corrupt("ce n'est pas un instantané d'index"))
            }
            let length = Int(bytes.loadUnaligned(fromByteOffset: magic.count, as: UInt64.self).littleEndian)
            let start = magic.count + 8
            guard length > 0, length <= bytes.count - start,
                  let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[start..<(start + length)])) else {
                return .failure(.corrupt("en-tête illisible"))
            }
            let payloadStart = (start + length + 7) / 8 * 8
            if let why = staleness(header, generation: generation, model: model, referenceDate: referenceDate) {
                return .failure(.stale(why))
            }
            guard bytes.count - payloadStart == header.bytes else { return .failure(.corrupt("\(bytes.count - payloadStart) octets d'index, l'en-tête en annonce \(header.bytes)")) }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[payloadStart...])
            guard Fingerprint.hex(of: payload) == header.sha256 else { return .failure(.corrupt("somme de contrôle fausse")) }
            guard let index = try? CandidateIndex(decoding: payload), index.count == header.candidates else {
                return .failure(.corrupt("les octets ne forment pas un index entier"))
            }
            return .success(index)
        }
    }

    private static func staleness(_ h: Header, generation: Int64, model: MatchModel, referenceDate: Day) -> String? {
        if h.layout != CandidateIndex.layoutVersion { return "format \(h.layout), cette version lit le \(CandidateIndex.layoutVersion)" }
        if h.generation != generation { return "fait à la génération \(h.generation), le magasin en est à la \(generation)" }
        if h.embedding != model.embedding.version { return "plongement \(h.embedding), le modèle utilise \(model.embedding.version)" }
        if h.policy != model.policy.version { return "politique \(h.policy), le modèle utilise \(model.policy.version)" }
        if h.referenceDate != referenceDate.description { return "jour de référence \(h.referenceDate), demandé \(referenceDate)" }
        return nil
    }
}

extension Store {
    /// Where the index of the store's candidates came from.
    public enum IndexOrigin: Sendable, Hashable {
        /// Read from the snapshot.
        case snapshot
        /// Built from the store's candidates, for the reason given (the snapshot then written anew).
        case rebuilt(IndexSnapshot.Refusal)
    }

    /// The index of the store's candidates for `referenceDate`: from the snapshot when it is whole and
    /// current, else built from the stored candidates and their vectors and saved as the new snapshot (a
    /// store in memory has no snapshot). Also returns the generation it stands for.
    ///
    ///     let (index, origin, generation) = try store.candidateIndex(model: model, referenceDate: day)
    public func candidateIndex(model: MatchModel, referenceDate: Day) throws -> (CandidateIndex, IndexOrigin, Int64) {
        let generation = try self.generation()
        let url = path.map(IndexSnapshot.url(forStore:))
        let refusal: IndexSnapshot.Refusal
        if let url {
            switch IndexSnapshot.read(from: url, generation: generation, model: model, referenceDate: referenceDate) {
            case .success(let index): return (index, .snapshot, generation)
            case .failure(let why): refusal = why
            }
        } else {
            refusal = .missing
        }
        let (index, built) = try rebuiltIndex(model: model, referenceDate: referenceDate)
        try saveSnapshot(index, generation: built, model: model)
        return (index, .rebuilt(refusal), built)
    }

    /// Writes `index`, which stands for the store's candidates at `generation`, as the store's snapshot
    /// (nothing for a store in memory).
    public func saveSnapshot(_ index: CandidateIndex, generation: Int64, model: MatchModel) throws {
        guard let path else { return }
        try IndexSnapshot.write(index, generation: generation, model: model, to: IndexSnapshot.url(forStore: path))
    }

    /// The index built from the stored candidates, and the generation read with them (one read transaction).
    public func rebuiltIndex(model: MatchModel, referenceDate: Day) throws -> (CandidateIndex, Int64) {
        let pool = try candidatePool(model: model)
        let index = try model.index(of: pool.candidates, referenceDate: referenceDate, profiles: pool.profiles)
        return (index, pool.generation)
    }

    /// Deletes the snapshot (an erasure: it holds the erased candidate's row). Unlinking a file of hundreds of
    /// megabytes takes tens of milliseconds: `inBackground`, the file is first renamed out of the way (at
    /// once: no reader finds it any more), then unlinked on another thread.
    func removeSnapshot(inBackground: Bool) {
        guard let path else { return }
        let url = IndexSnapshot.url(forStore: path)
        guard inBackground else { try? FileManager.default.removeItem(at: url); return }
        let doomed = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).erased-\(UUID().uuidString)")
        guard rename(url.path, doomed.path) == 0 else { return }
        DispatchQueue.global(qos: .utility).async { try? FileManager.default.removeItem(at: doomed) }
    }

    /// Deletes snapshots left renamed by an erasure that a crash interrupted.
    public func removeErasedSnapshots() {
        guard let path else { return }
        let url = IndexSnapshot.url(forStore: path), folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).erased-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(at: folder.appending(path: name))
        }
    }
}
