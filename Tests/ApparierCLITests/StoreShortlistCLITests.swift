import Foundation
import Testing

/// One store for the whole suite (filled and a list saved once; the tests only read it), to keep the
/// debug-build test run short.
private let shared: (cli: CLIRunner, saved: CLIRunner.Result) = {
    do {
        let cli = try CLIRunner()
        _ = try StoreFixture.filled(cli)
        let saved = try cli.run(["shortlist", "--offer", "LIL-C", "--save", "--by", "Amélie <Durand>", "--date", "2026-11-23", "--format", "json"])
        return (cli, saved)
    } catch { fatalError("cannot prepare the store: \(error)") }
}()

@Suite("Saved shortlists and their exports")
struct StoreShortlistCLITests {
    @Test("shortlist --save --by stores the list; shortlists lists it; --show prints it again")
    func saveListShow() throws {
        let (cli, saved) = shared
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stderr.contains("Liste enregistrée sous le n° 1 dans apparier.sqlite"))
        let object = try #require(saved.json as? [String: Any])
        let header = try #require(object["saved"] as? [String: Any])
        #expect(header["id"] as? Int == 1 && header["requestedBy"] as? String == "Amélie <Durand>")
        #expect((header["parameters"] as? [String: String])?["top"] == "20")
        #expect(Set((object["candidates"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == StoreFixture.expected)

