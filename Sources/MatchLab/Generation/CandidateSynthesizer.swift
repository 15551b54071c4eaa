import Foundation
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
    /// What the platform's record shows, when it differs from the person (generator v2): the competences
    /// declared (``skills`` are the real ones) and the months written for each of ``experiences``.
    var declared: [Int32]?
    var recordedMonths: [Int]?

    mutating func normalizeSkills() {
        skills = CandidateDraft.sortedDistinct(skills)
        declared = declared.map(CandidateDraft.sortedDistinct)
    }

    static func sortedDistinct(_ items: [Int32]) -> [Int32] {
        var out = [Int32]()
        out.reserveCapacity(items.count)
        for s in items.sorted() where out.last != s { out.append(s) }
        return out
    }

    /// The months of experience in fiches relevant to `fiche` (``GenerationContext/isRelevant(_:to:)``), real.
    func relevantMonths(to fiche: Int32, context: GenerationContext) -> Int {
        experiences.filter { context.isRelevant($0.fiche, to: fiche) }.reduce(0) { $0 + $1.months }
    }

    /// The record: what the platform shows of this person.
    func candidate(rome: RomeReferential, communes: CommuneDirectory) -> Candidate {
        Candidate(
            id: id, commune: communes.communes[Int(commune)].code,
            targetRomeCodes: targets.map { rome.fiches[Int($0)].code },
            experiences: experiences.enumerated().map { i, e in
                .init(romeCode: rome.fiches[Int(e.fiche)].code, months: recordedMonths?[i] ?? e.months)
            },
            skills: (declared ?? skills).map { rome.items[Int($0)].code }, diplomaLevel: diploma, languages: languages,
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
        draft(number: i, seed: seed).candidate(rome: context.rome, communes: context.communes)
    }

    /// Background person number `i`, real profile and record.
    func draft(number i: Int, seed: UInt64) -> CandidateDraft {
        var random = RecordRandom(seed: seed, stream: .candidate, index: i)
        return draft(id: CandidateSynthesizer.id(i), &random)
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
            addItems(of: e.fiche, core: p.experienceCoreShare(months: e.months), savoirFaire: p.experienceSavoirFaire, savoir: p.experienceSavoir,
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
        record(&draft, style: p.declarationStyles.draw(&random), &random)
        return draft
    }

    /// Writes the record of a person: their real skills declared with the style's probability (plus, for
    /// an inflated record, items of their target fiche they do not hold), their months with an error.
    func record(_ d: inout CandidateDraft, style: DeclarationStyle, _ random: inout RecordRandom) {
        let p = profile
        let share = p.declaredShare[style] ?? 1
        var declared = d.skills.filter { _ in random.bernoulli(share) }
        if style == .inflated, let target = d.targets.first {
            let unheld = context.rome.ficheItems[Int(target)].filter { !GenerationContext.sortedContains(d.skills, $0) }
            declared += random.distinct(unheld, count: min(unheld.count, random.integer(in: p.inflatedExtras)))
        }
        d.declared = CandidateDraft.sortedDistinct(declared)
        d.recordedMonths = d.experiences.map { e in
            let factor = 1 + p.recordedMonthsError * (2 * random.unit() - 1)
            return max(1, Int((Double(e.months) * factor).rounded()))
        }
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
