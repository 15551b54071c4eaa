import MatchCore
import MatchData

/// A candidate being generated, in the generator's terms (fiche and item indices), before it becomes a
/// ``Candidate``. The planter starts from one and changes what it needs.
struct CandidateDraft: Sendable {
    var id: String
    var commune: Int32
    var targets: [Int32]
    var experiences: [(fiche: Int32, months: Int)]
    /// Item indices, kept sorted and distinct by ``normalizeSkills()``.
    var skills: [Int32]
    var diploma: Int
    var languages: [Candidate.LanguageSkill]
    var licences: [String]
    var modes: [TransportMode]
    var limit: Int
    var radiusKm: Double?
    var contracts: [String]
    var availableFrom: Day
    var birthDate: Day
    var unemployedSince: Day
    var rqth: Bool
    var rsa: Bool
    var qpv: Bool
    var economicLayoff: Bool
    var training: (fiche: Int32, end: Day)?

    mutating func normalizeSkills() {
        skills.sort()
        var out = [Int32]()
        out.reserveCapacity(skills.count)
        for s in skills where out.last != s { out.append(s) }
        skills = out
    }

    func candidate(rome: RomeReferential, communes: CommuneDirectory) -> Candidate {
        Candidate(
            id: id, commune: communes.communes[Int(commune)].code,
            targetRomeCodes: targets.map { rome.fiches[Int($0)].code },
            experiences: experiences.map { .init(romeCode: rome.fiches[Int($0.fiche)].code, months: $0.months) },
            skills: skills.map { rome.items[Int($0)].code }, diplomaLevel: diploma, languages: languages,
            licences: licences, mobility: .init(modes: modes, maxMinutes: limit, radiusKm: radiusKm),
            acceptedContracts: contracts, availableFrom: availableFrom, birthDate: birthDate,
            unemployedSince: unemployedSince, rqth: rqth, rsa: rsa, qpv: qpv, economicLayoff: economicLayoff,
            training: training.map { .init(romeCode: rome.fiches[Int($0.fiche)].code, endDate: $0.end) })
    }
}

/// Draws background candidates: where they live (census unemployed per commune), what they look for
/// (the bassin's hiring projects, flattened, or any fiche), their past jobs and skills (items of those
/// fiches, with gaps and extras), diploma, languages, licences, mobility, contracts and the facts the
/// priority publics come from, all from ``CandidateProfile``.
///
///     let c = CandidateSynthesizer(context: context, referenceDate: day).candidate(number: 0, seed: 42)
struct CandidateSynthesizer: Sendable {
    let context: GenerationContext
    let referenceDate: Day

    var profile: CandidateProfile { context.profile.candidate }

    /// Background candidate number `i` (0-based), id `C` + 7 digits of `i + 1`.
    func candidate(number i: Int, seed: UInt64) -> Candidate {
        var random = RecordRandom(seed: seed, stream: .candidate, index: i)
        return draft(id: CandidateSynthesizer.id(i), &random).candidate(rome: context.rome, communes: context.communes)
    }

    static func id(_ i: Int) -> String { "C" + zeroPad(i + 1, width: 7) }

