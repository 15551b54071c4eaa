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
    /// The user's data folder (`XDG_DATA_HOME`) of the runs, in the scratch folder too.
    let dataHome: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appending(path: "apparier-cli-\(UUID().uuidString)")
        workingDirectory = base.appending(path: "cwd")
        cache = base.appending(path: "cache")
        dataHome = base.appending(path: "data")
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
    }

    /// The executable next to the test bundle (`swift test` builds it: the test target depends on it).
    static var executable: URL {
        let dir = Bundle.main.bundleURL.hasDirectoryPath ? Bundle.main.bundleURL : Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [dir.appending(path: "apparier"), dir.deletingLastPathComponent().appending(path: "apparier")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    func run(_ arguments: [String], cache useCache: URL? = nil, environment extra: [String: String] = [:],
             in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? workingDirectory
        var environment = self.environment(cache: useCache)
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

    /// Runs the executable on a terminal of its own (util-linux's `script` gives it a pseudo-terminal):
    /// what a user at a terminal sees, standard output and standard error mixed, is `stdout`.
    func runInTerminal(_ arguments: [String]) throws -> Result {
        let (wrapper, output) = try startInTerminal(arguments)
        let seen = output.readDataToEndOfFile()
        wrapper.waitUntilExit()
        return Result(status: wrapper.terminationStatus, stdout: String(decoding: seen, as: UTF8.self), stderr: "")
    }

    /// Starts the executable on a terminal of its own; returns the wrapper (whose exit status is the
    /// executable's, 128 + the signal when one killed it) and the terminal's output. The executable is the
    /// wrapper's only child (``childProcess(of:)``).
    func startInTerminal(_ arguments: [String]) throws -> (wrapper: Process, output: FileHandle) {
        let quoted = ([CLIRunner.executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.terminalWrapper)
        process.arguments = ["-qec", "exec " + quoted.joined(separator: " "), "/dev/null"]
        process.currentDirectoryURL = workingDirectory
        process.environment = environment()
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out.fileHandleForReading)
    }

    /// The pid of the only child of process `pid` (Linux's `/proc`), if any.
    static func childProcess(of pid: Int32) -> Int32? {
        let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)
        return text?.split(separator: " ").first.flatMap { Int32($0) }
    }

    static let terminalWrapper = "/usr/bin/script"

    /// The environment of every run: the scratch folders for the cache, the data folder and the settings,
    /// and the store beside the working directory (`APPARIER_DB: ""` in a run's `extra` gives the default).
    func environment(cache useCache: URL? = nil) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["APPARIER_CACHE"] = (useCache ?? cache).path
        environment["XDG_DATA_HOME"] = dataHome.path
        environment["XDG_CONFIG_HOME"] = dataHome.deletingLastPathComponent().appending(path: "config").path
        environment["APPARIER_DB"] = workingDirectory.appending(path: "apparier.sqlite").path
        for key in ["APPARIER_HOME", "APPARIER_PASSWORD", "APPARIER_CONFIG"] { environment.removeValue(forKey: key) }
        return environment
    }

    func write(_ text: String, to name: String) throws -> String {
        let url = workingDirectory.appending(path: name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
