public import MatchCore
import Foundation

/// A plain reference implementation of the score defined in ``ScoringPolicy``'s documentation,
/// for checking ``Matcher`` against.
///
/// It loops over the raw ``Candidate`` values — no index, no blocks, no BLAS, no lookup tables —
/// and computes everything in double precision. The only deliberate Float roundings mirror what
/// the engine *stores* (travel minutes and distances), so that "time ≤ limit" is decided alike.
///
///     let reference = ReferenceScorer(world: world, policy: .standard)
///     let result = try reference.rank(offer, candidates: pool)
///     result.ranked.prefix(20).map(\.candidateId)
public struct ReferenceScorer: Sendable {
    // The same inputs as a `Matcher` plus its index's reference date.
    public let rome: RomeReferential
    public let communes: CommuneDirectory
    public let embedding: SkillEmbedding
    public let policy: ScoringPolicy
    public let travel: TravelTimes
    public let referenceDate: Day
    /// What each fiche teaches under the policy's inference rules (nil without).
    let inferenceSources: FicheSkillSources?

    /// A scorer over the given referentials; `referenceDate` plays the role of the index's (priority
    /// publics, availability when an offer has no `dateDebut`).
    public init(rome: RomeReferential, communes: CommuneDirectory, embedding: SkillEmbedding,
                policy: ScoringPolicy, travel: TravelTimes, referenceDate: Day) {
        self.rome = rome; self.communes = communes; self.embedding = embedding
        self.policy = policy; self.travel = travel; self.referenceDate = referenceDate
        inferenceSources = policy.inference.map { FicheSkillSources(rome: rome, rules: $0) }
    }

    /// A scorer over a synthetic world's referentials.
    public init(world: SyntheticWorld, policy: ScoringPolicy = .standard) {
        self.init(rome: world.rome, communes: world.communes, embedding: world.embedding, policy: policy,
                  travel: world.travel, referenceDate: world.referenceDate)
    }

    /// An offer or candidate the reference cannot score (unknown ROME code, commune…).
    public struct Unscorable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Every feasible candidate, best first (score descending, then id ascending), and how many were
    /// excluded for each reason (reasons with no exclusion are absent).
    public struct Result: Sendable {
        public var ranked: [Entry]
        public var excluded: [ExclusionReason: Int]
        /// Candidates whose best time is within their limit (radius not considered): the rows geo-blocking must visit.
        public var withinTimeLimit: Int
    }

    /// One feasible candidate's score and its parts.
    public struct Entry: Sendable {
        public var candidateId: String
        /// Sum of ``components``.
        public var score: Double
        /// Contribution (`weight × value`, or the bonus) of every ``ScoreComponent``.
        public var components: [ScoreComponent: Double]
        /// Fastest of the candidate's modes (matrix time where there is one, else the estimate).
        public var travelMinutes: Double
        public var travelMode: TransportMode
        /// Crow-flies distance from the candidate's commune to the workplace.
        public var distanceKm: Double
        public var limitMinutes: Double
        /// Priority publics at the reference date, in ``PriorityPublic`` order.
        public var publics: [PriorityPublic]
    }

    /// What happens to one candidate: excluded for a reason, or scored.
    public enum Outcome: Sendable {
        case excluded(ExclusionReason)
        case feasible(Entry)

        public var entry: Entry? { if case .feasible(let e) = self { e } else { nil } }
        public var reason: ExclusionReason? { if case .excluded(let r) = self { r } else { nil } }
    }

    /// Ranks `candidates` for `offer`.
    public func rank(_ offer: JobOffer, candidates: [Candidate]) throws -> Result {
        let facts = try OfferFacts(offer, scorer: self)
        var ranked = [Entry](), excluded = [ExclusionReason: Int](), withinTimeLimit = 0
        for candidate in candidates {
            if try bestTravel(candidate, to: facts).minutes <= Double(candidate.mobility.maxMinutes) { withinTimeLimit += 1 }
            switch try evaluate(candidate, facts: facts) {
            case .excluded(let reason): excluded[reason, default: 0] += 1
            case .feasible(let entry): ranked.append(entry)
            }
        }
        ranked.sort { $0.score > $1.score || ($0.score == $1.score && $0.candidateId < $1.candidateId) }
        return Result(ranked: ranked, excluded: excluded, withinTimeLimit: withinTimeLimit)
    }

    /// Judges and scores one candidate for `offer`.
    public func evaluate(_ candidate: Candidate, for offer: JobOffer) throws -> Outcome {
        try evaluate(candidate, facts: OfferFacts(offer, scorer: self))
    }

