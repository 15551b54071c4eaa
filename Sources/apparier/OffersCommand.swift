import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchStore

/// `apparier offers list|show|close|reopen|delete`: where each stored offer stands, and its end.
struct OffersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offers",
        abstract: "Lister les offres du magasin, voir où en est une offre, la clôturer, la rouvrir ou la supprimer.",
        discussion: """
        Une offre est ouverte jusqu'à ce qu'on la clôture (apparier offers close),
        jusqu'au lendemain de son dernier jour (close --on JJ/MM/AAAA), ou jusqu'à ce
        que le bureau la déclare pourvue ou annulée. Le traitement par lots (apparier
        batch) ne prend que les offres ouvertes.

        Exemples :
          apparier offers list
          apparier offers list --status cloturee --format csv > offres-cloturees.csv
          apparier offers show ARRAS-BOUL-0001
          apparier offers close ARRAS-BOUL-0001 --reason "pourvue par l'employeur"
          apparier offers close ARRAS-BOUL-0001 --on 31/01/2027
          apparier offers reopen ARRAS-BOUL-0001 --until 28/02/2027
          apparier offers delete ARRAS-BOUL-0001
        """,
        subcommands: [OffersList.self, OffersShow.self, OffersClose.self, OffersReopen.self, OffersDelete.self]
    )
}

/// What the offer commands share: the store, the actor, the reference day, and how a state reads.
struct OfferCommandOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Jour de référence pour les échéances (AAAA-MM-JJ ou JJ/MM/AAAA). Par défaut : celui du magasin de démonstration, sinon aujourd'hui (comme apparier batch).", valueName: "date"))
    var date: Day?

    @Option(help: Messages.byHelp("Qui agit"))
    var by: String?

    @OptionGroup var store: StoreOptions

    /// The day an offer's state is judged on: the batch's reference day.
    func day(_ store: Store) throws -> Day { try store.referenceDate(given: date) }
}

/// The columns of an offer in lists and CSV, in French, with the town's name and the fiche's label.
struct OfferLines {
    let model: MatchModel
    let day: Day

    static let headers = ["offre", "intitulé", "métier (ROME)", "commune", "postes", "état", "jusqu'au", "enregistrée le"]

    func cells(_ s: OfferState) -> [String] {
        let fiche = model.rome.ficheIndex[s.romeCode].map { "\(model.rome.fiches[Int($0)].label) (\(s.romeCode))" } ?? s.romeCode
        let town = s.commune.map { code in model.communes[code]?.displayName ?? code } ?? "—"
        return [s.id, s.title ?? "—", fiche, town, French.count(s.positions), state(s), s.expiresOn.map(French.date) ?? "—",
                French.date(String(s.storedAt.prefix(10)))]
    }

    /// « ouverte », « clôturée le 04/12/2026 (pourvue) », « expirée le 31/01/2027 », « pourvue (bureau) ».
    func state(_ s: OfferState) -> String {
        switch s.status(on: day) {
        case .open: return OfferStatus.open.label
        case .expired: return "expirée le \(s.expiresOn.map(French.date) ?? "?")"
        case .closed:
            if s.recordedStatus != OfferStatus.closed.rawValue, let desk = s.deskStatus { return "\(desk.label) (bureau)" }
            return "clôturée" + (s.closedAt.map { " le \(French.date($0))" } ?? "") + (s.closeReason.map { " (\($0))" } ?? "")
        }
    }
}

enum OfferListFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

struct OffersList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Lister les offres et où elles en sont.")

    @Option(help: ArgumentHelp("Seulement les offres dans cet état : ouverte, cloturee ou expiree.", valueName: "état"))
    var status: OfferStatusArgument?

    @Option(help: "Format : table, csv (tableur : UTF-8 avec BOM, « ; ») ou json.")
    var format: OfferListFormat = .table

    @OptionGroup var options: OfferCommandOptions

    func run() throws {
        let store = try options.store.openExisting()
        let day = try options.day(store)
        let states = try reportingFailures { try store.offerStates(filter: status?.value, on: day) }
        switch format {
        case .json: print(try jsonText(states), terminator: "")
        case .table, .csv:
            let lines = OfferLines(model: try MatchModel.load(), day: day)
            if format == .csv {
                print(CSVCell.document(header: OfferLines.headers, rows: states.map(lines.cells)), terminator: "")
                return
            }
            guard !states.isEmpty else {
                print("Aucune offre\(status.map { " \($0.value.label)" } ?? "") dans \(store.displayName).")
                return
            }
            var table = TextTable(OfferLines.headers, alignments: [.left, .left, .left, .left, .right], maxWidths: [1: 40, 2: 48, 5: 60])
            states.forEach { table.append(lines.cells($0)) }
            print(table.text + "\(French.count(states.count)) offre\(states.count > 1 ? "s" : "") dans \(store.displayName).")
        }
    }
}

