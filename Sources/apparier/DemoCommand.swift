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
        abstract: "Le travail principal sur le magasin de démonstration : la présélection expliquée d'une offre.",
        discussion: """
        Au premier lancement, génère un jeu de démonstration reproductible à partir
        des référentiels livrés (communes des Hauts-de-France, ROME 4.0) : 20 000
        candidats et 2 000 offres, gardés dans le dossier de cache, et l'importe dans
        le magasin (~/.local/share/apparier/apparier.sqlite, --db ou $APPARIER_DB)
        quand celui-ci est vide. Les lancements suivants réutilisent le magasin.
        Imprime ensuite la présélection expliquée d'une offre (la première qui a au
        moins 5 candidats éligibles, sauf si --offer est donné).

        Exemples :
          apparier demo
          apparier demo --format json
          apparier demo --offer D000007 --top 5
          apparier demo --format html > demo.html
          apparier demo --bureau && apparier serve     # puis http://127.0.0.1:8080/bureau
        """
    )

    @Flag(help: "Préparer aussi le bureau sur le magasin de démonstration : la plateforme « Proch'emploi Arras (démo) » et le compte `demo`, dont le nouveau mot de passe est imprimé.")
    var bureau = false

    @Option(help: ArgumentHelp("Identifiant de l'offre (par défaut : la première offre de démonstration qui a 5 candidats éligibles ou plus).", valueName: "offre"))
    var offer: String?

    @OptionGroup var data: DataOptions
    @OptionGroup var output: ShortlistOptions

    func run() throws {
        let model = try data.model()
        note(Messages.blas)
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
        guard let (o, list) = chosen else { throw CommandFailure("aucune offre de démonstration n'a de candidats éligibles") }
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
        note("Données de démonstration \(set.created ? "construites dans" : "lues dans") \(set.directory.path) et importées dans \(store.path ?? store.displayName) (premier lancement) : \(French.count(offers.inserted)) offres, \(French.count(candidates.inserted)) candidats.")
    }
}
