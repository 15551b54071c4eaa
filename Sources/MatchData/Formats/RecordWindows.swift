package import Foundation
package import MatchCore

/// A file's records read a window at a time (a few megabytes of the file), so that an import holds a window
/// or two of records, not the whole file: a window is checked and written while the next is read.
///
/// Each window is read on all cores (``CSVRecords``, ``JSONRecords``) and numbers its records in the whole
/// file, so that problems still name the file's lines. A small file is one window.
///
///     let (windows, _) = try RecordReader.candidateWindows(data, file: "candidats.csv", windowBytes: 8 << 20)
///     let ids = IdRegister()
///     for k in 0..<windows.count {
///         var part = try windows.read(k)
///         let warnings = RecordReader.check(&part, model: model, ids: ids)   // ids unique across windows
///         // … write part.records …
///     }
package struct RecordWindows<Record>: Sendable {
    /// How many windows the file is cut into.
    package let count: Int
    private let estimate: @Sendable () -> Int
    private let reader: @Sendable (Int) throws -> ParsedFile<Record>

    init(count: Int, estimatedRecords: @escaping @Sendable () -> Int, reader: @escaping @Sendable (Int) throws -> ParsedFile<Record>) {
        self.count = count; estimate = estimatedRecords; self.reader = reader
    }

    /// A file read as a whole, as one window.
    package init(whole: @escaping @Sendable () throws -> ParsedFile<Record>, estimatedRecords: @escaping @Sendable () -> Int) {
        self.init(count: 1, estimatedRecords: estimatedRecords) { _ in try whole() }
    }

    /// Records already in memory (not read from a file's bytes), as one window numbered at `places`.
    ///
    ///     let windows = RecordWindows(records: offers, places: ListPlaces(rootKey: RecordFiles.offersRootKey))
    package init(records: [Record], places: any RecordPlaces) {
        // `places` is touched by the reader of the current window only, as for a file's windows.
        nonisolated(unsafe) let parsed = ParsedFile(records: records, places: places)
        let count = records.count
        self.init(whole: { parsed }, estimatedRecords: { count })
    }

    /// Records in the file (for CSV, its lines: a quoted field may span several), for a progress bar;
    /// counted when asked, for a file read whole.
    package var estimatedRecords: Int { estimate() }

    /// The records of window `k` (read in order: a CSV file's places are numbered as its windows are read).
    /// Throws a whole-file error (an unclosed quote…) or ``WholeFileNeeded``.
    package func read(_ k: Int) throws -> ParsedFile<Record> { try reader(k) }

    /// A window of a large JSON file holds a record that cannot be decoded: the file must be read as a
    /// whole, which finds each bad record's most precise message (``JSONRecords``). Nothing of it may be kept.
    package struct WholeFileNeeded: Error {}
}

/// The ids met so far in a file, with the index of the record that holds each: an id must be unique in
/// the whole file, whichever window its records are in.
package final class IdRegister: @unchecked Sendable {
    var firstIndex: [String: Int] = [:]

    package init() {}
}
