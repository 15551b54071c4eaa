import Foundation

// MARK: - Validator

extension JSONLocator {
    /// An iterative RFC 8259 checker: a loop over a small state machine with the open containers on a stack.
    struct Validator {
        let bytes: [UInt8]
        var i: Int

        init(bytes: [UInt8], start: Int) { self.bytes = bytes; i = start }

        struct Failure { var offset: Int; var message: String }

        private enum Expect { case value, key, afterValue }

        mutating func run() -> Failure? {
            var openers: [Int] = []    // offsets of the open `{` and `[`
            var expect = Expect.value
            skipWhitespace()
            if i >= bytes.count { return Failure(offset: i, message: "le document est vide") }
            while true {
                skipWhitespace()
                switch expect {
                case .value:
                    guard i < bytes.count else { return endOfFile(openers, expecting: "une valeur") }
                    switch bytes[i] {
                    case Byte.openBrace, Byte.openBracket:
                        openers.append(i)
                        let isObject = bytes[i] == Byte.openBrace
                        i += 1
                        skipWhitespace()
                        if i < bytes.count, bytes[i] == (isObject ? Byte.closeBrace : Byte.closeBracket) {
                            openers.removeLast()
                            i += 1
                            expect = .afterValue
                        } else {
                            expect = isObject ? .key : .value
                        }
                    case Byte.quote:
                        if let failure = scanString() { return failure }
                        expect = .afterValue
                    case Byte.minus, UInt8(ascii: "0")...UInt8(ascii: "9"):
                        if let failure = scanNumber() { return failure }
                        expect = .afterValue
                    case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                        if let failure = scanLiteral() { return failure }
                        expect = .afterValue
                    default:
                        return unexpected(expecting: "une valeur")
                    }
                case .key:
                    guard i < bytes.count else { return endOfFile(openers, expecting: "un nom de champ") }
                    guard bytes[i] == Byte.quote else { return unexpected(expecting: "un nom de champ entre guillemets droits") }
                    if let failure = scanString() { return failure }
                    skipWhitespace()
                    guard i < bytes.count else { return endOfFile(openers, expecting: "':'") }
                    guard bytes[i] == Byte.colon else { return unexpected(expecting: "':' après le nom du champ") }
                    i += 1
                    expect = .value
                case .afterValue:
                    guard let opener = openers.last else {
                        guard i < bytes.count else { return nil }
                        return Failure(offset: i, message: "\(describeCharacter(at: i)) inattendu après la fin du document")
                    }
                    let isObject = bytes[opener] == Byte.openBrace
                    let closer = isObject ? Byte.closeBrace : Byte.closeBracket
                    let expected = isObject ? "',' ou '}'" : "',' ou ']'"
                    guard i < bytes.count else { return endOfFile(openers, expecting: expected) }
                    if bytes[i] == Byte.comma {
                        i += 1
                        expect = isObject ? .key : .value
                    } else if bytes[i] == closer {
                        openers.removeLast()
                        i += 1
                    } else {
                        return unexpected(expecting: expected)
                    }
                }
            }
        }

        private mutating func skipWhitespace() {
            while i < bytes.count, Byte.isWhitespace(bytes[i]) { i += 1 }
        }

        private func unexpected(expecting what: String) -> Failure {
            Failure(offset: i, message: "attendu : \(what), trouvé \(describeCharacter(at: i))")
        }

        private func endOfFile(_ openers: [Int], expecting what: String) -> Failure {
            var message = "fin de fichier inattendue, attendu : \(what)"
            if let opener = openers.last {
                let kind = bytes[opener] == Byte.openBrace ? "l'objet ouvert" : "le tableau ouvert"
                let line = JSONLocator.line(of: opener, in: bytes).line
                message += " (\(kind) à la ligne \(line) n'est pas fermé)"
            }
            return Failure(offset: i, message: message)
        }

        private func describeCharacter(at offset: Int) -> String {
            guard offset < bytes.count else { return "la fin du fichier" }
            var end = offset + 1
            while end < bytes.count, end < offset + 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
            let text = String(decoding: bytes[offset..<end], as: UTF8.self)
            switch text {
            case "\"": return "'\"'"
            case "'": return "\"'\" (les textes JSON sont entre guillemets droits doubles)"
            default:
                if let scalar = text.unicodeScalars.first, scalar.value < 0x20 {
                    return "le caractère de contrôle U+\(String(scalar.value, radix: 16, uppercase: true))"
                }
                return "'\(text)'"
            }
        }

        /// A string starting at the quote at `i`: escapes, control characters and UTF-8 are checked.
        private mutating func scanString() -> Failure? {
            let opening = i
            i += 1
            while i < bytes.count {
                let b = bytes[i]
                switch b {
                case Byte.quote:
                    i += 1
                    return nil
                case Byte.backslash:
                    if let failure = scanEscape() { return failure }
                case 0..<0x20:
                    return Failure(offset: i, message: "caractère de contrôle U+\(String(b, radix: 16, uppercase: true)) "
                                   + "dans un texte (écrivez-le échappé, comme \\n ou \\t)")
                case 0x80...:
                    guard let length = utf8SequenceLength(at: i) else {
                        return Failure(offset: i, message: "octet UTF-8 invalide 0x\(String(b, radix: 16, uppercase: true)) dans un texte")
                    }
                    i += length
                default:
                    i += 1
                }
            }
            return Failure(offset: opening, message: "ce texte n'est jamais fermé (il manque '\"')")
        }

