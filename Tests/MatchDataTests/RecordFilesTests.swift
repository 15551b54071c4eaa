import Foundation
import MatchCore
import Testing
@testable import MatchData

// MARK: - Fixtures

/// The real France Travail sample, `../shared/data/offres/…json` next to the repository, if it is there.
private func franceTravailSample() -> URL? {
    guard let repository = repositoryFolder() else { return nil }
    let url = repository.appendingPathComponent("../shared/data/offres/france_travail_offres_dept07_2025-06-01.json")
        .standardizedFileURL
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}

/// The repository folder: the one above this file that holds `Package.swift`.
private func repositoryFolder(file: String = #filePath) -> URL? {
    var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    while folder.path != "/" {
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
        folder = folder.deletingLastPathComponent()
    }
    return nil
}

/// Two offers in the API's shape, with fields Apparier ignores (`description`, `entreprise`, `codePostal`…).
private let inlineOffers = """
    {
     "resultats": [
      {
       "id": "193FKBM",
       "intitule": "Vendeur / Vendeuse en prêt-à-porter",
       "description": "Missions :\\n- Accueil\\n- Conseils \\"clients\\"",
       "dateCreation": "2025-05-31T14:14:44.737Z",
       "romeCode": "D1214",
       "typeContrat": "CDI",
       "experienceExige": "E",
       "experienceLibelle": "3 Mois",
       "competences": [
        {"code": "100341", "libelle": "Procédures d'encaissement", "exigence": "S"},
        {"code": "300374", "libelle": "Présenter et valoriser un produit", "exigence": "E"},
        {"libelle": "Outil informatique", "exigence": "E"}
       ],
       "permis": [{"libelle": "B - Véhicule léger", "exigence": "E"}],
       "langues": [{"libelle": "Anglais", "exigence": "S"}],
       "formations": [{"codeFormation": "42", "niveauLibelle": "CAP, BEP et équivalents", "exigence": "E"}],
       "nombrePostes": 2,
       "accessibleTH": false,
       "lieuTravail": {"libelle": "07 - ST DIDIER SOUS AUBENAS", "latitude": 44.611641, "longitude": 4.414721,
                       "codePostal": "07200", "commune": "07229"},
       "entreprise": {"nom": "WAS", "entrepriseAdaptee": false},
       "contexteTravail": {"horaires": ["35H Travail en journée"]}
      },
      {
       "id": "193CWMM",
       "romeCode": "M1602",
       "lieuTravail": {"libelle": "07 - ST PERAY", "codePostal": "07130", "commune": "07281"}
      }
     ]
    }
    """

/// Lines joined with LF, so that tests can say which line holds what.
private func lines(_ lines: String...) -> Data { Data(lines.joined(separator: "\n").utf8) }

/// Runs `body`, which must throw a ``MatchError``, and returns it.
private func recordFileError(_ body: () throws -> Void) -> MatchError? {
    do {
        try body()
        Issue.record("expected a MatchError, nothing was thrown")
    } catch let error as MatchError {
        return error
    } catch {
        Issue.record("expected a MatchError, got \(error)")
    }
    return nil
}

private func candidatesError(_ data: Data) -> MatchError? {
    recordFileError { _ = try RecordFiles.decodeCandidates(data, file: "candidats.json") }
}

private func offersError(_ data: Data) -> MatchError? {
    recordFileError { _ = try RecordFiles.decodeOffers(data, file: "offres.json") }
}

private func key(_ name: String) -> JSONLocator.Key { JSONLocator.Key(name) }
private func key(_ index: Int) -> JSONLocator.Key { JSONLocator.Key(index) }

// MARK: - Decoding offers

