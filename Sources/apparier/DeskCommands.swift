import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchService
import MatchStore

/// `apparier platform create|list`: the platforms of the desk and the territory (EPCI) each covers.
struct PlatformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "platform",
        abstract: "Créer et lister les plateformes du bureau et leur territoire (EPCI).",
        discussion: """
        Exemple :
          apparier platform create --id arras --name "Proch'emploi Arras" --contact "03 21 00 00 00 · arras@prochemploi.fr" --epci "CU d'Arras"
        """,
        subcommands: [PlatformCreate.self, PlatformList.self]
    )
}

struct PlatformCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Créer une plateforme.")

    @Option(help: ArgumentHelp("Identifiant : minuscules, chiffres, tirets (arras).", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("Nom affiché et imprimé sur ce qui est envoyé aux employeurs.", valueName: "nom"))
    var name: String

    @Option(help: ArgumentHelp("Coordonnées imprimées pour les employeurs (téléphone, courriel).", valueName: "texte"))
    var contact: String = ""

    @Option(help: ArgumentHelp("Un EPCI du territoire : son SIREN ou son nom (répétez l'option pour plusieurs).", valueName: "epci"))
    var epci: [String]

    @Option(help: Messages.byHelp("Qui crée la plateforme"))
    var by: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        let names = try reportingFailures { try ReferentialLoader.loadEPCINames(from: ResourceLocator.dataDirectory()) }
        let codes = try epci.map { try resolve($0, in: names) }
        try reportingFailures {
            try store.open().createPlatform(DeskPlatform(id: id, name: name, contact: contact, epci: codes), by: actorName(by))
        }
        print("Plateforme « \(name) » (\(id)) créée : \(codes.map { names[$0] ?? $0 }.joined(separator: ", ")).")
    }

    /// A SIREN of the referential, or the one EPCI whose name contains the words given.
    func resolve(_ text: String, in names: [String: String]) throws -> String {
        if names[text] != nil { return text }
        let key = normalizedLabel(text)
        let found = names.filter { normalizedLabel($0.value).contains(key) }
        if found.count == 1 { return found.first!.key }
        if found.isEmpty { throw CommandFailure("--epci \(text) : aucun EPCI des Hauts-de-France ne porte ce nom ni ce SIREN (data/communes/epci_composition_hdf.csv)") }
        throw CommandFailure("--epci \(text) : plusieurs EPCI correspondent : "
                             + found.sorted { $0.value < $1.value }.prefix(8).map { "\($0.value) (\($0.key))" }.joined(separator: ", ") + " ; précisez")
    }
}

struct PlatformList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Lister les plateformes.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let platforms = try reportingFailures { try store.openExisting().platforms() }
        guard !platforms.isEmpty else { print("Aucune plateforme. Créez-en une avec `apparier platform create`."); return }
        for p in platforms { print("\(p.id)\t\(p.name)\t\(p.epci.count) EPCI\t\(p.contact)") }
    }
}

/// `apparier user create`: an account of the desk.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Créer les comptes du bureau.",
        subcommands: [UserCreate.self]
    )
}

struct UserCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Créer un compte du bureau.",
        discussion: """
        Le mot de passe (12 caractères au moins) est lu dans $APPARIER_PASSWORD, sinon
        sur l'entrée standard (demandé deux fois sur un terminal). Seul son hachage
        bcrypt est conservé.

        Exemple :
          apparier user create --login claire --name "Claire Martin" --platform arras --role admin
        """
    )

    @Option(help: ArgumentHelp("Identifiant de connexion.", valueName: "identifiant"))
    var login: String

    @Option(help: ArgumentHelp("Nom affiché. Par défaut : l'identifiant.", valueName: "nom"))
    var name: String?

    @Option(help: ArgumentHelp("La plateforme du compte (son identifiant).", valueName: "id"))
    var platform: String

    @Option(help: ArgumentHelp("assistant, responsable ou admin.", valueName: "rôle"))
    var role: String = "assistant"

    @Option(help: Messages.byHelp("Qui crée le compte"))
    var by: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        guard let role = DeskRole(rawValue: role) else {
            throw CommandFailure("--role \(role) : choisissez assistant, responsable ou admin")
        }
        let password = try readPassword()
        if let weakness = DeskPasswords.weakness(of: password) { throw CommandFailure(weakness) }
        try reportingFailures {
            try store.open().createAccount(login: login, displayName: name ?? login, passwordHash: DeskPasswords.hash(password),
                                           role: role, platformId: platform, by: actorName(by))
        }
        print("Compte « \(login) » (\(role.label)) créé pour la plateforme \(platform).")
    }

    func readPassword() throws -> String {
        if let password = ProcessInfo.processInfo.environment["APPARIER_PASSWORD"], !password.isEmpty { return password }
        guard isatty(STDIN_FILENO) != 0 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CommandFailure("aucun mot de passe : donnez-le dans $APPARIER_PASSWORD ou sur l'entrée standard")
            }
            return line
        }
        let first = String(cString: getpass("Mot de passe : "))
        let second = String(cString: getpass("Encore une fois : "))
        guard first == second else { throw CommandFailure("les deux mots de passe diffèrent") }
        return first
    }
}

/// `apparier report`: the monthly bilan of a platform as HTML and CSV (what the mail at the start of each
/// month attaches).
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Écrire le bilan mensuel d'une plateforme (annexe B de la convention) en HTML et en CSV.",
        discussion: """
        Exemple :
          apparier report --month 2026-11 --platform arras --out bilans/
        """
    )

    @Option(help: ArgumentHelp("Le mois (AAAA-MM). Par défaut : le mois précédent.", valueName: "mois"))
    var month: String?

    @Option(help: ArgumentHelp("La plateforme (son identifiant).", valueName: "id"))
    var platform: String

    @Option(help: ArgumentHelp("Le dossier où écrire les deux fichiers (créé au besoin).", valueName: "dossier"))
    var out: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        let chosen: Month
        if let month {
            guard let parsed = Month(month) else { throw CommandFailure("--month \(month) : écrivez le mois AAAA-MM, par exemple 2026-11") }
            chosen = parsed
        } else {
            chosen = Month(containing: Day.today).previous
        }
        let folder = URL(fileURLWithPath: out)
        try reportingFailures {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let bilan = try MonthlyBilan(store: try store.openExisting(), platformId: platform, month: chosen)
            for file in try bilan.write(to: folder) { print(file.path) }
        }
    }
}
