import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab
import MatchStore

/// Where offers and candidates come from: the user's files when given, else the store
/// (`--db`, `$APPARIER_DB`, else the user's data folder: see `Store.defaultPath`).
struct DataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Fichier d'offres : JSON de France Travail ({\"resultats\": […]}), tableau d'offres ou CSV (docs/formats.md). Par défaut : les offres du magasin.", valueName: "fichier"))
    var offers: String?

    @Option(help: ArgumentHelp("Fichier de candidats : JSON ou CSV au format d'Apparier (docs/formats.md). Par défaut : les candidats du magasin.", valueName: "fichier"))
    var candidates: String?

    @Option(help: ArgumentHelp("Jour de référence des publics prioritaires et des disponibilités (AAAA-MM-JJ ou JJ/MM/AAAA). Par défaut : le jour de construction du magasin de démonstration, sinon aujourd'hui.", valueName: "date"))
    var date: Day?

    @Option(name: .customLong("travel-matrix"), help: ArgumentHelp("Temps de trajet réels, CSV `from,to,mode,minutes` ; préférés à l'estimation.", valueName: "fichier"))
    var travelMatrix: String?

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Dossier du jeu de démonstration généré (apparier demo). Par défaut : $APPARIER_CACHE, sinon ~/.cache/apparier.", valueName: "dossier"))
    var cache: String?

    /// Offers, candidates and the reference date: from the files given, the rest from the store. A store
    /// without the records needed is an error that says how to fill it.
    /// With `openOffersOnly`, the store's offers closed or expired on the reference date are left out
    /// (a file's offers are all taken: a file has no lifecycle).
    func load(model: MatchModel, log: (String) -> Void, openOffersOnly: Bool = false) throws -> Inputs {
        var opened: Store?
        func storeWith(_ kind: ImportKind) throws -> Store {
            let s = try opened ?? store.openExisting()
            opened = s
            try s.requireRecords(kind)
            return s
        }
        func storeOffers() throws -> [JobOffer] {
            let s = try storeWith(.offers)
            guard openOffersOnly else { return try s.offers() }
            let day = try s.referenceDate(given: date)
            let open = try s.openOffers(on: day)
            let all = try s.counts().offers
            let closed = all - open.count
            if closed > 0 {
                log("\(French.count(closed, "offre clôturée ou expirée", "offres clôturées ou expirées")) le \(French.date(day)) "
                    + "\(closed > 1 ? "laissées" : "laissée") de côté (apparier offers list).")
            }
            return open
        }
        let offerList = try offers.map { try RecordFiles.readOffers(at: URL(fileURLWithPath: $0), model: model) } ?? storeOffers()
        var candidateList: [Candidate], profiles: SkillProfiles?
        if let candidates {
            candidateList = try RecordFiles.readCandidates(at: URL(fileURLWithPath: candidates), model: model)
            profiles = nil
        } else {
            // Offer vectors made by another model are rebuilt first; the pool's profiles then feed the index.
            let pool = try storeWith(.candidates).candidatePool(model: model)
            if !pool.refresh.isEmpty {
                log("\(French.count(pool.refresh.offers, "offre revectorisée", "offres revectorisées")) pour le modèle \(model.embedding.version) (avant : \(pool.refresh.replacedModels.joined(separator: ", "))).")
            }
            candidateList = pool.candidates
            profiles = pool.profiles
        }
        if let opened { log(Messages.usingStore(opened)) }
        return Inputs(offers: offerList, candidates: candidateList, profiles: profiles,
                      referenceDate: try opened?.referenceDate(given: date) ?? date ?? Day.today,
                      offersFile: offers, candidatesFile: candidates, storeName: opened?.displayName)
    }

    func model() throws -> MatchModel {
        try MatchModel.load(travelMatrix: travelMatrix.map { URL(fileURLWithPath: $0) })
    }

    /// The demo data set's folder.
    var cacheURL: URL { cache.map { URL(fileURLWithPath: $0) } ?? DemoDataset.defaultCache() }
}

