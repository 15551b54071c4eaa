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

    /// The strings of a JSON array in `bytes`, escapes allowed, or nil when `bytes` are not one (with
    /// surrounding whitespace). The store keeps a candidate's lists of codes in this form.
    ///
    ///     CandidateJSONDecoder.strings(in: bytes)   // ["N1103", "N1105"]
    public static func strings(in bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        whole(bytes) { $0.array { $0.unescapedString() } }
    }

    private static func whole<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ read: (inout JSONByteCursor) -> T?) -> T? {
        var cursor = JSONByteCursor(bytes)
        guard let value = read(&cursor) else { return nil }
        cursor.skipSpace()
        return cursor.atEnd ? value : nil
    }
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
