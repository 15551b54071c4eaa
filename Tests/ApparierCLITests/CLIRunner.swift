import Foundation

/// Runs the built `apparier` executable as a user would, from a scratch working directory.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    let workingDirectory: URL
    let cache: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appending(path: "apparier-cli-\(UUID().uuidString)")
        workingDirectory = base.appending(path: "cwd")
        cache = base.appending(path: "cache")
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
    }

    /// The executable next to the test bundle (`swift test` builds it: the test target depends on it).
    static var executable: URL {
        let dir = Bundle.main.bundleURL.hasDirectoryPath ? Bundle.main.bundleURL : Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [dir.appending(path: "apparier"), dir.deletingLastPathComponent().appending(path: "apparier")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    func run(_ arguments: [String], cache useCache: URL? = nil, environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["APPARIER_CACHE"] = (useCache ?? cache).path
        environment.removeValue(forKey: "APPARIER_HOME")
        environment.removeValue(forKey: "APPARIER_PASSWORD")
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    func write(_ text: String, to name: String) throws -> String {
        let url = workingDirectory.appending(path: name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
