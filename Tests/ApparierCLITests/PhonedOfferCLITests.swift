import Foundation
import Testing

/// The offer a boulangerie in Arras phones in, entered as an assistant writes it, through to what is sent.
@Suite("apparier: an offer phoned in, from words to the employer's list")
struct PhonedOfferCLITests {
    static let offer = """
    id;intitule;lieuTravail.commune;typeContrat;nombrePostes;experienceExige;dateDebut
    ARRAS-BOUL-0001;Vendeuse en boulangerie;Arras;CDI;1;Débutant accepté;17/12/2026
    """

    static let candidates = """
    id;commune;metiersRecherches;competences;permis;mobilite.modes;mobilite.tempsMaxMinutes;rqth;dateNaissance
    C-ARRAS-1;62041;D1106;;B;voiture;30;1;1990-01-01
    C-ARRAS-2;Dainville;D1106;;;transport_en_commun;45;0;2004-06-01
    C-LOIN;59183;D1106;;B;voiture;20;0;1985-01-01
    """

    @Test("Arras, the job title, 17/12/2026 and « Débutant accepté » import as the engine's values; the employer's CSV names the offer and the platform and nothing sensitive")
    func phonedOffer() throws {
        let cli = try CLIRunner()
        let imported = try cli.run(["import", "offers", try cli.write(Self.offer, to: "boulangerie.csv")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("déduit de l'intitulé « Vendeuse en boulangerie » : D1106"), "the fiche found is said: \(imported.stderr)")
        #expect(try cli.run(["import", "candidates", try cli.write(Self.candidates, to: "candidats.csv")]).status == 0)

        let shown = try cli.run(["offers", "show", "ARRAS-BOUL-0001", "--format", "json"])
        let offer = ((shown.json as? [String: Any])?["offre"] as? [String: Any]) ?? [:]
        #expect(offer["romeCode"] as? String == "D1106" && offer["dateDebut"] as? String == "2026-12-17", "\(shown.stdout)")
        #expect(offer["experienceExige"] as? String == "D" && (offer["lieuTravail"] as? [String: Any])?["commune"] as? String == "62041", "\(shown.stdout)")

        let settings = cli.workingDirectory.appending(path: "apparier.json")
        try Data(#"{"plateforme": {"nom": "Proch'emploi Arras", "contact": "03 21 00 00 00"}}"#.utf8).write(to: settings)
        let csv = try cli.run(["shortlist", "--offer", "ARRAS-BOUL-0001", "--format", "csv", "--date", "2026-12-04"],
                              environment: ["APPARIER_CONFIG": settings.path])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.dropFirst().split(separator: "\r\n").map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        #expect(Set(rows.dropFirst().map { $0[2] }) == ["C-ARRAS-1", "C-ARRAS-2"], "C-LOIN lives beyond their own 20 minutes: \(csv.stdout)")
        #expect(rows.dropFirst().allSatisfy { $0[0] == "Vendeuse en boulangerie (ARRAS-BOUL-0001)" && $0.last == "Proch'emploi Arras · 03 21 00 00 00" })
        for hidden in ["rqth", "RQTH", "score", "examinés", "1990"] { #expect(!csv.stdout.contains(hidden), "\(hidden)") }

        let table = try cli.run(["shortlist", "--offer", "ARRAS-BOUL-0001", "--date", "2026-12-04"])
        #expect(table.stdout.contains("Arras (62041)") && table.stdout.contains("Score sur 100"), "\(table.stdout)")
    }
}
