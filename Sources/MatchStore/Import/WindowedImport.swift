import Foundation
import GRDB
import MatchCore
import MatchData
import Synchronization

/// What an import does to a window of its own records (offers or candidates) before they are written: the
/// checks, and the row values made off the writing thread.
struct WindowSteps<Record, Prepared: Sendable>: Sendable {
    /// Checks a window (moving the refused records to its problems) and returns its warnings; throws what
    /// is not a record's fault (a referential that cannot be loaded).
    var check: @Sendable (inout ParsedFile<Record>) throws -> [ImportProblem]
    /// The row values of the records kept, in their order.
    var prepare: @Sendable ([Record]) -> [Prepared]
}

/// One window of a file read, checked and given its row values, off the writing thread.
struct CheckedWindow<Record, Prepared: Sendable>: @unchecked Sendable {   // `parsed` shares its file's places, which only the reading thread uses
    /// The window, or why it could not be read (a whole-file error is already a refusal of `file`).
    var parsed: Result<ParsedFile<Record>, any Error>
    var warnings: [ImportProblem] = []
    var prepared: [Prepared] = []
    /// Seconds spent reading (`parse`), checking (`check`) and making row values (`prepare`).
    var seconds: [String: Double]

    /// - Parameter refusal: whether the file is refused, this window included; the row values of a refused
    ///   file are not made: nothing of it will be written.
    init(_ k: Int, of windows: RecordWindows<Record>, file: String, steps: WindowSteps<Record, Prepared>, refusal: Refusal) {
        var clock = PhaseClock()
        do {
            // Bound here, not out of a `Result`: changing a bound copy in place would copy every record.
            var window = try clock.time("parse") { try RecordReader.refusing(file) { try windows.read(k) } }
            warnings = try clock.time("check") { try steps.check(&window) }
            if !refusal.refuses(after: window.problems) {
                let records = window.records
                prepared = clock.time("prepare") { steps.prepare(records) }
            }
            parsed = .success(window)
        } catch {
            parsed = .failure(error)
        }
        seconds = clock.seconds
    }
}

/// Whether the file being imported is refused: from the first window holding a refused record, unless
/// skip-invalid keeps the valid ones. The thread that reads the windows asks after each; the later windows
/// are still read and checked, to list every problem, but not given their row values. (Only that thread
/// uses it: the lock makes it `Sendable`.)
final class Refusal: Sendable {
    private let skipInvalid: Bool
    private let refused = Mutex(false)

    init(skipInvalid: Bool) { self.skipInvalid = skipInvalid }

    /// Whether the file is refused, once the window whose `problems` these are is counted.
    func refuses(after problems: [ImportProblem]) -> Bool {
        refused.withLock { refused in
            if !problems.isEmpty, !skipInvalid { refused = true }
            return refused
        }
    }
}

extension Store {
    /// Reads, checks and writes `windows` inside the current transaction: each window is read, checked and
    /// prepared on a background thread (`steps`) while `write` stores the records of the one before, one by
    /// one. Once a record is refused (without `skipInvalid`), the later windows are still read and checked,
    /// to list every problem, but not written, and the file is refused: the caller's transaction rolls
    /// back. Returns `header` completed (records read, problems, warnings, and the SHA-256 `digest` gives)
    /// with the phases' seconds.
    func writeWindows<Record, Prepared: Sendable>(
        _ windows: RecordWindows<Record>, header: ImportHeader, digest: BackgroundDigest?, options: ImportOptions,
        steps: WindowSteps<Record, Prepared>, write: (Record, Prepared) throws -> Void
    ) throws -> (ImportHeader, timings: [String: Double]) {
        var h = header, timings = [String: Double](), written = 0, unexplained: MatchError?
        let estimated = windows.estimatedRecords, step = max(1_000, estimated / 20), file = h.file
        let refusal = Refusal(skipInvalid: options.skipInvalid)
        try ChunkPipeline.run(count: windows.count, produce: { k in
            CheckedWindow(k, of: windows, file: file, steps: steps, refusal: refusal)
        }) { _, window in
            let parsed = try window.parsed.get()
            h.read += parsed.read
            h.rejected += parsed.problems
            h.warnings += window.warnings
            unexplained = unexplained ?? parsed.unexplained
            timings.merge(window.seconds) { $0 + $1 }
            guard h.rejected.isEmpty || options.skipInvalid else { return }   // refused: checked on, not written
            for (record, prepared) in zip(parsed.records, window.prepared) {
                try write(record, prepared)
                written += 1
                if written % step == 0 { options.progress?(ImportProgress(written: written, total: max(written, estimated))) }
            }
        }
        try RecordReader.refuseIfNeeded(problems: h.rejected, unexplained: unexplained, file: h.file,
                                        skipInvalid: options.skipInvalid, importing: true)
        if written % step != 0 || estimated > written { options.progress?(ImportProgress(written: written, total: written)) }
        if let digest {
            var clock = PhaseClock()
            h.source.sha256 = clock.time("read") { digest.value }
            timings.merge(clock.seconds) { $0 + $1 }
        }
        return (h, timings)
    }
}
