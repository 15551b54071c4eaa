import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab
import MatchStore

/// Where offers and candidates come from: the user's files when given, else the store
/// (`apparier.sqlite` in the working directory, `--db` or `$APPARIER_DB`).
struct DataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Offers file: France Travail JSON ({\"resultats\": […]}) or an array of offers. Default: the offers of the store.", valueName: "file"))
    var offers: String?

    @Option(help: ArgumentHelp("Candidates file: JSON array in Apparier's format (docs/formats.md). Default: the candidates of the store.", valueName: "file"))
    var candidates: String?

    @Option(help: ArgumentHelp("Reference date for priority publics and availability (YYYY-MM-DD). Default: the demo store's build date, else today.", valueName: "date"))
    var date: Day?

    @Option(name: .customLong("travel-matrix"), help: ArgumentHelp("Real travel times, CSV `from,to,mode,minutes`; preferred over the estimate.", valueName: "file"))
    var travelMatrix: String?

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Folder for the generated demo data set (apparier demo). Default: $APPARIER_CACHE, else ~/.cache/apparier.", valueName: "dir"))
    var cache: String?

    /// Offers, candidates and the reference date: from the files given, the rest from the store. A store
    /// without the records needed is an error that says how to fill it.
    func load(model: MatchModel, log: (String) -> Void) throws -> Inputs {
        var opened: Store?
        func storeWith(_ kind: ImportKind) throws -> Store {
            let s = try opened ?? store.openExisting()
            opened = s
            try s.requireRecords(kind)
            return s
        }
        let offerList = try offers.map { try RecordFiles.readOffers(at: URL(fileURLWithPath: $0), model: model) } ?? storeWith(.offers).offers()
        var candidateList: [Candidate], profiles: SkillProfiles?
        if let candidates {
            candidateList = try RecordFiles.readCandidates(at: URL(fileURLWithPath: candidates), model: model)
            profiles = nil
        } else {
            // Vectors made by another model are rebuilt first; the stored profiles then feed the index.
            let pool = try storeWith(.candidates).candidatePool(model: model)
            if !pool.refresh.isEmpty {
                log("Re-vectorised \(pool.refresh.candidates) candidates and \(pool.refresh.offers) offers for model \(model.embedding.version) (was: \(pool.refresh.replacedModels.joined(separator: ", "))).")
            }
            candidateList = pool.candidates
            profiles = pool.profiles
        }
        if let opened { log("Using the store \(opened.path ?? opened.displayName).") }
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

/// Which store file: `--db PATH`, else `$APPARIER_DB`, else `apparier.sqlite` in the working directory.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The store (SQLite). Default: $APPARIER_DB, else apparier.sqlite in the working directory.", valueName: "path"))
    var db: String?

    var path: String { db ?? Store.defaultPath() }

    /// The store, created when missing: for the commands that write (import, demo, serve, token create).
    func open() throws -> Store {
        try reportingFailures { try Store.open(at: path) }
    }

    /// The store, which must exist: a command that only reads never creates one (a mistyped `--db` would
    /// otherwise leave an empty store behind and answer as if it held nothing).
    func openExisting() throws -> Store {
        guard FileManager.default.fileExists(atPath: path) else {
            let origin = db != nil ? "--db" : ProcessInfo.processInfo.environment["APPARIER_DB"].map { _ in "$APPARIER_DB" } ?? "the default"
            throw CommandFailure("no store at \(path) (\(origin)): check the path, or fill one first with `apparier import offers FILE` or `apparier demo`")
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
            throw CommandFailure("\(displayName) holds no \(kind.rawValue): import some with `apparier import \(kind.rawValue) FILE` (or pass --\(kind.rawValue) FILE), or run `apparier demo` to build the demo store")
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
            let id = error.record.map { String($0.dropFirst("candidate ".count)) }
            throw located(error.message, field: error.field ?? "", record: candidates.firstIndex { $0.id == id },
                          file: candidatesFile, rootKey: "candidats", what: error.record ?? "candidate")
        }
    }

    func offer(id: String) throws -> JobOffer {
        guard let offer = offers.first(where: { $0.id == id }) else {
            throw CommandFailure("\(offersFile ?? storeName ?? "demo data"): no offer with id \(id) (\(offers.count) offers; e.g. \(offers.prefix(3).map(\.id).joined(separator: ", ")))")
        }
        return offer
    }

    /// Runs `body`, reporting an invalid offer with its file and line.
    func withOfferContext<T>(_ offer: JobOffer, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as MatchError where error.code == .invalidOffer {
            throw located(error.message, field: error.field ?? "", record: offers.firstIndex { $0.id == offer.id },
                          file: offersFile, rootKey: "resultats", what: "offer \(offer.id)" + (offersFile == nil ? storeName.map { " (\($0))" } ?? "" : ""))
        }
    }

    /// Where the offers and candidates came from, for saved shortlists.
    var sources: [String: String] {
        ["offers": offersFile ?? storeName ?? "store", "candidates": candidatesFile ?? storeName ?? "store",
         "referenceDate": referenceDate.description]
    }

    private func located(_ message: String, field: String, record: Int?, file: String?, rootKey: String?, what: String) -> CommandFailure {
        guard let file, let record, let data = FileManager.default.contents(atPath: file) else {
            return CommandFailure("\(what): field \(field): \(message)")
        }
        let location = RecordFiles.location(ofRecord: record, field: field, in: data, file: file, rootKey: rootKey)
        return CommandFailure("\(file):\(location.line.map(String.init) ?? "?"): field \(location.field ?? field): \(message)")
    }
}
