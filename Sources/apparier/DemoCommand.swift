import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab
import MatchService
import MatchStore

/// `apparier demo`: the main job.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job on the demo store: an explained shortlist for one offer.",
        discussion: """
        On first run, generates a seeded demo data set from the shipped referentials (Hauts-de-France
        communes, ROME 4.0): 20,000 candidates and 2,000 offers, kept in the cache folder, and imports
        it into the store (apparier.sqlite in the working directory, --db or $APPARIER_DB) when that
        store is empty. Later runs reuse the store. Then prints the explained shortlist of one offer
        (the first with at least 5 eligible candidates, unless --offer is given).

        Examples:
          apparier demo
          apparier demo --format json
          apparier demo --offer D000007 --top 5
          apparier demo --format html > demo.html
          apparier demo --bureau && apparier serve     # then http://127.0.0.1:8080/bureau
        """
    )

    @Flag(help: "Also prepare the desk on the demo store: the platform « Proch'emploi Arras (démo) » and the account `demo`, whose new password is printed.")
    var bureau = false

    @Option(help: ArgumentHelp("Id of the offer (default: the first demo offer with 5 or more eligible candidates).", valueName: "id"))
    var offer: String?

    @OptionGroup var data: DataOptions
    @OptionGroup var output: ShortlistOptions

    func run() throws {
        let model = try data.model()
        note("BLAS: \(BLAS.implementation)")
        if data.offers == nil || data.candidates == nil { try seedDemoStore(model) }
        let inputs = try data.load(model: model, log: note)
        let matcher = try inputs.matcher(model)
        var chosen: (JobOffer, Shortlist)?
        if let id = offer {
            let o = try inputs.offer(id: id)
            chosen = (o, try inputs.withOfferContext(o) {
                try matcher.shortlist(for: o, top: output.top, threads: ProcessInfo.processInfo.activeProcessorCount)
            })
        } else {
            for o in inputs.offers {
                guard let list = try? matcher.shortlist(for: o, top: output.top) else { continue }
                if list.entries.count >= min(5, output.top) { chosen = (o, list); break }
            }
        }
        guard let (o, list) = chosen else { throw CommandFailure("no demo offer has eligible candidates") }
        print(try output.render(list, offer: o, model: model, referenceDate: inputs.referenceDate, forceExplain: true),
              terminator: "")
        if bureau { try prepareDesk() }
    }

    /// The demo platform (the CU d'Arras) and the account `demo` with a new random password, printed once.
    func prepareDesk() throws {
        let store = try data.store.open()
        let platform = DeskPlatform(id: "demo-arras", name: "Proch'emploi Arras (démo)", contact: "03 21 00 00 00 · demo@prochemploi.fr",
                                    epci: ["200033579"])
        if try store.platform(id: platform.id) == nil { try store.createPlatform(platform, by: "apparier demo") }
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijkmnpqrstuvwxyz23456789")
        let password = String((0..<16).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
        let hash = DeskPasswords.hash(password)
        if try store.accountForSignIn(login: "demo") == nil {
            try store.createAccount(login: "demo", displayName: "Compte de démonstration", passwordHash: hash, role: .admin,
                                    platformId: platform.id, by: "apparier demo")
        } else {
            try store.setPasswordHash(login: "demo", hash, by: "apparier demo")
        }
        note("Bureau prêt : lancez `apparier serve` puis ouvrez http://127.0.0.1:8080/bureau — identifiant « demo », mot de passe « \(password) ».")
    }

    /// Imports the demo data set into the store when the store is empty (first run).
    func seedDemoStore(_ model: MatchModel) throws {
        let store = try data.store.open()
        guard try store.counts().isEmpty else { return }
        let set = try DemoDataset.open(model: model, cache: data.cacheURL, today: Day.today)
        let options = ImportOptions(actor: "apparier demo")
        func source(_ name: String) throws -> ImportSource {
            let url = set.directory.appending(path: name)
            return ImportSource(file: url.path, format: .json, sha256: Fingerprint.hex(of: try Data(contentsOf: url)))
        }
        // The demo set is already decoded: import the records, not the files (same checks and history).
        let offers = try store.importOffers(set.offers, source: source("offers.json"), model: model, options: options)
        let candidates = try store.importCandidates(set.candidates, source: source("candidates.json"), model: model, options: options)
        try store.setSetting(Store.referenceDateKey, set.manifest.referenceDate.description)
        note("Demo data \(set.created ? "built in" : "read from") \(set.directory.path) and imported into \(store.path ?? store.displayName) (first run): \(offers.inserted) offers, \(candidates.inserted) candidates.")
    }
}
