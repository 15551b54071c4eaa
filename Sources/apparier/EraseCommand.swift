import ArgumentParser

struct Erase: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "erase", abstract: "Not yet available.", shouldDisplay: false)
}
