/// An offer compiled against an index: masks for the hard constraints, lookup tables for the exact
/// components and the query vector for the BLAS pass.
public struct OfferQuery: Sendable {
    public let offer: JobOffer
    public let location: Location
    let fiche: Int32
    let requiredLicences: UInt64
    let requiredLanguages: UInt32
    /// 0 when the offer names no contract type.
    let contractBit: UInt16
    let startDay: Int32
    let requiredDiploma: UInt8
    /// Highest level named (E or S), for the diploma component; 0 = none.
    let targetDiploma: Int
    let requiredExperienceMonths: Float
    let fullCreditMonths: Float
    /// Experience counts as relevant in fiches at least this close to the offer's.
    let relevantProximity: Float
    /// Dense over the index's item ids: weight of each offer competence, 0 elsewhere (empty when compiled
    /// with `denseSkills: false`: the batch reads ``skillItems``).
    let skillWeight: [Float]
    /// The offer's competences that candidates can hold, by ascending item id: the sparse form of
    /// ``skillWeight`` and ``isEssential``.
    let skillItems: [(item: Int32, weight: Float, essential: UInt8)]
    let skillWeightTotal: Float
    /// Dense over item ids: 1 for `E` competences (empty with `denseSkills: false`).
    let isEssential: [UInt8]
    let essentialCount: Int
    /// The lowest confidence level (``InferredSkills/quantise(_:)``) at which a held competence meets an `E`
    /// one: the policy's ``InferenceRules/essentialThreshold``, 0 without inference (all held are declared).
    let essentialLevel: UInt8
    /// The offer's competences in order: (item id or -1 when no candidate can hold it, code, exigence).
    let skills: [(id: Int32, code: String, exigence: Exigence)]
    let skillsImplied: Bool
    /// Dense over fiches: métier proximity of each fiche to the offer's.
    let proximity: [Float]
    /// `stride` floats: `[w/2, (w/2)·profile, bonuses, 0…]`.
    public let vector: [Float]
    /// By priority-public mask: the largest `row · vector` a row with those publics can have (``largestDot(publics:)``).
    let largestDotByPublics: [Float]
    /// ``ScoringPolicy/dotIsBonusesOnly``: ``largestDot(publics:)`` is then the dot product itself, and no
    /// row's vector need be read.
    let dotIsBonusesOnly: Bool
    let desiredLicences: [Licence]
    let desiredLanguages: [Language]
    public let warnings: [QueryWarning]

    /// - Parameters:
    ///   - denseSkills: whether to fill the dense ``skillWeight`` and ``isEssential`` tables (the shortlist's
    ///     per-row coverage reads them; the batch, which reads ``skillItems``, spares two tables the size of
    ///     the item dictionary per offer).
    ///   - proximity: the offer's fiche's ``proximityTable(to:rome:policy:)`` when the caller keeps it
    ///     (it depends on the fiche only).
    init(offer: JobOffer, index: CandidateIndex, rome: RomeReferential, communes: CommuneDirectory,
         embedding: SkillEmbedding, policy: ScoringPolicy, denseSkills: Bool = true, proximity: [Float]? = nil) throws {
        guard let fiche = rome.ficheIndex[offer.romeCode] else { throw OfferQuery.refusal(of: offer, rome: rome, communes: communes) }
        self.offer = offer
        self.fiche = fiche
        location = try OfferQuery.locate(offer, communes: communes)
        var warnings = offer.uncodedSkillLabels.map { QueryWarning.uncodedCompetence(label: $0) }

        var required = LicenceSet(), desired = [Licence]()
        for p in offer.licences {
            guard let licence = Licence(label: p.label) else {
                warnings.append(.unknownLicence(label: p.label)); continue
            }
            if p.exigence == .required { required.insert(LicenceSet([licence])) } else { desired.append(licence) }
        }
        requiredLicences = required.rawValue
        desiredLicences = desired
        var languages: UInt32 = 0, desiredLanguages = [Language]()
        for l in offer.languages {
            guard let language = Language(label: l.label) else {
                warnings.append(.unknownLanguage(label: l.label)); continue
            }
            if l.exigence == .required { languages |= 1 << UInt32(language.bit) } else { desiredLanguages.append(language) }
        }
        requiredLanguages = languages
        self.desiredLanguages = desiredLanguages
        contractBit = offer.contractType.map { ContractTypes(codes: [$0]).rawValue } ?? 0
        startDay = (offer.startDate ?? index.referenceDate).ordinal
        requiredDiploma = UInt8(clamping: offer.requiredDiplomaLevel)
        targetDiploma = max(offer.requiredDiplomaLevel, offer.desiredDiplomaLevel)
        requiredExperienceMonths = offer.experienceRequirement == .required ? Float(offer.requestedExperienceMonths) : 0
        fullCreditMonths = Float(max(offer.requestedExperienceMonths, policy.experienceFullCreditMonths, 1))
        relevantProximity = policy.relevantExperienceProximity

        var skills = offer.skills.map { (code: $0.code, exigence: $0.exigence) }
        skillsImplied = skills.isEmpty
        if skills.isEmpty {
            skills = rome.ficheCoreItems[Int(fiche)].prefix(policy.impliedSkillsFromFiche)
                .map { (rome.items[Int($0)].code, Exigence.desired) }
        }
        var weight = [Float](repeating: 0, count: denseSkills ? index.items.count : 0)
        var essential = [UInt8](repeating: 0, count: denseSkills ? index.items.count : 0)
        var items = [(item: Int32, weight: Float, essential: UInt8)]()
        var resolved = [(id: Int32, code: String, exigence: Exigence)]()
        var total: Float = 0
        for s in skills where !resolved.contains(where: { $0.code == s.code }) {
            let w = s.exigence == .required ? policy.essentialSkillWeight : policy.desiredSkillWeight
            total += w
            let id = index.items.ids[s.code] ?? -1
            if id >= 0 {
                let e: UInt8 = s.exigence == .required ? 1 : 0
                if denseSkills { weight[Int(id)] = w; essential[Int(id)] = e }
                items.append((id, w, e))
            }
            resolved.append((id, s.code, s.exigence))
        }
        self.skills = resolved
        skillWeight = weight
        skillItems = items.sorted { $0.item < $1.item }
        skillWeightTotal = total
        isEssential = essential
        essentialCount = resolved.filter { $0.exigence == .required }.count
        essentialLevel = policy.inference?.essentialThresholdLevel ?? 0
        self.proximity = proximity ?? OfferQuery.proximityTable(to: fiche, rome: rome, policy: policy.metierProximity)
        vector = OfferQuery.queryVector(skills: resolved, offer: offer, embedding: embedding, policy: policy,
                                        stride: index.stride)
        largestDotByPublics = OfferQuery.largestDots(vector: vector, dimension: embedding.dimension)
        dotIsBonusesOnly = policy.dotIsBonusesOnly
        self.warnings = warnings
    }