        private mutating func scanEscape() -> Failure? {
            let backslash = i
            guard i + 1 < bytes.count else { return Failure(offset: i, message: "échappement inachevé à la fin du fichier") }
            let escaped = bytes[i + 1]
            switch escaped {
            case UInt8(ascii: "\""), Byte.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                i += 2
                return nil
            case UInt8(ascii: "u"):
                guard let unit = hexQuad(at: i + 2) else {
                    return Failure(offset: backslash, message: "\\u doit être suivi de 4 chiffres hexadécimaux")
                }
                i += 6
                if (0xDC00...0xDFFF).contains(unit) {
                    return Failure(offset: backslash, message: "demi-code bas \\u\(hex(unit)) sans son demi-code haut dans un texte")
                }
                guard (0xD800...0xDBFF).contains(unit) else { return nil }
                guard i + 1 < bytes.count, bytes[i] == Byte.backslash, bytes[i + 1] == UInt8(ascii: "u"),
                      let low = hexQuad(at: i + 2), (0xDC00...0xDFFF).contains(low) else {
                    return Failure(offset: backslash, message: "demi-code haut \\u\(hex(unit)) sans son demi-code bas dans un texte")
                }
                i += 6
                return nil
            default:
                return Failure(offset: backslash, message: "échappement \\\(describeEscaped(escaped)) invalide dans un texte "
                               + "(permis : \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
            }
        }

        private func describeEscaped(_ b: UInt8) -> String {
            b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "x" + String(b, radix: 16)
        }

        private func hex(_ value: UInt32) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }

        private func hexQuad(at offset: Int) -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for b in bytes[offset..<offset + 4] {
                guard let digit = Byte.hexValue(b) else { return nil }
                value = value << 4 | digit
            }
            return value
        }

        /// Length of the well-formed UTF-8 sequence at `offset` (2–4 bytes), or nil.
        private func utf8SequenceLength(at offset: Int) -> Int? {
            let lead = bytes[offset]
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            case 0xF1...0xF3: length = 4
            default: return nil
            }
            guard offset + length <= bytes.count, secondRange.contains(bytes[offset + 1]) else { return nil }
            for k in 2..<length where bytes[offset + k] & 0xC0 != 0x80 { return nil }
            return length
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        private mutating func scanNumber() -> Failure? {
            let first = i
            if bytes[i] == Byte.minus { i += 1 }
            guard i < bytes.count, Byte.isDigit(bytes[i]) else {
                return Failure(offset: first, message: "'-' doit être suivi d'un chiffre")
            }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
                if i < bytes.count, Byte.isDigit(bytes[i]) {
                    return Failure(offset: first, message: "un nombre ne peut pas commencer par 0 (écrivez les codes entre guillemets, comme des textes)")
                }
            } else {
                skipDigits()
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard i < bytes.count, Byte.isDigit(bytes[i]) else {
                    return Failure(offset: first, message: "un chiffre doit suivre le point décimal")
                }
                skipDigits()
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == Byte.minus { i += 1 }
                guard i < bytes.count, Byte.isDigit(bytes[i]) else {
                    return Failure(offset: first, message: "un chiffre doit suivre l'exposant")
                }
                skipDigits()
            }
            return nil
        }

        private mutating func skipDigits() {
            while i < bytes.count, Byte.isDigit(bytes[i]) { i += 1 }
        }

        private mutating func scanLiteral() -> Failure? {
            for literal in ["true", "false", "null"] {
                let word = Array(literal.utf8)
                if i + word.count <= bytes.count, bytes[i..<i + word.count].elementsEqual(word) {
                    let end = i + word.count
                    if end < bytes.count, !Byte.endsScalar(bytes[end]) { break }
                    i = end
                    return nil
                }
            }
            return Failure(offset: i, message: "une valeur est attendue (true, false et null s'écrivent en minuscules, "
                           + "et les textes entre guillemets droits doubles), trouvé \(describeCharacter(at: i))")
        }
    }

    /// The 1-based line of `offset` and the offset where that line starts. A line ends at LF, CRLF or a lone CR.
    static func line(of offset: Int, in bytes: [UInt8]) -> (line: Int, lineStart: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            var line = 1
            var lineStart = 0
            var i = 0
            let end = min(max(offset, 0), buffer.count)
            while i < end {
                let b = buffer[i]
                if b == Byte.newline || (b == Byte.carriageReturn && (i + 1 >= buffer.count || buffer[i + 1] != Byte.newline)) {
                    line += 1
                    lineStart = i + 1
                }
                i += 1
            }
            return (line, lineStart)
        }
    }
}
