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

    /// The strings of a JSON array written by ``encode(_:)`` (any JSON array of strings), or nil when the
    /// bytes are not one: a damaged row is an error, never an empty list. An empty column is an empty list.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var items = [String](), i = 0
        func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }
        skipSpace()
        if i == bytes.count { return [] }
        guard bytes[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        skipSpace()
        var closed = i < bytes.count && bytes[i] == UInt8(ascii: "]")
        if closed { i += 1 }
        while !closed {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            var j = i + 1, escaped = false
            while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                if bytes[j] == UInt8(ascii: "\\") { escaped = true; j += 1 }
                j += 1
            }
            guard j < bytes.count else { return nil }
            let raw = UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])
            guard let item = escaped ? unescape(raw) : String(decoding: raw, as: UTF8.self) else { return nil }
            items.append(item)
            i = j + 1
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "]") else { return nil }
            closed = bytes[i] == UInt8(ascii: "]")
            i += 1
            skipSpace()
        }
        skipSpace()
        return i == bytes.count ? items : nil
    }

    static func decode(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        let quoted = "\"" + String(decoding: raw, as: UTF8.self) + "\""
        return try? JSONDecoder().decode(String.self, from: Data(quoted.utf8))
    }
}
