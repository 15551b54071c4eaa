import Foundation

/// One cell of the CSV files Apparier writes (`;`-separated, for Excel and LibreOffice in French).
///
///     CSVCell.field("Dupont; Jean")        // "\"Dupont; Jean\""
///     CSVCell.field("=HYPERLINK(\"x\")")   // "\"'=HYPERLINK(\"\"x\"\")\"" — shown as text, never run
///     CSVCell.field("-1,5")                // "-1,5" — a number stays a number
public enum CSVCell {
    /// `text` quoted when it holds a separator, a quote or a line break; a text that a spreadsheet would
    /// run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, and not a number)
    /// gets a leading apostrophe, as OWASP advises against CSV injection. `neutralising: false` is for the
    /// records export only, whose cells must read back as they were.
    public static func field(_ text: String, neutralising: Bool = true) -> String {
        var s = text
        if neutralising, let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isNumber(s) {
            s = "'" + s
        }
        return s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A whole spreadsheet file: UTF-8 with BOM, `;` between cells, CRLF line ends, every cell through
    /// ``field(_:neutralising:)``.
    ///
    ///     CSVCell.document(header: ["offre", "postes"], rows: [["ARRAS-1", "2"]])   // "\u{FEFF}offre;postes\r\nARRAS-1;2\r\n"
    public static func document(header: [String], rows: [[String]]) -> String {
        "\u{FEFF}" + ([header] + rows).map { $0.map { field($0) }.joined(separator: ";") + "\r\n" }.joined()
    }

    /// A signed decimal number, with a comma or a point: `-1,5`, `+3`, `-0.25`.
    static func isNumber(_ s: String) -> Bool {
        var body = Substring(s)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ",", omittingEmptySubsequences: false).flatMap { $0.split(separator: ".", omittingEmptySubsequences: false) }
        return !body.isEmpty && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
