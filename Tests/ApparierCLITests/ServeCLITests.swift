import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing

/// `apparier serve` run as a user runs it: a real process on a free loopback port, real HTTP.
@Suite("apparier serve and apparier token, as processes", .serialized)
struct ServeCLITests {
    /// A running `apparier serve`, its port read from what it prints when ready.
    final class Server: Sendable {
        let process: Process
        let port: Int
        private let errors: TextLog

        init(_ cli: CLIRunner, arguments: [String] = []) throws {
            let process = Process()
            process.executableURL = CLIRunner.executable
            process.arguments = ["serve", "--port", "0"] + arguments
            process.currentDirectoryURL = cli.workingDirectory
            process.environment = cli.environment()
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            let errors = TextLog()
            let ready = DispatchSemaphore(value: 0)
            err.fileHandleForReading.readabilityHandler = { handle in
                let chunk = String(decoding: handle.availableData, as: UTF8.self)
                let text = errors.append(chunk)
                if chunk.isEmpty { handle.readabilityHandler = nil }
                if chunk.isEmpty || text.contains("À l'écoute sur") { ready.signal() }
            }
            try process.run()
            _ = ready.wait(timeout: .now() + 120)
            let text = errors.text
            guard let line = text.split(separator: "\n").first(where: { $0.contains("À l'écoute sur http://") }),
                  let port = Int(line.split(separator: ":").last?.prefix { $0.isNumber } ?? "") else {
                process.terminate()
                throw CLIFailure("serve did not start: \(text)")
            }
            self.process = process
            self.port = port
            self.errors = errors
        }

        var stderr: String { errors.text }

        func get(_ path: String, token: String?) async throws -> (Int, Data) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as! HTTPURLResponse).statusCode, data)
        }

        /// SIGTERM, then the exit status (nil if still running after 20 s).
        func stop() -> Int32? {
            process.terminate()
            for _ in 0..<200 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
            return process.isRunning ? nil : process.terminationStatus
        }
    }

    /// Text written from one thread and read from another.
    final class TextLog: Sendable {
        private let value = Mutex("")
        var text: String { value.withLock { $0 } }
        func append(_ chunk: String) -> String { value.withLock { $0 += chunk; return $0 } }
    }

    struct CLIFailure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    @Test("The service answers what `apparier shortlist --format json` prints; a revoked token is refused; SIGTERM stops it cleanly")
    func serveMatchesCommand() async throws {
        let cli = try CLIRunner()
        _ = try StoreFixture.filled(cli)
        let made = try cli.run(["token", "create", "--name", "ci"])
        #expect(made.status == 0, "\(made.stderr)")
        let token = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("apr_"))
        #expect(try cli.run(["token", "list"]).stdout.contains("ci\t"))
        #expect(!(try cli.run(["token", "list"]).stdout.contains(token)), "the token is shown once, never listed")

        let first = try cli.run(["shortlist", "--offer", "LIL-C", "--format", "json", "--date", "2026-11-23"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("enregistré dans apparier.sqlite.index"))
        let second = try cli.run(["shortlist", "--offer", "LIL-C", "--format", "json", "--date", "2026-11-23"])
        #expect(!second.stderr.contains("construit depuis le magasin"), "the second run reads the snapshot")
        #expect(second.stdout == first.stdout)
        let ids = Set(((first.json as? [String: Any])?["candidates"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(ids == StoreFixture.expected)

        let server = try Server(cli, arguments: ["--date", "2026-11-23"])
        #expect(server.stderr.contains("lu dans l'instantané"))
        let (status, body) = try await server.get("/api/v1/offers/LIL-C/shortlist", token: token)
        #expect(status == 200)
        #expect(String(decoding: body, as: UTF8.self) == first.stdout)
        #expect(try await server.get("/api/v1/offers/LIL-C/shortlist", token: nil).0 == 401)

        #expect(try cli.run(["token", "revoke", "--name", "ci"]).status == 0)
        #expect(try await server.get("/api/v1/health", token: token).0 == 401)
        #expect(try cli.run(["token", "revoke", "--name", "ci"]).status != 0)

        #expect(server.stop() == 0)
        #expect(server.stderr.contains("Arrêté."))
    }

    @Test("SIGTERM during an import: the import finishes and is answered, then the service exits with 0")
    func sigtermFinishesRequestsInFlight() async throws {
        let cli = try CLIRunner()
        // Large enough that the import still runs when SIGTERM comes, after a wait long enough for the request
        // to be sent whole even on a loaded machine (the signal must not beat the connection).
        #expect(try cli.run(["generate", "--candidates", "12000", "--offers", "20", "--seed", "5", "--out", "g"]).status == 0)
        #expect(try cli.run(["import", "offers", "g/offers.json"]).status == 0)
        let token = try cli.run(["token", "create", "--name", "ci"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try Server(cli)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/api/v1/candidates")!)
        request.httpMethod = "POST"
        request.timeoutInterval = 600   // a debug build on a loaded machine imports slowly; the answer is what counts
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try Data(contentsOf: cli.workingDirectory.appending(path: "g/candidates.json"))
        let clock = ContinuousClock(), sent = clock.now
        async let answer = URLSession.shared.data(for: request)
        try await Task.sleep(for: .seconds(4))   // the body (13 MB) sent whole even on a slow, loaded machine
        server.process.terminate()   // SIGTERM while the import runs
        let (body, response) = try await answer
        #expect((response as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: body, as: UTF8.self))")
        #expect(clock.now - sent > .seconds(4), "the import was over before SIGTERM: the test shows nothing")
        #expect(server.stop() == 0)
        #expect(try StoreFixture.rows(cli, "candidate") == 12000)
    }

    @Test("A CLI erasure deletes the snapshot; the next command rebuilds it without the candidate")
    func eraseDeletesSnapshot() throws {
        let cli = try CLIRunner()
        _ = try StoreFixture.filled(cli)
        #expect(try cli.run(["shortlist", "--offer", "LIL-C"]).status == 0)
        let snapshot = cli.workingDirectory.appending(path: "apparier.sqlite.index")
        #expect(try Data(contentsOf: snapshot).range(of: Data("P-CE".utf8)) != nil)
        #expect(try cli.run(["erase", "--candidate", "P-CE"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: snapshot.path))
        let after = try cli.run(["shortlist", "--offer", "LIL-C", "--format", "json"])
        #expect(!after.stdout.contains("P-CE"))
        #expect(try Data(contentsOf: snapshot).range(of: Data("P-CE".utf8)) == nil)
    }
}
