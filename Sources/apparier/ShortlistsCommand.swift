import ArgumentParser

struct Shortlists: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shortlists", abstract: "Not yet available.", shouldDisplay: false)
}
