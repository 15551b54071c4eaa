/// A value written in a CSV cell as a JSON or Python literal: France Travail's flat CSV export writes
/// `competences` as `[{'code': '100341', 'libelle': "Procédures d'encaissement", 'exigence': 'S'}]`
/// (Python), a hand-made file may write the same list in JSON.
///
///     let list = try LiteralValue.parse(#"[{"code": "100341", "exigence": "E"}]"#)
///     list.arrayValue?.first?["code"]?.stringValue   // "100341"
package enum LiteralValue: Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([LiteralValue])
    case object([String: LiteralValue])

    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    var arrayValue: [LiteralValue]? { if case .array(let a) = self { a } else { nil } }
    var stringValue: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : String(n)
        default: nil
        }
    }
    subscript(key: String) -> LiteralValue? {
        if case .object(let o) = self { o[key] } else { nil }
    }

    /// Parses one literal; the whole text must be consumed.
    static func parse(_ text: String) throws -> LiteralValue {
        var parser = Parser(chars: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipSpaces()
        guard parser.i == parser.chars.count else { throw parser.error("texte inattendu après la valeur") }
        return value
    }

    /// How deep arrays and objects may nest in one cell: a cell of 30,000 `[` must not exhaust the stack.
    static let maximumDepth = 32

    private struct Parser {
        let chars: [Unicode.Scalar]
        var i = 0
        var depth = 0

        func error(_ message: String) -> SyntaxError {
            SyntaxError(description: "\(message) au caractère \(i + 1)")
        }

        mutating func skipSpaces() {
            while i < chars.count, chars[i].properties.isWhitespace { i += 1 }
        }

        mutating func value() throws -> LiteralValue {
            skipSpaces()
            guard i < chars.count else { throw error("une valeur manque") }
            switch chars[i] {
            case "[", "{":
                depth += 1
                defer { depth -= 1 }
                guard depth <= LiteralValue.maximumDepth else {
                    throw error("listes et objets imbriqués sur plus de \(LiteralValue.maximumDepth) niveaux")
                }
                return chars[i] == "[" ? .array(try sequence(close: "]") { try $0.value() }) : .object(try members())
            case "\"", "'": return .string(try string())
            default: return try word()
            }
        }

        /// Comma-separated items up to `close`; a trailing comma is accepted (Python allows it).
        mutating func sequence<T>(close: Unicode.Scalar, item: (inout Parser) throws -> T) throws -> [T] {
            i += 1
            var items = [T]()
            while true {
                skipSpaces()
                guard i < chars.count else { throw error("« \(close) » manque") }
                if chars[i] == close { i += 1; return items }
                items.append(try item(&self))
                skipSpaces()
                guard i < chars.count else { throw error("« \(close) » manque") }
                if chars[i] == "," { i += 1 } else if chars[i] != close { throw error("« , » ou « \(close) » attendu") }
            }
        }

        mutating func members() throws -> [String: LiteralValue] {
            let pairs = try sequence(close: "}") { p -> (String, LiteralValue) in
                p.skipSpaces()
                guard p.i < p.chars.count, p.chars[p.i] == "\"" || p.chars[p.i] == "'" else { throw p.error("une clé entre guillemets est attendue") }
                let key = try p.string()
                p.skipSpaces()
                guard p.i < p.chars.count, p.chars[p.i] == ":" else { throw p.error("« : » attendu") }
                p.i += 1
                return (key, try p.value())
            }
            var object = [String: LiteralValue]()
            for (key, value) in pairs {
                guard object.updateValue(value, forKey: key) == nil else { throw error("la clé « \(key) » est donnée deux fois") }
            }
            return object
        }

        mutating func string() throws -> String {
            let quote = chars[i]
            i += 1
            var out = String.UnicodeScalarView()
            while i < chars.count {
                let c = chars[i]
                i += 1
                if c == quote { return String(out) }
                guard c == "\\" else { out.append(c); continue }
                guard i < chars.count else { break }
                let e = chars[i]
                i += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "u": out.append(try hex(4))
                case "x": out.append(try hex(2))
                default: out.append(e)   // \\ \' \" \/
                }
            }
            throw error("un texte n'est pas fermé")
        }

        mutating func hex(_ count: Int) throws -> Unicode.Scalar {
            guard i + count <= chars.count, let code = UInt32(String(String.UnicodeScalarView(chars[i..<(i + count)])), radix: 16),
                  let scalar = Unicode.Scalar(code) else { throw error("échappement invalide") }
            i += count
            return scalar
        }

        /// true/True, false/False, null/None, or a number.
        mutating func word() throws -> LiteralValue {
            let start = i
            while i < chars.count, !",]}: \t\n".unicodeScalars.contains(chars[i]) { i += 1 }
            let text = String(String.UnicodeScalarView(chars[start..<i]))
            switch text {
            case "true", "True": return .bool(true)
            case "false", "False": return .bool(false)
            case "null", "None": return .null
            default:
                guard let number = Double(text), number.isFinite else { i = start; throw error("« \(text) » inattendu") }
                return .number(number)
            }
        }
    }
}
