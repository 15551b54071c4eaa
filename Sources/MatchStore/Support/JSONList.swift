import Foundation

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

    /// The strings of a JSON array written by ``encode(_:)`` (any valid JSON array of strings).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var items = [String](), i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\"") else { i += 1; continue }
            var j = i + 1, escaped = false
            while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                if bytes[j] == UInt8(ascii: "\\") { escaped = true; j += 1 }
                j += 1
            }
            let raw = UnsafeBufferPointer(rebasing: bytes[(i + 1)..<min(j, bytes.count)])
            items.append(escaped ? unescape(raw) : String(decoding: raw, as: UTF8.self))
            i = j + 1
        }
        return items
    }

    static func decode(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        let quoted = "\"" + String(decoding: raw, as: UTF8.self) + "\""
        return (try? JSONDecoder().decode(String.self, from: Data(quoted.utf8))) ?? String(decoding: raw, as: UTF8.self)
    }
}
