import MatchCore
import MatchData

/// The candidates as columns for the evaluation: what the hard constraints, the baselines and the
/// priority-public shares read, resolved once against the referentials.
///
///     let pool = try EvaluationPool(candidates, rome: rome, communes: communes, rules: rules, on: day)
///     pool.row(of: "C0000042")
struct EvaluationPool: Sendable {
    let ids: [String]
    let rows: [String: Int32]
    let commune: [Int32]
    let modes: [UInt8]
    let limit: [Float]
    let radius: [Float]
    /// Held licences with their implications.
    let licences: [UInt64]
    let languages: [UInt32]
    let contracts: [UInt16]
    let availableFrom: [Int32]
    let diploma: [UInt8]
    let publics: [UInt16]
    /// CSR: métiers of row r (targets, experiences, training) with months (0 for targets and training),
    /// as the engine reads them.
    let ficheStart: [Int32], ficheIds: [Int32], ficheMonths: [Float]
    /// How many of row r's métiers (the first ones) are targets (`metiersRecherches`).
    let targetCount: [UInt8]
    /// CSR: known ROME item ids of row r's skills, sorted; `skillCount` counts unknown codes too.
    let skillStart: [Int32], skillItems: [Int32], skillCount: [Int32]
    /// Neutral tie-break: a hash of the id, so that baselines do not favour low or high ids.
    let tieKey: [UInt64]

    var count: Int { ids.count }

    struct UnknownReference: Error, CustomStringConvertible {
        let description: String
    }

    init(_ candidates: [Candidate], rome: RomeReferential, communes: CommuneDirectory, rules: PriorityRules,
         on date: Day) throws {
        var ids = [String](), rows = [String: Int32](minimumCapacity: candidates.count)
        var commune = [Int32](), modes = [UInt8](), limit = [Float](), radius = [Float](), licences = [UInt64]()
        var languages = [UInt32](), contracts = [UInt16](), available = [Int32](), diploma = [UInt8](), publics = [UInt16]()
        var ficheStart: [Int32] = [0], ficheIds = [Int32](), ficheMonths = [Float]()
        var skillStart: [Int32] = [0], skillItems = [Int32](), skillCount = [Int32](), tieKey = [UInt64]()
        var targetCount = [UInt8]()
        for c in candidates {
            guard let place = communes.index[c.commune] else {
                throw UnknownReference(description: "candidate \(c.id): field commune: unknown commune \(c.commune)")
            }
            rows[c.id] = Int32(ids.count)
            ids.append(c.id)
            commune.append(place)
            modes.append(TransportModes(c.mobility.modes).rawValue)
            limit.append(Float(c.mobility.maxMinutes))
            radius.append(c.mobility.radiusKm.map(Float.init) ?? .infinity)
            licences.append(LicenceSet(c.licences).closure.rawValue)
            languages.append(CandidateColumns.languageMask(c.languages))
            contracts.append(c.acceptedContracts.isEmpty ? ContractTypes.any.rawValue : ContractTypes(codes: c.acceptedContracts).rawValue)
            available.append(c.availableFrom?.ordinal ?? Int32.min)
            diploma.append(UInt8(clamping: max(0, c.diplomaLevel)))
            publics.append(rules.publics(of: c, on: date).rawValue)
            func fiche(_ code: String, _ field: String) throws -> Int32 {
                guard let f = rome.ficheIndex[code] else {
                    throw UnknownReference(description: "candidate \(c.id): field \(field): unknown ROME code \(code)")
                }
                return f
            }
            for code in c.targetRomeCodes { ficheIds.append(try fiche(code, "metiersRecherches")); ficheMonths.append(0) }
            targetCount.append(UInt8(clamping: c.targetRomeCodes.count))
            for e in c.experiences {
                ficheIds.append(try fiche(e.romeCode, "experiences.romeCode"))
                ficheMonths.append(Float(max(0, e.months)))
            }
            if let code = c.training?.romeCode { ficheIds.append(try fiche(code, "formation.romeCode")); ficheMonths.append(0) }
            ficheStart.append(Int32(ficheIds.count))
            let distinct = Array(Set(c.skills)).sorted()
            skillItems += distinct.compactMap { rome.itemIndex[$0] }.sorted()
            skillStart.append(Int32(skillItems.count))
            skillCount.append(Int32(distinct.count))
            tieKey.append(EvaluationPool.hash(c.id))
        }
        self.ids = ids; self.rows = rows; self.commune = commune; self.modes = modes; self.limit = limit
        self.radius = radius; self.licences = licences; self.languages = languages; self.contracts = contracts
        self.availableFrom = available; self.diploma = diploma; self.publics = publics; self.ficheStart = ficheStart
        self.ficheIds = ficheIds; self.ficheMonths = ficheMonths; self.skillStart = skillStart
        self.skillItems = skillItems; self.skillCount = skillCount; self.tieKey = tieKey; self.targetCount = targetCount
    }

