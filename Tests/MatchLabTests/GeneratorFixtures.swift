import Foundation
import MatchCore
@testable import MatchLab
import MatchData

/// The real referentials and generation tables, loaded once for all generator and evaluation tests.
enum GeneratorFixtures {
    struct Loaded: @unchecked Sendable {
        let root: URL
        let rome: RomeReferential
        let communes: CommuneDirectory
        let generator: RegionalGenerator
    }

    /// The repository root: the first folder above this file holding `Package.swift`.
    static func repositoryRoot(file: String = #filePath) throws -> URL {
        var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        throw MatchError(.invalidRecord, file: file, message: "no Package.swift above the test file")
    }

    static let shared: Result<Loaded, any Error> = Result {
        let root = try repositoryRoot()
        let data = root.appendingPathComponent("data")
        let rome = try ReferentialLoader.loadRome(from: data)
        let communes = try ReferentialLoader.loadCommunes(from: data)
        let generator = try RegionalGenerator(dataDirectory: data, rome: rome, communes: communes)
        return Loaded(root: root, rome: rome, communes: communes, generator: generator)
    }

    static func load() throws -> Loaded { try shared.get() }

    /// A small data set: `candidates` × `offers`, with `planted` planted offers.
    static func options(seed: UInt64 = 11, candidates: Int = 2_000, offers: Int = 200, planted: Int = 6,
                        chunkSize: Int = 4_096) -> RegionalGenerator.Options {
        .init(candidates: candidates, offers: offers, seed: seed, plantedOffers: planted, fitsPerOffer: 10, chunkSize: chunkSize)
    }

    /// An embedding of zero vectors over the real items and fiches: enough wherever only the hard
    /// constraints matter, and far cheaper to make than loading the model in a debug build.
    static func zeroEmbedding(_ rome: RomeReferential, dimension: Int = 8) -> SkillEmbedding {
        SkillEmbedding(version: "zero-test", dimension: dimension, itemCodes: rome.items.map(\.code),
                       itemVectors: [Float](repeating: 0, count: rome.items.count * dimension),
                       ficheCodes: rome.fiches.map(\.code),
                       ficheVectors: [Float](repeating: 0, count: rome.fiches.count * dimension))
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("apparier-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