    /// The competences an offer is scored on: its own (first mention of a code wins) or, when it lists
    /// none, the first ``ScoringPolicy/impliedSkillsFromFiche`` core items of its fiche as `S`.
    public func competences(of offer: JobOffer) throws -> [(code: String, exigence: Exigence)] {
        try OfferFacts(offer, scorer: self).skills
    }

    /// The offer's competences (``competences(of:)``, in order) that count as held by `candidate`: declared,
    /// or inferred and, for an `E` one, at the threshold or above.
    public func heldCompetences(of candidate: Candidate, for offer: JobOffer) throws -> [String] {
        let held = heldLevels(candidate)
        return try competences(of: offer).filter { s in
            guard let level = held[s.code] else { return false }
            return s.exigence != .required || level >= essentialLevel
        }.map(\.code)
    }

    /// The best time over the candidate's modes from their commune to the offer, with the crow-flies distance.
    public func travel(of candidate: Candidate, to offer: JobOffer) throws -> (minutes: Double, mode: TransportMode, distanceKm: Double) {
        try bestTravel(candidate, to: OfferFacts(offer, scorer: self))
    }

    // MARK: Hard constraints, in ExclusionReason order

    func evaluate(_ c: Candidate, facts o: OfferFacts) throws -> Outcome {
        let trip = try bestTravel(c, to: o)
        if trip.minutes > Double(c.mobility.maxMinutes) { return .excluded(.travel) }
        if let radius = c.mobility.radiusKm, trip.distanceKm > radius { return .excluded(.travel) }
        if !holdsLicences(c, o.requiredLicences) { return .excluded(.licence) }
        if !o.requiredLanguages.allSatisfy({ speaks(c, $0) }) { return .excluded(.language) }
        if !acceptsContract(c, o.contractType) { return .excluded(.contract) }
        if let available = c.availableFrom, available > o.startDay { return .excluded(.availability) }
        if max(0, c.diplomaLevel) < o.requiredDiploma { return .excluded(.diploma) }
        let fit = metierFit(c, o)
        if o.requiredMonths > 0, fit.relevantMonths < Double(o.requiredMonths) { return .excluded(.experience) }
        let held = heldLevels(c)
        let essentials = o.skills.filter { $0.exigence == .required }
        if policy.essentialSkillsAreHard, !essentials.allSatisfy({ (held[$0.code] ?? 0) >= essentialLevel && held[$0.code] != nil }) {
            return .excluded(.essentialSkills)
        }
        return .feasible(score(c, o, trip: trip, fit: fit, held: held))
    }

    /// Travel minutes are stored as Float by the engine; they are rounded the same way here.
    func bestTravel(_ c: Candidate, to o: OfferFacts) throws -> (minutes: Double, mode: TransportMode, distanceKm: Double) {
        guard let home = communes[c.commune] else { throw Unscorable(description: "candidate \(c.id): unknown commune") }
        let distance = Double(Float(home.location.distanceKm(to: o.point)))
        var best = (minutes: Double.infinity, mode: TransportMode.car)
        for mode in TransportMode.allCases where c.mobility.modes.contains(mode) {
            let real = o.communeCode.flatMap { travel.matrix.minutes(from: c.commune, to: $0, mode: mode) }
            let minutes = Double(real ?? Float(travel.estimator.minutes(distanceKm: distance, mode: mode)))
            if minutes < best.minutes { best = (minutes, mode) }
        }
        return (best.minutes, best.mode, distance)
    }

    func holdsLicences(_ c: Candidate, _ required: [Licence]) -> Bool {
        let held = LicenceSet(c.licences).closure
        return required.allSatisfy { held.contains(LicenceSet([$0])) }
    }

    /// Held at B1 or above; a language stated without a level counts as B1.
    func speaks(_ c: Candidate, _ language: Language) -> Bool {
        c.languages.contains { Language(label: $0.language) == language && ($0.level ?? .b1) >= .b1 }
    }

    func acceptsContract(_ c: Candidate, _ type: String?) -> Bool {
        guard let type, !c.acceptedContracts.isEmpty else { return true }
        return !ContractTypes(codes: c.acceptedContracts).isDisjoint(with: ContractTypes(codes: [type]))
    }

    // MARK: Components

