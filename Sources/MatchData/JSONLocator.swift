public import Foundation

/// Finds where a value sits in a JSON document, as a 1-based line and column.
///
/// Why hand-written: `JSONDecoder` says *which* value failed only as a coding path
/// (`resultats[3].lieuTravail.latitude`), never as a line, and on Linux it reports a syntax error as
/// "The given data was not valid JSON." with no position at all. Foundation has no JSON parser that keeps
/// positions, and a person fixing a 5,000-line file needs `file:line`. This scanner walks the raw UTF-8
/// bytes along a coding path, skipping the values it does not need (strings with escapes, nested arrays
/// and objects) without building them, so finding a record is one pass over the bytes before it. It is
/// used only after a decode or a validation has failed, so it never slows down a good import.
///
/// It never traps on bad input: every byte access is bounds-checked, nesting is tracked on the heap (no
/// recursion), and malformed input gives `nil`.
///
///     let json = Data("{\n  \"a\": [1, {\"b\": \"x\"}]\n}".utf8)
///     let locator = JSONLocator(json)
///     locator.position(of: [JSONLocator.Key("a"), JSONLocator.Key(1), JSONLocator.Key("b")])?.line   // 2
public struct JSONLocator: Sendable {
    /// A place in the document: 1-based `line` and `column` (in characters), and the 0-based byte `offset`.
    public struct Position: Hashable, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var offset: Int

        public init(line: Int, column: Int, offset: Int) {
            self.line = line; self.column = column; self.offset = offset
        }