    func row(of id: String) -> Int? { rows[id].map(Int.init) }

    /// FNV-1a of the id's bytes, finished with SplitMix64: stable across runs and platforms.
    static func hash(_ id: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var mix = SplitMix64(seed: h)
        return mix.next()
    }
}

/// An offer compiled for the evaluation: its hard constraints in the engine's terms (docs/engine.md)
/// and its travel times from every commune.
struct CompiledOffer: Sendable {
    let offer: JobOffer
    let fiche: Int32
    let times: CommuneTravelTimes
    /// Best time from each commune for each set of modes (`bestTime[modes][commune]`).
    let bestTime: [[Float]]
    let requiredLicences: UInt64
    let requiredLanguages: UInt32
    let contractBit: UInt16
    let startDay: Int32
    let requiredDiploma: UInt8
    let requiredMonths: Float
    let proximity: [Float]
    let relevantProximity: Float
    let essentialsAreHard: Bool
    /// Item ids of the offer's coded competences (or, when it lists none, of the core items of its fiche:
    /// the engine's rule) and which are `E`.
    let queryItems: [Int32]
    let essentialItems: [Int32]

    struct InvalidOffer: Error, CustomStringConvertible {
        let description: String
    }

    init(_ offer: JobOffer, rome: RomeReferential, communes: CommuneDirectory, travel: TravelTimes,
         policy: ScoringPolicy, referenceDate: Day) throws {
        guard let fiche = rome.ficheIndex[offer.romeCode] else {
            throw InvalidOffer(description: "offer \(offer.id): field romeCode: unknown ROME code \(offer.romeCode)")
        }
        let place = offer.workplace
        let point: GeoPoint
        if let lat = place.latitude, let lon = place.longitude {
            point = GeoPoint(latitude: lat, longitude: lon)
        } else if let code = place.commune, let commune = communes[code] {
            point = commune.location
        } else {
            throw InvalidOffer(description: "offer \(offer.id): field lieuTravail: neither coordinates nor a known commune")
        }
        self.offer = offer
        self.fiche = fiche
        let times = travel.fromAllCommunes(of: communes, to: Location(communeCode: place.commune, point: point))
        self.times = times
        bestTime = (0..<16).map { mask in
            (0..<communes.count).map { c in
                var best = Float.infinity
                for mode in TransportMode.allCases where mask & Int(mode.bit) != 0 { best = min(best, times.minutes[mode.index][c]) }
                return best
            }
        }
        let licences = offer.licences.filter { $0.exigence == .required }.compactMap { Licence(label: $0.label) }
        requiredLicences = LicenceSet(licences).rawValue
        requiredLanguages = offer.languages.filter { $0.exigence == .required }
            .compactMap { Language(label: $0.label) }.reduce(0) { $0 | (1 << UInt32($1.bit)) }
        contractBit = offer.contractType.map { ContractTypes(codes: [$0]).rawValue } ?? 0
        startDay = (offer.startDate ?? referenceDate).ordinal
        requiredDiploma = UInt8(clamping: offer.requiredDiplomaLevel)
        requiredMonths = offer.experienceRequirement == .required ? Float(offer.requestedExperienceMonths) : 0
        proximity = OfferQuery.proximityTable(to: fiche, rome: rome, policy: policy.metierProximity)
        relevantProximity = policy.relevantExperienceProximity
        essentialsAreHard = policy.essentialSkillsAreHard
        if offer.skills.isEmpty {
            queryItems = Array(rome.ficheCoreItems[Int(fiche)].prefix(policy.impliedSkillsFromFiche))
            essentialItems = []
        } else {
            queryItems = Array(Set(offer.skills.compactMap { rome.itemIndex[$0.code] })).sorted()
            essentialItems = Array(Set(offer.skills.filter { $0.exigence == .required }.compactMap { rome.itemIndex[$0.code] })).sorted()
        }
    }

