/// The candidate pool in the layout the scorer streams: one contiguous row-major matrix of vectors
/// plus per-row columns for the hard constraints and the exact components.
///
/// Rows are grouped into **blocks**: same commune, same set of transport modes, sorted by travel
/// limit (longest first). For an offer, a block's travel time is the same for all its rows, so the
/// rows that can reach the offer are a prefix of the block found by binary search; the other rows,
/// and whole blocks out of reach, are never scored (geo-blocking). Communes are laid out along a
/// Hilbert curve of their coordinates, so nearby communes are nearby in memory.
///
/// Row vector layout (``stride`` floats): `[1, skill profile (dimension), priority flags (8), 0…]`.
///
///     let index = try CandidateIndex(candidates: pool, rome: rome, communes: communes,
///                                    embedding: embedding, referenceDate: Day("2026-11-23")!)
public struct CandidateIndex: Sendable {
    public let referenceDate: Day
    public let priorityRules: PriorityRules
    public let embeddingVersion: String
    public let dimension: Int
    /// Floats per row (a multiple of 8).
    public let stride: Int
    public var count: Int { ids.count }

    /// Row-major `count × stride`.
    public internal(set) var vectors: [Float]
    public let ids: [String]
    /// Rank of each row's id in id order: breaks score ties the way the final (score, id) order does.
    let idRank: [Int32]
    public let blocks: [Block]
    /// Consecutive blocks of one commune, with the longest limit of its residents per mode.
    let communeGroups: [CommuneGroup]

    // Per-row columns.
    package let commune: [Int32]
    let licences: [UInt64]
    let languages: [UInt32]
    let contracts: [UInt16]
    let availableFrom: [Int32]
    let diploma: [UInt8]
    let limitMinutes: [Float]
    let radiusKm: [Float]
    let modes: [UInt8]
    public let publics: [UInt16]
    /// CSR: skills of row r are `skillItems[skillStart[r]..<skillStart[r + 1]]` (item ids of ``items``,
    /// ascending), declared and inferred, with their confidence level in ``skillLevels`` (255 = declared or
    /// certain; ``InferredSkills/confidence(_:)``) and where they come from in ``skillSources``.
    package let skillStart: [Int32]
    package let skillItems: [Int32]
    package let skillLevels: [UInt8]
    package let skillSources: [InferredSkills.Source]
    /// The rules that inferred competences at build (nil: declared competences only); a policy with other
    /// rules cannot score this index.
    public let inference: InferenceRules?
    /// CSR: métiers of row r (targets, experiences, training) with months of experience (0 for targets).
    let ficheStart: [Int32]
    let ficheIds: [Int32]
    let ficheMonths: [Float]

    /// Item ids: the ROME items first, then codes met in candidates only.
    public let items: ItemDictionary

    /// Rows of one commune sharing one set of transport modes, sorted by limit, longest first.
    public struct Block: Sendable, Hashable {
        public var commune: Int32
        public var modes: TransportModes
        public var rows: Range<Int>
        public var maxLimit: Float
    }

    struct CommuneGroup: Sendable {
        var commune: Int32
        var blocks: Range<Int>
        /// The rows of its blocks, which are consecutive.
        var rows: Range<Int>
        /// Per mode (``TransportMode/index``): the longest limit among the residents who use it, or -∞.
        var longestLimit: SIMD4<Float>

        /// Whether some mode reaches the offer within the longest limit of the residents who use it, the
        /// minutes from the group's commune given by ``TransportMode/index``: if not, no row of the group can.
        @inline(__always)
        func isReached(inMinutes minutes: SIMD4<Float>) -> Bool { any(minutes .<= longestLimit) }
    }

    static func stride(for dimension: Int) -> Int { (1 + dimension + PriorityPublic.allCases.count + 7) / 8 * 8 }

