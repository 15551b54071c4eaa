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
}
