import ApparierCommandSupport
import ArgumentParser
import Foundation
import MatchCore
import MatchData
import MatchLab

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Générer un jeu de données régional : offres, candidats et une vérité plantée.",
        discussion: """
        Écrit dans --out :
          offers.json      des offres au format Offres d'emploi v2 de France Travail ({"resultats": […]}),
                           placées selon les projets de recrutement BMO 2025 par bassin et métier
          candidates.json  des candidats au format d'Apparier, placés selon le chômage du recensement
          truth.json       pour un échantillon d'offres (1 %, 500 au plus), les candidats plantés comme
                           vrais appariements et les quasi-appariements qui manquent une seule condition

        La même graine donne les mêmes octets. Chaque distribution et sa source sont
        dans docs/generator.md. Une barre de progression s'affiche sur un terminal
        (des lignes simples sinon), sur la sortie d'erreur. Mesurez ensuite le
        classement avec `apparier evaluate --data DOSSIER`.

        Exemples :
          apparier generate --candidates 20000 --offers 2000 --out hdf-small
          apparier generate --candidates 500000 --offers 50000 --seed 7 --out hdf
        """
    )

    @Option(help: "Nombre de candidats à générer.") var candidates: Int
    @Option(help: "Nombre d'offres à générer.") var offers: Int
    @Option(help: "Graine : la même graine donne les mêmes fichiers.") var seed: UInt64 = 1
    @Option(help: "Région (seulement hdf : Hauts-de-France).") var region = "hdf"
    @Option(help: ArgumentHelp("Dossier de sortie (créé au besoin).", valueName: "dossier")) var out: String
    @Option(help: ArgumentHelp("Jour de référence du jeu (âges, durées, dates de début).", valueName: "date"))
    var date: Day = RegionalGenerator.defaultReferenceDate
    @Option(name: .customLong("planted-offers"), help: "Offres avec des appariements et quasi-appariements plantés (par défaut : 1 % des offres, 500 au plus).")
    var plantedOffers: Int?
    @Option(name: .customLong("fits"), help: "Vrais appariements plantés par offre plantée.") var fits = 10

    func validate() throws {
        guard region.lowercased() == "hdf" else {
            throw ValidationError("--region \(region) : seule hdf (Hauts-de-France) a des référentiels")
        }
        guard candidates >= 0, offers >= 0, candidates + offers > 0 else {
            throw ValidationError("--candidates et --offers doivent être ≥ 0, et pas tous deux nuls")
        }
        guard candidates <= 9_999_999, offers <= 999_999 else {
            throw ValidationError("au plus 9 999 999 candidats et 999 999 offres (les identifiants ont une largeur fixe)")
        }
        guard fits >= 1, plantedOffers.map({ $0 >= 0 }) ?? true else {
            throw ValidationError("--fits doit être ≥ 1 et --planted-offers ≥ 0")
        }
    }

    func run() throws {
        let model = try MatchModel.load()
        let generator = try RegionalGenerator(dataDirectory: ResourceLocator.dataDirectory(), rome: model.rome,
                                              communes: model.communes)
        let options = RegionalGenerator.Options(candidates: candidates, offers: offers, seed: seed, referenceDate: date,
                                                plantedOffers: plantedOffers, fitsPerOffer: fits)
        let display = ProgressDisplay()
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try generator.write(to: URL(fileURLWithPath: out), options: options) { p in
            display.show(p.phase.rawValue, done: p.done, total: p.total)
        }
        display.finish()
        let elapsed = (clock.now - start).seconds
        let kinds = ExclusionReason.allCases.compactMap { k in summary.nearMisses[k].map { "\($0) \(Wording.exclusionName(k.rawValue))" } }
        print("""
        \(French.count(summary.offers)) offres et \(French.count(summary.candidates)) candidats écrits (graine \(seed), jour de référence \(French.date(date))) \
        en \(French.number(elapsed, digits: 1)) s, \(French.count(summary.bytes / 1_048_576)) Mio :
        \(summary.files.map { "  " + $0.path }.joined(separator: "\n"))
        Plantés : \(French.count(summary.plantedOffers)) offres, \(French.count(summary.fits)) appariements, \(French.count(summary.nearMisses.values.reduce(0, +))) quasi-appariements\(kinds.isEmpty ? "" : " (" + kinds.joined(separator: ", ") + ")"), \
        \(French.count(summary.decoys)) leurres (dossiers gonflés) ; \(French.count(summary.naturalFits)) appariements naturels (candidats du fond qui remplissent la règle de vérité).
        """)
    }
}
