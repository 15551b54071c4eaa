import ArgumentParser

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Not yet available.", shouldDisplay: false)
}
