public import Foundation
import Crypto
import MatchData

/// SHA-256 fingerprints: of each imported file (`fileImport.sha256`), of the store's content, of an index
/// snapshot. A thin wrapper over swift-crypto (BoringSSL's SHA-256, with the CPU's SHA instructions
/// where it has them), so that the store names one hash in one place.
///
///     Fingerprint.hex(of: Data("abc".utf8))
///     // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
public struct Fingerprint {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// The lower-case hexadecimal SHA-256 of `data`.
    public static func hex(of data: Data) -> String {
        var f = Fingerprint()
        f.update(data)
        return hex(f.finalize())
    }

    /// The lower-case hexadecimal SHA-256 of `bytes`.
    public static func hex(of bytes: UnsafeRawBufferPointer) -> String {
        var f = Fingerprint()
        f.update(bytes)
        return hex(f.finalize())
    }

    /// The lower-case hexadecimal SHA-256 of a file's bytes, whose pages are given back as they are read
    /// when the file is mapped (``MappedPages``): an import's file does not stay resident for its digest.
    ///
    ///     let file = try Data(contentsOf: url, options: .alwaysMapped)
    ///     Fingerprint.hex(releasing: file) == Fingerprint.hex(of: file)   // true
    public static func hex(releasing data: Data) -> String {
        let pages = MappedPages(data)
        var f = Fingerprint()
        data.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: MappedPages.stride) {
                let end = min(raw.count, start + MappedPages.stride)
                f.update(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                pages.release(raw, from: start, upTo: end)
            }
        }
        return hex(f.finalize())
    }

    /// Adds `data` to the message.
    public mutating func update(_ data: Data) { hasher.update(data: data) }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    /// The 32-byte digest.
    public mutating func finalize() -> [UInt8] { Array(hasher.finalize()) }

    /// Lower-case hexadecimal digits of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