    func score(_ c: Candidate, _ o: OfferFacts, trip: (minutes: Double, mode: TransportMode, distanceKm: Double),
               fit: (proximity: Double, relevantMonths: Double), held: [String: UInt8]) -> Entry {
        let w = policy.weights
        let limit = Double(c.mobility.maxMinutes)
        let publics = policy.priorityRules.publics(of: c, on: referenceDate).publics
        var parts = [ScoreComponent: Double]()
        parts[.skills] = Double(w.skills) * coverage(held, o)
        parts[.skillAffinity] = Double(w.skillAffinity) / 2 * (1 + cosine(candidateProfile(c), o.profile))
        parts[.metier] = Double(w.metier) * fit.proximity
        parts[.experience] = Double(w.experience) * min(1, fit.relevantMonths / Double(o.fullCreditMonths))
        parts[.diploma] = Double(w.diploma) * (o.targetDiploma == 0 ? 1 : min(1, Double(max(0, c.diplomaLevel)) / Double(o.targetDiploma)))
        parts[.travel] = Double(w.travel) * max(0, 1 - trip.minutes / limit)
        parts[.priority] = publics.reduce(0.0) { sum, p in
            sum + Double(policy.bonus(for: p)) * (o.targeted.contains(p) ? Double(policy.targetedPublicMultiplier) : 1)
        }
        let total = ScoreComponent.allCases.reduce(0.0) { $0 + parts[$1]! }
        return Entry(candidateId: c.id, score: total, components: parts, travelMinutes: trip.minutes,
                     travelMode: trip.mode, distanceKm: trip.distanceKm, limitMinutes: limit, publics: publics)
    }

    /// Share of the offer's competence weight (E and S weighted by the policy) the candidate holds, each
    /// competence counted at its confidence; an `E` one held below the inference threshold counts for nothing.
    func coverage(_ held: [String: UInt8], _ o: OfferFacts) -> Double {
        let total = o.skills.reduce(0.0) { $0 + weight(of: $1.exigence) }
        guard total > 0 else { return 0 }
        return o.skills.reduce(0.0) { sum, s in
            guard let level = held[s.code], s.exigence != .required || level >= essentialLevel else { return sum }
            return sum + weight(of: s.exigence) * Double(level) / 255
        } / total
    }

    /// The level from which an inferred competence meets an `E` one (0 without inference).
    var essentialLevel: UInt8 { policy.inference.map { InferredSkills.quantise($0.essentialThreshold) } ?? 0 }

    /// The candidate's competences with their confidence level (0…255), written plainly from the rule of
    /// ``InferenceRules``: declared ones at 255; each experience's, then the training's, fiche items at
    /// strength × factor (first 62 fiches of targets, experiences, training), lowered by the record's
    /// silence (``InferenceRules/silenceWeight``); the highest level per code.
    func heldLevels(_ c: Candidate) -> [String: UInt8] {
        var held = [String: UInt8]()
        for code in c.skills { held[code] = 255 }
        guard let rules = policy.inference, let sources = inferenceSources else { return held }
        func years(_ end: Day?) -> Double { end.map { Double(referenceDate.ordinal - $0.ordinal) / 365.25 } ?? 0 }
        var taught = c.targetRomeCodes.map { ($0, Float(0)) }
        taught += c.experiences.map { ($0.romeCode, rules.experienceStrength(months: $0.months, yearsSinceEnd: years($0.endDate))) }
        if let code = c.training?.romeCode { taught.append((code, rules.trainingStrength(yearsSinceEnd: years(c.training?.endDate)))) }
        // The record's silence: declared codes among the direct items taught, over their confidences summed
        // plus one, at most 0.95, times the weight; a left-out competence at c(1 − d) / (c(1 − d) + 1 − c).
        var taughtDirect = [String: Float]()
        for (code, strength) in taught.prefix(62) where strength > 0 {
            guard let f = rome.ficheIndex[code] else { continue }
            for (item, factor) in sources.direct[Int(f)] {
                let itemCode = rome.items[Int(item)].code
                taughtDirect[itemCode] = max(taughtDirect[itemCode] ?? 0, strength * factor)
            }
        }
        var silence: Float = 0
        if let weight = rules.silenceWeight, weight > 0, !c.skills.isEmpty, !taughtDirect.isEmpty {
            let declared = Set(c.skills).filter { taughtDirect[$0] != nil }.count
            let expected = taughtDirect.values.reduce(0.0) { $0 + Double($1) }
            silence = weight * Float(min(0.95, Double(declared) / (expected + 1)))
        }
        func leftOut(_ confidence: Float) -> Float {
            let kept = confidence * (1 - silence)
            return silence > 0 && confidence > 0 ? kept / (kept + 1 - confidence) : confidence
        }
        for (code, strength) in taught.prefix(62) where strength > 0 {
            guard let f = rome.ficheIndex[code] else { continue }
            for (item, factor) in sources.direct[Int(f)] + sources.throughMobility[Int(f)] {
                let level = InferredSkills.quantise(leftOut(strength * factor))
                let itemCode = rome.items[Int(item)].code
                if level > (held[itemCode] ?? 0) { held[itemCode] = level }
            }
        }
        return held
    }

    func weight(of exigence: Exigence) -> Double {
        Double(exigence == .required ? policy.essentialSkillWeight : policy.desiredSkillWeight)
    }