@Suite struct RecordFilesOfferTests {
    @Test func franceTravailFileDecodes() throws {
        guard let url = franceTravailSample() else {
            // The shared data is not next to this checkout: the inline sample stands in.
            #expect(try RecordFiles.decodeOffers(Data(inlineOffers.utf8), file: "inline.json").count == 2)
            return
        }
        let offers = try RecordFiles.loadOffers(at: url)
        #expect(offers.count == 150)
        #expect(Set(offers.map(\.id)).count == 150)
        let first = try #require(offers.first)
        #expect(first.id == "193FKBM")
        #expect(first.romeCode == "D1214")
        #expect(first.workplace.commune == "07229")
        #expect(first.requestedExperienceMonths == 3)
        // France Travail writes some competences with no ROME code: they are kept as labels only.
        #expect(offers.map(\.uncodedSkillLabels.count).reduce(0, +) == 28)
        #expect(offers.map(\.skills.count).reduce(0, +) == 533)
    }

    @Test func inlineFranceTravailSampleDecodes() throws {
        let offers = try RecordFiles.decodeOffers(Data(inlineOffers.utf8), file: "inline.json")
        #expect(offers.map(\.id) == ["193FKBM", "193CWMM"])
        let offer = offers[0]
        #expect(offer.title == "Vendeur / Vendeuse en prêt-à-porter")
        #expect(offer.contractType == "CDI")
        #expect(offer.positions == 2)
        #expect(offer.skills.map(\.exigence) == [.desired, .required])
        #expect(offer.uncodedSkillLabels == ["Outil informatique"])
        #expect(offer.licences == [OfferRequirement(label: "B - Véhicule léger", exigence: .required)])
        #expect(offer.requiredDiplomaLevel == 3)
        #expect(offer.experienceRequirement == .required)
        #expect(offer.workplace.latitude == 44.611641)
        #expect(offers[1].positions == 1, "nombrePostes defaults to 1")
        #expect(offers[1].workplace.latitude == nil)
    }

