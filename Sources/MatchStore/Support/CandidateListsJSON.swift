import Foundation
import MatchCore
import MatchData

/// A candidate's experiences and languages as stored in their row (`candidate.experiences`,
/// `candidate.langues`): JSON arrays of objects in the candidate file's own format (docs/formats.md),
/// `[{"romeCode":"N1101","mois":60,"fin":"2024-03-31"}]` and `[{"langue":"anglais","niveau":"B2"}]`, so that
/// SQL reads them with `json_each` and a candidate is one row. Written by hand and read with the import's
/// byte reader (``CandidateJSONDecoder``), `JSONDecoder` taking what it cannot read: millions of lists per
/// import or load.
///
///     CandidateListsJSON.encode([Candidate.Experience(romeCode: "N1101", months: 60)])   // [{"romeCode":"N1101","mois":60}]
enum CandidateListsJSON {
    static func encode(_ experiences: [Candidate.Experience]) -> String {
        objects(experiences) { e, bytes in
            bytes += "\"romeCode\":".utf8
            JSONList.appendString(e.romeCode, to: &bytes)
            bytes += ",\"mois\":\(e.months)".utf8
            if let end = e.endDate { bytes += ",\"fin\":\"\(end.iso)\"".utf8 }
        }
    }

    static func encode(_ languages: [Candidate.LanguageSkill]) -> String {
        objects(languages) { l, bytes in
            bytes += "\"langue\":".utf8
            JSONList.appendString(l.language, to: &bytes)
            if let level = l.level { bytes += ",\"niveau\":\"\(level.rawValue)\"".utf8 }
        }
    }

    /// A JSON array of one object per item, whose members `members` appends.
    private static func objects<T>(_ items: [T], _ members: (T, inout [UInt8]) -> Void) -> String {
        guard !items.isEmpty else { return "[]" }
        var bytes = [UInt8]("[".utf8)
        for (i, item) in items.enumerated() {
            bytes += (i == 0 ? "{" : ",{").utf8
            members(item, &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func experiences(_ bytes: UnsafeBufferPointer<UInt8>) -> [Candidate.Experience]? {
        CandidateJSONDecoder.experiences(in: bytes) ?? decoded(bytes)
    }

    static func languages(_ bytes: UnsafeBufferPointer<UInt8>) -> [Candidate.LanguageSkill]? {
        CandidateJSONDecoder.languages(in: bytes) ?? decoded(bytes)
    }

    /// What `JSONDecoder` reads (escaped strings…); an empty list for an empty column; nil when the bytes
    /// are not such a list (a damaged row is an error, never an empty list).
    private static func decoded<T: Decodable>(_ bytes: UnsafeBufferPointer<UInt8>) -> [T]? {
        guard !bytes.isEmpty else { return [] }
        return try? JSONDecoder().decode([T].self, from: Data(buffer: bytes))
    }
}
