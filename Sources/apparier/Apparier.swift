import ApparierCommandSupport
import ApparierBench
import ArgumentParser
import Foundation
import MatchCore

@main
struct Apparier: AsyncParsableCommand {
    /// The release, printed by `apparier --version`.
    static let version = "0.6.0"

    static let configuration = CommandConfiguration(
        commandName: "apparier",
        abstract: "Apparier les offres d'emploi et les candidats : des présélections expliquées pour les plateformes emploi des Hauts-de-France.",
        discussion: """
        Commencez par `apparier demo` : au premier lancement, la commande construit un
        jeu de démonstration à partir des référentiels livrés (20 000 candidats, 2 000
        offres) et imprime une présélection expliquée. Le magasin est
        ~/.local/share/apparier/apparier.sqlite (--db ou $APPARIER_DB pour un autre) :
        le même depuis n'importe quel dossier.

        Exemples :
          apparier demo
          apparier metier "vendeuse en boulangerie"
          apparier import offers offres.csv
          apparier shortlist --offer D000042 --top 10 --explain
          apparier shortlist --offers offres.json --candidates candidats.json --offer 193FKBM --format json
        """,
        version: "apparier \(Apparier.version)",
        subcommands: [
            Demo.self, Metier.self, ShortlistCommand.self, Shortlists.self, Import.self, OffersCommand.self, Erase.self, Batch.self, Serve.self, Token.self,
            PlatformCommand.self, UserCommand.self, Report.self, Generate.self, Evaluate.self, ModelCommand.self, BenchCommand.self,
        ]
    )

    /// A mistyped command gets the nearest one named (`apparier shortlsit` → `apparier shortlist`) before
    /// the parser's own error; then the usual parsing and run.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, let hint = mistypedCommandHint(first) {
            FileHandle.standardError.write(Data(hint.utf8))
            Foundation.exit(64)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            // Our own failures read in French; the parser's usage errors keep its format.
            FileHandle.standardError.write(Data("Erreur : \(failure.description)\n".utf8))
            Foundation.exit(1)
        } catch {
            // The parser's own messages (help, usage errors) in French; help and --version go to standard
            // output with status 0, errors to standard error.
            let code = exitCode(for: error)
            let text = ParserWording.french(fullMessage(for: error))
            if code == .success {
                print(text)
            } else {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// The message for a first argument that is no command nor option, naming the nearest command.
    static func mistypedCommandHint(_ word: String) -> String? {
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !word.hasPrefix("-"), !names.contains(word) else { return nil }
        let typed = Array(word.lowercased().utf8)
        let nearest = names.compactMap { name in EditDistance.bounded(typed, Array(name.utf8), limit: 2).map { (name, $0) } }
            .min { $0.1 < $1.1 }?.0
        return "apparier : « \(word) » n'est pas une commande d'apparier." + (nearest.map { " Vouliez-vous dire « apparier \($0) » ?" } ?? "")
            + " La liste : apparier --help\n"
    }
}

/// Output formats of a shortlist.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
