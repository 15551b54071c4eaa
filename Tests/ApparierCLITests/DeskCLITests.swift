import Foundation
import Testing

/// `apparier platform`, `apparier user` and `apparier report`, run as a user runs them.
@Suite("apparier platform, user and report: the desk's commands")
struct DeskCLITests {
    @Test("A platform is made from EPCI names or SIREN codes; an unknown or ambiguous one is an error saying which")
    func platforms() throws {
        let cli = try CLIRunner()
        let made = try cli.run(["platform", "create", "--id", "arras", "--name", "Proch'emploi Arras", "--epci", "CU d'Arras", "--epci", "200068500"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("CU d'Arras"))
        let unknown = try cli.run(["platform", "create", "--id", "x", "--name", "X", "--epci", "Atlantide"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("aucun EPCI des Hauts-de-France ne porte ce nom"))
        let ambiguous = try cli.run(["platform", "create", "--id", "y", "--name", "Y", "--epci", "CA de"])
        #expect(ambiguous.status != 0)
        #expect(ambiguous.stderr.contains("plusieurs EPCI correspondent") && ambiguous.stderr.contains("CA de Cambrai (200068500)"))
        let twice = try cli.run(["platform", "create", "--id", "arras", "--name", "Autre", "--epci", "CU d'Arras"])
        #expect(twice.status != 0 && twice.stderr.contains("existe déjà"))
        let list = try cli.run(["platform", "list"])
        #expect(list.stdout.hasPrefix("arras\tProch'emploi Arras\t2 EPCI"))
    }

    @Test("An account needs a known platform, a role and a password of 12 characters; only its bcrypt hash is kept")
    func accounts() throws {
        let cli = try CLIRunner()
        #expect(try cli.run(["platform", "create", "--id", "arras", "--name", "Arras", "--epci", "CU d'Arras"]).status == 0)
        let weak = try cli.run(["user", "create", "--login", "claire", "--platform", "arras"], environment: ["APPARIER_PASSWORD": "court"])
        #expect(weak.status != 0 && weak.stderr.contains("au moins 12 caractères"))
        let role = try cli.run(["user", "create", "--login", "claire", "--platform", "arras", "--role", "chef"],
                               environment: ["APPARIER_PASSWORD": "un mot de passe assez long"])
        #expect(role.status != 0 && role.stderr.contains("assistant, responsable ou admin"))
        let platform = try cli.run(["user", "create", "--login", "claire", "--platform", "lille"],
                                   environment: ["APPARIER_PASSWORD": "un mot de passe assez long"])
        #expect(platform.status != 0 && platform.stderr.contains("aucune plateforme « lille » (connues : arras)"))
        let made = try cli.run(["user", "create", "--login", "claire", "--platform", "arras", "--role", "responsable"],
                               environment: ["APPARIER_PASSWORD": "un mot de passe assez long"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Compte « claire » (responsable) créé"))
        let store = try String(decoding: Data(contentsOf: cli.workingDirectory.appending(path: "apparier.sqlite")), as: UTF8.self)
        #expect(!store.contains("un mot de passe assez long"))
    }

    @Test("The monthly report writes the bilan as HTML and CSV, and names what it cannot compute")
    func report() throws {
        let cli = try CLIRunner()
        #expect(try cli.run(["platform", "create", "--id", "arras", "--name", "Proch'emploi Arras", "--epci", "CU d'Arras"]).status == 0)
        let written = try cli.run(["report", "--month", "2026-11", "--platform", "arras", "--out", "bilans"])
        #expect(written.status == 0, "\(written.stderr)")
        let folder = cli.workingDirectory.appending(path: "bilans")
        let html = try String(contentsOf: folder.appending(path: "bilan-arras-2026-11.html"), encoding: .utf8)
        let csv = try String(contentsOf: folder.appending(path: "bilan-arras-2026-11.csv"), encoding: .utf8)
        #expect(html.contains("<html lang=\"fr\">") && html.contains("Bilan de novembre 2026 — Proch&#39;emploi Arras"))
        #expect(html.contains("<style>") && !html.contains("/bureau/static/"))
        #expect(html.contains("Indicateurs non calculés"))
        let bytes = try Data(contentsOf: folder.appending(path: "bilan-arras-2026-11.csv"))
        #expect(bytes.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        #expect(csv.contains("plateforme;mois;axe;indicateur;valeur;detail\r\n"))
        #expect(csv.contains("Proch'emploi Arras;2026-11;Axe 3 : accompagnement sur mesure des recrutements;Nombre des mises à l'emploi grâce à la plateforme;0;"))
        #expect(csv.contains("Nombre d'entreprises visitées par la plateforme;non calculé"))
        let unknown = try cli.run(["report", "--month", "2026-11", "--platform", "lille", "--out", "bilans"])
        #expect(unknown.status != 0 && unknown.stderr.contains("aucune plateforme « lille » (connues : arras)"))
        let month = try cli.run(["report", "--month", "novembre", "--platform", "arras", "--out", "bilans"])
        #expect(month.status != 0 && month.stderr.contains("AAAA-MM"))
    }
}
