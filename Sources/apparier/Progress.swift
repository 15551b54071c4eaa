import Foundation

/// Progress on standard error: a bar redrawn in place on a terminal, a plain line every 10 % otherwise
/// (logs, CI).
final class ProgressReporter: @unchecked Sendable {
    let label: String
    let total: Int
    let interactive = isatty(STDERR_FILENO) != 0
    private var lastDecile = -1
    private let started = Date()

    init(label: String, total: Int) { self.label = label; self.total = max(total, 1) }

    func update(_ done: Int, _ total: Int) {
        let fraction = Double(done) / Double(max(total, 1))
        if interactive {
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data(String(format: "\r%@ [%@] %3.0f%% %d/%d  %.0f s", label, bar, fraction * 100, done, total,
                                                       Date().timeIntervalSince(started)).utf8))
        } else if Int(fraction * 10) > lastDecile {
            lastDecile = Int(fraction * 10)
            FileHandle.standardError.write(Data(String(format: "%@: %3.0f%% (%d/%d) after %.1f s\n", label, fraction * 100, done, total,
                                                       Date().timeIntervalSince(started)).utf8))
        }
    }

    func finish() { if interactive { FileHandle.standardError.write(Data("\n".utf8)) } }
}
