import Foundation
import Testing

/// What the command line itself says: its version, and the nearest command to a mistyped one.
@Suite("apparier: --version and mistyped commands")
struct CommandLineCLITests {
    @Test("--version prints the release; a mistyped command names the nearest one and exits 64 without running anything")
    func versionAndMistypes() throws {
        let cli = try CLIRunner()
        let version = try cli.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^apparier \d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version.stdout)")
        for (typed, meant) in [("shortlsit", "shortlist"), ("improt", "import"), ("demoo", "demo"), ("servre", "serve")] {
            let result = try cli.run([typed, "--offer", "X"])
            #expect(result.status == 64)
            #expect(result.stderr.contains("« \(typed) » n'est pas une commande d'apparier. Vouliez-vous dire « apparier \(meant) » ?"), "\(result.stderr)")
        }
        let far = try cli.run(["zzzzzz"])
        #expect(far.status == 64 && !far.stderr.contains("Vouliez-vous dire"))
        #expect(!FileManager.default.fileExists(atPath: cli.workingDirectory.appending(path: "apparier.sqlite").path))
        #expect(try cli.run(["help", "demo"]).status == 0)
    }

    @Test("Help, usage errors and failures read in French, with the parser's headings reworded")
    func french() throws {
        let cli = try CLIRunner()
        let help = try cli.run(["--help"])
        #expect(help.status == 0)
        for heading in ["PRÉSENTATION :", "UTILISATION :", "SOUS-COMMANDES :", "Afficher l'aide."] {
            #expect(help.stdout.contains(heading), "\(heading): \(help.stdout)")
        }
        for english in ["OVERVIEW", "USAGE", "SUBCOMMANDS", "Show help information"] { #expect(!help.stdout.contains(english), "\(english)") }
        // A group's help ends by naming its sub-commands' help; a sub-command's help wraps some
        // "(default: …)" right after the colon.
        let group = try cli.run(["bench", "--help"]).stdout
        #expect(group.contains("Voir « apparier help bench <sous-commande> » pour l'aide détaillée."), "\(group)")
        let run = try cli.run(["bench", "run", "--help"]).stdout
        #expect(run.contains("(par défaut :\n"), "\(run)")
        // Defaults of one number grouped as French readers group them; lists left as typed.
        #expect(run.contains("(par défaut : 500\u{202F}000)") && run.contains("50000,100000,200000"), "\(run)")
        #expect(!run.contains("500000") && run.contains("(par défaut : 2026)"), "a seed is a name, not a count: \(run)")
        // A value the parser names after its option, in English, is « <valeur> »; French names stay.
        #expect(run.contains("--candidates <valeur>") && !run.contains("<candidates>") && run.contains("--export <dossier>"), "\(run)")
        let serve = try cli.run(["serve", "--help"]).stdout
        #expect(serve.contains("8080)") && !serve.contains("8\u{202F}080"), "a port is not grouped: \(serve)")
        for text in [group, run] {
            for english in ["(default:", "for detailed help", "See '"] { #expect(!text.contains(english), "\(english): \(text)") }
        }
        let usage = try cli.run(["shortlist", "--offer", "X", "--top", "0"])
        #expect(usage.status == 64 && usage.stderr.hasPrefix("Erreur : --top doit être compris entre 1 et 1\u{202F}000"), "\(usage.stderr)")
        // What the parser quotes is quoted as the rest of the command line quotes.
        let typo = try cli.run(["shortlist", "--offer", "X", "--top", "abc"])
        #expect(typo.status == 64 && typo.stderr.hasPrefix("Erreur : la valeur « abc » est invalide pour « --top <valeur> »"), "\(typo.stderr)")
        #expect(typo.stderr.contains("Aide : ") && typo.stderr.contains("Voir « apparier shortlist --help » pour le détail."), "\(typo.stderr)")
        #expect(!typo.stderr.contains("'"), "\(typo.stderr)")
        #expect(usage.stderr.contains("Utilisation : apparier shortlist") && !usage.stderr.contains("Usage:"), "\(usage.stderr)")
        let missing = try cli.run(["offers", "show"])
        #expect(missing.status == 64 && missing.stderr.contains("Erreur : argument attendu manquant"), "\(missing.stderr)")
        let failure = try cli.run(["shortlists"])
        #expect(failure.status == 1 && failure.stderr.hasPrefix("Erreur : aucun magasin à "), "\(failure.stderr)")
    }
}