    @Test func bareArrayOfOffersDecodes() throws {
        let data = Data(#"[{"id": "O1", "romeCode": "N1103", "lieuTravail": {"commune": "59350"}}]"#.utf8)
        #expect(try RecordFiles.decodeOffers(data, file: "o.json").map(\.romeCode) == ["N1103"])
    }

    @Test func wrongTypeOnLine7() throws {
        let data = lines(
            "{",                              // 1
            "  \"resultats\": [",             // 2
            "    {",                          // 3
            "      \"id\": \"O1\",",          // 4
            "      \"romeCode\": \"N1103\",", // 5
            "      \"lieuTravail\": {",       // 6
            "        \"latitude\": \"50.63\",", // 7
            "        \"longitude\": 3.06",    // 8
            "      }",                        // 9
            "    }",                          // 10
            "  ]",                            // 11
            "}")                              // 12
        let error = try #require(offersError(data))
        #expect(error.line == 7)
        #expect(error.field == "resultats[0].lieuTravail.latitude")
        #expect(error.field?.hasSuffix("latitude") == true)
        #expect(error.message == #"un nombre attendu, trouvé un texte ("50.63")"#)
        #expect(error.description == #"offres.json:7: champ resultats[0].lieuTravail.latitude : un nombre attendu, trouvé un texte ("50.63")"#)
    }

    @Test func missingRomeCodeNamesTheFieldAndTheRecord() throws {
        let data = lines(
            "{\"resultats\": [",
            "  {\"id\": \"O1\", \"romeCode\": \"N1103\", \"lieuTravail\": {}},",
            "  {",                                 // 3: the record without romeCode
            "    \"id\": \"O2\",",
            "    \"lieuTravail\": {\"commune\": \"59350\"}",
            "  }",
            "]}")
        let error = try #require(offersError(data))
        #expect(error.field == "resultats[1].romeCode")
        #expect(error.line == 3)
        #expect(error.message.contains("code ROME"))
    }

    @Test func unknownExperienceCodeListsTheAllowedOnes() throws {
        let data = Data(#"[{"id": "O1", "romeCode": "N1103", "lieuTravail": {}, "experienceExige": "X"}]"#.utf8)
        let error = try #require(offersError(data))
        #expect(error.field == "[0].experienceExige")
        #expect(error.message == #"valeur « X » invalide ; attendu l'un de : D, S, E, Débutant accepté, Expérience souhaitée, Expérience exigée"#)
    }

    @Test(arguments: [
        ("\"latitude\": 95.0, \"longitude\": 3.0", "lieuTravail.latitude"),
        ("\"latitude\": 50.0, \"longitude\": -181", "lieuTravail.longitude"),
    ])
    func coordinatesOutOfRange(workplace: String, field: String) throws {
        let data = lines(
            "[",
            "  {\"id\": \"O1\", \"romeCode\": \"N1103\", \"lieuTravail\": {}},",
            "  {\"id\": \"O2\", \"romeCode\": \"N1103\",",
            "   \"lieuTravail\": {\(workplace)}}",
            "]")
        let error = try #require(offersError(data))
        #expect(error.field == "[1].\(field)")
        #expect(error.line == 4)
    }

    @Test func emptyOfferIdIsRejected() throws {
        let data = Data(#"{"resultats": [{"id": " ", "romeCode": "N1103", "lieuTravail": {}}]}"#.utf8)
        let error = try #require(offersError(data))
        #expect(error.field == "resultats[0].id")
        #expect(error.message == "l'identifiant est vide")
    }

    @Test func offersRoundTrip() throws {
        let offers = try RecordFiles.decodeOffers(Data(inlineOffers.utf8), file: "inline.json")
        #expect(offers.contains { !$0.uncodedSkills.isEmpty }, "the sample keeps a competence without a code")
        let encoded = RecordFiles.encodeOffers(offers)
        #expect(try RecordFiles.decodeOffers(encoded, file: "encoded.json") == offers)
        #expect(String(decoding: encoded, as: UTF8.self).hasPrefix("{\n  \"resultats\""))
    }
}

// MARK: - Decoding candidates

private let validCandidate = #"{"id": "C1", "commune": "59350", "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}}"#

@Suite struct RecordFilesCandidateTests {
    @Test func bareArrayAndWrappedCandidatesDecode() throws {
        let bare = try RecordFiles.decodeCandidates(Data("[\(validCandidate)]".utf8), file: "c.json")
        let wrapped = try RecordFiles.decodeCandidates(Data(#"{"candidats": [\#(validCandidate)]}"#.utf8), file: "c.json")
        #expect(bare == wrapped)
        #expect(bare.first?.mobility == Candidate.Mobility(modes: [.car], maxMinutes: 30))
        #expect(bare.first?.diplomaLevel == 0)
    }

    @Test func duplicateIdNamesTheSecondOccurrence() throws {
        let data = lines(
            "[",
            "  \(validCandidate),",
            "  {\"id\": \"C2\", \"commune\": \"59009\", \"mobilite\": {\"modes\": [\"velo\"], \"tempsMaxMinutes\": 20}},",
            "  {",
            "    \"id\": \"C1\",",                // 5: the duplicate
            "    \"commune\": \"59350\",",
            "    \"mobilite\": {\"modes\": [\"marche\"], \"tempsMaxMinutes\": 15}",
            "  }",
            "]")
        let error = try #require(candidatesError(data))
        #expect(error.line == 5)
        #expect(error.field == "[2].id")
        #expect(error.message == #"duplicate id "C1" (already used by record 0 on line 2)"#)
    }

    @Test(arguments: [
        (#""id": "C1", "commune": "59350", "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 0}"#,
         "[0].mobilite.tempsMaxMinutes"),
        (#""id": "C1", "commune": "59350", "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 241}"#,
         "[0].mobilite.tempsMaxMinutes"),
        (#""id": "C1", "commune": "59350", "niveauDiplome": 9, "mobilite": {"modes": [], "tempsMaxMinutes": 30}"#,
         "[0].niveauDiplome"),
        (#""id": "C1", "commune": "59350", "niveauDiplome": -1, "mobilite": {"modes": [], "tempsMaxMinutes": 30}"#,
         "[0].niveauDiplome"),
        (#""id": "C1", "commune": " ", "mobilite": {"modes": ["velo"], "tempsMaxMinutes": 30}"#, "[0].commune"),
        (#""id": "", "commune": "59350", "mobilite": {"modes": ["velo"], "tempsMaxMinutes": 30}"#, "[0].id"),
    ])
    func rulesCheckedAfterDecoding(members: String, field: String) throws {
        let data = lines("[", "  {" + members + "}", "]")
        let error = try #require(candidatesError(data))
        #expect(error.field == field)
        #expect(error.line == 2)
    }

    @Test func unknownTransportModeListsTheAllowedOnes() throws {
        let data = Data(#"[{"id": "C1", "commune": "59350", "mobilite": {"modes": ["avion"], "tempsMaxMinutes": 30}}]"#.utf8)
        let error = try #require(candidatesError(data))
        #expect(error.field == "[0].mobilite.modes[0]")
        #expect(error.message == #"valeur « avion » invalide ; attendu l'un de : voiture, transport_en_commun, velo, marche"#)
    }

    @Test func badDateNamesTheField() throws {
        let data = lines("[", "  {\"id\": \"C1\", \"commune\": \"59350\", \"dateNaissance\": \"1990-02-30\",",
                         "   \"mobilite\": {\"modes\": [\"voiture\"], \"tempsMaxMinutes\": 30}}", "]")
        let error = try #require(candidatesError(data))
        #expect(error.field == "[0].dateNaissance")
        #expect(error.line == 2)
    }

    @Test func nullForARequiredValue() throws {
        let data = lines("[", "  {\"id\": null, \"commune\": \"59350\",",
                         "   \"mobilite\": {\"modes\": [\"voiture\"], \"tempsMaxMinutes\": 30}}", "]")
        let error = try #require(candidatesError(data))
        #expect(error.field == "[0].id")
        #expect(error.message == "un texte attendu, trouvé null")
        #expect(error.line == 2)
    }

    @Test func fractionWhereAWholeNumberBelongsGivesTheLine() throws {
        let data = lines(
            "[",
            "  {",
            "    \"id\": \"C1\", \"commune\": \"59350\",",
            "    \"mobilite\": {",
            "      \"modes\": [\"voiture\"],",
            "      \"rayonKm\": 12.5,",
            "      \"tempsMaxMinutes\": 22.5",   // 7
            "    }",
            "  }",
            "]")
        let error = try #require(candidatesError(data))
        #expect(error.line == 7)
        #expect(error.field == "[0].mobilite.tempsMaxMinutes")
    }

    @Test func candidatesRoundTrip() throws {
        let full = Candidate(
            id: "C-0001", commune: "59350", targetRomeCodes: ["N1103", "N1105"],
            experiences: [.init(romeCode: "N1103", months: 18)], skills: ["100341", "300374"], diplomaLevel: 3,
            languages: [.init(language: "Anglais", level: .b1), .init(language: "Néerlandais")],
            licences: ["B", "CACES R489 3"],
            mobility: .init(modes: [.car, .transit], maxMinutes: 45, radiusKm: 30.5),
            acceptedContracts: ["CDI", "CDD"], availableFrom: Day("2026-12-01"), birthDate: Day("1999-04-17"),
            unemployedSince: Day("2025-01-06"), rqth: true, rsa: false, qpv: true, economicLayoff: false,
            training: .init(romeCode: "N1103", endDate: Day("2026-10-30")))
        let minimal = Candidate(id: "C-0002", commune: "2A004", mobility: .init(modes: [.walk], maxMinutes: 20))
        let candidates = [full, minimal]
        let encoded = RecordFiles.encodeCandidates(candidates)
        let decoded = try RecordFiles.decodeCandidates(encoded, file: "encoded.json")
        #expect(decoded == candidates)
        #expect(RecordFiles.encodeCandidates(decoded) == encoded, "encoding is deterministic")
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.hasPrefix("[\n  {\n"))
        #expect(text.hasSuffix("]\n"))
    }
}

// MARK: - Syntax errors, files, locations

@Suite struct RecordFilesErrorTests {
    @Test(arguments: [
        // A missing comma: the parser stops at the next member, on line 5.
        ("[\n  {\n    \"id\": \"C1\",\n    \"commune\": \"59350\"\n    \"mobilite\": {}\n  }\n]", 5),
        // A stray word where a value belongs, with CRLF line ends.
        ("[\r\n  {\r\n    \"id\": C1\r\n  }\r\n]", 3),
        // The file ends before the array is closed.
        ("[\n  {\"id\": \"C1\"}\n", 3),
        // An unfinished string runs to the end of the file: the error is where it opens.
        ("[\n  {\"id\": \"C1}\n]\n", 2),
        // An invalid escape.
        ("[\n\n  {\"id\": \"C\\x1\"}]", 3),
    ])
    func syntaxErrorGivesALine(text: String, line: Int) throws {
        let error = try #require(candidatesError(Data(text.utf8)))
        #expect(error.line == line)
        #expect(error.message.hasPrefix("JSON invalide"))
        #expect(!error.description.contains("\n"))
    }

    @Test func trailingCommasAreToleratedLikeJSONDecoderDoes() throws {
        // JSONDecoder accepts a comma before `}` or `]`; the locator must still find the record.
        let data = lines("[", "  {\"id\": \"C0\", \"commune\": \"59350\", \"mobilite\": {\"modes\": [], \"tempsMaxMinutes\": 9},},",
                         "  {\"id\": \"C1\",", "   \"commune\": \"59350\",}", "]")
        let error = try #require(candidatesError(data))
        #expect(error.field == "[1].mobilite")
        #expect(error.line == 3)
    }

    @Test func emptyFileGivesALine() throws {
        let error = try #require(offersError(Data()))
        #expect(error.line == 1)
    }

    @Test func unreadableFileNamesTheFileWithoutALine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("apparier-\(UUID().uuidString).json").path
        let error = try #require(recordFileError { _ = try RecordFiles.loadOffers(at: URL(fileURLWithPath: path)) })
        #expect(error.file == path)
        #expect(error.line == nil)
        #expect(error.description.hasPrefix("\(path): impossible de lire le fichier"))
    }

    @Test func loadCandidatesReadsAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("apparier-\(UUID().uuidString).json")
        try Data("[\(validCandidate)]".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try RecordFiles.loadCandidates(at: url).map(\.id) == ["C1"])
    }

    @Test func errorDescriptionLeavesOutAbsentParts() {
        #expect(MatchError(.invalidRecord, file: "f.json", line: 3, field: "a.b", message: "bad").description == "f.json:3: champ a.b : bad")
        #expect(MatchError(.invalidRecord, file: "f.json", line: 3, message: "bad").description == "f.json:3: bad")
        #expect(MatchError(.invalidRecord, file: "f.json", field: "a", message: "bad").description == "f.json: champ a : bad")
        #expect(MatchError(.invalidRecord, file: "f.json", message: "two\nlines").description == "f.json: two lines")
    }

    @Test func locationOfARecordField() {
        let data = lines(
            "{\"resultats\": [",
            "  {\"id\": \"O1\", \"romeCode\": \"N1103\", \"lieuTravail\": {}},",
            "  {\"id\": \"O2\",",
            "   \"romeCode\": \"Z9999\",",
            "   \"competences\": [{\"code\": \"1\"},",
            "                   {\"code\": \"2\"}],",
            "   \"lieuTravail\": {}}",
            "]}")
        let rome = RecordFiles.location(ofRecord: 1, field: "romeCode", in: data, file: "o.json", rootKey: "resultats")
        #expect(rome == RecordLocation(file: "o.json", line: 4, field: "resultats[1].romeCode"))
        #expect(rome.error("code ROME inconnu").description == "o.json:4: champ resultats[1].romeCode : code ROME inconnu")
        let skill = RecordFiles.location(ofRecord: 1, field: "competences[1].code", in: data, file: "o.json",
                                         rootKey: "resultats")
        #expect(skill.line == 6)
        let absent = RecordFiles.location(ofRecord: 1, field: "appellationCode", in: data, file: "o.json",
                                          rootKey: "resultats")
        #expect(absent.line == 3, "an absent field points at its record")
        let record = RecordFiles.location(ofRecord: 0, field: nil, in: data, file: "o.json", rootKey: "resultats")
        #expect(record == RecordLocation(file: "o.json", line: 2, field: "resultats[0]"))
    }

    @Test func recordLocatorAnswersLikeTheOneShotFunction() {
        let data = Data(inlineOffers.utf8)
        let places = RecordLocator(data: data, file: "o.json", rootKey: RecordFiles.offersRootKey)
        for index in 0..<3 {
            for field in [nil, "id", "lieuTravail.commune", "competences[1].exigence", "absent"] {
                let once = RecordFiles.location(ofRecord: index, field: field, in: data, file: "o.json", rootKey: "resultats")
                #expect(places.location(ofRecord: index, field: field) == once)
            }
        }
        let peray = inlineOffers.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("07 - ST PERAY") }.map { $0 + 1 }
        #expect(places.location(ofRecord: 1, field: "lieuTravail.commune").line == peray)
        #expect(places.location(ofRecord: 2, field: "id").line == nil, "there is no third record")
    }

    @Test func locationIgnoresTheRootKeyOfABareArray() {
        let data = lines("[", "  {\"id\": \"C1\"},", "  {\"id\": \"C2\"}", "]")
        let place = RecordFiles.location(ofRecord: 1, field: "id", in: data, file: "c.json", rootKey: "candidats")
        #expect(place == RecordLocation(file: "c.json", line: 3, field: "[1].id"))
    }

    @Test func underlyingErrorTextGivesTheLine() {
        #expect(RecordFiles.lineNumber(inErrorText: "Unexpected character 'x' around line 7, column 3.") == 7)
        #expect(RecordFiles.lineNumber(inErrorText: "Invalid value around character 12.") == nil)
        let error = NSError(domain: NSCocoaErrorDomain, code: 3840, userInfo: [
            NSDebugDescriptionErrorKey: "Invalid value around character 12.", "NSJSONSerializationErrorIndex": 12,
        ])
        #expect(RecordFiles.byteOffset(of: error, text: RecordFiles.errorText(error)) == 12)
        let textOnly = NSError(domain: NSCocoaErrorDomain, code: 3840,
                               userInfo: [NSDebugDescriptionErrorKey: "Badly formed object around character 40."])
        #expect(RecordFiles.byteOffset(of: textOnly, text: RecordFiles.errorText(textOnly)) == 40)
    }
}

// MARK: - Documentation

@Suite struct FormatsDocumentationTests {
    /// Every ```` ```json offers ```` and ```` ```json candidates ```` block of docs/formats.md decodes.
    @Test func examplesDecode() throws {
        guard let repository = repositoryFolder() else { return }
        let url = repository.appendingPathComponent("docs/formats.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        var checked = 0
        for block in text.components(separatedBy: "```json ").dropFirst() {
            let kind = block.prefix { $0 != "\n" }
            guard let end = block.range(of: "```") else { continue }
            let json = Data(block[block.index(block.startIndex, offsetBy: kind.count)..<end.lowerBound].utf8)
            switch kind {
            case "offers": #expect(try !RecordFiles.decodeOffers(json, file: "formats.md").isEmpty)
            case "candidates": #expect(try !RecordFiles.decodeCandidates(json, file: "formats.md").isEmpty)
            default: Issue.record("unknown example kind \(kind)")
            }
            checked += 1
        }
        #expect(checked == 4)
    }
}

// MARK: - JSONLocator

@Suite struct JSONLocatorTests {
    @Test func followsKeysWithEscapesAndNestedArrays() throws {
        let data = lines(
            #"{"#,
            #"  "a\"b": "x\"}]\\","#,            // 2: escaped quote in a key, brackets and quote in a value
            #"  "\u00e9t\u00e9": ["#,              // 3: "été" spelled with escapes
            #"    [1, [2, "]"]],"#,                // 4
            #"    {"k": [],"#,                     // 5
            #"     "été": {"deep": [[], [null, 42]]}}"#, // 6
            #"  ],"#,
            #"  "z": true"#,                       // 8
            #"}"#)
        let locator = JSONLocator(data)
        #expect(locator.position(of: [key("a\"b")])?.line == 2)
        #expect(locator.position(of: [key("été"), key(0), key(1), key(1)])?.line == 4)
        #expect(locator.position(of: [key("été"), key(1), key("été"), key("deep"), key(1), key(1)])
                == JSONLocator.Position(line: 6, column: 34, offset: try #require(offset(of: "42", in: data))))
        #expect(locator.position(of: [key("z")])?.line == 8)
        #expect(locator.firstSyntaxError() == nil)
    }

    @Test func missingKeyOrIndexPointsAtTheEnclosingContainer() {
        let data = lines("[", "  {\"a\": 1},", "  {", "    \"b\": [10, 20]", "  }", "]")
        let locator = JSONLocator(data)
        #expect(locator.position(of: [key(1), key("missing")])?.line == 3)
        #expect(locator.position(of: [key(1), key("b"), key(5)])?.line == 4)
        #expect(locator.position(of: [key(7)])?.line == 1)
        #expect(locator.position(of: [])?.line == 1)
    }

    @Test func usesTheIndexOfDecoderKeys() throws {
        // JSONDecoder's own coding path, taken from a real error.
        struct Item: Decodable { var v: Int }
        let data = lines("[", "  {\"v\": 1},", "  {\"v\": \"two\"}", "]")
        do {
            _ = try JSONDecoder().decode([Item].self, from: data)
            Issue.record("expected a type mismatch")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(JSONLocator(data).position(of: context.codingPath)?.line == 3)
            #expect(JSONLocator.dottedPath(context.codingPath) == "[1].v")
        }
    }

    @Test func crlfAndLoneCRLineEnds() {
        let data = Data("{\r\n\"a\":\r\n  [1,\r2]}".utf8)
        let locator = JSONLocator(data)
        #expect(locator.position(of: [key("a")]) == JSONLocator.Position(line: 3, column: 3, offset: 11))
        #expect(locator.position(of: [key("a"), key(1)])?.line == 4)
    }

    @Test func columnsCountCharactersAndSkipTheByteOrderMark() {
        let data = Data([0xEF, 0xBB, 0xBF] + Array(#"{"é": "ü", "b": 1}"#.utf8))
        let locator = JSONLocator(data)
        #expect(locator.position(of: [key("b")])?.column == 17)
        #expect(locator.firstSyntaxError() == nil)
    }

    @Test func malformedInputGivesNil() {
        #expect(JSONLocator(Data(#"{"a" 1}"#.utf8)).position(of: [key("a")]) == nil)
        #expect(JSONLocator(Data(#"{"a": [1, 2}, "b": 1}"#.utf8)).position(of: [key("b")]) == nil)
        #expect(JSONLocator(Data(#"{"a": "unterminated"#.utf8)).position(of: [key("b")]) == nil)
        #expect(JSONLocator(Data()).position(of: [key("a")]) == nil)
    }

    @Test(arguments: [
        ("{\n\"a\": tru}", 2, "une valeur est attendue"),
        ("[1,\n 2,\n 3", 3, "le tableau ouvert à la ligne 1 n'est pas fermé"),
        ("{\"a\": 1}\n}", 2, "après la fin du document"),
        ("[01]", 1, "ne peut pas commencer par 0"),
        ("[1.]", 1, "point décimal"),
        ("[\"\\ud800\"]", 1, "demi-code haut"),
        ("[\"tab\there\"]", 1, "caractère de contrôle"),
        ("{'a': 1}", 1, "guillemets droits doubles"),
        ("  \n ", 2, "vide"),
    ])
    func syntaxErrors(text: String, line: Int, fragment: String) throws {
        let error = try #require(JSONLocator(Data(text.utf8)).firstSyntaxError())
        #expect(error.position.line == line)
        #expect(error.message.contains(fragment), "\(error.message)")
    }

    @Test func invalidUTF8IsASyntaxError() throws {
        let error = try #require(JSONLocator(Data([0x5B, 0x0A, 0x22, 0xC3, 0x28, 0x22, 0x5D])).firstSyntaxError())
        #expect(error.position.line == 2)
        #expect(error.message.contains("UTF-8"))
    }

    @Test func validDocumentsHaveNoSyntaxError() {
        for text in ["[]", "{}", " 0 ", "-1.5e+3", #"{"a": [true, false, null, "\u00e9\ud83d\ude00\n"]}"#] {
            #expect(JSONLocator(Data(text.utf8)).firstSyntaxError() == nil, "\(text)")
        }
    }

    @Test func truncatedAndMutatedInputNeverCrashes() {
        let bytes = Array(inlineOffers.utf8)
        let path: [any CodingKey] = [key("resultats"), key(1), key("lieuTravail"), key("commune")]
        for length in stride(from: 0, to: bytes.count, by: 7) {
            let locator = JSONLocator(Data(bytes[..<length]))
            _ = locator.position(of: path)
            #expect(locator.firstSyntaxError() != nil, "a proper prefix of an object is not JSON")
        }
        var generator = SplitMix64(seed: 7)
        let alphabet = Array(#"{}[]",:\ u0"#.utf8) + [0xC3, 0x0D, 0x0A]
        for _ in 0..<300 {
            var mutated = bytes
            for _ in 0..<3 {
                let at = Int(generator.next() % UInt64(mutated.count))
                mutated[at] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            let locator = JSONLocator(Data(mutated))
            _ = locator.position(of: path)
            _ = locator.firstSyntaxError()
            _ = locator.elementRanges(ofArrayAt: [key("resultats")])
            _ = locator.path(toOffset: mutated.count / 2)
        }
    }

    @Test func deepNestingDoesNotOverflowTheStack() {
        let depth = 200_000
        let data = Data(Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth))
        let locator = JSONLocator(data)
        #expect(locator.firstSyntaxError() == nil)
        #expect(locator.valueRange(at: []) == 0..<(2 * depth))
    }

    @Test func dottedPathsRoundTrip() throws {
        let path = try #require(JSONLocator.keys(fromDottedPath: "resultats[3].lieuTravail.latitude"))
        #expect(path == [key("resultats"), key(3), key("lieuTravail"), key("latitude")])
        #expect(JSONLocator.dottedPath(path) == "resultats[3].lieuTravail.latitude")
        #expect(JSONLocator.keys(fromDottedPath: "[0].id") == [key(0), key("id")])
        #expect(JSONLocator.keys(fromDottedPath: "a[x]") == nil)
    }

    @Test func pathToAnOffset() throws {
        let data = lines(#"{"a": [1, {"b": "x"}]}"#)
        let start = try #require(offset(of: "\"x\"", in: data))
        #expect(JSONLocator(data).path(toOffset: start) == [key("a"), key(1), key("b")])
    }
}

/// The byte offset of the first occurrence of `needle` in `data`.
private func offset(of needle: String, in data: Data) -> Int? {
    let bytes = Array(data), pattern = Array(needle.utf8)
    guard bytes.count >= pattern.count else { return nil }
    return (0...(bytes.count - pattern.count)).first { bytes[$0..<$0 + pattern.count].elementsEqual(pattern) }
}

/// A small seeded generator, so the mutation test is the same on every run.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("CSV cells Apparier writes")
struct CSVCellTests {
    @Test("Formula triggers become text, numbers stay numbers, separators and quotes are quoted")
    func cells() {
        #expect(CSVCell.field("=1+1") == "'=1+1")
        #expect(CSVCell.field("+33 6 12") == "'+33 6 12")
        #expect(CSVCell.field("-cmd|' /C calc'!A0") == "'-cmd|' /C calc'!A0")
        #expect(CSVCell.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVCell.field("\t=x") == "'\t=x")
        #expect(CSVCell.field("\r=x") == "\"'\r=x\"")
        #expect(CSVCell.field("=a;b") == "\"'=a;b\"")
        #expect(CSVCell.field("-1,5") == "-1,5")
        #expect(CSVCell.field("+3") == "+3")
        #expect(CSVCell.field("-0.25") == "-0.25")
        #expect(CSVCell.field("Dupont; \"Jean\"") == "\"Dupont; \"\"Jean\"\"\"")
        #expect(CSVCell.field("P-CE") == "P-CE")
        #expect(CSVCell.field("=x", neutralising: false) == "=x")
    }
}