    /// Vectorises `candidates` and lays them out for scoring.
    ///
    /// Throws ``MatchError`` (``MatchError/Code/invalidCandidate``) for a candidate that breaks a rule of
    /// ``Candidate/problems(rome:communes:)`` that stops matching (unknown commune or ROME code, no
    /// transport mode…), naming the candidate and the field.
    /// - Complexity: O(n log n + n × (skills + dimension)).
    public init(
        candidates: [Candidate], rome: RomeReferential, communes: CommuneDirectory,
        embedding: SkillEmbedding, referenceDate: Day, priorityRules: PriorityRules = PriorityRules(),
        profiles: SkillProfiles? = nil, inference: InferenceRules? = nil
    ) throws {
        try profiles?.check(count: candidates.count, embedding: embedding)
        let encoded = try candidates.map {
            try EncodedCandidate($0, rome: rome, communes: communes, inference: inference, referenceDate: referenceDate)
        }
        let sources = inference.map { FicheSkillSources(rome: rome, rules: $0) }
        let order = CandidateIndex.rowOrder(encoded, communes: communes)
        var items = ItemDictionary(rome: rome)
        for c in encoded { for code in c.skillCodes { _ = items.intern(code) } }
        self.items = items
        self.referenceDate = referenceDate
        self.priorityRules = priorityRules
        self.inference = inference
        embeddingVersion = embedding.version
        dimension = embedding.dimension
        stride = CandidateIndex.stride(for: dimension)

        var builder = ColumnsBuilder(capacity: candidates.count, stride: stride)
        for i in order {
            builder.append(encoded[i], candidate: candidates[i], items: items, sources: sources, embedding: embedding,
                           publics: priorityRules.publics(of: candidates[i], on: referenceDate),
                           profile: profiles.map { $0.values[(i * $0.dimension)..<((i + 1) * $0.dimension)] })
        }
        ids = builder.ids; vectors = builder.vectors; commune = builder.commune; licences = builder.licences
        languages = builder.languages; contracts = builder.contracts; availableFrom = builder.availableFrom
        diploma = builder.diploma; limitMinutes = builder.limitMinutes; radiusKm = builder.radiusKm
        modes = builder.modes; publics = builder.publics; skillStart = builder.skillStart
        skillItems = builder.skillItems; skillLevels = builder.skillLevels; skillSources = builder.skillSources
        ficheStart = builder.ficheStart; ficheIds = builder.ficheIds
        ficheMonths = builder.ficheMonths
        blocks = CandidateIndex.blocks(commune: commune, modes: modes, limits: limitMinutes)
        communeGroups = CandidateIndex.communeGroups(blocks)
        var rank = [Int32](repeating: 0, count: ids.count)
        let rowIds = builder.ids
        for (position, row) in rowIds.indices.sorted(by: { rowIds[$0] < rowIds[$1] }).enumerated() { rank[row] = Int32(position) }
        idRank = rank
    }

    /// Row order: the commune's position along the Hilbert curve (``curveKey(_:)``), then transport modes,
    /// then limit (longest first), then id.
    static func rowOrder(_ encoded: [EncodedCandidate], communes: CommuneDirectory) -> [Int] {
        let curve = communes.communes.map { curveKey($0.location) }
        return encoded.indices.sorted { a, b in
            let x = encoded[a], y = encoded[b]
            let mx = curve[Int(x.commune)], my = curve[Int(y.commune)]
            if mx != my { return mx < my }
            if x.commune != y.commune { return x.commune < y.commune }
            if x.modes != y.modes { return x.modes < y.modes }
            if x.limit != y.limit { return x.limit > y.limit }
            return x.id < y.id
        }
    }

    static func blocks(commune: [Int32], modes: [UInt8], limits: [Float]) -> [Block] {
        var blocks = [Block]()
        var start = 0
        for r in 0...commune.count {
            if r == commune.count || commune[r] != commune[start] || modes[r] != modes[start] {
                if r > start {
                    blocks.append(Block(commune: commune[start], modes: TransportModes(rawValue: modes[start]),
                                        rows: start..<r, maxLimit: limits[start]))
                }
                start = r
            }
        }
        return blocks
    }

    static func communeGroups(_ blocks: [Block]) -> [CommuneGroup] {
        var groups = [CommuneGroup]()
        for (i, block) in blocks.enumerated() {
            if groups.last?.commune != block.commune {
                groups.append(CommuneGroup(commune: block.commune, blocks: i..<i, rows: block.rows.lowerBound..<block.rows.lowerBound,
                                           longestLimit: SIMD4(repeating: -.infinity)))
            }
            var group = groups.removeLast()
            group.blocks = group.blocks.lowerBound..<(i + 1)
            group.rows = group.rows.lowerBound..<block.rows.upperBound
            for mode in block.modes.modes { group.longestLimit[mode.index] = max(group.longestLimit[mode.index], block.maxLimit) }
            groups.append(group)
        }
        return groups
    }