/// Which store file: `--db PATH`, else `$APPARIER_DB`, else `apparier/apparier.sqlite` in the user's data
/// folder (`$XDG_DATA_HOME`, else `~/.local/share`): the same store from any working directory.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Le magasin (SQLite). Par défaut : $APPARIER_DB, sinon ~/.local/share/apparier/apparier.sqlite ($XDG_DATA_HOME/apparier s'il est défini).", valueName: "chemin"))
    var db: String?

    var path: String { db ?? Store.defaultPath() }

    /// The store, created when missing: for the commands that write (import, demo, serve, token create).
    func open() throws -> Store {
        if db == nil, ProcessInfo.processInfo.environment["APPARIER_DB"]?.isEmpty ?? true {
            // The default folder is ours to make; a folder named by --db or $APPARIER_DB is not (a typo there
            // must fail, not scatter folders).
            try reportingFailures { try FileManager.default.createDirectory(at: Store.dataFolder(), withIntermediateDirectories: true) }
        }
        return try reportingFailures { try Store.open(at: path) }
    }

    /// The store, which must exist: a command that only reads never creates one (a mistyped `--db` would
    /// otherwise leave an empty store behind and answer as if it held nothing).
    func openExisting() throws -> Store {
        guard FileManager.default.fileExists(atPath: path) else {
            let fromEnvironment = !(ProcessInfo.processInfo.environment["APPARIER_DB"]?.isEmpty ?? true)
            let origin = db != nil ? "--db" : fromEnvironment ? "$APPARIER_DB" : "l'emplacement par défaut"
            throw CommandFailure("aucun magasin à \(path) (\(origin)) : vérifiez le chemin, ou remplissez-en un d'abord avec `apparier import offers FICHIER` ou `apparier demo`")
        }
        return try open()
    }
}

extension Store {
    /// The setting holding the reference date of the demo store.
    static let referenceDateKey = "referenceDate"

    /// The reference date of a command: `given` (`--date`), else the demo store's build date, else today.
    func referenceDate(given: Day?) throws -> Day {
        try given ?? setting(Store.referenceDateKey).flatMap { Day($0) } ?? Day.today
    }

    /// Throws, saying how to fill it, when the store holds no records of `kind`.
    func requireRecords(_ kind: ImportKind) throws {
        let counts = try counts()
        guard kind == .offers ? counts.offers > 0 : counts.candidates > 0 else {
            let what = kind == .offers ? "aucune offre" : "aucun candidat"
            throw CommandFailure("\(displayName) ne contient \(what) : importez-en avec `apparier import \(kind.rawValue) FICHIER` (ou donnez --\(kind.rawValue) FICHIER), ou lancez `apparier demo` pour construire le magasin de démonstration")
        }
    }
}

struct Inputs {
    var offers: [JobOffer]
    var candidates: [Candidate]
    /// The candidates' stored skill profiles (candidates from the store).
    var profiles: SkillProfiles? = nil
    var referenceDate: Day
    var offersFile: String?
    var candidatesFile: String?
    /// The store the records not read from files came from.
    var storeName: String? = nil

    /// Builds the matcher; a candidate naming an unknown commune or ROME code is reported with its file and line.
    func matcher(_ model: MatchModel) throws -> Matcher {
        do {
            return try model.matcher(candidates: candidates, referenceDate: referenceDate, profiles: profiles)
        } catch let error as MatchError where error.code == .invalidCandidate {
            let id = error.record.map { String($0.dropFirst("candidat ".count)) }
            throw located(error.message, field: error.field ?? "", record: candidates.firstIndex { $0.id == id },
                          file: candidatesFile, rootKey: "candidats", what: error.record ?? "candidat")
        }
    }

    func offer(id: String) throws -> JobOffer {
        guard let offer = offers.first(where: { $0.id == id }) else {
            throw CommandFailure("\(offersFile ?? storeName ?? "données de démonstration") : aucune offre « \(id) » (\(French.count(offers.count, "offre")) ; par exemple \(offers.prefix(3).map(\.id).joined(separator: ", ")))")
        }
        return offer
    }

    /// Runs `body`, reporting an invalid offer with its file and line.
    func withOfferContext<T>(_ offer: JobOffer, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as MatchError where error.code == .invalidOffer {
            throw located(error.message, field: error.field ?? "", record: offers.firstIndex { $0.id == offer.id },
                          file: offersFile, rootKey: "resultats", what: "offre \(offer.id)" + (offersFile == nil ? storeName.map { " (\($0))" } ?? "" : ""))
        }
    }

    /// Where the offers and candidates came from, for saved shortlists.
    var sources: [String: String] {
        ["offers": offersFile ?? storeName ?? "store", "candidates": candidatesFile ?? storeName ?? "store",
         "referenceDate": referenceDate.description]
    }

    private func located(_ message: String, field: String, record: Int?, file: String?, rootKey: String?, what: String) -> CommandFailure {
        guard let file, let record, let data = FileManager.default.contents(atPath: file) else {
            return CommandFailure("\(what) : champ \(field) : \(message)")
        }
        let location = RecordFiles.location(ofRecord: record, field: field, in: data, file: file, rootKey: rootKey)
        return CommandFailure("\(file):\(location.line.map(String.init) ?? "?") : champ \(location.field ?? field) : \(message)")
    }
}