    /// The first hard constraint row `r` fails, in the engine's order, or nil when it is eligible.
    func firstFailure(_ pool: EvaluationPool, row r: Int) -> ExclusionReason? {
        let c = Int(pool.commune[r])
        if bestTime[Int(pool.modes[r])][c] > pool.limit[r] || times.distanceKm[c] > pool.radius[r] { return .travel }
        if requiredLicences & ~pool.licences[r] != 0 { return .licence }
        if requiredLanguages & ~pool.languages[r] != 0 { return .language }
        if contractBit != 0, pool.contracts[r] & contractBit == 0 { return .contract }
        if pool.availableFrom[r] > startDay { return .availability }
        if pool.diploma[r] < requiredDiploma { return .diploma }
        if requiredMonths > 0, relevantMonths(pool, row: r) < requiredMonths { return .experience }
        if essentialsAreHard, !essentialItems.isEmpty, essentialHits(pool, row: r) < essentialItems.count { return .essentialSkills }
        return nil
    }

    /// Months of experience in fiches at least ``relevantProximity`` close to the offer's.
    func relevantMonths(_ pool: EvaluationPool, row r: Int) -> Float {
        var months: Float = 0
        for i in Int(pool.ficheStart[r])..<Int(pool.ficheStart[r + 1]) where proximity[Int(pool.ficheIds[i])] >= relevantProximity {
            months += pool.ficheMonths[i]
        }
        return months
    }

    /// Whether row `r`, eligible, meets the definition of a true fit that the planted fits are built to
    /// (``GroundTruth``): it targets the offer's fiche, holds every `E` competence and at least two thirds
    /// of the `S` ones. Background candidates can meet it too ("natural" fits the truth does not list).
    func meetsFitDefinition(_ pool: EvaluationPool, row r: Int) -> Bool {
        let start = Int(pool.ficheStart[r])
        guard (start..<(start + Int(pool.targetCount[r]))).contains(where: { pool.ficheIds[$0] == fiche }) else { return false }
        guard essentialHits(pool, row: r) == essentialItems.count else { return false }
        let desired = queryItems.filter { !GenerationContext.sortedContains(essentialItems, $0) }
        let held = desired.reduce(0) { $0 + (pool.holds(row: r, item: $1) ? 1 : 0) }
        return held >= TruthPlanter.minimumDesired(of: desired.count)
    }

    /// How many of the offer's `E` competences row `r` holds.
    func essentialHits(_ pool: EvaluationPool, row r: Int) -> Int {
        essentialItems.reduce(0) { $0 + (pool.holds(row: r, item: $1) ? 1 : 0) }
    }
}

extension EvaluationPool {
    /// Whether row `r` holds item `item` (binary search in its sorted skills).
    func holds(row r: Int, item: Int32) -> Bool {
        var lo = Int(skillStart[r]), hi = Int(skillStart[r + 1])
        while lo < hi {
            let mid = (lo + hi) / 2
            if skillItems[mid] < item { lo = mid + 1 } else { hi = mid }
        }
        return lo < Int(skillStart[r + 1]) && skillItems[lo] == item
    }
}