        public var description: String { "\(line):\(column)" }
    }

    /// The first place where the document stops being JSON (RFC 8259), and why.
    public struct SyntaxError: Hashable, Sendable, CustomStringConvertible {
        public var position: Position
        public var message: String

        public var description: String { "\(position): \(message)" }
    }

    /// A coding-path component: an object member name or an array index.
    ///
    ///     [JSONLocator.Key("resultats"), JSONLocator.Key(3), JSONLocator.Key("id")]
    public struct Key: CodingKey, Hashable, Sendable {
        public var stringValue: String
        public var intValue: Int?

        public init(_ name: String) { stringValue = name; intValue = nil }
        public init(_ index: Int) { stringValue = "Index \(index)"; intValue = index }
        public init?(stringValue: String) { self.init(stringValue) }
        public init?(intValue: Int) { self.init(intValue) }
    }

    /// The document's bytes, copied once so that offsets are 0-based whatever `Data` slice was given.
    let bytes: [UInt8]
    /// Where the document starts: 3 when it begins with a UTF-8 byte order mark, else 0.
    let start: Int

    /// Wraps `data`, which should be UTF-8 JSON. A UTF-8 byte order mark is skipped.
    public init(_ data: Data) {
        bytes = [UInt8](data)
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    // MARK: Public API

    /// Where the value at `path` starts. When a member or index along the path does not exist, the position
    /// of the object or array that lacks it (so a missing field points at its record). Nil when the
    /// document is malformed on the way there.
    ///
    /// Object members are matched by `stringValue`, array elements by `intValue`, whatever the key type:
    /// pass a `DecodingError` context's `codingPath` as is. When a member appears twice, the first one is
    /// used, as `JSONDecoder` does.
    ///
    ///     locator.position(of: error.context.codingPath)?.line
    ///
    /// - Complexity: O(*n*) in the bytes before the value.
    public func position(of path: [any CodingKey]) -> Position? {
        walk(path).map { position(atOffset: $0.offset) }
    }

    /// Line and column of a byte offset (clamped to the document). A line ends at LF, CRLF or a lone CR.
    ///
    ///     JSONLocator(Data("[\r\n 1]".utf8)).position(atOffset: 3)   // 2:2
    public func position(atOffset offset: Int) -> Position {
        let end = min(max(offset, 0), bytes.count)
        let (line, lineStart) = JSONLocator.line(of: end, in: bytes)
        var column = 1
        var j = max(lineStart, start)
        while j < end {
            if bytes[j] & 0xC0 != 0x80 { column += 1 }   // count characters, not UTF-8 continuation bytes
            j += 1
        }
        return Position(line: line, column: column, offset: end)
    }

    /// The first syntax error in the document, or nil when it is well-formed JSON. Checks the grammar,
    /// string escapes (including `\u` surrogate pairs), control characters and UTF-8 inside strings,
    /// and number syntax.
    ///
    ///     JSONLocator(Data("{\n\"a\": tru}".utf8)).firstSyntaxError()?.position.line   // 2
    ///
    /// - Complexity: O(*n*).
    public func firstSyntaxError() -> SyntaxError? {
        var validator = Validator(bytes: bytes, start: start)
        guard let failure = validator.run() else { return nil }
        return SyntaxError(position: position(atOffset: failure.offset), message: failure.message)
    }

    /// `resultats[3].lieuTravail.latitude` for a coding path: members joined by dots, indices in brackets.
    ///
    ///     JSONLocator.dottedPath([JSONLocator.Key("a"), JSONLocator.Key(2), JSONLocator.Key("b")])   // "a[2].b"
    public static func dottedPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }

    /// Parses a dotted path (`competences[2].code`) back into keys. Nil for an unbalanced bracket or a
    /// bracket that does not hold a number.
    ///
    ///     JSONLocator.keys(fromDottedPath: "a[2].b")   // [Key("a"), Key(2), Key("b")]
    public static func keys(fromDottedPath path: String) -> [Key]? {
        var keys: [Key] = []
        var name = ""
        var rest = Substring(path)
        func flushName() {
            if !name.isEmpty { keys.append(Key(name)) }
            name = ""
        }
        while let ch = rest.first {
            rest = rest.dropFirst()
            switch ch {
            case ".":
                flushName()
            case "[":
                flushName()
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]), index >= 0 else { return nil }
                keys.append(Key(index))
                rest = rest[rest.index(after: close)...]
            default:
                name.append(ch)
            }
        }
        flushName()
        return keys
    }

    // MARK: Internal helpers (used by RecordFiles)

    /// The top-level value's first byte (`[`, `{`, …), or nil for an empty document.
    var topLevelByte: UInt8? {
        let i = skipWhitespace(start)
        return i < bytes.count ? bytes[i] : nil
    }

    /// The byte range of the value at `path`, or nil when the path does not lead to a value.
    func valueRange(at path: [any CodingKey]) -> Range<Int>? {
        guard let found = walk(path), found.depth == path.count, let end = skipValue(found.offset) else { return nil }
        return found.offset..<end
    }

    /// The byte range of each element of the array at `path`, or nil when there is no array there or it is
    /// malformed.
    func elementRanges(ofArrayAt path: [any CodingKey]) -> [Range<Int>]? {
        guard let found = walk(path), found.depth == path.count, found.offset < bytes.count,
              bytes[found.offset] == Byte.openBracket else { return nil }
        var ranges: [Range<Int>] = []
        var i = skipWhitespace(found.offset + 1)
        guard i < bytes.count else { return nil }
        if bytes[i] == Byte.closeBracket { return ranges }
        while true {
            guard let end = skipValue(i) else { return nil }
            ranges.append(i..<end)
            i = skipWhitespace(end)
            guard i < bytes.count else { return nil }
            if bytes[i] == Byte.closeBracket { return ranges }
            guard bytes[i] == Byte.comma else { return nil }
            i = skipWhitespace(i + 1)
            if i < bytes.count, bytes[i] == Byte.closeBracket { return ranges }   // a trailing comma
        }
    }

    /// The coding path of the innermost value that contains byte `offset`.
    func path(toOffset offset: Int) -> [Key] {
        var path: [Key] = []
        var i = skipWhitespace(start)
        while i < bytes.count, let child = child(containing: offset, inContainerAt: i) {
            path.append(child.key)
            i = child.offset
        }
        return path
    }

    /// The byte ranges of the number tokens in `range` (outside strings).
    func numberRanges(in range: Range<Int>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = max(range.lowerBound, 0)
        let end = min(range.upperBound, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == Byte.quote {
                i = min(skipString(i) ?? end, end)
            } else if b == Byte.minus || Byte.isDigit(b) {
                var j = i + 1
                while j < end, Byte.isNumberPart(bytes[j]) { j += 1 }
                ranges.append(i..<j)
                i = j
            } else {
                i += 1
            }
        }
        return ranges
    }

    /// A short description of the value at `offset`, for messages: `un texte ("50.6")`, `null`, `un objet`.
    func describeValue(at offset: Int) -> String {
        guard offset >= 0, offset < bytes.count else { return "rien" }
        switch bytes[offset] {
        case Byte.openBrace: return "un objet"
        case Byte.openBracket: return "un tableau"
        case Byte.quote: return "un texte (\(excerpt(offset)))"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "un booléen (\(excerpt(offset)))"
        case UInt8(ascii: "n"): return "null"
        default: return "un nombre (\(excerpt(offset)))"
        }
    }

    /// The raw text of the scalar at `offset`, cut to 40 characters.
    func excerpt(_ offset: Int) -> String {
        guard let end = skipValue(offset), end > offset else { return "" }
        let text = String(decoding: bytes[offset..<end], as: UTF8.self)
        return text.count > 40 ? String(text.prefix(39)) + "…" : text
    }

    // MARK: Walking

    /// Follows `path` from the top-level value, or from the value at `origin`. Returns the offset of the
    /// deepest value reached and how many keys were followed (`depth < path.count` when a key is missing),
    /// or nil for malformed input.
    func walk(_ path: [any CodingKey], from origin: Int? = nil) -> (offset: Int, depth: Int)? {
        var i = skipWhitespace(max(origin ?? start, 0))
        guard i < bytes.count else { return nil }
        for (depth, key) in path.enumerated() {
            let lookup: Lookup
            switch bytes[i] {
            case Byte.openBrace: lookup = member(named: key.stringValue, inObjectAt: i)
            case Byte.openBracket: lookup = key.intValue.map { element($0, inArrayAt: i) } ?? .missing
            default: lookup = .missing
            }
            switch lookup {
            case .found(let offset): i = offset
            case .missing: return (i, depth)
            case .malformed: return nil
            }
        }
        return (i, path.count)
    }

    private enum Lookup { case found(Int), missing, malformed }

    /// Finds member `name` in the object whose `{` is at `i`.
    private func member(named name: String, inObjectAt i: Int) -> Lookup {
        let wanted = Array(name.utf8)
        var j = skipWhitespace(i + 1)
        guard j < bytes.count else { return .malformed }
        if bytes[j] == Byte.closeBrace { return .missing }
        while true {
            guard j < bytes.count, bytes[j] == Byte.quote, let keyEnd = skipString(j) else { return .malformed }
            let matches = keyMatches(j + 1..<keyEnd - 1, wanted: wanted, name: name)
            j = skipWhitespace(keyEnd)
            guard j < bytes.count, bytes[j] == Byte.colon else { return .malformed }
            j = skipWhitespace(j + 1)
            guard j < bytes.count else { return .malformed }
            if matches { return .found(j) }
            guard let valueEnd = skipValue(j) else { return .malformed }
            j = skipWhitespace(valueEnd)
            guard j < bytes.count else { return .malformed }
            if bytes[j] == Byte.closeBrace { return .missing }
            guard bytes[j] == Byte.comma else { return .malformed }
            j = skipWhitespace(j + 1)
            if j < bytes.count, bytes[j] == Byte.closeBrace { return .missing }   // a trailing comma, which JSONDecoder accepts
        }
    }

    /// Finds element `index` in the array whose `[` is at `i`.
    private func element(_ index: Int, inArrayAt i: Int) -> Lookup {
        guard index >= 0 else { return .missing }
        var j = skipWhitespace(i + 1)
        guard j < bytes.count else { return .malformed }
        if bytes[j] == Byte.closeBracket { return .missing }
        var current = 0
        while true {
            guard j < bytes.count else { return .malformed }
            if current == index { return .found(j) }
            guard let valueEnd = skipValue(j) else { return .malformed }
            j = skipWhitespace(valueEnd)
            guard j < bytes.count else { return .malformed }
            if bytes[j] == Byte.closeBracket { return .missing }
            guard bytes[j] == Byte.comma else { return .malformed }
            j = skipWhitespace(j + 1)
            if j < bytes.count, bytes[j] == Byte.closeBracket { return .missing }   // a trailing comma
            current += 1
        }
    }

    /// The member or element of the container at `i` whose value contains `offset`, if any.
    private func child(containing offset: Int, inContainerAt i: Int) -> (key: Key, offset: Int)? {
        let isObject = bytes[i] == Byte.openBrace
        guard isObject || bytes[i] == Byte.openBracket else { return nil }
        let close = isObject ? Byte.closeBrace : Byte.closeBracket
        var j = skipWhitespace(i + 1)
        var index = 0
        while j < bytes.count, bytes[j] != close {
            var key = Key(index)
            if isObject {
                guard bytes[j] == Byte.quote, let keyEnd = skipString(j) else { return nil }
                key = Key(decodedString(j + 1..<keyEnd - 1))
                j = skipWhitespace(keyEnd)
                guard j < bytes.count, bytes[j] == Byte.colon else { return nil }
                j = skipWhitespace(j + 1)
            }
            guard j < bytes.count, let valueEnd = skipValue(j) else { return nil }
            if offset < j { return nil }
            if offset < valueEnd { return (key, j) }
            j = skipWhitespace(valueEnd)
            guard j < bytes.count, bytes[j] == Byte.comma else { return nil }
            j = skipWhitespace(j + 1)
            index += 1
        }
        return nil
    }

    // MARK: Skipping

    private func skipWhitespace(_ i: Int) -> Int {
        var j = i
        while j < bytes.count, Byte.isWhitespace(bytes[j]) { j += 1 }
        return j
    }

    /// The offset just after the string whose opening quote is at `i`.
    private func skipString(_ i: Int) -> Int? {
        bytes.withUnsafeBufferPointer { JSONLocator.skipString(in: $0, from: i) }
    }

    /// The string skipper on a buffer: the hot loop of every lookup, kept free of array overhead.
    private static func skipString(in buffer: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        var j = i + 1
        while j < buffer.count {
            switch buffer[j] {
            case Byte.quote: return j + 1
            case Byte.backslash: j += 2
            default: j += 1
            }
        }
        return nil
    }

    /// The offset just after the value starting at `i`. Containers are skipped by matching brackets on a
    /// heap stack, so deep nesting cannot overflow the call stack.
    func skipValue(_ i: Int) -> Int? {
        guard i >= 0, i < bytes.count else { return nil }
        switch bytes[i] {
        case Byte.quote:
            return skipString(i)
        case Byte.openBrace, Byte.openBracket:
            return skipContainer(i)
        default:
            var j = i
            while j < bytes.count, !Byte.endsScalar(bytes[j]) { j += 1 }
            return j > i ? j : nil
        }
    }

    private func skipContainer(_ i: Int) -> Int? {
        bytes.withUnsafeBufferPointer { JSONLocator.skipContainer(in: $0, from: i) }
    }

    /// Skips a container by matching brackets. The open containers are a stack of bits (1 = object) in a
    /// word, spilling to an array past 64 levels.
    private static func skipContainer(in buffer: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        var depth = 0
        var bits: UInt64 = 0
        var deeper: [Bool] = []
        var j = i
        while j < buffer.count {
            let b = buffer[j]
            switch b {
            case Byte.quote:
                guard let end = skipString(in: buffer, from: j) else { return nil }
                j = end
                continue
            case Byte.openBrace, Byte.openBracket:
                if depth < 64 { bits = bits << 1 | (b == Byte.openBrace ? 1 : 0) } else { deeper.append(b == Byte.openBrace) }
                depth += 1
            case Byte.closeBrace, Byte.closeBracket:
                guard depth > 0 else { return nil }
                let openedObject: Bool
                if depth > 64 {
                    openedObject = deeper.removeLast()
                } else {
                    openedObject = bits & 1 == 1
                    bits >>= 1
                }
                guard openedObject == (b == Byte.closeBrace) else { return nil }
                depth -= 1
                if depth == 0 { return j + 1 }
            default:
                break
            }
            j += 1
        }
        return nil
    }

    // MARK: Strings

    /// Whether the raw (still escaped) key bytes in `range` spell `name`.
    private func keyMatches(_ range: Range<Int>, wanted: [UInt8], name: String) -> Bool {
        if range.count == wanted.count, bytes[range].elementsEqual(wanted) { return true }
        // Only escapes or non-ASCII text can still make a match (`\u00e9` for `é`, or another normalisation).
        guard bytes[range].contains(where: { $0 == Byte.backslash || $0 >= 0x80 }) else { return false }
        return decodedString(range) == name
    }

    /// The text of a string's contents with escapes resolved. Bad escapes become U+FFFD.
    func decodedString(_ range: Range<Int>) -> String {
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flushRaw() {
            if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars) }
            raw.removeAll(keepingCapacity: true)
        }
        var i = max(range.lowerBound, 0)
        let end = min(range.upperBound, bytes.count)
        while i < end {
            let b = bytes[i]
            guard b == Byte.backslash, i + 1 < end else { raw.append(b); i += 1; continue }
            flushRaw()
            let escaped = bytes[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                let (scalar, next) = unicodeEscape(at: i - 2, end: end)
                scalars.append(scalar)
                i = next
            default: scalars.append(Unicode.Scalar(escaped))   // \" \\ \/ (anything else is invalid JSON)
            }
        }
        flushRaw()
        return String(scalars)
    }

    /// Reads `\uXXXX` at `i` (the backslash), joining a surrogate pair. Returns the scalar and the offset after it.
    private func unicodeEscape(at i: Int, end: Int) -> (Unicode.Scalar, Int) {
        let replacement: Unicode.Scalar = "\u{FFFD}"
        guard let high = hexQuad(at: i + 2, end: end) else { return (replacement, min(i + 2, end)) }
        if (0xD800...0xDBFF).contains(high), i + 12 <= end, bytes[i + 6] == Byte.backslash,
           bytes[i + 7] == UInt8(ascii: "u"), let low = hexQuad(at: i + 8, end: end), (0xDC00...0xDFFF).contains(low) {
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            return (Unicode.Scalar(value) ?? replacement, i + 12)
        }
        return (Unicode.Scalar(high) ?? replacement, i + 6)
    }

    /// The value of 4 hex digits at `i`, or nil.
    func hexQuad(at i: Int, end: Int) -> UInt32? {
        guard i >= 0, i + 4 <= min(end, bytes.count) else { return nil }
        var value: UInt32 = 0
        for b in bytes[i..<i + 4] {
            guard let digit = Byte.hexValue(b) else { return nil }
            value = value << 4 | digit
        }
        return value
    }
}

