import Foundation
import MatchData

/// The cost curves as one SVG image of four panels: shortlist latency, memory, and index build and load
/// times against the pool size; batch time against the cohort. Written by hand: a few lines and labels, for which no
/// charting package is worth a dependency.
///
///     try Data(CurvesChart(report: report).svg.utf8).write(to: URL(fileURLWithPath: "curves.svg"))
struct CurvesChart {
    let report: CurvesReport

    struct Series { var name: String; var color: String; var points: [(x: Double, y: Double)] }

    static let panelWidth = 250.0, panelHeight = 240.0, margin = 48.0

    var svg: String {
        let pools = report.pools.map { Double($0.candidates) }
        let panels: [(title: String, xLabel: String, yLabel: String, series: [Series])] = [
            ("Présélection (un vivier, tous les cœurs)", "candidats (millions)", "ms", [
                Series(name: "médiane", color: "#1f5fa8", points: zip(pools, report.pools.map(\.shortlistMs.median)).map { ($0 / 1e6, $1) }),
                Series(name: "p95", color: "#d0602a", points: zip(pools, report.pools.map(\.shortlistMs.p95)).map { ($0 / 1e6, $1) }),
            ]),
            ("Mémoire", "candidats (millions)", "Go", [
                Series(name: "index", color: "#1f5fa8", points: zip(pools, report.pools.map { Double($0.indexBytes) / 1e9 }).map { ($0 / 1e6, $1) }),
                Series(name: "processus", color: "#d0602a", points: zip(pools, report.pools.map { Double($0.residentBytes) / 1e9 }).map { ($0 / 1e6, $1) }),
            ]),
            ("Index : construction et chargement", "candidats (millions)", "s", [
                Series(name: "construction", color: "#1f5fa8", points: zip(pools, report.pools.map(\.indexBuildSeconds)).map { ($0 / 1e6, $1) }),
                Series(name: "chargement de l’instantané", color: "#2e8b57", points: zip(pools, report.pools.map(\.snapshotLoadSeconds)).map { ($0 / 1e6, $1) }),
            ]),
            ("Lot face à \(label(Double(report.batches.first?.offers ?? 0))) offres", "cohorte (milliers)", "s", [
                Series(name: "lot avec produit", color: "#1f5fa8", points: report.batches.map { (Double($0.cohort) / 1e3, $0.totalSeconds) }),
                Series(name: "lot sans produit", color: "#7a4fa0", points: report.batches.compactMap { b in
                    b.withoutProductSeconds.map { (Double(b.cohort) / 1e3, $0) } }),
                Series(name: "sgemm", color: "#d0602a", points: report.batches.map { (Double($0.cohort) / 1e3, $0.scoringGemmSeconds) }),
                Series(name: "répartition", color: "#2e8b57", points: report.batches.map { (Double($0.cohort) / 1e3, $0.assignmentSeconds) }),
            ]),
        ]
        let width = Double(panels.count) * (Self.panelWidth + Self.margin) + Self.margin
        let height = Self.panelHeight + 2.5 * Self.margin + 45
        var body = ""
        for (i, p) in panels.enumerated() {
            body += panel(p.title, xLabel: p.xLabel, yLabel: p.yLabel, series: p.series,
                          left: Self.margin + Double(i) * (Self.panelWidth + Self.margin), top: Self.margin)
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Self.margin)" y="20" font-size="13">Apparier : coûts mesurés — \(report.machine.cores) cœurs, \(escape(report.machine.blas.split(separator: " ").prefix(2).joined(separator: " "))), sgemm \(Int(report.machine.sgemmGflops)) GFLOP/s</text>
        \(body)</svg>

        """
    }

    private func panel(_ title: String, xLabel: String, yLabel: String, series: [Series], left: Double, top: Double) -> String {
        let series = series.filter { !$0.points.isEmpty }
        let all = series.flatMap(\.points)
        let maxX = niceCeiling(all.map(\.x).max() ?? 1), maxY = niceCeiling(all.map(\.y).max() ?? 1)
        let w = Self.panelWidth, h = Self.panelHeight
        func px(_ x: Double) -> Double { left + x / maxX * w }
        func py(_ y: Double) -> Double { top + h - y / maxY * h }
        var s = "<g>\n<text x=\"\(r(left))\" y=\"\(r(top - 10))\" font-size=\"12\">\(escape(title))</text>\n"
        s += "<rect x=\"\(r(left))\" y=\"\(r(top))\" width=\"\(r(w))\" height=\"\(r(h))\" fill=\"none\" stroke=\"#999\"/>\n"
        for k in 0...4 {
            let y = maxY * Double(k) / 4, x = maxX * Double(k) / 4
            s += "<line x1=\"\(r(left))\" y1=\"\(r(py(y)))\" x2=\"\(r(left + w))\" y2=\"\(r(py(y)))\" stroke=\"#eee\"/>\n"
            s += "<text x=\"\(r(left - 4))\" y=\"\(r(py(y) + 4))\" text-anchor=\"end\">\(label(y))</text>\n"
            s += "<text x=\"\(r(px(x)))\" y=\"\(r(top + h + 14))\" text-anchor=\"middle\">\(label(x))</text>\n"
        }
        s += "<text x=\"\(r(left + w / 2))\" y=\"\(r(top + h + 30))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text x=\"\(r(left + 4))\" y=\"\(r(top + 12))\">\(escape(yLabel))</text>\n"
        for (i, line) in series.enumerated() {
            let path = line.points.map { "\(r(px($0.x))),\(r(py($0.y)))" }.joined(separator: " ")
            s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\"/>\n"
            for p in line.points { s += "<circle cx=\"\(r(px(p.x)))\" cy=\"\(r(py(p.y)))\" r=\"3\" fill=\"\(line.color)\"/>\n" }
            let legendY = top + h + 48 + Double(i) * 15, legendX = left
            s += "<rect x=\"\(r(legendX))\" y=\"\(r(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(line.color)\"/>"
            s += "<text x=\"\(r(legendX + 14))\" y=\"\(r(legendY))\">\(escape(line.name))</text>\n"
        }
        return s + "</g>\n"
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `x`.
    private func niceCeiling(_ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let power = pow(10, floor(log10(x)))
        return [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= x } ?? 10 * power
    }

    private func label(_ x: Double) -> String {
        x.formatted(.number.precision(.significantDigits(1...6)).locale(French.locale))
    }

    private func r(_ x: Double) -> String { String(format: "%.1f", x) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