        let list = try cli.run(["shortlists"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("LIL-C") && list.stdout.contains("Amélie <Durand>") && list.stdout.contains("Chauffeur poids lourd"), "\(list.stdout)")
        #expect(try cli.run(["shortlists", "--offer", "AUTRE"]).stdout.contains("Aucune liste enregistrée pour l'offre AUTRE"))

        let shown = try cli.run(["shortlist", "--show", "1", "--format", "json", "--by", "Bruno"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout == saved.stdout, "shown exactly as saved")
        let table = try cli.run(["shortlist", "--show", "1"])
        #expect(table.stdout.contains("Liste n° 1 enregistrée le") && table.stdout.contains("par Amélie <Durand>"), "\(table.stdout)")

        let missing = try cli.run(["shortlist", "--show", "9"])
        #expect(missing.status == 1 && missing.stderr.contains("aucune liste enregistrée sous le n° 9 (la dernière est le n° 1)"))
        let both = try cli.run(["shortlist", "--show", "1", "--offer", "LIL-C"])
        #expect(both.status != 0 && both.stderr.contains("--offer ou --show, pas les deux"))
    }

    @Test("CSV export for the employer: the offer and the platform named, travel and competences, no score, no priority public")
    func employerCSV() throws {
        let bare = try shared.cli.run(["shortlist", "--show", "1", "--format", "csv"])
        #expect(bare.stderr.contains("ne nomme pas votre plateforme"), "a note says how to name it: \(bare.stderr)")
        let settings = shared.cli.dataHome.deletingLastPathComponent().appending(path: "réglages.json")
        try Data(#"{"plateforme": {"nom": "Proch'emploi Arras", "contact": "03 21 00 00 00"}}"#.utf8).write(to: settings)
        let result = try shared.cli.run(["shortlist", "--show", "1", "--format", "csv"], environment: ["APPARIER_CONFIG": settings.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("ne nomme pas"))
        let html = try shared.cli.run(["shortlist", "--show", "1", "--format", "html"], environment: ["APPARIER_CONFIG": settings.path])
        #expect(html.stdout.contains("Présélection transmise par <b>Proch&#39;emploi Arras</b> · 03 21 00 00 00"), "\(html.stdout.prefix(2000))")
        let text = result.stdout
        #expect(text.hasPrefix("\u{FEFF}offre;rang;identifiant;temps_trajet_min;mode;limite_min;competences_acquises;manquant;distance_km;source_temps;transmis_par\r\n"))
        let lines = text.dropFirst().split(separator: "\r\n").map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        #expect(lines.count == 3)
        #expect(lines.dropFirst().allSatisfy { $0[0] == "Chauffeur poids lourd (LIL-C)" && $0[10] == "Proch'emploi Arras · 03 21 00 00 00" })
        for word in ["rqth", "jeune", "priorite", "score"] { #expect(!text.lowercased().contains(word), "\(word)") }
    }

    @Test("CSV export for the platform (--internal): BOM, semicolons, French headers, accents, decimal comma, one line per candidate")
    func csvExport() throws {
        let result = try shared.cli.run(["shortlist", "--show", "1", "--format", "csv", "--internal"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.hasPrefix("\u{FEFF}offre;rang;identifiant;score_sur_100;temps_trajet_min;mode;limite_min;competences_acquises;manquant;publics_prioritaires;detail_score;distance_km;source_temps;part_competences;part_affinite;part_metier;part_experience;part_diplome;part_trajet;part_priorite\r\n"))
        let lines = text.dropFirst().split(separator: "\r\n").map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        #expect(lines.count == 3)
        #expect(lines.dropFirst().allSatisfy { $0.count == lines[0].count && $0[0] == "Chauffeur poids lourd (LIL-C)" })
        let farOK = try #require(lines.first { $0[2] == "P-C-FAR-OK" })
        #expect(farOK[7].contains("Procédures d'encaissement (100341)"), "accents and labels: \(farOK[7])")
        let score = try #require(Int(farOK[3]), "a whole score on 100: \(farOK[3])")
        #expect((1...100).contains(score))
        #expect(farOK[4].contains(",") && !farOK[4].contains("."), "decimal comma: \(farOK[4])")
        #expect(farOK[9].contains("RQTH") && !farOK[9].contains("rqth"), "publics in words: \(farOK[9])")
        #expect(farOK[10].contains("compétences ") && !farOK[10].contains("skills"), "parts in words: \(farOK[10])")
        let ce = try #require(lines.first { $0[2] == "P-CE" })
        #expect(ce[8].contains("Présenter et valoriser un produit ou un service (300374)"), "missing item: \(ce[8])")
    }

    @Test("HTML export for the employer: no priority public, no score, nothing of the pool")
    func employerHTML() throws {
        let result = try shared.cli.run(["shortlist", "--show", "1", "--format", "html"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = result.stdout
        #expect(html.contains("P-C-FAR-OK") && html.contains("Procédures d&#39;encaissement (100341)"))
        for hidden in ["RQTH", "jeune (moins de 26 ans)", "examinés", "exclus", "Score", "public prioritaire", "action positive"] {
            #expect(!html.contains(hidden), "\(hidden)")
        }
    }

    @Test("HTML export for the platform (--internal): one self-contained printable page with the offer, the ranked candidates, reasons and what is missing")
    func htmlExport() throws {
        let result = try shared.cli.run(["shortlist", "--show", "1", "--format", "html", "--internal"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = result.stdout
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<meta charset=\"utf-8\">") && html.hasSuffix("</html>\n"))
        #expect(html.contains("<title>Présélection — Chauffeur poids lourd (offre LIL-C)</title>"))
        // Self-contained: styles inline, no script, no external resource.
        #expect(html.contains("<style>") && html.contains("@page") && html.contains("@media print"))
        for external in ["<script", "<link", "src=", "href=", "url(", "@import"] { #expect(!html.contains(external), "\(external)") }
        // The offer summary.
        #expect(html.contains("ROME N4101 · "))
        #expect(html.contains("C - Poids lourd <em>(exigé)</em>") && html.contains("B - Véhicule léger (souhaité)"))
        #expect(html.contains("CAP, BEP et équivalents — Transport (souhaité)") && html.contains("débutant accepté"))
        #expect(html.contains("2 postes") && html.contains("01/12/2026"))
        #expect(html.contains("Présenter et valoriser un produit ou un service <small>300374</small> · exigée"))
        #expect(html.contains("Présélection n° 1, demandée par Amélie &lt;Durand&gt;"), "escaped")
        // Who was excluded, and why.
        #expect(html.contains("<b>4</b> candidats examinés, <b>2</b> retenus") && html.contains("permis manquant : 1") && html.contains("trajet trop long : 1"))
        // The ranked candidates with reasons, travel against their limit, and what is missing.
        let rows = html.components(separatedBy: "<tr><td class=\"rank\">").dropFirst()
        #expect(rows.count == 2)
        #expect(rows.first?.hasPrefix("1</td>") == true)
        let farOK = try #require(rows.first { $0.contains("P-C-FAR-OK") })
        #expect(farOK.contains("limite 45 min") && farOK.contains("estimation") && farOK.contains("compétences +"))
        #expect(farOK.contains("2/2 compétences :</b> Procédures d&#39;encaissement (100341)"), "\(farOK)")
        #expect(farOK.contains("RQTH") && farOK.contains("jeune (moins de 26 ans)"))
        let ce = try #require(rows.first { $0.contains("P-CE") })
        #expect(ce.contains("<li>Présenter et valoriser un produit ou un service (300374)</li>"))
        #expect(!ce.contains("<li>permis B (souhaité)</li>"), "P-CE holds CE, which implies B")
    }
}
