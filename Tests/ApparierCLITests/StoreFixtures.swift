import Foundation
import Testing

/// Files for the store's command-line tests, and helpers to read the store through the command itself.
enum StoreFixture {
    static let offers = """
    {"resultats": [
      {"id": "LIL-C", "intitule": "Chauffeur poids lourd", "romeCode": "N4101", "typeContrat": "CDI",
       "lieuTravail": {"libelle": "59 - LILLE", "commune": "59350", "latitude": 50.6311, "longitude": 3.0468},
       "permis": [{"libelle": "C - Poids lourd", "exigence": "E"}, {"libelle": "B - Véhicule léger", "exigence": "S"}],
       "competences": [{"code": "100341", "libelle": "Procédures d'encaissement", "exigence": "S"},
                       {"code": "300374", "libelle": "Présenter et valoriser un produit ou un service", "exigence": "E"}],
       "formations": [{"niveauLibelle": "CAP, BEP et équivalents", "domaineLibelle": "Transport", "exigence": "S"}],
       "experienceExige": "D", "nombrePostes": 2, "dateDebut": "2026-12-01"}
    ]}
    """

    /// Candidates as CSV (`;`, lists with commas), one per line: record i is on line i + 2.
    static let candidatesCSV = """
    id;commune;metiersRecherches;experiences;competences;niveauDiplome;langues;permis;mobilite.modes;mobilite.tempsMaxMinutes;contrats;dateNaissance;rqth;formation.romeCode;formation.fin
    P-CE;59350;N4101;N4101:24;100341;3;Français:C1;CE;voiture;30;;1990-05-01;0;;
    P-C-FAR-OK;59009;N4101;;100341,300374;4;"Français:C1,Anglais:B1";C;voiture,transport_en_commun;45;CDI,CDD;2003-03-03;1;N4101;2026-09-30
    P-B-ONLY;59350;N4101;;;3;;B;voiture;30;;;0;;
    P-TOO-FAR;59183;N4101;;;3;;CE;voiture;20;;;0;;
    """

    /// The shortlist of LIL-C over the candidates above.
    static let expected: Set<String> = ["P-CE", "P-C-FAR-OK"]

    /// A store in the runner's working directory holding the fixture offers and candidates.
    static func filled(_ cli: CLIRunner) throws -> (offers: String, candidates: String) {
        let offers = try cli.write(StoreFixture.offers, to: "offres.json")
        let candidates = try cli.write(StoreFixture.candidatesCSV, to: "candidats.csv")
        for (kind, file) in [("offers", offers), ("candidates", candidates)] {
            let result = try cli.run(["import", kind, file])
            #expect(result.status == 0, "import \(kind): \(result.stderr)")
        }
        return (offers, candidates)
    }

    /// `apparier import status --format json`.
    static func status(_ cli: CLIRunner, db: String? = nil, digest: Bool = false) throws -> [String: Any] {
        let result = try cli.run(["import", "status", "--format", "json"] + (digest ? ["--digest"] : []) + (db.map { ["--db", $0] } ?? []))
        #expect(result.status == 0, "\(result.stderr)")
        return result.json as? [String: Any] ?? [:]
    }

    static func digest(_ cli: CLIRunner, db: String? = nil) throws -> String {
        try status(cli, db: db, digest: true)["contentDigest"] as? String ?? "?"
    }

    static func rows(_ cli: CLIRunner, _ table: String) throws -> Int {
        (try status(cli)["rows"] as? [String: Int])?[table] ?? -1
    }
}
