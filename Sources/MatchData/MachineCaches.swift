public import Foundation

/// The CPU caches the operating system reports, for sizing the batch's tiles
/// (``MatchCore/BatchScorer/sized(forLastLevelCache:)``).
///
/// Linux describes each cache of a CPU under `/sys/devices/system/cpu/cpu0/cache/index*` (level, type,
/// size); the last level is the largest level there. Where that folder is missing, glibc's
/// `sysconf(_SC_LEVEL3_CACHE_SIZE)` (from CPUID) is asked instead. In a virtual machine the two can
/// differ: the folder describes what the guest is given.
///
///     MachineCaches.lastLevelBytes()   // 8388608 (an 8 MiB L3), or nil when nothing is reported
public enum MachineCaches {
    /// The size in bytes of the last-level data (or unified) cache of CPU 0, or nil when unknown.
    public static func lastLevelBytes(root: URL = URL(fileURLWithPath: "/sys/devices/system/cpu/cpu0/cache")) -> Int? {
        fromSysfs(root) ?? fromSysconf()
    }

    static func fromSysfs(_ root: URL) -> Int? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return nil }
        let caches = entries.filter { $0.hasPrefix("index") }.compactMap { name -> (level: Int, bytes: Int)? in
            let folder = root.appending(path: name)
            func read(_ file: String) -> String? {
                (try? String(contentsOf: folder.appending(path: file), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard read("type") != "Instruction", let level = read("level").flatMap({ Int($0) }),
                  let bytes = read("size").flatMap(parseSize) else { return nil }
            return (level, bytes)
        }
        return caches.max { ($0.level, $0.bytes) < ($1.level, $1.bytes) }?.bytes
    }

    /// `8192K`, `32M`, `512` (bytes) → bytes.
    static func parseSize(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        guard let last = text.last else { return nil }
        if let unit = units[last] { return Int(text.dropLast()).map { $0 * unit } }
        return Int(text)
    }

    private static func fromSysconf() -> Int? {
        #if os(Linux)
        let bytes = sysconf(Int32(_SC_LEVEL3_CACHE_SIZE))
        return bytes > 0 ? bytes : nil
        #else
        return nil
        #endif
    }
}
