import Foundation
import MatchData

/// Progress on standard error, as a bar redrawn in place, on a terminal only: a log or a pipe gets none,
/// and standard output stays clean either way.
package final class ProgressDisplay: @unchecked Sendable {
    /// The phase ``update(_:_:)`` reports.
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastPhase = ""
    private var lastDraw = ContinuousClock.now
    private let width = 30

    /// A display whose ``update(_:_:)`` reports under `label` (``show(_:done:total:)`` names its own phase).
    package init(label: String = "") { self.label = label }

    /// ``show(_:done:total:)`` under the display's label: the shape of the engine's progress callbacks.
    package func update(_ done: Int, _ total: Int) { show(label, done: done, total: total) }

    package func show(_ phase: String, done: Int, total: Int) {
        guard isTerminal else { return }
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let now = ContinuousClock.now
        guard phase != lastPhase || done == total || now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        if phase != lastPhase, !lastPhase.isEmpty { write("\n") }
        lastPhase = phase
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let name = phase.count < 10 ? phase.padding(toLength: 10, withPad: " ", startingAt: 0) : phase   // never cut a file's name
        write("\r\(name) \(bar) \(String(format: "%3.0f", fraction * 100)) %  \(French.count(done))/\(French.count(total))")
    }

    package func finish() {
        if isTerminal, !lastPhase.isEmpty { write("\n") }
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
