import ArgumentParser

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "batch", abstract: "Not yet available.", shouldDisplay: false)
}