struct OffersShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Voir une offre : son métier, son lieu, ses exigences et où elle en est.")

    @Argument(help: ArgumentHelp("L'identifiant de l'offre.", valueName: "offre"))
    var id: String

    @Option(help: "Format : table ou json.")
    var format: Shortlists.ListFormat = .table

    @OptionGroup var options: OfferCommandOptions

    func run() throws {
        let store = try options.store.openExisting()
        guard let state = try store.offerState(id: id), let offer = try store.offer(id: id) else {
            throw CommandFailure("\(store.displayName) : \(try store.unknownOfferMessage(id))")
        }
        if format == .json {
            print(try jsonText(["offre": AnyEncodable(offer), "etat": AnyEncodable(state), "statut": AnyEncodable(state.status(on: try options.day(store)))]), terminator: "")
            return
        }
        let model = try MatchModel.load()
        let cells = OfferLines(model: model, day: try options.day(store)).cells(state)
        var table = TextTable(["", ""], showsHeaders: false)
        for (header, cell) in zip(OfferLines.headers, cells) { table.append([header, cell]) }
        table.append(["contrat", offer.contractType ?? "—"])
        table.append(["début", offer.startDate.map(French.date) ?? "—"])
        table.append(["expérience", Wording.experience(offer) ?? "—"])
        for (kind, list) in [("permis", offer.licences), ("langues", offer.languages)] where !list.isEmpty {
            table.append([kind, list.map { "\($0.label) (\($0.exigence == .required ? "exigé" : "souhaité"))" }.joined(separator: ", ")])
        }
        let skills = offer.skills.map { "\(model.itemLabel($0.code) ?? $0.code) (\($0.exigence == .required ? "exigée" : "souhaitée"))" }
        if !skills.isEmpty { table.append(["compétences", skills.joined(separator: " ; ")]) }
        print(table.text, terminator: "")
    }
}

struct OffersClose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Clôturer une offre maintenant, ou fixer son dernier jour (--on).")

    @Argument(help: ArgumentHelp("L'identifiant de l'offre.", valueName: "offre"))
    var id: String

    @Option(help: ArgumentHelp("Pourquoi (pourvue, retirée par l'employeur…), gardé avec l'offre.", valueName: "texte"))
    var reason: String?

    @Option(help: ArgumentHelp("Le dernier jour où l'offre reste ouverte, au lieu de la clôturer maintenant.", valueName: "date"))
    var on: Day?

    @OptionGroup var options: OfferCommandOptions

    func run() throws {
        let store = try options.store.openExisting()
        let state = try reportingFailures { try store.closeOffer(id: id, reason: reason, expiresOn: on, by: actorName(options.by)) }
        let line = OfferLines(model: try MatchModel.load(), day: try options.day(store)).state(state)
        print(on.map { "Offre \(id) ouverte jusqu'au \(French.date($0)) inclus (\(line))." } ?? "Offre \(id) : \(line).")
    }
}

struct OffersReopen: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Rouvrir une offre clôturée ou expirée.")

    @Argument(help: ArgumentHelp("L'identifiant de l'offre.", valueName: "offre"))
    var id: String

    @Option(help: ArgumentHelp("Son nouveau dernier jour. Sans elle, l'offre reste ouverte jusqu'à sa clôture.", valueName: "date"))
    var until: Day?

    @OptionGroup var options: OfferCommandOptions

    func run() throws {
        let store = try options.store.openExisting()
        let state = try reportingFailures { try store.reopenOffer(id: id, until: until, by: actorName(options.by)) }
        if state.status(on: try options.day(store)) == .closed {
            note("Attention : le bureau a déclaré l'offre \(id) \(state.deskStatus?.label ?? "close") ; elle reste close tant que le bureau ne la rouvre pas.")
        }
        print("Offre \(id) rouverte" + (until.map { " jusqu'au \(French.date($0)) inclus." } ?? "."))
    }
}

struct OffersDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Supprimer une offre du magasin (refusé si le bureau a suivi des propositions : clôturez-la).")

    @Argument(help: ArgumentHelp("L'identifiant de l'offre.", valueName: "offre"))
    var id: String

    @OptionGroup var options: OfferCommandOptions

    func run() throws {
        let store = try options.store.openExisting()
        try reportingFailures { try store.deleteOffer(id: id, by: actorName(options.by)) }
        print("Offre \(id) supprimée de \(store.displayName) (les listes déjà enregistrées gardent ce qui a été envoyé).")
    }
}

/// `--status ouverte|cloturee|expiree`.
enum OfferStatusArgument: String, ExpressibleByArgument, CaseIterable {
    case ouverte, cloturee, expiree
    var value: OfferStatus { OfferStatus(rawValue: rawValue)! }
}

/// Pretty, sorted JSON with a final newline.
func jsonText(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

/// Wraps any encodable value, to mix kinds in one JSON object.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
