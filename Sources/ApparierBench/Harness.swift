import Foundation
import MatchCore
import MatchData

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

/// The process's resident memory now, in bytes (`/proc/self/statm`; 0 where it does not exist).
func currentResidentBytes() -> Int {
    guard let text = KernelFile.text("/proc/self/statm") else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// The peak resident memory of a part of a run: the kernel's high-water mark (`VmHWM`) is set back to the
/// memory resident now, so that what came before (generating the data) does not count. Linux only.
///
///     let peak = PeakResident.start()
///     try importFile()
///     print(peak?.bytes() ?? 0)
struct PeakResident {
    /// Sets the high-water mark back (`/proc/self/clear_refs`); nil where that cannot be done.
    static func start() -> PeakResident? {
        #if os(Linux)
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return nil }
        defer { try? handle.close() }
        guard (try? handle.write(contentsOf: Data("5".utf8))) != nil else { return nil }
        return PeakResident()
        #else
        return nil
        #endif
    }

    /// The peak resident bytes since ``start()``.
    func bytes() -> Int? {
        guard let status = KernelFile.text("/proc/self/status"),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return kb * 1024
    }
}

extension Duration {
    /// The duration in milliseconds, as a floating-point number.
    var milliseconds: Double { seconds * 1_000 }
}
