import ApparierCommandSupport
import ApparierBench
import ArgumentParser
import MatchCore

@main
struct Apparier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apparier",
        abstract: "Match job offers to candidates: explained présélections for Hauts-de-France employment platforms.",
        discussion: """
        Start with `apparier demo`: it builds a demo data set from the shipped referentials on first run
        (20,000 candidates, 2,000 offers) and prints an explained shortlist.

        Examples:
          apparier demo
          apparier shortlist --offer D000042 --top 10 --explain
          apparier shortlist --offers offres.json --candidates candidats.json --offer 193FKBM --format json
        """,
        subcommands: [
            Demo.self, Metier.self, ShortlistCommand.self, Shortlists.self, Import.self, Erase.self, Batch.self, Serve.self, Token.self,
            PlatformCommand.self, UserCommand.self, Report.self, Generate.self, Evaluate.self, ModelCommand.self, Bench.self,
        ]
    )
}

/// Output formats of a shortlist.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
