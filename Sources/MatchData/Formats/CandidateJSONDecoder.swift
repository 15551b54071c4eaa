public import MatchCore

/// Reads one candidate record (a JSON object, docs/formats.md) straight from the file's bytes.
///
/// Written by hand because it is the hot part of a large import: Foundation's `JSONDecoder` reads the
/// 500,000 candidates of a regional file at about 10 MB/s per core, more than half of the import's time.
/// It accepts a strict subset of what `Candidate.init(from:)` accepts — the members of the format, strings
/// without escapes, plain integers, each member once — and returns nil for anything else (escapes,
/// unknown members, `12.0` for an integer, bad dates, malformed JSON…): the caller then decodes that
/// record with `JSONDecoder`, which either reads it or names its fault. So the fast path never decides
/// what is valid; it only skips the general decoder when the record is plain, and gives the same value
/// (tested against `JSONDecoder` on generated files and on hand-made edge cases).
///
///     let c = bytes.withUnsafeBufferPointer { CandidateJSONDecoder.candidate(in: $0) }   // Candidate?
public enum CandidateJSONDecoder {
    /// The candidate in `bytes` (one JSON object, with surrounding whitespace), or nil when the record is
    /// not plain enough for this reader.
    static func candidate(in bytes: UnsafeBufferPointer<UInt8>) -> Candidate? {
        whole(bytes) { $0.candidate() }
    }

    /// The array of `experiences` members in `bytes`, or nil when it is not plain enough for this reader
    /// (then decode `[Candidate.Experience]` with `JSONDecoder`). The store keeps a candidate's experiences
    /// in this form.
    ///
    ///     CandidateJSONDecoder.experiences(in: bytes)   // [Experience(romeCode: "N1101", months: 60)]
    public static func experiences(in bytes: UnsafeBufferPointer<UInt8>) -> [Candidate.Experience]? {
        whole(bytes) { $0.array { $0.experience() } }
    }

    /// The array of `langues` members in `bytes`, or nil when it is not plain enough for this reader.
    public static func languages(in bytes: UnsafeBufferPointer<UInt8>) -> [Candidate.LanguageSkill]? {
        whole(bytes) { $0.array { $0.language() } }
    }

    private static func whole<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ read: (inout JSONByteCursor) -> T?) -> T? {
        var cursor = JSONByteCursor(bytes)
        guard let value = read(&cursor) else { return nil }
        cursor.skipSpace()
        return cursor.atEnd ? value : nil
    }
}

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
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        var ascii = true
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                defer { i += 1 }
                let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
                // ASCII needs no validation (and most of a file is ASCII: ids, codes, dates).
                return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            ascii = ascii && b < 0x80
            i += 1
        }
        return nil
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
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
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

    mutating func strings() -> [String]? { array { $0.string() } }

    mutating func day() -> Day? { string().flatMap(Day.init) }
}

// MARK: - The candidate format

extension JSONByteCursor {
    /// A whole candidate (docs/formats.md), with `Candidate.init(from:)`'s defaults for absent members.
    mutating func candidate() -> Candidate? {
        var id: String?, commune: String?, mobility: Candidate.Mobility?
        var c = Candidate(id: "", commune: "", mobility: .init(modes: [], maxMinutes: 0))
        let ok = object { cursor, key in
            switch key {
            case "id": id = cursor.string(); return id != nil
            case "commune": commune = cursor.string(); return commune != nil
            case "mobilite": mobility = cursor.mobility(); return mobility != nil
            case "metiersRecherches": return cursor.set(&c.targetRomeCodes, default: []) { $0.strings() }
            case "experiences": return cursor.set(&c.experiences, default: []) { $0.array { $0.experience() } }
            case "competences": return cursor.set(&c.skills, default: []) { $0.strings() }
            case "niveauDiplome": return cursor.set(&c.diplomaLevel, default: 0) { $0.int() }
            case "langues": return cursor.set(&c.languages, default: []) { $0.array { $0.language() } }
            case "permis": return cursor.set(&c.licences, default: []) { $0.strings() }
            case "contrats": return cursor.set(&c.acceptedContracts, default: []) { $0.strings() }
            case "disponibleLe": return cursor.set(&c.availableFrom) { $0.day() }
            case "dateNaissance": return cursor.set(&c.birthDate) { $0.day() }
            case "inscritDepuis": return cursor.set(&c.unemployedSince) { $0.day() }
            case "rqth": return cursor.set(&c.rqth, default: false) { $0.bool() }
            case "rsa": return cursor.set(&c.rsa, default: false) { $0.bool() }
            case "qpv": return cursor.set(&c.qpv, default: false) { $0.bool() }
            case "licenciementEconomique": return cursor.set(&c.economicLayoff, default: false) { $0.bool() }
            case "formation": return cursor.set(&c.training) { $0.training() }
            default: return false
            }
        }
        guard ok, let id, let commune, let mobility else { return nil }
        c.id = id; c.commune = commune; c.mobility = mobility
        return c
    }

    /// Reads an optional member into `field`: `null` leaves `fallback`.
    private mutating func set<T>(_ field: inout T, default fallback: T, _ read: (inout JSONByteCursor) -> T?) -> Bool {
        guard let value = optional(read) else { return false }
        field = value ?? fallback
        return true
    }

    private mutating func set<T>(_ field: inout T?, _ read: (inout JSONByteCursor) -> T?) -> Bool {
        guard let value = optional(read) else { return false }
        field = value
        return true
    }

    private mutating func mobility() -> Candidate.Mobility? {
        var modes: [TransportMode]?, minutes: Int?, radius: Double?
        let ok = object { cursor, key in
            switch key {
            case "modes": modes = cursor.array { $0.string().flatMap(TransportMode.init(rawValue:)) }; return modes != nil
            case "tempsMaxMinutes": minutes = cursor.int(); return minutes != nil
            case "rayonKm": return cursor.set(&radius) { $0.double() }
            default: return false
            }
        }
        guard ok, let modes, let minutes else { return nil }
        return .init(modes: modes, maxMinutes: minutes, radiusKm: radius)
    }

    fileprivate mutating func experience() -> Candidate.Experience? {
        var rome: String?, months: Int?, end: Day?
        let ok = object { cursor, key in
            switch key {
            case "romeCode": rome = cursor.string(); return rome != nil
            case "mois": months = cursor.int(); return months != nil
            case "fin": return cursor.set(&end) { $0.day() }
            default: return false
            }
        }
        guard ok, let rome, let months else { return nil }
        return .init(romeCode: rome, months: months, endDate: end)
    }

    fileprivate mutating func language() -> Candidate.LanguageSkill? {
        var name: String?, level: CEFRLevel?
        let ok = object { cursor, key in
            switch key {
            case "langue": name = cursor.string(); return name != nil
            case "niveau": return cursor.set(&level) { $0.string().flatMap { CEFRLevel(rawValue: $0.uppercased()) } }
            default: return false
            }
        }
        guard ok, let name else { return nil }
        return .init(language: name, level: level)
    }

    private mutating func training() -> Candidate.Training? {
        var rome: String?, end: Day?
        let ok = object { cursor, key in
            switch key {
            case "romeCode": return cursor.set(&rome) { $0.string() }
            case "fin": return cursor.set(&end) { $0.day() }
            default: return false
            }
        }
        return ok ? .init(romeCode: rome, endDate: end) : nil
    }
}
