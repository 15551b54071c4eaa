import Foundation
import MatchCore

/// A position in a buffer of JSON text, with readers for the shapes the record formats use. Each reader
/// returns nil (or false) instead of throwing: a record this cursor cannot read goes to `JSONDecoder`.
struct JSONByteCursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { i == bytes.count }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// Consumes `byte` after any whitespace.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// Consumes `literal` (`true`, `null`…) after any whitespace.
    private mutating func take(literal: StaticString) -> Bool {
        skipSpace()
        let n = literal.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        for k in 0..<n where bytes[i + k] != literal.utf8Start[k] { return false }
        i += n
        return true
    }

    /// Consumes `null` if it comes next.
    mutating func null() -> Bool { take(literal: "null") }

    /// A string without escapes or control characters, valid UTF-8.
    mutating func string() -> String? {
        guard let span = stringSpan(), !span.escaped else { return nil }
        return Self.text(span.text, ascii: span.ascii)
    }

    /// A string, its escapes undone (by `JSONDecoder`: escapes are rare in stored codes).
    mutating func unescapedString() -> String? {
        guard let span = stringSpan() else { return nil }
        guard span.escaped else { return Self.text(span.text, ascii: span.ascii) }
        return try? JSONDecoder().decode(String.self, from: Data([UInt8(ascii: "\"")] + span.text + [UInt8(ascii: "\"")]))
    }

    /// The text of a span without escapes: ASCII needs no validation (and most of a file is ASCII: ids,
    /// codes, dates).
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    /// An integer written as JSON digits only (no fraction, no exponent), of at most 18 digits.
    mutating func int() -> Int? {
        skipSpace()
        let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let start = i
        var value = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            value = value * 10 + Int(bytes[i] - 0x30)
            i += 1
        }
        let digits = i - start
        guard digits > 0, digits <= 18, !(digits > 1 && bytes[start] == 0x30) else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            return nil
        }
        return negative ? -value : value
    }

    /// A number in JSON's grammar, converted as Swift converts its text (correctly rounded).
    mutating func double() -> Double? {
        skipSpace()
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard let first = digitRun(), first.count == 1 || bytes[first.lowerBound] != 0x30 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digitRun() != nil else { return nil }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digitRun() != nil else { return nil }
        }
        // `1e400` is JSON but no Double: JSONDecoder refuses it, so it is left to JSONDecoder.
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
    }

    /// Skips any JSON value — what `JSONDecoder` ignores, such as the members of France Travail's offers that
    /// the format does not read (`description`, `entreprise`, `salaire`…) — checking its grammar as it goes:
    /// false when it is not well-formed JSON (strings must be valid UTF-8 with valid escapes), or nested
    /// deeper than `depth`.
    mutating func skipValue(depth: Int = 32) -> Bool {
        skipSpace()
        guard i < bytes.count, depth > 0 else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""): return skipString()
        case UInt8(ascii: "{"): return object { cursor, _ in cursor.skipValue(depth: depth - 1) }
        case UInt8(ascii: "["): return array { $0.skipValue(depth: depth - 1) ? () : nil } != nil
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool() != nil
        case UInt8(ascii: "n"): return null()
        default: return double() != nil
        }
    }

    /// The four hex digits at `start` as a UTF-16 unit.
    private func hexUnit(at start: Int) -> UInt16? {
        guard start + 4 <= bytes.count else { return nil }
        var unit: UInt16 = 0
        for b in bytes[start..<(start + 4)] {
            switch b {
            case 0x30...0x39: unit = unit << 4 | UInt16(b - 0x30)
            case 0x41...0x46: unit = unit << 4 | UInt16(b - 0x41 + 10)
            case 0x61...0x66: unit = unit << 4 | UInt16(b - 0x61 + 10)
            default: return nil
            }
        }
        return unit
    }

    /// Skips a string, escapes included.
    private mutating func skipString() -> Bool {
        guard let span = stringSpan() else { return false }
        return span.ascii || String(validating: span.text, as: UTF8.self) != nil
    }

    /// The string that comes next, between its quotes as written (escapes not undone), whether it holds
    /// escapes and whether it is all ASCII; nil when it is not a well-formed JSON string: unterminated, a
    /// control character, a bad escape or a lone surrogate (which JSONDecoder refuses).
    private mutating func stringSpan() -> (text: UnsafeBufferPointer<UInt8>, escaped: Bool, ascii: Bool)? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        var escaped = false, ascii = true
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                defer { i += 1 }
                return (UnsafeBufferPointer(rebasing: bytes[start..<i]), escaped, ascii)
            }
            if b < 0x20 { return nil }
            if b == UInt8(ascii: "\\") {
                guard skipEscape() else { return nil }
                escaped = true
                continue
            }
            ascii = ascii && b < 0x80
            i += 1
        }
        return nil
    }

    /// Consumes the escape at `i` (a backslash): false when it is not one JSON allows.
    private mutating func skipEscape() -> Bool {
        guard i + 1 < bytes.count else { return false }
        switch bytes[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            i += 2
            return true
        case UInt8(ascii: "u"):
            guard let unit = hexUnit(at: i + 2) else { return false }
            i += 6
            // A surrogate must be a high one followed by a low one.
            guard (0xD800...0xDFFF).contains(unit) else { return true }
            guard unit < 0xDC00, i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                  let low = hexUnit(at: i + 2), (0xDC00...0xDFFF).contains(low) else { return false }
            i += 6
            return true
        default:
            return false
        }
    }

    private mutating func digitRun() -> Range<Int>? {
        let start = i
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        return i > start ? start..<i : nil
    }

    mutating func bool() -> Bool? {
        if take(literal: "true") { return true }
        if take(literal: "false") { return false }
        return nil
    }

    /// The byte ranges of a file's records: the elements of its top-level array, or of the array under
    /// `rootKey` when the top level is an object (whose other members are skipped). Nil when the text does
    /// not have that shape or is not well-formed JSON. A UTF-8 byte order mark is skipped.
    /// `passed` is told, after each record, the offset the reading has reached (to give back the pages
    /// read, ``MappedPages``).
    mutating func recordRanges(rootKey: String, passed: (Int) -> Void = { _ in }) -> [Range<Int>]? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        skipSpace()
        guard i < bytes.count else { return nil }
        var found: [Range<Int>]?
        if bytes[i] == UInt8(ascii: "[") {
            found = elementRanges(passed: passed)
        } else {
            let read = object { cursor, key in
                guard key == rootKey else { return cursor.skipValue(depth: Self.maximumDepth) }
                found = cursor.elementRanges(passed: passed)
                return found != nil
            }
            guard read else { return nil }
        }
        skipSpace()
        return atEnd ? found : nil
    }

    /// As deep as `JSONDecoder` reads.
    private static let maximumDepth = 512

    private mutating func elementRanges(passed: (Int) -> Void) -> [Range<Int>]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var ranges = [Range<Int>]()
        if take(UInt8(ascii: "]")) { return ranges }
        repeat {
            skipSpace()
            let start = i
            guard skipValue(depth: Self.maximumDepth) else { return nil }
            ranges.append(start..<i)
            passed(i)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? ranges : nil
    }

    /// The members of an object, each handed to `member` with its key; false when the object is
    /// malformed, a key repeats among those `member` reads, or `member` returns false.
    mutating func object(_ member: (inout JSONByteCursor, String) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        var seen = [String]()   // a few keys: a list costs less than a set
        seen.reserveCapacity(24)
        repeat {
            guard let key = string(), !seen.contains(key), take(UInt8(ascii: ":")), member(&self, key) else { return false }
            seen.append(key)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// The elements of an array, each read by `element`; nil when malformed or an element is refused.
    mutating func array<T>(_ element: (inout JSONByteCursor) -> T?) -> [T]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var out = [T]()
        if take(UInt8(ascii: "]")) { return out }
        repeat {
            guard let value = element(&self) else { return nil }
            out.append(value)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? out : nil
    }

    /// An optional member: `null` gives nil (as `decodeIfPresent` does); `read` must succeed otherwise.
    mutating func optional<T>(_ read: (inout JSONByteCursor) -> T?) -> T?? {
        if null() { return .some(nil) }
        return read(&self).map { .some($0) }
    }

    /// Reads an optional member into `field`: `null` leaves `fallback`.
    mutating func set<T>(_ field: inout T, default fallback: T, _ read: (inout JSONByteCursor) -> T?) -> Bool {
        guard let value = optional(read) else { return false }
        field = value ?? fallback
        return true
    }

    /// Reads an optional member into `field`: `null` gives nil.
    mutating func set<T>(_ field: inout T?, _ read: (inout JSONByteCursor) -> T?) -> Bool {
        guard let value = optional(read) else { return false }
        field = value
        return true
    }

    mutating func strings() -> [String]? { array { $0.string() } }

    mutating func day() -> Day? { string().flatMap(Day.init) }
}