    /// Position of `p` along a Hilbert curve over quantised longitude and latitude (16 bits each). Nearby
    /// points get nearby keys, and a disc of communes falls into fewer runs of consecutive keys than along
    /// a Morton curve: a batch tile's reachable rows come in fewer, longer row ranges (fewer sgemm calls).
    static func curveKey(_ p: GeoPoint) -> UInt64 {
        func quantise(_ v: Double, _ lo: Double, _ hi: Double) -> UInt64 {
            UInt64(max(0, min(65535, (v - lo) / (hi - lo) * 65535)))
        }
        var x = quantise(p.longitude, -180, 180), y = quantise(p.latitude, -90, 90)
        var key: UInt64 = 0
        var side: UInt64 = 1 << 15
        while side > 0 {
            let rx: UInt64 = x & side != 0 ? 1 : 0
            let ry: UInt64 = y & side != 0 ? 1 : 0
            key += side * side * ((3 * rx) ^ ry)
            // Rotate the quadrant so that the curve inside it starts and ends next to its neighbours.
            if ry == 0 {
                if rx == 1 { x = 65535 - x; y = 65535 - y }
                swap(&x, &y)
            }
            side >>= 1
        }
        return key
    }

    /// Bytes held by the vectors and the per-row columns (not counting id strings' storage).
    public var memoryFootprint: Int {
        vectors.count * 4 + count * (4 + 4 + 8 + 4 + 2 + 4 + 1 + 4 + 4 + 1 + 2 + 4 + 4)
            + skillItems.count * 6 + ficheIds.count * 8 + blocks.count * MemoryLayout<Block>.stride
    }
}

/// ROME item codes ↔ dense ids.
public struct ItemDictionary: Sendable {
    public private(set) var codes: [String]
    public private(set) var ids: [String: Int32]
    public let romeItemCount: Int

    init(rome: RomeReferential) {
        codes = rome.items.map(\.code)
        ids = rome.itemIndex
        romeItemCount = codes.count
    }

    /// The dictionary of `codes` (ids in order), the first `romeItemCount` of them from the ROME.
    init(codes: [String], romeItemCount: Int) {
        self.codes = codes
        ids = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($0.element, Int32($0.offset)) })
        self.romeItemCount = romeItemCount
    }

    mutating func intern(_ code: String) -> Int32 {
        if let id = ids[code] { return id }
        let id = Int32(codes.count)
        codes.append(code)
        ids[code] = id
        return id
    }

    public var count: Int { codes.count }
}

/// A candidate's facts resolved against the referentials, before layout.
struct EncodedCandidate {
    var id: String
    var commune: Int32
    var modes: UInt8
    var limit: Float
    var skillCodes: [String]
    /// (fiche, months): targets and training with 0 months, experiences with their months.
    var fiches: [(Int32, Float)]
    /// What each of ``fiches`` teaches (``InferredSkills/FicheStrength``): 0 for targets, and for all
    /// without inference rules.
    var strengths: [InferredSkills.FicheStrength]

    init(_ c: Candidate, rome: RomeReferential, communes: CommuneDirectory, inference: InferenceRules? = nil,
         referenceDate: Day? = nil) throws {
        // The lookups encoding needs; when one fails, the record's own rules (one place:
        // ``Candidate/problems(rome:communes:)``) say which field and why. They run only then: encoding
        // 500,000 candidates does each lookup once.
        var fiches = [(Int32, Float)]()
        var strengths = [InferredSkills.FicheStrength]()
        func years(since end: Day?) -> Double {
            guard let end, let referenceDate else { return 0 }
            return Double(referenceDate.ordinal - end.ordinal) / 365.25
        }
        func add(_ code: String, months: Float, teaches strength: @autoclosure () -> Float) -> Bool {
            guard let f = rome.ficheIndex[code] else { return false }
            fiches.append((f, months))
            strengths.append(.init(fiche: f, strength: inference == nil ? 0 : strength()))
            return true
        }
        let encoded = !c.mobility.modes.isEmpty
            && c.targetRomeCodes.allSatisfy { add($0, months: 0, teaches: 0) }
            && c.experiences.allSatisfy { e in
                add(e.romeCode, months: Float(max(0, e.months)),
                    teaches: inference!.experienceStrength(months: e.months, yearsSinceEnd: years(since: e.endDate)))
            }
            && ((c.training?.romeCode).map { code in
                add(code, months: 0, teaches: inference!.trainingStrength(yearsSinceEnd: years(since: c.training?.endDate)))
            } ?? true)
        guard encoded, let commune = communes.index[c.commune] else {
            let problem = c.problems(rome: rome, communes: communes).first(where: \.stopsMatching)
                ?? RecordProblem("commune", .unknownCommune(c.commune, departements: communes.departements))
            throw MatchError(.invalidCandidate, field: problem.field, record: "candidat \(c.id)", message: problem.description)
        }
        id = c.id
        self.commune = commune
        modes = TransportModes(c.mobility.modes).rawValue
        limit = Float(c.mobility.maxMinutes)
        skillCodes = Array(Set(c.skills)).sorted()
        self.fiches = fiches
        self.strengths = strengths
    }
}

