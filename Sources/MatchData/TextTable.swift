public import Foundation
public import MatchCore

/// The one table printer of everything Apparier prints as text: each column as wide as its widest cell,
/// numbers aligned right. Nothing is cut, except free text in a column given a `maxWidths` entry (a long
/// job title ends with « … »): ids, codes and numbers are never truncated.
///
///     var table = TextTable(["n°", "offre", "postes"], alignments: [.right, .left, .right])
///     table.append(["1", "ARRAS-BOUL-0001", "2"])
///     print(table.text, terminator: "")
///     // n° offre           postes
///     //  1 ARRAS-BOUL-0001      2
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public let headers: [String]
    public let alignments: [Alignment]
    /// The widest a column's cells may be, by column index (free-text columns only).
    public let maxWidths: [Int: Int]
    /// Whether the first line shows the headers (a two-column « field, value » card has none).
    public let showsHeaders: Bool
    public private(set) var rows: [[String]] = []

    /// A table with these column headers; columns not given an alignment are left-aligned.
    public init(_ headers: [String], alignments: [Alignment] = [], maxWidths: [Int: Int] = [:], showsHeaders: Bool = true) {
        self.headers = headers
        self.alignments = headers.indices.map { $0 < alignments.count ? alignments[$0] : .left }
        self.maxWidths = maxWidths
        self.showsHeaders = showsHeaders
    }

    /// Adds a row; missing cells are empty, extra cells are dropped.
    public mutating func append(_ row: [String]) {
        rows.append(headers.indices.map { column in
            let cell = column < row.count ? row[column] : ""
            guard let limit = maxWidths[column], cell.count > limit, limit > 1 else { return cell }
            return String(cell.prefix(limit - 1)) + "…"
        })
    }

    /// The table, header first, one line per row, each ending with a newline; trailing spaces trimmed.
    public var text: String {
        let all = (showsHeaders ? [headers] : []) + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            let cells = row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return alignments[column] == .right ? padding + row[column] : row[column] + padding
            }
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}

/// French number and date formats for what people read (`FormatStyle` with `fr_FR`): « 1 234,5 »,
/// « 12,3 % », « 17/12/2026 », « 17 déc. 2026 ».
///
///     French.number(1234.5, digits: 1)     // "1 234,5"
///     French.percent(0.123)                // "12,3 %"
///     French.date(Day("2026-12-17")!)      // "17/12/2026"
public enum French {
    public static let locale = Locale(identifier: "fr_FR")

    /// `x` with exactly `digits` decimals, grouped by thousands.
    public static func number(_ x: Double, digits: Int = 0) -> String {
        x.formatted(.number.precision(.fractionLength(digits)).locale(locale))
    }

    /// An integer, grouped by thousands: « 500 000 ».
    public static func count(_ n: Int) -> String { n.formatted(.number.locale(locale)) }

    /// A count and its noun, singular for 0 and 1 as French has it: « 1 offre », « 2 000 offres ».
    ///
    ///     French.count(2000, "offre")                 // "2 000 offres"
    ///     French.count(1, "candidat éligible", "candidats éligibles")
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count(n)) \(abs(n) > 1 ? plural ?? singular + "s" : singular)"
    }

    /// A share in [0, 1] as a percentage with one decimal: « 12,3 % ».
    public static func percent(_ share: Double, digits: Int = 1) -> String {
        share.formatted(.percent.precision(.fractionLength(digits)).locale(locale))
    }

    /// A score on the 0–100 scale people read: 0.8734 → « 87 ». A bonus can push a raw score past 1 (a
    /// targeted public); people read it as 100, as the desk shows it (JSON keeps the raw value).
    public static func score(_ raw: Double) -> String { number(min(max(raw, 0), 1) * 100, digits: 0) }

    /// A day as « 17/12/2026 ».
    public static func date(_ day: Day) -> String {
        let (y, m, d) = day.components
        return String(format: "%02d/%02d/%04d", d, m, y)
    }

    /// A stored day or timestamp (`2026-11-23`, `2026-11-23T14:05:09Z`) as « 23/11/2026 » or
    /// « 23/11/2026 14:05 »; other text unchanged.
    public static func date(_ text: String) -> String {
        guard let day = Day(text) else { return text }
        return date(day) + (text.count > 10 ? " " + text.dropFirst(11).prefix(5) : "")
    }
}
