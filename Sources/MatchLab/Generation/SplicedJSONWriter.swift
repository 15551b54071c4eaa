import Foundation
import MatchCore
import MatchData

/// Writes one JSON array of records, encoded chunk by chunk, so that the file is byte for byte what
/// encoding every record at once would give (`RecordFiles.encodeCandidates(all)`), without holding all
/// the records or the whole text in memory.
///
/// Each chunk is encoded on its own by the same encoder (pretty-printed, sorted keys): the text of its
/// records sits between the line that opens the array and the line that closes it, at the same
/// indentation as in a whole-file encoding. The writer keeps the opening and closing lines of the first
/// chunk and joins the chunks' records with `,\n`, as the encoder does between elements.
///
///     var writer = try SplicedJSONWriter(url: out, emptyDocument: RecordFiles.encodeCandidates([]))
///     try writer.append(RecordFiles.encodeCandidates(chunk))
///     try writer.finish()
struct SplicedJSONWriter {
    let url: URL
    private let temporary: URL
    private let handle: FileHandle
    private let emptyDocument: Data
    private var tail: Data?
    private(set) var bytesWritten = 0

    /// Starts writing to a temporary file next to `url`; ``finish()`` moves it into place.
    /// `emptyDocument` is written when no chunk had a record.
    init(url: URL, emptyDocument: Data) throws {
        self.url = url
        self.emptyDocument = emptyDocument
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw MatchError(.invalidRecord, file: temporary.path, message: "cannot create the file")
        }
        do { handle = try FileHandle(forWritingTo: temporary) } catch {
            throw MatchError(.invalidRecord, file: temporary.path, message: "cannot open the file for writing: \(error.localizedDescription)")
        }
    }

    /// Appends the records of one encoded chunk (an empty array is skipped).
    mutating func append(_ chunk: Data) throws {
        guard let parts = SplicedJSONWriter.split(chunk) else { return }
        if tail != nil {
            try write(Data(",\n".utf8))
        } else {
            try write(parts.head)
            tail = parts.tail
        }
        try write(parts.body)
    }

    /// Closes the array, syncs and moves the file into place.
    mutating func finish() throws {
        try write(tail ?? emptyDocument)
        do {
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            throw MatchError(.invalidRecord, file: url.path, message: "cannot finish writing the file: \(error.localizedDescription)")
        }
    }

    /// Removes the temporary file after a failure.
    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }

    private mutating func write(_ data: Data) throws {
        do { try handle.write(contentsOf: data) } catch {
            throw MatchError(.invalidRecord, file: temporary.path, message: "cannot write: \(error.localizedDescription)")
        }
        bytesWritten += data.count
    }

    /// `head` up to and including the newline after the first `[`, `body` the records, `tail` from the
    /// newline before the last `]`; nil for an array without records.
    static func split(_ data: Data) -> (head: Data, body: Data, tail: Data)? {
        let bytes = [UInt8](data)
        guard let open = bytes.firstIndex(of: UInt8(ascii: "[")),
              let close = bytes.lastIndex(of: UInt8(ascii: "]")), open < close,
              let afterOpen = bytes[open...].firstIndex(of: UInt8(ascii: "\n")), afterOpen < close,
              let beforeClose = bytes[..<close].lastIndex(of: UInt8(ascii: "\n")), beforeClose > afterOpen + 1
        else { return nil }
        return (Data(bytes[...afterOpen]), Data(bytes[(afterOpen + 1)..<beforeClose]), Data(bytes[beforeClose...]))
    }
}
