import Foundation

/// How competences are inferred from what a candidate did rather than what they declared, part of the
/// scoring policy (`inference` in `models/policy-v5.json`; a policy without it infers nothing). The rule in
/// full, with its reasons, is docs/engine.md, "Inferred competences":
///
/// - an **experience** in a fiche gives that fiche's competences and savoirs, the most central first
///   (``itemsPerFiche``: core items, then the others by how many fiches of the same family list them), with
///   a confidence `experienceCeiling × (1 − e^(−months / monthsScale)) × ½^(years since it ended, less one / halfLifeYears)`,
///   times ``secondaryFactor`` for a non-core item;
/// - beyond those, the fiche's items that a fiche linked to it by a ROME **mobility** relation also lists
///   (``mobilityItemsPerFiche``): competences that carry over, at ``mobilityFactor`` of that confidence;
/// - a **training**'s target fiche gives its items the same way, from ``trainingConfidence``;
/// - a **declared** competence has confidence 1 and always outranks an inferred one (the ceilings are below 1);
/// - a record that declares most of what its fiches teach says, by leaving a competence out, that the person
///   probably lacks it: ``silenceWeight`` lowers the inferred confidences by the record's declared share.
///
/// An inferred competence adds its confidence times its weight to the skill coverage; it meets a required
/// (`E`) competence only at ``essentialThreshold`` or above, and then counts as held for it; below, the `E`
/// competence is missing.
///
///     let rules = InferenceRules()
///     rules.experienceStrength(months: 60, yearsSinceEnd: 0)   // ≈ 0.89 (policy-v5's fitted rules give the same)
public struct InferenceRules: Codable, Sendable, Hashable {
    public var experienceCeiling: Float
    public var monthsScale: Float
    public var halfLifeYears: Float
    public var trainingConfidence: Float
    public var secondaryFactor: Float
    public var mobilityFactor: Float
    public var itemsPerFiche: Int
    public var mobilityItemsPerFiche: Int
    public var essentialThreshold: Float
    /// How much a record's silence counts (0 or absent: not at all; 1: in full). A record that declares most
    /// of what its experiences teach says, by leaving a competence out, that the person probably lacks it;
    /// a record that declares next to nothing says little. With the record's declared share `d` (the
    /// competences its fiches teach that it declares, over how many it would hold at the inferred
    /// confidences, plus one), each inferred confidence `c` becomes `c (1 − w d) / (c (1 − w d) + 1 − c)`:
    /// the chance of holding a competence left out by a record that declares a share `w d` of what is held.
    public var silenceWeight: Float?

    /// The defaults are policy-v3's hand-set rules (policy-v5's are fitted: ``ScoringPolicy/standard``).
    public init(experienceCeiling: Float = 0.9, monthsScale: Float = 12, halfLifeYears: Float = 5, trainingConfidence: Float = 0.7,
                secondaryFactor: Float = 0.7, mobilityFactor: Float = 0.5, itemsPerFiche: Int = 16, mobilityItemsPerFiche: Int = 8,
                essentialThreshold: Float = 0.5, silenceWeight: Float? = nil) {
        self.experienceCeiling = experienceCeiling; self.monthsScale = monthsScale; self.halfLifeYears = halfLifeYears
        self.trainingConfidence = trainingConfidence; self.secondaryFactor = secondaryFactor; self.mobilityFactor = mobilityFactor
        self.itemsPerFiche = itemsPerFiche; self.mobilityItemsPerFiche = mobilityItemsPerFiche
        self.essentialThreshold = essentialThreshold
        self.silenceWeight = silenceWeight
    }

    /// Confidence of the core items of a fiche held `months` months, ended `yearsSinceEnd` years ago.
    public func experienceStrength(months: Int, yearsSinceEnd: Double) -> Float {
        guard months > 0 else { return 0 }
        return experienceCeiling * (1 - exp(-Float(months) / monthsScale)) * fade(yearsSinceEnd)
    }

    /// Confidence of the core items of a training's fiche, ended `yearsSinceEnd` years ago.
    public func trainingStrength(yearsSinceEnd: Double) -> Float { trainingConfidence * fade(yearsSinceEnd) }