/// Accumulates the per-row columns in row order.
struct ColumnsBuilder {
    let stride: Int
    var ids = [String](), vectors = [Float](), commune = [Int32](), licences = [UInt64](), languages = [UInt32]()
    var contracts = [UInt16](), availableFrom = [Int32](), diploma = [UInt8](), limitMinutes = [Float]()
    var radiusKm = [Float](), modes = [UInt8](), publics = [UInt16]()
    var skillStart: [Int32] = [0], skillItems = [Int32](), skillLevels = [UInt8](), skillSources = [InferredSkills.Source]()
    var ficheStart: [Int32] = [0], ficheIds = [Int32]()
    var ficheMonths = [Float]()

    init(capacity: Int, stride: Int) {
        self.stride = stride
        vectors.reserveCapacity(capacity * stride)
        ids.reserveCapacity(capacity)
    }

    mutating func append(_ e: EncodedCandidate, candidate c: Candidate, items: ItemDictionary, sources: FicheSkillSources?,
                         embedding: SkillEmbedding, publics set: PriorityPublics, profile: ArraySlice<Float>?) {
        ids.append(e.id)
        commune.append(e.commune)
        licences.append(LicenceSet(c.licences).closure.rawValue)
        languages.append(CandidateColumns.languageMask(c.languages))
        contracts.append(c.acceptedContracts.isEmpty ? ContractTypes.any.rawValue : ContractTypes(codes: c.acceptedContracts).rawValue)
        availableFrom.append(c.availableFrom?.ordinal ?? Int32.min)
        diploma.append(UInt8(clamping: max(0, c.diplomaLevel)))
        limitMinutes.append(e.limit)
        radiusKm.append(c.mobility.radiusKm.map(Float.init) ?? .infinity)
        modes.append(e.modes)
        publics.append(set.rawValue)
        let declared = e.skillCodes.compactMap { items.ids[$0] }
        if sources == nil {
            skillItems += declared.sorted()
            skillLevels += repeatElement(255, count: declared.count)
            skillSources += repeatElement(InferredSkills.declared, count: declared.count)
        } else {
            for entry in InferredSkills.merge(declared: declared, fiches: e.strengths, sources: sources) {
                skillItems.append(entry.item); skillLevels.append(entry.level); skillSources.append(entry.source)
            }
        }
        skillStart.append(Int32(skillItems.count))
        for (f, months) in e.fiches { ficheIds.append(f); ficheMonths.append(months) }
        ficheStart.append(Int32(ficheIds.count))
        if let profile {
            vectors += CandidateColumns.vector(profile: profile, publics: set, dimension: embedding.dimension, stride: stride)
        } else {
            vectors += CandidateColumns.vector(skills: e.skillCodes, publics: set, embedding: embedding, stride: stride)
        }
    }
}

/// How a candidate's facts become row values; shared by the index and the reference scorer.
public enum CandidateColumns {
    /// Languages held at B1 or above (a language without a level counts as B1).
    public static func languageMask(_ languages: [Candidate.LanguageSkill]) -> UInt32 {
        languages.reduce(0) { mask, l in
            guard (l.level ?? .b1) >= .b1, let lang = Language(label: l.language) else { return mask }
            return mask | (1 << UInt32(lang.bit))
        }
    }

    /// `[1, skill profile, priority flags, 0…]`.
    public static func vector(skills: [String], publics: PriorityPublics, embedding: SkillEmbedding, stride: Int) -> [Float] {
        vector(profile: embedding.profile(of: skills.map { ($0, 1) })[...], publics: publics, dimension: embedding.dimension,
               stride: stride)
    }

    /// `[1, profile, priority flags, 0…]` from a profile computed ahead (``SkillProfiles``).
    static func vector(profile: ArraySlice<Float>, publics: PriorityPublics, dimension: Int, stride: Int) -> [Float] {
        var row = [Float](repeating: 0, count: stride)
        row[0] = 1
        for (j, value) in profile.enumerated() { row[1 + j] = value }
        for p in publics.publics { row[1 + dimension + p.index] = 1 }
        return row
    }
}
