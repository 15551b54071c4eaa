import Foundation
import Testing

@Suite("apparier bench curves")
struct BenchCurvesCLITests {
    /// A tiny run writes the files docs/benchmarks.md embeds, one row per size, and a projection that is
    /// the least-squares line through the rows it wrote.
    @Test("bench curves writes curves.csv, batch.csv, curves.json and an SVG chart; the projection is the least-squares line of the CSV")
    func curves() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["bench", "curves", "--sizes", "1000,2000,4000", "--cohorts", "200,400", "--batch-offers", "60",
                                  "--queries", "10", "--out", "courbes"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("BLAS:"), "the BLAS is printed: \(result.stderr)")
        let folder = cli.workingDirectory.appending(path: "courbes")
        let csv = try String(contentsOf: folder.appending(path: "curves.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = try #require(rows.first)
        #expect(rows.dropFirst().map { $0[0] } == ["1000", "2000", "4000"], "\(csv)")
        let batch = try String(contentsOf: folder.appending(path: "batch.csv"), encoding: .utf8)
        let batchRows = batch.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(batchRows.dropFirst().map { $0[0] } == ["200", "400"], "\(batch)")
        // The shipped policy gives the affinity no weight: the batch without product is timed beside the multiplied one.
        #expect(batchRows.first?.last == "without_product_total_s")
        #expect(batchRows.dropFirst().allSatisfy { (Double($0.last ?? "") ?? 0) > 0 }, "\(batch)")

        // The projection of the index's bytes to 6 million, recomputed from the CSV with a plain fit.
        let column = try #require(header.firstIndex(of: "index_bytes"))
        let points = rows.dropFirst().map { (x: Double($0[0])!, y: Double($0[column])!) }
        let mx = points.map(\.x).reduce(0, +) / 3, my = points.map(\.y).reduce(0, +) / 3
        let slope = points.map { ($0.x - mx) * ($0.y - my) }.reduce(0, +) / points.map { ($0.x - mx) * ($0.x - mx) }.reduce(0, +)
        let expected = my + slope * (6_000_000 - mx)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appending(path: "curves.json"))) as? [String: Any])
        let projection = try #require(json["projection"] as? [String: Double])
        let projected = try #require(projection["indexBytes"])
        #expect(abs(projected - expected) <= 1e-6 * expected, "\(projected) vs \(expected)")
        #expect(projected > points.last!.y, "an index of 6 million is larger than one of 4,000")
        // Timings at these tiny sizes are noise, and so are their slopes: only their presence is checked.
        #expect(Set(projection.keys).isSuperset(of: ["batchScoringSeconds", "shortlistMedianMs", "shortlistP95Ms", "indexBuildSeconds", "snapshotLoadSeconds"]))

        let svg = try String(contentsOf: folder.appending(path: "curves.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("</svg>"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 10, "ten series over four panels (the batch with and without product): \(svg.prefix(300))")
        #expect(svg.contains("Présélection") && svg.contains("Mémoire"), "French labels")
    }
}
