import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchService
import MatchStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the matching service: a JSON API over the store, with the index kept in memory.",
        discussion: """
        Loads the index once — from the snapshot next to the store (STORE.index) when it is current, else
        rebuilt from the candidates and saved — then answers over HTTP under /api/v1 (docs/openapi.json,
        also served at /api/v1/openapi.json). Imports and erasures through the API reach the index at
        once, without a rebuild; the snapshot is rewritten shortly after. Every /api call needs a bearer
        token (`apparier token create --name NAME`); reads and writes of candidates go to the audit log
        under the token's name. Prometheus metrics at /metrics. SIGTERM or Ctrl-C: the requests in flight
        finish, then the service stops.

        Binds 127.0.0.1 unless --host says otherwise: put a TLS proxy in front to serve a network.

        Examples:
          apparier token create --name poste-amelie
          apparier serve --db apparier.sqlite --port 8080
          curl -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/offers/D000042/shortlist?top=5
        """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed when ready).")
    var port = 8080

    @Option(help: ArgumentHelp("Reference date for priority publics and availability (YYYY-MM-DD). Default: the demo store's build date, else today.", valueName: "date"))
    var date: Day?

    @Option(name: .customLong("max-body-mb"), help: "Largest request body accepted, in MB (an import file).")
    var maxBodyMB = 256

    @Flag(name: .customLong("secure-cookies"), help: "Mark the desk's cookies Secure: use it when the service is reached over HTTPS (behind a proxy).")
    var secureCookies = false

    @Option(name: .customLong("travel-matrix"), help: ArgumentHelp("Real travel times, CSV `from,to,mode,minutes`; preferred over the estimate.", valueName: "file"))
    var travelMatrix: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard maxBodyMB >= 1 else { throw ValidationError("--max-body-mb must be at least 1") }
    }

    func run() async throws {
        let model = try MatchModel.load(travelMatrix: travelMatrix.map { URL(fileURLWithPath: $0) })
        let opened = try store.open()
        let referenceDate = try opened.referenceDate(given: date)
        let service = try reportingFailures { try ApparierService(store: opened, model: model, referenceDate: referenceDate) }
        let start = service.startup
        let origin: String
        switch start.origin {
        case .snapshot: origin = "read from the snapshot"
        case .rebuilt(let why): origin = "rebuilt (\(why)) and saved"
        }
        note("Index of \(start.candidates) candidates \(origin) in \(String(format: "%.2f", start.seconds)) s; \(start.offers) offers; reference date \(referenceDate).")
        if try opened.platforms().isEmpty {
            note("No desk account: make a platform and its first account with `apparier platform create` and `apparier user create --role admin`.")
        }
        if try opened.tokens().allSatisfy({ !$0.isActive }) {
            note("No active token: every /api call will be refused. Make one with `apparier token create --name NAME --db \(store.path)`.")
        }
        var configuration = ServiceConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = maxBodyMB << 20
        configuration.secureCookies = secureCookies
        configuration.openAPIDocument = try? ResourceLocator.root().appending(path: "docs/openapi.json")
        try await service.run(configuration) { port in
            note("Listening on http://\(host):\(port) (API under /api/v1, desk at /bureau).")
        }
        note("Stopped.")
    }
}

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make, list and revoke the bearer tokens of the service.",
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self])
}

struct TokenCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a token and print it once (the store keeps only its SHA-256).",
        discussion: """
        Example:
          apparier token create --name si-plateforme-arras
        """)

    @Option(help: ArgumentHelp("Who or what uses the token: it names the caller in the audit log.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Who makes it, for the audit log. Default: the login name.", valueName: "name"))
    var by: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        let secret = try reportingFailures { try store.open().createToken(name: name, by: actorName(by)) }
        print(secret)
        note("Token \"\(name)\" made. It is shown this once: keep it in a secret store. Send it as `Authorization: Bearer TOKEN`.")
    }
}

struct TokenList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tokens (never the tokens themselves).")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let tokens = try store.openExisting().tokens()
        guard !tokens.isEmpty else { print("No token. Make one with `apparier token create --name NAME`."); return }
        for t in tokens {
            print("\(t.name)\tcreated \(t.createdAt) by \(t.createdBy)\t\(t.revokedAt.map { "revoked \($0)" } ?? "active")")
        }
    }
}

struct TokenRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token: the service refuses it from the next request.")

    @Option(help: ArgumentHelp("The token's name.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Who revokes it, for the audit log. Default: the login name.", valueName: "name"))
    var by: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingFailures { try store.openExisting().revokeToken(name: name, by: actorName(by)) }
        print("Token \"\(name)\" revoked.")
    }
}