    /// Where the offer is: its coordinates, else its commune's. Throws ``MatchError`` (``MatchError/Code/invalidOffer``)
    /// for an offer that breaks a rule of ``JobOffer/problems(rome:communes:)`` about its place.
    static func locate(_ offer: JobOffer, communes: CommuneDirectory) throws -> Location {
        let place = offer.workplace
        if let lat = place.latitude, let lon = place.longitude, lat.isFinite, lon.isFinite, abs(lat) <= 90, abs(lon) <= 180 {
            return Location(communeCode: place.commune, point: GeoPoint(latitude: lat, longitude: lon))
        }
        if place.latitude == nil, place.longitude == nil, let code = place.commune, let commune = communes[code] {
            return Location(communeCode: code, point: commune.location)
        }
        throw refusal(of: offer, rome: nil, communes: communes)
    }

    /// Why `offer` cannot be matched, in the words of the record's own rules (one place:
    /// ``JobOffer/problems(rome:communes:)``): computed only once a lookup has failed.
    static func refusal(of offer: JobOffer, rome: RomeReferential?, communes: CommuneDirectory) -> MatchError {
        let problem = (offer.problems(rome: rome, communes: communes) + offer.warnings(communes: communes))
            .first(where: \.stopsMatching) ?? RecordProblem("lieuTravail", .noWorkplace)
        return MatchError(.invalidOffer, field: problem.field, record: "offre \(offer.id)", message: problem.description)
    }

    /// Proximity of every fiche to `fiche`: same fiche > same parent > mobilité relation > same domaine.
    public static func proximityTable(to fiche: Int32, rome: RomeReferential,
                                      policy p: ScoringPolicy.MetierProximity) -> [Float] {
        var table = [Float](repeating: 0, count: rome.fiches.count)
        let f = Int(fiche)
        for g in 0..<table.count {
            if rome.domaine[g] == rome.domaine[f] { table[g] = p.sameDomaine }
            if rome.parent[g] == rome.parent[f] { table[g] = max(table[g], p.sameParent) }
        }
        for g in rome.mobility[f] { table[Int(g)] = max(table[Int(g)], p.mobility) }
        table[f] = p.sameFiche
        return table
    }

    /// An upper bound of `row · vector` for a row with the priority publics `publics`, read before the row's
    /// vector: the affinity `w/2 · (1 + cos)` is at most `w`, and the bonuses are those of the row's publics.
    @inline(__always)
    func largestDot(publics: UInt16) -> Float { largestDotByPublics[Int(publics) & (largestDotByPublics.count - 1)] }

    /// ``largestDotByPublics`` for every mask of the priority publics.
    static func largestDots(vector v: [Float], dimension: Int) -> [Float] {
        let count = PriorityPublic.allCases.count
        // Unit profiles: |cos| ≤ 1 up to float rounding, which the scan's margin absorbs.
        var table = [Float](repeating: 2 * v[0], count: 1 << count)
        for mask in 1..<table.count {
            let lowest = mask.trailingZeroBitCount  // bit i is the public of index i (PriorityPublic.bit)
            table[mask] = table[mask & (mask - 1)] + v[1 + dimension + lowest]
        }
        return table
    }

    /// The BLAS side of the score: `w/2 · (1 + cos(profiles)) + Σ bonus × flag`.
    public static func queryVector(skills: [(id: Int32, code: String, exigence: Exigence)], offer: JobOffer,
                                   embedding: SkillEmbedding, policy: ScoringPolicy, stride: Int) -> [Float] {
        var v = [Float](repeating: 0, count: stride)
        let half = policy.weights.skillAffinity / 2
        v[0] = half
        // A policy that gives the affinity no weight (policy-v4 and v5) leaves these at 0 without the profile.
        if !policy.dotIsBonusesOnly {
            let profile = embedding.profile(of: skills.map {
                ($0.code, $0.exigence == .required ? policy.essentialSkillWeight : policy.desiredSkillWeight)
            })
            for j in 0..<embedding.dimension { v[1 + j] = half * profile[j] }
        }
        for p in PriorityPublic.allCases {
            let multiplier = offer.targetedPublics.contains(p) ? policy.targetedPublicMultiplier : 1
            v[1 + embedding.dimension + p.index] = policy.bonus(for: p) * multiplier
        }
        return v
    }
}