    /// Years after an end during which what was learnt counts as current: a training or a job that ended in
    /// the last year teaches as much as one under way (so that finishing a training never lowers a score).
    public static let currentYears = 1.0

    /// ½^(years beyond ``currentYears`` / ``halfLifeYears``).
    func fade(_ years: Double) -> Float {
        Float(pow(0.5, max(0, years - InferenceRules.currentYears) / Double(halfLifeYears)))
    }

    /// The threshold as a stored confidence (``InferredSkills/quantise(_:)``).
    var essentialThresholdLevel: UInt8 { InferredSkills.quantise(essentialThreshold) }

    func validate(policy version: String) throws {
        let unit = [experienceCeiling, trainingConfidence, secondaryFactor, mobilityFactor, essentialThreshold]
        guard unit.allSatisfy({ $0 >= 0 && $0 < 1 }), experienceCeiling > 0, monthsScale > 0, halfLifeYears > 0,
              itemsPerFiche >= 0, mobilityItemsPerFiche >= 0 else {
            throw MatchError(.invalidModel, message: "policy \(version): inference confidences and factors must lie in [0, 1) "
                             + "(a declared competence, at 1, outranks every inferred one), scales > 0, item counts ≥ 0")
        }
        if let silenceWeight, !(0...1).contains(silenceWeight) {
            throw MatchError(.invalidModel, message: "policy \(version): inference.silenceWeight must lie in [0, 1], not \(silenceWeight)")
        }
    }
}

/// For every fiche, the items an experience in it gives and their factor, made once from the ROME
/// referential and the rules (``InferenceRules``): the per-candidate work at indexing is then a few lookups.
///
///     let sources = FicheSkillSources(rome: rome, rules: rules)
///     sources.direct[Int(rome.ficheIndex["N1101"]!)]   // core items of N1101 first, factor 1
public struct FicheSkillSources: Sendable {
    /// Fiche → (item, factor): its central items (factor 1 for core, ``InferenceRules/secondaryFactor`` else).
    public let direct: [[(item: Int32, factor: Float)]]
    /// Fiche → (item, factor): its other items listed by a fiche linked to it by mobility.
    public let throughMobility: [[(item: Int32, factor: Float)]]
    /// ``InferenceRules/silenceWeight`` (0 when absent).
    public let silenceWeight: Float

    public init(rome: RomeReferential, rules: InferenceRules) {
        // Centrality of an item in a family (fiches of one parent): how many of its fiches list it.
        var family = [Int32: [Int32: Int]]()
        for f in rome.fiches.indices { for item in rome.ficheItems[f] { family[rome.parent[f], default: [:]][item, default: 0] += 1 } }
        var direct = [[(item: Int32, factor: Float)]]()
        var mobility = [[(item: Int32, factor: Float)]]()
        for f in rome.fiches.indices {
            let core = Set(rome.ficheCoreItems[f])
            let counts = family[rome.parent[f]] ?? [:]
            let ranked = rome.ficheItems[f].sorted { a, b in
                let ca = core.contains(a), cb = core.contains(b)
                if ca != cb { return ca }
                let na = counts[a] ?? 0, nb = counts[b] ?? 0
                return na != nb ? na > nb : a < b
            }
            let central = ranked.prefix(max(rules.itemsPerFiche, core.count))
            direct.append(central.map { ($0, core.contains($0) ? 1 : rules.secondaryFactor) })
            let taken = Set(central)
            let linked = Set(rome.mobility[f].flatMap { rome.ficheItems[Int($0)] })
            mobility.append(ranked.filter { !taken.contains($0) && linked.contains($0) }
                .prefix(rules.mobilityItemsPerFiche).map { ($0, rules.mobilityFactor) })
        }
        self.direct = direct
        throughMobility = mobility
        silenceWeight = rules.silenceWeight ?? 0
    }
}

/// One candidate's competences, declared and inferred, as the index stores them: item ids ascending, each
/// with a confidence level (0…255 for 0…1; declared = 255) and its source (``Source``).
///
///     InferredSkills.confidence(InferredSkills.quantise(0.5))   // 0.502
public enum InferredSkills {
    /// Where a stored competence comes from, in one byte: 0 declared; else the position + 1 of the fiche in
    /// the row's fiche list (targets, experiences, training, as the index lists them) in the low six bits,
    /// with ``throughMobilityBit`` when it came through a mobility relation.
    public typealias Source = UInt8
    public static let declared: Source = 0
    public static let throughMobilityBit: Source = 0x40
    /// Fiches beyond this position give nothing (a source holds the position in six bits).
    static let maxSourcePosition = 62

