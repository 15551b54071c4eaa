public import Foundation
public import MatchCore
import MatchData

/// The planted ground truth of a generated data set (`truth.json`): for a sample of offers, the
/// candidates generated to be true fits and the near misses, each with the one thing it breaks.
///
/// A **fit** lives within their own travel limit of the offer, holds its required licences and
/// languages, accepts its contract, is available on its start date, has its required diploma and
/// experience, targets the offer's ROME fiche, holds all its `E` competences and at least two thirds of
/// its `S` ones. A **near miss** is made like a fit, then breaks exactly one hard constraint
/// (`breaks` = the ``ExclusionReason`` the engine should count it under) or lacks every `E` competence
/// (`breaks` = `essentialSkills`, a soft requirement under the standard policy).
///
///     let truth = try GroundTruth.load(at: URL(fileURLWithPath: "out/truth.json"))
///     truth.plantedOffers.first?.fits.count   // 10
public struct GroundTruth: Codable, Sendable, Equatable {
    /// Version of this file's format.
    public var format = GroundTruth.currentFormat
    /// Version of the generator that made the data set.
    public var generator: String
    public var region: String
    public var seed: UInt64
    /// The reference date of the data set: ages, unemployment durations, availability and offer start
    /// dates are relative to it. Evaluate with this date.
    public var referenceDate: Day
    public var candidates: Int
    public var offers: Int
    public var romeVersion: String
    public var fitsPerOffer: Int
    public var plantedOffers: [PlantedOffer]

    public static let currentFormat = "apparier-truth-v2"
    /// Formats still read: v1 has no natural fits, decoys or profile types.
    public static let readableFormats = ["apparier-truth-v1", currentFormat]
    public static let fileName = "truth.json"

    public struct PlantedOffer: Codable, Sendable, Equatable {
        public var offerId: String
        /// BMO bassin (`BE25`) of the offer's commune.
        public var bassin: String
        public var romeCode: String
        public var fits: [String]
        public var nearMisses: [NearMiss]
        /// Background candidates who meet the truth's rule too (generator v2; absent in v1 files).
        public var naturalFits: [String]?
        /// Non-fits whose record claims every competence of the offer (generator v2).
        public var decoys: [String]?
        /// The record type of each fit, planted and natural (generator v2).
        public var profileTypes: [String: ProfileType]?

        /// Every true fit: planted, then natural.
        public var allFits: [String] { fits + (naturalFits ?? []) }
    }

    public struct NearMiss: Codable, Sendable, Equatable {
        public var candidateId: String
        public var breaks: ExclusionReason
    }

    /// Pretty-printed, sorted-key JSON ending with a newline (deterministic).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Reads a truth file.
    ///
    /// - Throws: ``MatchError`` naming the file (and the field) when it cannot be read or decoded,
    ///   or when its format is not ``currentFormat``.
    public static func load(at url: URL) throws -> GroundTruth {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MatchError(.unreadableFile, file: url.path, message: "cannot read the truth file: \(error.localizedDescription)")
        }
        let truth: GroundTruth
        do { truth = try JSONDecoder().decode(GroundTruth.self, from: data) } catch let error as DecodingError {
            throw MatchError(.invalidRecord, file: url.path, field: error.fieldPath, message: "not a truth file: \(error.summary)")
        }
        guard readableFormats.contains(truth.format) else {
            throw MatchError(.invalidRecord, file: url.path, field: "format",
                             message: "unsupported format \"\(truth.format)\" (expected \(currentFormat))")
        }
        return truth
    }
}

/// How a true fit's record shows them — the groups of the evaluation's `profileTypes` (docs/generator.md,
/// "Hidden and observed profiles"): `rich` declares what they hold; `sparse` declares almost nothing but
/// has years in the métier; `reconversion` comes from a fiche linked by ROME mobility, through a training;
/// `inflated` is the group of the decoys, whose records claim what they do not hold (they are no fits: the
/// evaluation measures how the fits fare against them).
public enum ProfileType: String, Codable, Sendable, CaseIterable, Comparable {
    case sparse, rich, reconversion, inflated

    public static func < (a: ProfileType, b: ProfileType) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
