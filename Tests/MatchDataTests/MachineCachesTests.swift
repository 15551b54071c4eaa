import Foundation
@testable import MatchData
import Testing

@Suite("The machine's caches")
struct MachineCachesTests {
    /// A folder shaped like Linux's `/sys/devices/system/cpu/cpu0/cache`.
    private func folder(_ caches: [(level: Int, type: String, size: String)]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appending(path: "apparier-cache-\(UUID().uuidString)")
        for (i, cache) in caches.enumerated() {
            let dir = root.appending(path: "index\(i)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try "\(cache.level)\n".write(to: dir.appending(path: "level"), atomically: true, encoding: .utf8)
            try "\(cache.type)\n".write(to: dir.appending(path: "type"), atomically: true, encoding: .utf8)
            try "\(cache.size)\n".write(to: dir.appending(path: "size"), atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test("The last level is the highest level listed, instruction caches aside; sizes in K, M or bytes")
    func lastLevel() throws {
        let root = try folder([(1, "Data", "32K"), (1, "Instruction", "64K"), (2, "Unified", "512K"), (3, "Unified", "8192K")])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(MachineCaches.fromSysfs(root) == 8 << 20)
        let noL3 = try folder([(1, "Data", "48K"), (2, "Unified", "2M"), (4, "Instruction", "1M")])
        defer { try? FileManager.default.removeItem(at: noL3) }
        #expect(MachineCaches.fromSysfs(noL3) == 2 << 20)
        #expect(MachineCaches.parseSize("1536") == 1536 && MachineCaches.parseSize("x") == nil && MachineCaches.parseSize("") == nil)
        #expect(MachineCaches.fromSysfs(root.appending(path: "absent")) == nil)
    }
}
