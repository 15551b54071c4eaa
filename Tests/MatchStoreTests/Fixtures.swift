import Foundation
import MatchCore
import MatchData
@testable import MatchStore
import Testing

/// Shared test material: the shipped referentials (loaded once), small offer and candidate files whose
/// lines are known, and temporary folders.
enum Fixture {
    /// The real referentials, embedding and policy of `data/` and `models/`.
    static let model: MatchModel = {
        do { return try MatchModel.load() } catch { fatalError("cannot load the model: \(error)") }
    }()

    static let referenceDate = Day(year: 2026, month: 11, day: 23)!

    /// A fixed clock, so that timestamps are reproducible.
    static let now: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_000_000) }

    static func store() throws -> Store { try Store.inMemory(now: now) }

    static func options(_ actor: String = "test", skipInvalid: Bool = false) -> ImportOptions {
        ImportOptions(actor: actor, skipInvalid: skipInvalid)
    }

    /// A new empty folder, removed when the test process ends.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "apparier-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// France Travail's sample, when the shared data folder is next to the checkout.
    static let franceTravailDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "shared/data/offres")
    static let franceTravailJSON = franceTravailDirectory.appending(path: "france_travail_offres_dept07_2025-06-01.json")
    static let franceTravailCSV = franceTravailDirectory.appending(path: "france_travail_offres_cdi_dept07_2025-06-01.csv")
    static var hasFranceTravailSample: Bool { FileManager.default.fileExists(atPath: franceTravailJSON.path) }

    /// Two offers: one in Lille requiring licence C, one in Dunkerque located by its commune only.
    static let offersJSON = """
    {"resultats": [
      {"id": "LIL-C", "intitule": "Chauffeur poids lourd", "romeCode": "N4101", "typeContrat": "CDI",
       "lieuTravail": {"libelle": "59 - LILLE", "commune": "59350", "latitude": 50.6311, "longitude": 3.0468},
       "permis": [{"libelle": "C - Poids lourd", "exigence": "E"}],
       "competences": [{"code": "100341", "libelle": "Procédures d'encaissement", "exigence": "S"},
                       {"libelle": "Conduite en sécurité", "exigence": "E"}],
       "formations": [{"niveauLibelle": "CAP, BEP et équivalents", "domaineLibelle": "Transport", "exigence": "S"}],
       "experienceExige": "D", "nombrePostes": 1, "accessibleTH": true, "dateCreation": "2025-05-31T14:14:44.737Z"},
      {"id": "DK-1", "intitule": "Préparateur de commandes", "romeCode": "N1103", "lieuTravail": {"commune": "59183"},
       "nombrePostes": 2, "langues": [{"libelle": "Anglais", "exigence": "S"}], "publicsPrioritaires": ["deld"]}
    ]}
    """

    /// Candidates, one per line (record i is on line i + 2).
    static let candidatesJSON = """
    [
    {"id": "P-CE", "commune": "59350", "metiersRecherches": ["N4101"], "permis": ["CE"], "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
    {"id": "P-C-FAR-OK", "commune": "59009", "metiersRecherches": ["N4101"], "permis": ["C"], "competences": ["100341"], "mobilite": {"modes": ["voiture", "transport_en_commun"], "tempsMaxMinutes": 45}},
    {"id": "P-B-ONLY", "commune": "59350", "metiersRecherches": ["N4101"], "permis": ["B"], "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 30}},
    {"id": "P-TOO-FAR", "commune": "59183", "metiersRecherches": ["N4101"], "permis": ["CE"], "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 20}},
    {"id": "P-FULL", "commune": "59350", "metiersRecherches": ["N4101", "N1103"], "experiences": [{"romeCode": "N4101", "mois": 18}], "competences": ["100341", "300374"], "niveauDiplome": 3, "langues": [{"langue": "Anglais", "niveau": "B1"}, {"langue": "Néerlandais"}], "permis": ["C", "CACES R489 3"], "mobilite": {"modes": ["voiture", "velo"], "tempsMaxMinutes": 40, "rayonKm": 25.5}, "contrats": ["CDI", "CDD"], "disponibleLe": "2026-11-01", "dateNaissance": "1999-04-17", "inscritDepuis": "2025-01-06", "rqth": true, "qpv": true, "formation": {"romeCode": "N4101", "fin": "2026-10-30"}}
    ]
    """

    static var candidates: [Candidate] { try! RecordFiles.decodeCandidates(Data(candidatesJSON.utf8), file: "c.json") }
    static var offers: [JobOffer] { try! RecordFiles.decodeOffers(Data(offersJSON.utf8), file: "o.json") }

    /// A store holding the fixture offers and candidates.
    static func filledStore() throws -> Store {
        let store = try store()
        try store.importOffers(Data(offersJSON.utf8), file: "offres.json", model: model, options: options())
        try store.importCandidates(Data(candidatesJSON.utf8), file: "candidats.json", model: model, options: options())
        return store
    }

    /// The problem lines of a refused import, as `file:line: field …` strings.
    static func refusal(_ body: () throws -> Any) -> MatchError? {
        do { _ = try body(); return nil } catch let error as MatchError { return error } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}
