import Foundation
import MatchCore

/// Everything an engine needs that does not depend on the candidate pool: the referentials,
/// the skill embedding and the scoring policy, loaded from Apparier's resource folder.
///
///     let workspace = try Workspace.load()
///     let matcher = try workspace.matcher(candidates: pool, referenceDate: Day("2026-11-23")!)
public struct Workspace: Sendable {
    public let root: URL
    public let rome: RomeReferential
    public let communes: CommuneDirectory
    public let embedding: SkillEmbedding
    public let policy: ScoringPolicy
    public var travel: TravelTimes

    public var dataDirectory: URL { root.appending(path: "data") }
    public var modelsDirectory: URL { root.appending(path: "models") }

    /// Loads from `root` (default: ``ResourceLocator/root(environment:)``), with an optional real
    /// travel-time matrix (`from,to,mode,minutes` CSV).
    public static func load(root: URL? = nil, travelMatrix: URL? = nil) throws -> Workspace {
        let root = try root ?? ResourceLocator.root()
        let data = root.appending(path: "data")
        let rome = try ReferentialLoader.loadRome(from: data)
        let communes = try ReferentialLoader.loadCommunes(from: data)
        let embedding = try ModelStore.loadEmbedding(at: root.appending(path: "models/\(ModelStore.embeddingFileName)"))
        let policy = try ModelStore.loadPolicy(at: root.appending(path: "models/\(ModelStore.policyFileName)"))
        let matrix = try travelMatrix.map { try ReferentialLoader.loadTravelMatrix(from: $0, communes: communes) } ?? TravelMatrix()
        return Workspace(root: root, rome: rome, communes: communes, embedding: embedding, policy: policy,
                         travel: TravelTimes(matrix: matrix))
    }

    /// Builds the index of `candidates` and the matcher over it.
    public func matcher(candidates: [Candidate], referenceDate: Day) throws -> Matcher {
        let index = try CandidateIndex(candidates: candidates, rome: rome, communes: communes, embedding: embedding,
                                       referenceDate: referenceDate, priorityRules: policy.priorityRules)
        return Matcher(rome: rome, communes: communes, embedding: embedding, policy: policy, travel: travel, index: index)
    }

    /// Label of a ROME item code, for explanations.
    public func itemLabel(_ code: String) -> String? {
        rome.itemIndex[code].map { rome.items[Int($0)].label }
    }

    public func modelVersions(referenceDate: Day) -> ShortlistReport.Model {
        .init(embedding: embedding.version, policy: policy.version, referenceDate: referenceDate.description)
    }
}

/// The demo data set: a seeded population generated from the referentials on first use and kept in a
/// cache folder, so that later runs reuse it.
///
///     let demo = try DemoDataset.open(workspace: ws, cache: DemoDataset.defaultCache())
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

    public static func open(workspace: Workspace, cache: URL, seed: UInt64 = 42, candidates: Int = defaultCandidates,
                            offers: Int = defaultOffers, today: Day) throws -> DemoDataset {
        let dir = cache.appending(path: "demo-seed\(seed)-\(candidates)x\(offers)")
        let manifestURL = dir.appending(path: "manifest.json")
        if let data = try? Data(contentsOf: manifestURL),
           let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
           manifest.romeVersion == workspace.rome.version, manifest.generator == Manifest(seed: 0, candidateCount: 0, offerCount: 0, romeVersion: "", referenceDate: today).generator {
            let offerList = try RecordFiles.loadOffers(at: dir.appending(path: "offers.json"))
            let candidateList = try RecordFiles.loadCandidates(at: dir.appending(path: "candidates.json"))
            return DemoDataset(offers: offerList, candidates: candidateList, manifest: manifest, directory: dir, created: false)
        }
        let population = DemoPopulation(rome: workspace.rome, communes: workspace.communes, seed: seed)
        let candidateList = population.candidates(count: candidates, referenceDate: today)
        let offerList = population.offers(count: offers, referenceDate: today)
        let manifest = Manifest(seed: seed, candidateCount: candidates, offerCount: offers,
                                romeVersion: workspace.rome.version, referenceDate: today)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try RecordFiles.encodeOffers(offerList).write(to: dir.appending(path: "offers.json"), options: .atomic)
        try RecordFiles.encodeCandidates(candidateList).write(to: dir.appending(path: "candidates.json"), options: .atomic)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: manifestURL, options: .atomic)  // written last: marks the set complete
        return DemoDataset(offers: offerList, candidates: candidateList, manifest: manifest, directory: dir, created: true)
    }
}
