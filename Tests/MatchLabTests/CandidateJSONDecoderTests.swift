import Foundation
import MatchCore
@testable import MatchData
import MatchLab
import Testing

/// The import's hand-written candidate reader against `JSONDecoder`, the plain reference: the same value
/// for every record it reads, and nil — never a different value — for the records it leaves to `JSONDecoder`.
@Suite("Candidate JSON reader")
struct CandidateJSONDecoderTests {
    private func fast(_ text: String) -> Candidate? {
        Array(text.utf8).withUnsafeBufferPointer { CandidateJSONDecoder.candidate(in: $0) }
    }

    private func reference(_ text: String) -> Candidate? {
        try? JSONDecoder().decode(Candidate.self, from: Data(text.utf8))
    }

    @Test("Every generated candidate (generator v2: ends of experiences, trainings, languages, radii) reads as JSONDecoder reads it")
    func generatedRecords() throws {
        let f = try GeneratorFixtures.load()
        var candidates = f.generator.generate(GeneratorFixtures.options(seed: 3, candidates: 1_500, offers: 100, planted: 4)).candidates
        candidates[0].mobility.radiusKm = 12.5
        candidates[1].training = .init(romeCode: nil, endDate: Day("2026-06-30"))
        candidates[2].languages = [.init(language: "Anglais", level: nil), .init(language: "Néerlandais", level: .c1)]
        candidates[3].experiences.append(.init(romeCode: "N1101", months: 60, endDate: Day("2021-06-30")))
        let data = try RecordFiles.encodeCandidates(candidates)
        let ranges = try #require(JSONElements.recordRanges(in: data, rootKey: RecordFiles.candidatesRootKey))
        #expect(ranges.count == candidates.count)
        for range in ranges {
            let text = String(decoding: data[range], as: UTF8.self)
            let got = try #require(fast(text), "a generated record is plain: \(text.prefix(80))")
            #expect(got == reference(text))
        }
        #expect(candidates.filter { $0.training != nil }.count > 10, "reconversions carry a training")
    }

    @Test("Records it cannot read plainly are left to JSONDecoder (nil), never read differently")
    func leftToTheReference() {
        let base = #"{"id": "C1", "commune": "59350", "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}"#
        let plain = [
            base + "}",
            base + #", "competences": null, "niveauDiplome": 4, "rqth": true, "formation": {"romeCode": null, "fin": "17/12/2026"}}"#,
            base + #", "experiences": [{"romeCode": "N1101", "mois": 60, "fin": "2021-06-30"}], "langues": [{"langue": "Anglais", "niveau": "b2"}]}"#,
            #"{"mobilite": {"rayonKm": 1.5e1, "tempsMaxMinutes": 0, "modes": []}, "commune": "é", "id": "-"}"#,
            base + #", "disponibleLe": "2026-01-02T10:00:00Z"}"#,
        ]
        for text in plain {
            #expect(fast(text) != nil, "plain: \(text)")
            #expect(fast(text) == reference(text), "\(text)")
        }
        let others = [
            base + #", "nom": "Martin"}"#,                                  // a member of no format: JSONDecoder ignores it
            base.replacingOccurrences(of: "C1", with: #"C\u0031"#) + "}",   // an escape
            base + #", "niveauDiplome": 4.0}"#,                             // a fraction where an integer is expected
            base + #", "niveauDiplome": 04}"#,                              // not JSON
            base + #", "id": "C2"}"#,                                       // a member twice
            base + #", "disponibleLe": "2026-02-30"}"#,                     // no such day
            base + #", "langues": [{"langue": "Anglais", "niveau": "B3"}]}"#,
            base.replacingOccurrences(of: "voiture", with: "avion") + "}",
            #"{"id": "C1", "commune": "59350"}"#,                           // no mobilite
            base + #", "rsa": "oui"}"#,
            base + ",}",
            base + "} x",
            base.replacingOccurrences(of: "59350", with: "59\n350") + "}",  // a raw line break in a string
        ]
        for text in others {
            #expect(fast(text) == nil, "left to JSONDecoder: \(text)")
        }
        #expect(reference(others[0])?.id == "C1" && reference(others[1])?.id == "C1", "JSONDecoder reads these")
        #expect(reference(others[3]) == nil && reference(others[5]) == nil, "JSONDecoder names these faults")
    }

    @Test("A file in parts goes through the reader and reaches the records JSONDecoder reads, escapes included")
    func partsWithFastReader() throws {
        let records = (0..<40).map { i in
            #"{"id": "C"# + "\(i)" + #"", "commune": "59350", "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}"#
                + (i % 7 == 0 ? #", "nom": "x", "competences": ["1\u0030"]}"# : "}")
        }
        let data = Data(("[" + records.joined(separator: ",\n") + "]").utf8)
        let fastParts = JSONRecords.decodeInParts(Candidate.self, data, rootKey: RecordFiles.candidatesRootKey,
                                                  fast: CandidateJSONDecoder.candidate(in:), minimumBytes: 0)
        let whole = try JSONDecoder().decode([Candidate].self, from: data)
        #expect(fastParts == whole)
        #expect(whole[7].skills == ["10"])
        let bad = Data(("[" + records.joined(separator: ",\n").replacingOccurrences(of: ": 30}", with: ": \"x\"}") + "]").utf8)
        #expect(JSONRecords.decodeInParts(Candidate.self, bad, rootKey: RecordFiles.candidatesRootKey,
                                          fast: CandidateJSONDecoder.candidate(in:), minimumBytes: 0) == nil)
    }

    @Test("Days: ISO, with a time, French; anything else refused")
    func days() {
        #expect(Day("2026-12-17") == Day(year: 2026, month: 12, day: 17))
        #expect(Day("2025-05-31T14:14:44.737Z") == Day(year: 2025, month: 5, day: 31))
        #expect(Day("17/12/2026") == Day(year: 2026, month: 12, day: 17))
        #expect(Day("2026-12-17"[...]) == Day(year: 2026, month: 12, day: 17))
        for bad in ["2026-12-1", "2026-12-17 ", "2026/12/17", "17-12-2026", "2026-13-01", "29/02/2025", "2026-1a-01", "", "２０２６-12-17"] {
            #expect(Day(bad) == nil, "\(bad)")
        }
    }
}
