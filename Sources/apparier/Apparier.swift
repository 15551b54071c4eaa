import ArgumentParser

@main
struct Apparier: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Job offer ↔ candidate matching.")
}