    /// A confidence in [0, 1] as a level 0…255.
    @inline(__always)
    public static func quantise(_ confidence: Float) -> UInt8 { UInt8(max(0, min(255, (confidence * 255).rounded()))) }

    /// A level back as a confidence: 255 is exactly 1.
    @inline(__always)
    public static func confidence(_ level: UInt8) -> Float { Float(level) / 255 }

    /// A fiche of the row with what it can teach: `strength` 0 for a target (it teaches nothing).
    struct FicheStrength {
        var fiche: Int32
        var strength: Float
    }

    /// The row's competences: `declared` (item ids) at level 255, then each fiche's items at
    /// `strength × factor`, the highest level winning per item (the first source on a tie); sorted by item.
    static func merge(declared items: [Int32], fiches: [FicheStrength], sources: FicheSkillSources?)
        -> [(item: Int32, level: UInt8, source: Source)] {
        var best = [Int32: (level: UInt8, source: Source)]()
        for item in items { best[item] = (255, Self.declared) }
        if let sources {
            let silence = sources.silenceWeight > 0 && !items.isEmpty
                ? sources.silenceWeight * declaredShare(declared: items, fiches: fiches, sources: sources) : 0
            for (position, f) in fiches.enumerated() where f.strength > 0 && position < maxSourcePosition {
                let tag = Source(position + 1)
                func offer(_ list: [(item: Int32, factor: Float)], _ source: Source) {
                    for (item, factor) in list {
                        let level = quantise(heard(f.strength * factor, silence: silence))
                        guard level > 0 else { continue }
                        if let held = best[item], held.level >= level { continue }
                        best[item] = (level, source)
                    }
                }
                offer(sources.direct[Int(f.fiche)], tag)
                offer(sources.throughMobility[Int(f.fiche)], tag | throughMobilityBit)
            }
        }
        return best.map { (item: $0.key, level: $0.value.level, source: $0.value.source) }.sorted { $0.item < $1.item }
    }

    /// The confidence `c` of a competence the record leaves out, when it declares a share `d` of what is
    /// held (``InferenceRules/silenceWeight``): `c (1 − d) / (c (1 − d) + 1 − c)`, Bayes' rule.
    ///
    ///     InferredSkills.heard(0.8, silence: 0.85)   // 0.375: a full record that leaves it out
    ///     InferredSkills.heard(0.8, silence: 0)      // 0.8: a record that declares nothing says nothing
    public static func heard(_ c: Float, silence d: Float) -> Float {
        guard d > 0, c > 0 else { return c }
        let kept = c * (1 - d)
        return kept / (kept + 1 - c)
    }

    /// The share of what the row's fiches teach that it declares: declared items among them, over the sum of
    /// their inferred confidences plus one (so that a record with little to go on is not judged on it),
    /// at most 0.95.
    static func declaredShare(declared items: [Int32], fiches: [FicheStrength], sources: FicheSkillSources) -> Float {
        // A row has a few fiches of at most `itemsPerFiche` items: a short list searched in place costs less
        // than hashing when 500,000 rows are indexed, and its order (the row's) makes the sum reproducible.
        var taught = [(item: Int32, confidence: Float)]()
        for (position, f) in fiches.enumerated() where f.strength > 0 && position < maxSourcePosition {
            let fresh = taught.isEmpty   // a fiche lists each item once
            for (item, factor) in sources.direct[Int(f.fiche)] {
                let c = f.strength * factor
                if !fresh, let i = taught.firstIndex(where: { $0.item == item }) {
                    taught[i].confidence = max(taught[i].confidence, c)
                } else {
                    taught.append((item, c))
                }
            }
        }
        guard !taught.isEmpty else { return 0 }
        let expected = taught.reduce(0.0) { $0 + Double($1.confidence) }
        let declared = items.reduce(0) { n, item in n + (taught.contains { $0.item == item } ? 1 : 0) }
        return Float(min(0.95, Double(declared) / (expected + 1)))
    }
}
