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
        abstract: "Lancer le service : l'API JSON et le bureau des chargé·es de relation entreprise, l'index gardé en mémoire.",
        discussion: """
        Charge l'index une fois — depuis l'instantané à côté du magasin
        (MAGASIN.index) quand il est à jour, sinon reconstruit depuis les candidats et
        enregistré — puis répond en HTTP sous /api/v1 (docs/openapi.json, aussi servi
        à /api/v1/openapi.json) et sert le bureau à /bureau. Les imports et
        effacements passés par l'API atteignent l'index aussitôt, sans reconstruction
        ; l'instantané est réécrit peu après. Chaque appel à /api demande un jeton
        (`apparier token create --name NOM`) ; les lectures et écritures de candidats
        vont au journal sous le nom du jeton. Le bureau demande un compte (`apparier
        user create`). Métriques Prometheus à /metrics. SIGTERM ou Ctrl-C : les
        requêtes en cours se terminent, puis le service s'arrête.

        Écoute 127.0.0.1 sauf si --host dit autre chose : placez un proxy TLS devant
        pour servir un réseau.

        Exemples :
          apparier token create --name poste-amelie
          apparier serve --port 8080
          curl -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/offers/D000042/shortlist?top=5
        """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Adresse d'écoute.")
    var host = "127.0.0.1"

    @Option(help: "Port d'écoute (0 : un port libre, imprimé quand le service est prêt).")
    var port = 8080

    @Option(help: ArgumentHelp("Jour de référence des publics prioritaires et des disponibilités (AAAA-MM-JJ). Par défaut : le jour de construction du magasin de démonstration, sinon aujourd'hui.", valueName: "date"))
    var date: Day?

    @Option(name: .customLong("max-body-mb"), help: "Plus grand corps de requête accepté, en Mo (un fichier d'import).")
    var maxBodyMB = 256

    @Flag(name: .customLong("secure-cookies"), help: "Marquer Secure les cookies du bureau : à utiliser quand le service est joint en HTTPS (derrière un proxy).")
    var secureCookies = false

    @Option(name: .customLong("travel-matrix"), help: ArgumentHelp("Temps de trajet réels, CSV `from,to,mode,minutes` ; préférés à l'estimation.", valueName: "fichier"))
    var travelMatrix: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port doit aller de 0 à 65535") }
        guard maxBodyMB >= 1 else { throw ValidationError("--max-body-mb doit valoir au moins 1") }
    }

    func run() async throws {
        let model = try MatchModel.load(travelMatrix: travelMatrix.map { URL(fileURLWithPath: $0) })
        let opened = try store.open()
        let referenceDate = try opened.referenceDate(given: date)
        let service = try reportingFailures { try ApparierService(store: opened, model: model, referenceDate: referenceDate) }
        let start = service.startup
        let origin: String
        switch start.origin {
        case .snapshot: origin = "lu dans l'instantané"
        case .rebuilt(let why): origin = "reconstruit (\(why)) et enregistré"
        }
        note("Index de \(French.count(start.candidates, "candidat")) \(origin) en \(French.number(start.seconds, digits: 2)) s ; \(French.count(start.offers, "offre")) ; jour de référence \(French.date(referenceDate)).")
        if try opened.platforms().isEmpty {
            note("Aucun compte du bureau : créez une plateforme et son premier compte avec `apparier platform create` et `apparier user create --role admin`.")
        }
        if try opened.tokens().allSatisfy({ !$0.isActive }) {
            note("Aucun jeton actif : tout appel à /api sera refusé. Créez-en un avec `apparier token create --name NOM --db \(store.path)`.")
        }
        var configuration = ServiceConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = maxBodyMB << 20
        configuration.secureCookies = secureCookies
        configuration.openAPIDocument = try? ResourceLocator.root().appending(path: "docs/openapi.json")
        try await service.run(configuration) { port in
            note("À l'écoute sur http://\(host):\(port) (API sous /api/v1, bureau à /bureau).")
        }
        note("Arrêté.")
    }
}

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Créer, lister et révoquer les jetons d'accès à l'API du service.",
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self])
}

struct TokenCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Créer un jeton et l'imprimer une seule fois (le magasin n'en garde que le SHA-256).",
        discussion: """
        Exemple :
          apparier token create --name si-plateforme-arras
        """)

    @Option(help: ArgumentHelp("Qui ou quoi se sert du jeton : il nomme l'appelant dans le journal.", valueName: "nom"))
    var name: String

    @Option(help: Messages.byHelp("Qui le crée"))
    var by: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        let secret = try reportingFailures { try store.open().createToken(name: name, by: actorName(by)) }
        print(secret)
        note("Jeton « \(name) » créé. Il n'est montré que cette fois : gardez-le dans un coffre à secrets. Envoyez-le comme `Authorization: Bearer JETON`.")
    }
}

struct TokenList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Lister les jetons (jamais les jetons eux-mêmes).")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let tokens = try store.openExisting().tokens()
        guard !tokens.isEmpty else { print("Aucun jeton. Créez-en un avec `apparier token create --name NOM`."); return }
        for t in tokens {
            print("\(t.name)\tcréé le \(French.date(t.createdAt)) par \(t.createdBy)\t\(t.revokedAt.map { "révoqué le \(French.date($0))" } ?? "actif")")
        }
    }
}

struct TokenRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Révoquer un jeton : le service le refuse dès la requête suivante.")

    @Option(help: ArgumentHelp("Le nom du jeton.", valueName: "nom"))
    var name: String

    @Option(help: Messages.byHelp("Qui le révoque"))
    var by: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingFailures { try store.openExisting().revokeToken(name: name, by: actorName(by)) }
        print("Jeton « \(name) » révoqué.")
    }
}
