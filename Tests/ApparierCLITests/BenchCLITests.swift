import Foundation
import Testing

@Suite("apparier bench")
struct BenchCLITests {
    /// A small run prints the one JSON object docs/benchmarks.md describes: the machine and its BLAS, the
    /// data set, median/p95/min per operation, GFLOP/s, memory, the scaling tables and the ratios.
    @Test("--json prints one object with the machine, figures, scaling and ratios")
    func jsonReport() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["bench", "--candidates", "3000", "--queries", "3", "--scaling", "1000",
                                  "--batch-candidates", "600", "--batch-offers", "80", "--batch-scaling", "300", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(result.json as? [String: Any])
        let machine = try #require(report["machine"] as? [String: Any])
        #expect((machine["cores"] as? Int ?? 0) >= 1)
        #expect(!(machine["blas"] as? String ?? "").isEmpty)
        #expect((machine["sgemmGflops"] as? Double ?? 0) > 0)
        let shortlist = try #require(report["shortlist"] as? [String: Any])
        #expect(shortlist["threads"] as? Int == machine["cores"] as? Int)
        #expect(shortlist["mismatches"] as? Int == 0)
        for series in ["blocked", "blockedOneThread", "flat"] {
            let stats = try #require(shortlist[series] as? [String: Double], "\(series)")
            #expect(Set(stats.keys).isSuperset(of: ["median", "p95", "min"]))
            #expect(stats["min"]! <= stats["median"]! && stats["median"]! <= stats["p95"]!, "\(series)")
        }
        #expect((report["scaling"] as? [[String: Any]])?.map { $0["candidates"] as? Int } == [1000, 3000])
        #expect((report["batchScaling"] as? [[String: Any]])?.map { $0["cohort"] as? Int } == [300, 600])
        let batch = try #require(report["batch"] as? [String: Any])
        #expect((batch["scoringGemmGflops"] as? Double ?? 0) > 0)
        // The shipped policy gives the affinity no weight: the batch as `apparier batch` runs it, without
        // product, is timed too and chooses the multiplied batch's proposals.
        let plain = try #require(batch["withoutProduct"] as? [String: Any])
        #expect(plain["sameProposals"] as? Bool == true)
        #expect((plain["totalSeconds"] as? Double ?? 0) > 0)
        let ratios = try #require(report["ratios"] as? [String: Double])
        for key in ["flatOverBlocked", "indexBytesOverVectorBytes", "batchGemmOverMachineSgemm", "batchOverFullGemm",
                    "batchWithoutProductOverFullGemm"] {
            #expect((ratios[key] ?? 0) > 0, "\(key)")
        }
        #expect((report["peakMemoryBytes"] as? Int ?? 0) > 0)
    }
}
