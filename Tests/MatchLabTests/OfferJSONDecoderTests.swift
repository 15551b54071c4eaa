import Foundation
import MatchCore
@testable import MatchData
import MatchLab
import Testing

/// The import's hand-written offer reader against `JSONDecoder`, the plain reference: the same value for
/// every record it reads, and nil — never a different value — for the records it leaves to `JSONDecoder`.
@Suite("Offer JSON reader")
struct OfferJSONDecoderTests {
    private func fast(_ text: String) -> JobOffer? {
        Array(text.utf8).withUnsafeBufferPointer { OfferJSONDecoder.offer(in: $0) }
    }

    private func reference(_ text: String) -> JobOffer? {
        try? JSONDecoder().decode(JobOffer.self, from: Data(text.utf8))
    }

    /// A France Travail record as the API gives it: members the format does not read, escapes and nested
    /// objects among them.
    private static let franceTravail = #"""
    {"id": "192XDYN", "intitule": "Vendeur / Vendeuse en boulangerie", "description": "Vente de pain.\nHoraires : 6h\u00e0 13h, \"coupure\" \/ week-end \ud83e\udd50",
     "dateCreation": "2025-05-31T14:14:44.737Z", "romeCode": "D1106", "appellationlibelle": "Vendeur / Vendeuse en boulangerie",
     "lieuTravail": {"libelle": "62 - ARRAS", "latitude": 50.29, "longitude": 2.78, "codePostal": "62000", "commune": "62041"},
     "entreprise": {"nom": "Fournil", "entrepriseAdaptee": false, "logo": null}, "typeContrat": "CDI", "nombrePostes": 2,
     "salaire": {"libelle": "Mensuel de 1801,80 Euros", "complements": ["Mutuelle", "Titre-restaurant"]},
     "competences": [{"code": "104331", "libelle": "Accueillir", "exigence": "S"}, {"libelle": "Sans code", "exigence": "e"}],
     "permis": [{"libelle": "B - Véhicule léger", "exigence": "E"}], "formations": [{"codeFormation": "42", "niveauLibelle": "CAP, BEP et équivalents", "exigence": "S"}],
     "langues": [], "experienceExige": "D", "experienceLibelle": "Débutant accepté", "accessibleTH": true,
     "qualificationCode": 6, "dureeTravailLibelle": 35.0e0, "contexteTravail": {"horaires": ["35H Travail en équipe"]}}
    """#

    @Test("Every generated offer reads as JSONDecoder reads it")
    func generatedRecords() throws {
        let f = try GeneratorFixtures.load()
        let offers = f.generator.generate(GeneratorFixtures.options(seed: 5, candidates: 200, offers: 600, planted: 4)).offers
        let data = RecordFiles.encodeOffers(offers)
        let ranges = try #require(JSONElements.recordRanges(in: data, rootKey: RecordFiles.offersRootKey))
        #expect(ranges.count == offers.count)
        for range in ranges {
            let text = String(decoding: data[range], as: UTF8.self)
            let got = try #require(fast(text), "a generated record is plain: \(text.prefix(80))")
            #expect(got == reference(text))
            #expect(got.uncodedSkills == reference(text)?.uncodedSkills && got.workplace.postalCode == reference(text)?.workplace.postalCode)
        }
    }

    @Test("France Travail's members outside the format are skipped as JSONDecoder skips them, escapes and nesting included")
    func franceTravailRecord() throws {
        let got = try #require(fast(Self.franceTravail))
        let expected = try #require(reference(Self.franceTravail))
        #expect(got == expected)
        #expect(got.uncodedSkills == expected.uncodedSkills && got.uncodedSkills.first?.exigence == .required)
        #expect(got.workplace.postalCode == "62000" && got.positions == 2 && got.experienceRequirement == .beginnerAccepted)
        #expect(got.contractType == "CDI" && got.accessibleTH == true && got.education.first?.level == 3)
    }

    /// France Travail's sample, when the shared data folder is next to the checkout.
    private static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "shared/data/offres/france_travail_offres_dept07_2025-06-01.json")

    @Test("France Travail's sample: every record read as JSONDecoder reads it",
          .enabled(if: FileManager.default.fileExists(atPath: sample.path)))
    func franceTravailSample() throws {
        let data = try Data(contentsOf: Self.sample)
        let ranges = try #require(JSONElements.recordRanges(in: data, rootKey: RecordFiles.offersRootKey))
        var read = 0
        for range in ranges {
            let text = String(decoding: data[range], as: UTF8.self)
            guard let got = fast(text) else { continue }
            read += 1
            #expect(got == reference(text), "\(text.prefix(80))")
        }
        #expect(read == ranges.count, "the API's records are plain enough: \(read) of \(ranges.count)")
    }

    @Test("Absent and null members take JSONDecoder's defaults")
    func defaults() throws {
        let plain = [
            #"{"id": "O1", "lieuTravail": {}}"#,
            #"{"id": "O1", "lieuTravail": {"commune": null}, "romeCode": null, "nombrePostes": null, "competences": null, "permis": null, "typeContrat": null, "romeCodeDeduit": null, "publicsPrioritaires": ["rqth", "jeune"], "dateDebut": "17/12/2026"}"#,
            #"{"lieuTravail": {"latitude": 5e1, "longitude": -0.5}, "id": "O1", "competences": [{"code": "1", "exigence": null}], "experienceExige": "Expérience exigée"}"#,
        ]
        for text in plain {
            let got = try #require(fast(text), "plain: \(text)")
            #expect(got == reference(text), "\(text)")
            #expect(got.contractType == reference(text)?.contractType && got.positions == reference(text)?.positions)
        }
    }

    @Test("Records it cannot read plainly are left to JSONDecoder (nil), never read differently")
    func leftToTheReference() {
        let base = #"{"id": "O1", "lieuTravail": {"commune": "62041"}"#
        let others = [
            base.replacingOccurrences(of: "O1", with: #"O\u0031"#) + "}",    // an escape in a member it reads
            base + #", "nombrePostes": 2.0}"#,                                // a fraction where an integer is expected
            base + #", "nombrePostes": 02}"#,                                 // not JSON
            base + #", "id": "O2"}"#,                                         // a member twice
            base + #", "dateDebut": "2026-02-30"}"#,                          // no such day
            base + #", "experienceExige": "X"}"#,
            base + #", "publicsPrioritaires": ["retraite"]}"#,
            base + #", "permis": [{"exigence": "E"}]}"#,                      // a licence without its label
            base + #", "lieuTravail": null}"#,
            #"{"id": "O1"}"#,                                                 // no lieuTravail
            base + #", "description": "a \x b"}"#,                            // a bad escape in a skipped member
            base + #", "description": "\ud800"}"#,                            // a lone surrogate
            base + #", "salaire": {"libelle": "x",}}"#,                       // a trailing comma
            base + #", "salaire": tru}"#,
            base + #", "qualificationCode": 1e400}"#,                         // a number no Double holds
            base + #", "lieuTravail": {"latitude": 1e400}}"#,
            base + ",}",
            base + "} x",
        ]
        for text in others {
            #expect(fast(text) == nil, "left to JSONDecoder: \(text)")
        }
        #expect(reference(others[0])?.id == "O1", "JSONDecoder reads escapes")
        #expect(reference(others[2]) == nil && reference(others[4]) == nil && reference(others[9]) == nil, "JSONDecoder names these faults")
    }

    @Test("A file in parts goes through the reader and reaches the records JSONDecoder reads")
    func partsWithFastReader() throws {
        let records = (0..<40).map { i in
            i % 7 == 0 ? Self.franceTravail.replacingOccurrences(of: "192XDYN", with: "F\(i)")
                : #"{"id": "O"# + "\(i)" + #"", "lieuTravail": {"commune": "62041"}, "intitule": "Cari\u0073te"}"#
        }
        let data = Data(("{\"resultats\": [" + records.joined(separator: ",\n") + "]}").utf8)
        let fastParts = JSONRecords.decodeInParts(JobOffer.self, data, rootKey: RecordFiles.offersRootKey,
                                                  fast: OfferJSONDecoder.offer(in:), minimumBytes: 0)
        let whole = try RecordFiles.decodeOffers(data, file: "o.json")
        #expect(fastParts == whole)
        #expect(whole[1].title == "Cariste" && whole[7].id == "F7")
    }
}
