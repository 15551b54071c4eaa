public import Foundation
public import MatchCore
import MatchData

/// The demo data set: a seeded population generated from the referentials on first use and kept in a
/// cache folder, so that later runs reuse it.
///
///     let demo = try DemoDataset.open(model: ws, cache: DemoDataset.defaultCache())
public struct DemoDataset: Sendable {
    public let offers: [JobOffer]
    public let candidates: [Candidate]
    public let manifest: Manifest
    public let directory: URL
    /// True when this call generated the files, false when it reused them.
    public let created: Bool

    public struct Manifest: Codable, Sendable, Equatable {
        public var generator = "demo-population-v1"
        public var seed: UInt64
        public var candidateCount: Int
        public var offerCount: Int
        public var romeVersion: String
        public var referenceDate: Day
    }

    public static let defaultCandidates = 20_000
    public static let defaultOffers = 2_000

    /// `$APPARIER_CACHE`, else `$XDG_CACHE_HOME/apparier`, else `~/.cache/apparier`.
    public static func defaultCache(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["APPARIER_CACHE"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appending(path: "apparier") }
        return FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/apparier")
    }

    public static func open(model: MatchModel, cache: URL, seed: UInt64 = 42, candidates: Int = defaultCandidates,
                            offers: Int = defaultOffers, today: Day) throws -> DemoDataset {
        let dir = cache.appending(path: "demo-seed\(seed)-\(candidates)x\(offers)")
        let manifestURL = dir.appending(path: "manifest.json")
        if let data = try? Data(contentsOf: manifestURL),
           let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
           manifest.romeVersion == model.rome.version, manifest.generator == Manifest(seed: 0, candidateCount: 0, offerCount: 0, romeVersion: "", referenceDate: today).generator {
            let offerList = try RecordFiles.loadOffers(at: dir.appending(path: "offers.json"))
            let candidateList = try RecordFiles.loadCandidates(at: dir.appending(path: "candidates.json"))
            return DemoDataset(offers: offerList, candidates: candidateList, manifest: manifest, directory: dir, created: false)
        }
        let population = DemoPopulation(rome: model.rome, communes: model.communes, seed: seed)
        let candidateList = population.candidates(count: candidates, referenceDate: today)
        let offerList = population.offers(count: offers, referenceDate: today)
        let manifest = Manifest(seed: seed, candidateCount: candidates, offerCount: offers,
                                romeVersion: model.rome.version, referenceDate: today)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try RecordFiles.encodeOffers(offerList).write(to: dir.appending(path: "offers.json"), options: .atomic)
        try RecordFiles.encodeCandidates(candidateList).write(to: dir.appending(path: "candidates.json"), options: .atomic)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: manifestURL, options: .atomic)  // written last: marks the set complete
        return DemoDataset(offers: offerList, candidates: candidateList, manifest: manifest, directory: dir, created: true)
    }
}
