import MatchCore
import Testing

@Suite("Parallel helpers against their sequential reference")
struct ParallelTests {
    @Test("parallelUpdate changes each element once, in place, as a sequential map would",
          arguments: [0, 1, 2, 3, 1_001], [1, 2, 4])
    func update(count: Int, workers: Int) {
        let original = (0..<count).map { "élément \($0)" }
        var updated = original
        parallelUpdate(&updated, workers: workers) { $0 += " vu" }
        #expect(updated == original.map { $0 + " vu" })
        #expect(parallelMap(count, workers: workers) { original[$0] + " vu" } == updated)
    }
}
