import Foundation
import MatchCore

// The measuring pieces every benchmark of Apparier shares: order statistics of timings, the process's
// peak memory, a sink the optimiser cannot remove, durations in milliseconds.

/// Median, 95th percentile, minimum and maximum of timings (milliseconds unless said otherwise).
struct Stats: Codable {
    var median: Double, p95: Double, min: Double, max: Double
    init(_ values: [Double]) {
        let s = values.sorted()
        func at(_ q: Double) -> Double { s.isEmpty ? 0 : s[Swift.min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))] }
        median = at(0.5); p95 = at(0.95); min = s.first ?? 0; max = s.last ?? 0
    }
}

/// Keeps `x` alive and opaque, so that the optimiser cannot remove the work that made it.
@inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

/// The process's peak resident memory so far, in bytes (`getrusage`).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

extension Duration {
    /// The duration in milliseconds, as a floating-point number.
    var milliseconds: Double { seconds * 1_000 }
}
