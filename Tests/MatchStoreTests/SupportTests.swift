import Foundation
import GRDB
import MatchCore
@testable import MatchData
@testable import MatchStore
import Testing

@Suite("SHA-256, CSV reading and list literals")
struct SupportTests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors, in one piece or in chunks")
    func sha256() {
        #expect(Fingerprint.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Fingerprint.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Fingerprint.hex(of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Fingerprint.hex(of: million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        var chunked = Fingerprint()
        for start in stride(from: 0, to: million.count, by: 777) { chunked.update(million[start..<min(start + 777, million.count)]) }
        #expect(Fingerprint.hex(chunked.finalize()) == Fingerprint.hex(of: million))
    }

    @Test("The digest of a mapped file, its pages given back as it is read, is the digest of its bytes")
    func sha256OfAMappedFile() throws {
        var generator = SplitMix64(seed: 5)
        let bytes = (0..<(2_600_000)).map { _ in generator.next() }.withUnsafeBytes { Data($0) }   // 20.8 MB: three strides
        let url = FileManager.default.temporaryDirectory.appending(path: "apparier-digest-\(UUID().uuidString).bin")
        try bytes.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let mapped = try Data(contentsOf: url, options: .alwaysMapped)
        #expect(Fingerprint.hex(releasing: mapped) == Fingerprint.hex(of: bytes))
        #expect(Fingerprint.hex(releasing: mapped) == Fingerprint.hex(of: bytes), "the same once its pages were given back")
        #expect(Fingerprint.hex(releasing: bytes) == Fingerprint.hex(of: bytes))
        #expect(Fingerprint.hex(releasing: Data()) == Fingerprint.hex(of: Data()))
    }

    @Test("CSV: separator from the header, quotes, BOM, CRLF, line breaks in a field, blank lines")
    func csvReading() throws {
        let text = "\u{FEFF}id;texte;n\r\nA;\"un; deux\";1\r\n\r\nB;\"ligne 1\nligne \"\"2\"\"\";2\nC;;3"
        let csv = try CSVReader(data: Data(text.utf8), file: "t.csv")
        #expect(csv.header == ["id", "texte", "n"])
        #expect(csv.separator == UInt8(ascii: ";"))
        var rows = [(Int, [String], [Int])]()
        try csv.forEachRecord { rows.append(($0.line, $0.fields, $0.fieldLines)) }
        #expect(rows.map(\.0) == [2, 4, 6])
        #expect(rows[0].1 == ["A", "un; deux", "1"])
        #expect(rows[1].1 == ["B", "ligne 1\nligne \"2\"", "2"])
        #expect(rows[1].2 == [4, 4, 5])
        #expect(rows[2].1 == ["C", "", "3"])
        for (header, separator) in [("a,b", ","), ("a|b", "|"), ("a\tb", "\t"), ("a;b,c;d", ";")] {
            #expect(try CSVReader(data: Data(header.utf8), file: "h").separator == UInt8(ascii: Unicode.Scalar(separator)!))
        }
    }

    @Test("CSV: an unterminated quote and a Latin-1 file are errors with their line")
    func csvErrors() throws {
        let open = try CSVReader(data: Data("a;b\n1;2\n3;\"oops\n4;5\n".utf8), file: "q.csv")
        #expect(throws: (any Error).self) { try open.forEachRecord { _ in } }
        do { try open.forEachRecord { _ in } } catch { #expect("\(error)".hasPrefix("q.csv:3: un champ entre guillemets n'est pas fermé")) }
        var latin1 = Data("a;b\n1;2\n".utf8)
        latin1.append(contentsOf: [0x45, 0x3B, 0xE9, 0x0A])   // "E;é" in Latin-1
        do {
            _ = try CSVReader(data: latin1, file: "l.csv")
            Issue.record("a Latin-1 file should be refused")
        } catch { #expect("\(error)".hasPrefix("l.csv:3: pas en UTF-8 valide")) }
    }

    @Test("The body's lines are counted alike with or without a final line break, cut in parts or read whole")
    func bodyLines() throws {
        let body = (0..<2_000).map { "C\($0);59350" }.joined(separator: "\n")
        for (text, lines) in [(body, 2_000), (body + "\n", 2_000), (body + "\n\n", 2_001), ("", 0)] {
            let csv = try CSVReader(data: Data(("id;commune\n" + text).utf8), file: "l.csv")
            let cut = csv.parts(2, minimumBytes: 0), whole = csv.parts(1)
            #expect(cut.lines == lines && whole.lines == lines, "\(lines): cut \(cut.lines), whole \(whole.lines)")
            #expect(text.isEmpty || cut.parts.count == 2, "cut in two")
        }
    }

    @Test("A large CSV is read in parts on all cores that never cut a record, with the lines of one pass")
    func parts() throws {
        var text = "id;commune;mobilite.modes;mobilite.tempsMaxMinutes;note\n"
        for i in 0..<40_000 { text += "C\(i);59350;voiture;30;\(i % 97 == 0 ? "\"deux\nlignes; \"\"x\"\"\"" : "simple")\n" }
        text += "BAD;59350;voiture;trente;x\n"
        let csv = try CSVReader(data: Data(text.utf8), file: "big.csv")
        let (parts, lines) = csv.parts(2)
        #expect(parts.count == 2 && lines == 40_414, "40,414 line breaks in the body: one per record, 413 inside quotes")
        let parsed = try CSVRecords.candidates(csv)
        #expect(parsed.records.count == 40_000 && parsed.read == 40_001)
        #expect(parsed.records.map(\.id) == (0..<40_000).map { "C\($0)" })
        // 413 records span two lines: the bad one is on line 1 + 40,000 + 413 + 1.
        #expect(parsed.problems.map(\.line) == [40_415])
        #expect(parsed.problems.first?.text == "BAD;59350;voiture;trente;x")
    }

    @Test("A large JSON file is decoded in parts to the same records; a bad part falls back to the whole file")
    func jsonParts() throws {
        let wrapped = "{\"candidats\": " + Fixture.candidatesJSON + ", \"autre\": 1}"
        let parts = JSONRecords.decodeInParts(Candidate.self, Data(wrapped.utf8), rootKey: "candidats", minimumBytes: 0)
        #expect(parts == Fixture.candidates)
        let offers = JSONRecords.decodeInParts(JobOffer.self, Data(Fixture.offersJSON.utf8), rootKey: "resultats", minimumBytes: 0)
        #expect(offers == nil, "two offers: fewer records than parts, decoded whole")
        let bad = Fixture.candidatesJSON.replacingOccurrences(of: "\"tempsMaxMinutes\": 20", with: "\"tempsMaxMinutes\": \"x\"")
        #expect(JSONRecords.decodeInParts(Candidate.self, Data(bad.utf8), rootKey: "candidats", minimumBytes: 0) == nil)
    }

    @Test("List literals: JSON and France Travail's Python form")
    func literals() throws {
        let python = try LiteralValue.parse(#"[{'code': '100341', 'libelle': "Procédures d'encaissement", 'exigence': 'S', 'x': None, 'y': True}]"#)
        #expect(python.arrayValue?.count == 1)
        #expect(python.arrayValue?[0]["libelle"]?.stringValue == "Procédures d'encaissement")
        #expect(python.arrayValue?[0]["y"] == .bool(true))
        let json = try LiteralValue.parse(#"[{"code": "300374", "exigence": "E", "n": 3}, "\u00e9t\u00e9"]"#)
        #expect(json.arrayValue?[0]["n"]?.stringValue == "3")
        #expect(json.arrayValue?[1].stringValue == "été")
        #expect(throws: LiteralValue.SyntaxError.self) { try LiteralValue.parse("[{'code': '1'") }
    }

    @Test("A candidate's experiences and languages as stored in its row read back equal, escapes and accents included")
    func candidateListsRoundTrip() throws {
        let experiences: [Candidate.Experience] = [.init(romeCode: "N1101", months: 60),
                                                   .init(romeCode: "H3302", months: 0, endDate: Day("2019-06-30")),
                                                   .init(romeCode: "A\"b\\c", months: 7)]
        let languages: [Candidate.LanguageSkill] = [.init(language: "Français", level: .c2), .init(language: "Anglais\ttechnique", level: nil)]
        let (e, l) = (CandidateListsJSON.encode(experiences), CandidateListsJSON.encode(languages))
        #expect(e.hasPrefix(#"[{"romeCode":"N1101","mois":60},{"romeCode":"H3302","mois":0,"fin":"2019-06-30"}"#))
        // The plain ones are read by the byte reader, the escaped ones by JSONDecoder; both give the values back.
        #expect(CandidateListsJSON.encode([Candidate.Experience]()) == "[]")
        var (eText, lText) = (e, l)
        #expect(eText.withUTF8 { CandidateListsJSON.experiences($0) } == experiences)
        #expect(lText.withUTF8 { CandidateListsJSON.languages($0) } == languages)
        var plain = CandidateListsJSON.encode(Array(languages.prefix(1)))
        #expect(plain.withUTF8 { CandidateJSONDecoder.languages(in: $0) } == Array(languages.prefix(1)))
        // Whatever JSONDecoder can read is equivalent (`null` for an absent member, spaces).
        var loose = #"[ {"mois": 3, "romeCode": "N1101", "fin": null} ]"#
        #expect(loose.withUTF8 { CandidateListsJSON.experiences($0) } == [.init(romeCode: "N1101", months: 3)])
    }

    @Test("A damaged list or date in a candidate's row is an error naming the candidate and the column, never an empty list")
    func damagedCandidateRows() throws {
        let damage = [("competences", #"["100341""#), ("experiences", "{oops"), ("langues", #"[{"langue": 3}]"#),
                      ("modes", #"["avion"]"#), ("disponibleLe", "demain"), ("permis", "B"), ("contrats", #"["CDI",]"#)]
        for (column, value) in damage {
            let store = try Fixture.filledStore()
            try store.writer.write { try $0.execute(sql: "UPDATE candidate SET \(column) = ? WHERE id = 'P-FULL'", arguments: [value]) }
            let error = #expect(throws: MatchError.self) { try store.candidates() }
            #expect(error?.record == "P-FULL" && error?.field == column, "\(column)")
            #expect(error?.message.contains("abîmé") == true)
        }
        #expect(JSONList.decode(#" [ "a" , "b\u0022" ] "#) == ["a", "b\""])
        #expect(JSONList.decode("") == [] && JSONList.decode("[]") == [])
        for bad in ["[", #"["a""#, #"["a",]"#, #""a""#, #"["a"] x"#, "[1]", #"["a" "b"]"#, #"["\x"]"#] {
            #expect(JSONList.decode(bad) == nil, "\(bad)")
        }
    }
}
