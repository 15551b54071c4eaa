import Foundation
import MatchData

/// Lists of codes stored as JSON arrays of strings in one column (`["N1103","N1105"]`), written and
/// read without Foundation's JSON coders (hundreds of thousands of rows per import or load).
///
///     JSONList.encode(["B", "CACES R489 3"])            // ["B","CACES R489 3"]
///     JSONList.decode(#"["B","CACES R489 3"]"#)         // ["B", "CACES R489 3"]
enum JSONList {
    static func encode(_ items: [String]) -> String {
        guard !items.isEmpty else { return "[]" }
        var bytes = [UInt8]()
        bytes.reserveCapacity(items.count * 10 + 2)
        bytes.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(item, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `s` as a JSON string (quoted, escaped when it must be).
    static func appendString(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        if needsEscaping(s) { bytes += escape(s).utf8 } else { bytes += s.utf8 }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func needsEscaping(_ s: String) -> Bool {
        s.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    private static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// The strings of a JSON array written by ``encode(_:)`` (any JSON array of strings), read by the
    /// import's byte reader (``CandidateJSONDecoder/strings(in:)``), or nil when the bytes are not one: a
    /// damaged row is an error, never an empty list. An empty column is an empty list.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        if let items = CandidateJSONDecoder.strings(in: bytes) { return items }
        return bytes.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } ? [] : nil
    }

    static func decode(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }
}