// MARK: - Line table

extension JSONLocator {
    /// The offset where each line starts (the first is 0), for answering many line queries by binary search.
    func lineStarts() -> [Int] {
        bytes.withUnsafeBufferPointer { buffer in
            var starts = [0]
            var i = 0
            while i < buffer.count {
                let b = buffer[i]
                if b == Byte.newline || (b == Byte.carriageReturn && (i + 1 >= buffer.count || buffer[i + 1] != Byte.newline)) {
                    starts.append(i + 1)
                }
                i += 1
            }
            return starts
        }
    }

    /// The 1-based line of `offset` given the table from ``lineStarts()``.
    static func line(of offset: Int, lineStarts: [Int]) -> Int {
        var low = 0, high = lineStarts.count   // count of starts <= offset, found by bisection
        while low < high {
            let mid = (low + high) / 2
            if lineStarts[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        return max(low, 1)
    }
}

// MARK: - Bytes

extension JSONLocator {
    /// The ASCII bytes JSON's grammar uses.
    enum Byte {
        static let quote = UInt8(ascii: "\"")
        static let backslash = UInt8(ascii: "\\")
        static let openBrace = UInt8(ascii: "{")
        static let closeBrace = UInt8(ascii: "}")
        static let openBracket = UInt8(ascii: "[")
        static let closeBracket = UInt8(ascii: "]")
        static let comma = UInt8(ascii: ",")
        static let colon = UInt8(ascii: ":")
        static let minus = UInt8(ascii: "-")
        static let newline = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")

        static func isWhitespace(_ b: UInt8) -> Bool {
            b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
        }

        static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

        static func isNumberPart(_ b: UInt8) -> Bool {
            isDigit(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                || b == UInt8(ascii: "+") || b == minus
        }

        /// Whether `b` ends a number or literal.
        static func endsScalar(_ b: UInt8) -> Bool {
            isWhitespace(b) || b == comma || b == closeBrace || b == closeBracket || b == colon
                || b == quote || b == openBrace || b == openBracket
        }

        static func hexValue(_ b: UInt8) -> UInt32? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
    }
}