    func draft(id: String, _ random: inout RecordRandom) -> CandidateDraft {
        let c = context, p = profile, today = referenceDate
        let commune = Int32(c.residentCommunes.draw(&random))
        let bassin = Int(c.bassins.bassinOfCommune[Int(commune)])

        let age = random.integer(in: p.ageBand.draw(&random))
        let birth = today.adding(days: -(age * 365 + age / 4 + random.integer(in: 1...364)))
        let longTerm = random.bernoulli(p.longTermShare)
        // Long-term: 12 to 48 months, shorter durations more frequent.
        let since = longTerm ? 366 + Int(random.unit() * random.unit() * 1095) : random.integer(in: 0...360)
        let rsa = random.bernoulli(longTerm ? p.rsaIfLongTerm : p.rsaOtherwise)
        let rqth = random.bernoulli(p.rqth)
        let layoff = random.bernoulli(p.economicLayoff)
        let qpv = random.bernoulli(qpvShare(commune: commune))

        var target: Int32
        if random.bernoulli(p.targetFromDemand), !c.demandFiches[bassin].values.isEmpty {
            target = c.demandFiches[bassin].draw(&random)
        } else {
            target = c.anyFiche[random.index(below: c.anyFiche.count)]
        }
        var targets = [target]
        if random.bernoulli(p.secondTarget) {
            let second = c.neighbour(of: target, &random)
            if second != target { targets.append(second) }
        }
        var experiences = [(fiche: Int32, months: Int)]()
        let experienceCount = p.experienceCount.draw(&random)
        let maxMonths = max(3, min(p.experienceMonths.upperBound, (age - 17) * 12))
        for n in 0..<experienceCount {
            let fiche = n == 0 && random.bernoulli(p.firstExperienceInTarget) ? target : c.neighbour(of: target, &random)
            experiences.append((fiche, random.integer(in: p.experienceMonths.lowerBound...max(p.experienceMonths.lowerBound, maxMonths))))
        }
        let training: (fiche: Int32, end: Day)? = random.bernoulli(p.trainingLeaver)
            ? (target, today.adding(days: -random.integer(in: 0...364))) : nil

        var skills = [Int32]()
        addItems(of: target, core: p.targetCore, savoirFaire: p.targetSavoirFaire, savoir: p.targetSavoir, to: &skills, &random)
        for e in experiences {
            addItems(of: e.fiche, core: p.experienceCore, savoirFaire: p.experienceSavoirFaire, savoir: p.experienceSavoir,
                     to: &skills, &random)
        }
        for _ in 0..<random.integer(in: p.extraItems) {
            let fiche = c.anyFiche[random.index(below: c.anyFiche.count)]
            if let item = random.element(c.rome.ficheItems[Int(fiche)]) { skills.append(item) }
        }

        let diploma = (p.diplomaByLevel[c.ficheLevel[Int(target)]] ?? p.diplomaByLevel[.employee])?.draw(&random) ?? 3
        let languages = drawLanguages(&random)

        var licences = [String]()
        let holdsB = random.bernoulli((rsa ? p.licenceBIfRSA : p.licenceB) * (age < 26 ? p.licenceBYoungFactor : 1))
        if holdsB { licences.append("B") }
        for fiche in targets + experiences.map(\.fiche) {
            if let linked = c.metierLicence[Int(fiche)], !licences.contains(linked.licence), random.bernoulli(p.metierLicenceHeld) {
                licences.append(linked.licence)
            }
        }
        for other in p.otherLicences where !licences.contains(other.code) && random.bernoulli(other.share) {
            licences.append(other.code)
        }
        let drivesCar = LicenceSet(licences).closure.contains(CandidateSynthesizer.licenceB)
            && random.bernoulli(rsa ? p.carIfRSA : p.car)
        var modes = [TransportMode]()
        if drivesCar { modes.append(.car) }
        if random.bernoulli(transitShare(commune: commune)) { modes.append(.transit) }
        if random.bernoulli(p.bike) { modes.append(.bike) }
        modes.append(.walk)
        let limit = (drivesCar ? p.limitWithCar : p.limitWithoutCar).draw(&random)
        let radius: Double? = random.bernoulli(p.radiusShare) ? Double(random.integer(in: p.radiusKm)) : nil
        let contracts = p.contracts.draw(&random)
        let available = random.bernoulli(p.availableNow)
            ? today.adding(days: -random.integer(in: 0...60)) : today.adding(days: random.integer(in: p.laterDays))

        var draft = CandidateDraft(
            id: id, commune: commune, targets: targets, experiences: experiences, skills: skills, diploma: diploma,
            languages: languages, licences: licences, modes: modes, limit: limit, radiusKm: radius,
            contracts: contracts, availableFrom: available, birthDate: birth,
            unemployedSince: today.adding(days: -since), rqth: rqth, rsa: rsa, qpv: qpv, economicLayoff: layoff,
            training: training)
        draft.normalizeSkills()
        return draft
    }

    static let licenceB = LicenceSet(["B"])

    /// Each core item of `fiche` with probability `core`, each other savoir-faire with `savoirFaire`,
    /// each savoir with `savoir`.
    func addItems(of fiche: Int32, core: Double, savoirFaire: Double, savoir: Double, to skills: inout [Int32],
                  _ random: inout RecordRandom) {
        let c = context
        for item in c.coreItems[Int(fiche)] where random.bernoulli(core) { skills.append(item) }
        for item in c.savoirFaireItems[Int(fiche)] where random.bernoulli(savoirFaire) { skills.append(item) }
        for item in c.savoirItems[Int(fiche)] where random.bernoulli(savoir) { skills.append(item) }
    }

    func drawLanguages(_ random: inout RecordRandom) -> [Candidate.LanguageSkill] {
        let p = profile
        var out = [Candidate.LanguageSkill(language: "Français", level: p.frenchLevel.draw(&random))]
        if random.bernoulli(p.english) { out.append(.init(language: "Anglais", level: p.englishLevel.draw(&random))) }
        for other in p.otherLanguages where random.bernoulli(other.share) {
            out.append(.init(language: other.name, level: random.bernoulli(0.7) ? .c1 : .b1))
        }
        return out
    }

    func qpvShare(commune: Int32) -> Double {
        let population = context.communes.communes[Int(commune)].population
        return profile.qpvByPopulation.first { population >= $0.minimum }?.share ?? 0
    }

    func transitShare(commune: Int32) -> Double {
        let population = context.communes.communes[Int(commune)].population
        return profile.transitByPopulation.first { population >= $0.minimum }?.share ?? 0
    }
}
