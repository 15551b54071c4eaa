import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Reconstruire le plongement des compétences et ajuster les poids de la politique de notation de models/.",
        subcommands: [Build.self, Fit.self]
    )
}