    /// The candidate's distinct skills, each with weight 1.
    func candidateProfile(_ c: Candidate) -> [Float] {
        embedding.profile(of: Array(Set(c.skills)).sorted().map { ($0, Float(1)) })
    }

    func cosine(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Best proximity over targets, experiences and training; months of experience in fiches close enough.
    func metierFit(_ c: Candidate, _ o: OfferFacts) -> (proximity: Double, relevantMonths: Double) {
        var codes = c.targetRomeCodes + c.experiences.map(\.romeCode)
        if let training = c.training?.romeCode { codes.append(training) }
        let best = codes.map { proximity(of: $0, to: o.romeCode) }.max() ?? 0
        let threshold = Double(policy.relevantExperienceProximity)
        let months = c.experiences.filter { proximity(of: $0.romeCode, to: o.romeCode) >= threshold }
            .reduce(0.0) { $0 + Double(max(0, $1.months)) }
        return (max(0, best), months)
    }

    /// Same fiche > same parent, mobilité relation, same domaine (the largest that applies) > 0.
    func proximity(of code: String, to offerCode: String) -> Double {
        let p = policy.metierProximity
        guard let g = rome.ficheIndex[code], let f = rome.ficheIndex[offerCode] else { return 0 }
        if g == f { return Double(p.sameFiche) }
        let a = rome.fiches[Int(g)], b = rome.fiches[Int(f)]
        var best = 0.0
        if a.parentCode == b.parentCode { best = max(best, Double(p.sameParent)) }
        if rome.mobility[Int(f)].contains(g) || rome.mobility[Int(g)].contains(f) { best = max(best, Double(p.mobility)) }
        if a.domaineCode == b.domaineCode { best = max(best, Double(p.sameDomaine)) }
        return best
    }
}

/// An offer's requirements read once, in plain form.
struct OfferFacts {
    var romeCode: String
    var communeCode: String?
    var point: GeoPoint
    var requiredLicences: [Licence]
    var requiredLanguages: [Language]
    var contractType: String?
    var startDay: Day
    var requiredDiploma: Int
    var targetDiploma: Int
    var requiredMonths: Int
    var fullCreditMonths: Int
    /// Distinct competences (first mention wins), or the fiche's first core items as `S` when none is listed.
    var skills: [(code: String, exigence: Exigence)]
    var profile: [Float]
    var targeted: [PriorityPublic]

    init(_ offer: JobOffer, scorer s: ReferenceScorer) throws {
        guard let fiche = s.rome.ficheIndex[offer.romeCode] else {
            throw ReferenceScorer.Unscorable(description: "offer \(offer.id): unknown ROME code")
        }
        romeCode = offer.romeCode
        (communeCode, point) = try OfferFacts.place(offer, communes: s.communes)
        requiredLicences = offer.licences.filter { $0.exigence == .required }.compactMap { Licence(label: $0.label) }
        requiredLanguages = offer.languages.filter { $0.exigence == .required }.compactMap { Language(label: $0.label) }
        contractType = offer.contractType
        startDay = offer.startDate ?? s.referenceDate
        requiredDiploma = offer.requiredDiplomaLevel
        targetDiploma = max(offer.requiredDiplomaLevel, offer.desiredDiplomaLevel)
        requiredMonths = offer.experienceRequirement == .required ? offer.requestedExperienceMonths : 0
        fullCreditMonths = max(offer.requestedExperienceMonths, s.policy.experienceFullCreditMonths, 1)
        skills = OfferFacts.competences(offer, fiche: Int(fiche), rome: s.rome, implied: s.policy.impliedSkillsFromFiche)
        profile = s.embedding.profile(of: skills.map { ($0.code, Float(s.weight(of: $0.exigence))) })
        targeted = offer.targetedPublics
    }

    /// Coordinates when given, else the commune's location.
    static func place(_ offer: JobOffer, communes: CommuneDirectory) throws -> (String?, GeoPoint) {
        let w = offer.workplace
        if let lat = w.latitude, let lon = w.longitude { return (w.commune, GeoPoint(latitude: lat, longitude: lon)) }
        guard let code = w.commune, let commune = communes[code] else {
            throw ReferenceScorer.Unscorable(description: "offer \(offer.id): cannot be located")
        }
        return (code, commune.location)
    }

    static func competences(_ offer: JobOffer, fiche: Int, rome: RomeReferential, implied: Int) -> [(code: String, exigence: Exigence)] {
        guard !offer.skills.isEmpty else {
            return rome.ficheCoreItems[fiche].prefix(implied).map { (rome.items[Int($0)].code, Exigence.desired) }
        }
        var out = [(code: String, exigence: Exigence)]()
        for s in offer.skills where !out.contains(where: { $0.code == s.code }) { out.append((s.code, s.exigence)) }
        return out
    }
}
