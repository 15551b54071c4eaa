import MatchCore
import MatchData

/// What a planted candidate is for its offer.
enum PlantedRole: Sendable, Hashable {
    case fit
    case nearMiss(ExclusionReason)
}

/// The requirements of an offer in the generator's terms.
struct OfferRequirements: Sendable {
    let fiche: Int32
    let requiredLicences: LicenceSet
    let requiredLicenceCodes: [String]
    let requiredLanguages: [Language]
    let contract: String?
    let startDate: Day
    let requiredDiploma: Int
    let requiredMonths: Int
    let essentialItems: [Int32]
    let desiredItems: [Int32]

    init(_ generated: GeneratedOffer, context: GenerationContext, referenceDate: Day) {
        let offer = generated.offer
        fiche = generated.fiche
        let licences = offer.licences.filter { $0.exigence == .required }.compactMap { Licence(label: $0.label) }
        requiredLicences = LicenceSet(licences)
        requiredLicenceCodes = licences.map(\.code)
        requiredLanguages = offer.languages.filter { $0.exigence == .required }.compactMap { Language(label: $0.label) }
        contract = offer.contractType
        startDate = offer.startDate ?? referenceDate
        requiredDiploma = offer.requiredDiplomaLevel
        requiredMonths = offer.experienceRequirement == .required ? offer.requestedExperienceMonths : 0
        essentialItems = offer.skills.filter { $0.exigence == .required }.compactMap { context.rome.itemIndex[$0.code] }
        desiredItems = offer.skills.filter { $0.exigence != .required }.compactMap { context.rome.itemIndex[$0.code] }
    }

    /// The near-miss kinds this offer allows, in the engine's order: `travel`, `contract` and
    /// `availability` always; `licence`, `language`, `diploma`, `experience` and `essentialSkills` when
    /// the offer requires one.
    var nearMissKinds: [ExclusionReason] {
        var kinds: [ExclusionReason] = [.travel]
        if !requiredLicences.isEmpty { kinds.append(.licence) }
        if !requiredLanguages.isEmpty { kinds.append(.language) }
        if contract != nil { kinds.append(.contract) }
        kinds.append(.availability)
        if requiredDiploma > 0 { kinds.append(.diploma) }
        if requiredMonths > 0 { kinds.append(.experience) }
        if !essentialItems.isEmpty { kinds.append(.essentialSkills) }
        return kinds
    }
}

/// Makes the planted candidates of one offer: true fits, and near misses that are fits with exactly one
/// thing broken. The hard-constraint semantics are the engine's (docs/engine.md): travel by the best of
/// the candidate's modes against their own limit, licences with their implications, languages at B1,
/// contract among the accepted ones, availability on the start date, diploma level, months of
/// experience in the offer's fiche or a fiche with the same parent.
///
///     let c = planter.candidate(id: "C0000042", role: .nearMiss(.licence), offer: generated, times: times,
///                               random: &random)
struct TruthPlanter: Sendable {
    let synthesizer: CandidateSynthesizer
    var context: GenerationContext { synthesizer.context }

    /// The `S` competences a fit holds at least, of `count`: two thirds, rounded up.
    static func minimumDesired(of count: Int) -> Int { (2 * count + 2) / 3 }

    func candidate(id: String, role: PlantedRole, offer: GeneratedOffer, times: CommuneTravelTimes,
                   random: inout RecordRandom) -> Candidate {
        let requirements = OfferRequirements(offer, context: context, referenceDate: synthesizer.referenceDate)
        var draft = fit(id: id, requirements: requirements, times: times, &random)
        if case .nearMiss(let kind) = role { breakConstraint(kind, of: &draft, requirements: requirements, times: times, &random) }
        draft.normalizeSkills()
        return draft.candidate(rome: context.rome, communes: context.communes)
    }

    /// A background candidate's persona (age, priority facts, languages…) made into a fit for the offer.
    func fit(id: String, requirements r: OfferRequirements, times: CommuneTravelTimes,
             _ random: inout RecordRandom) -> CandidateDraft {
        let c = context, p = synthesizer.profile, today = synthesizer.referenceDate
        var d = synthesizer.draft(id: id, &random)
        let fiche = r.fiche
        d.targets = [fiche] + d.targets.filter { $0 != fiche }.prefix(1)

        // Experience: enough months in the offer's fiche when asked; usually some anyway.
        d.experiences = d.experiences.filter { !c.isRelevant($0.fiche, to: fiche) }
        if r.requiredMonths > 0 {
            d.experiences.insert((fiche, r.requiredMonths + random.integer(in: 0...36)), at: 0)
        } else if random.bernoulli(0.75) {
            d.experiences.insert((fiche, random.integer(in: 6...60)), at: 0)
        }
        if d.training != nil { d.training = (fiche, today.adding(days: -random.integer(in: 0...364))) }

        // Skills: the fiche's items as for anyone who targets it, all E, and at least ⅔ of the S.
        var skills = d.skills.filter { !r.essentialItems.contains($0) && !r.desiredItems.contains($0) }
        synthesizer.addItems(of: fiche, core: p.targetCore, savoirFaire: p.targetSavoirFaire, savoir: p.targetSavoir,
                             to: &skills, &random)
        skills = skills.filter { !r.desiredItems.contains($0) }
        skills += r.essentialItems
        let minimum = TruthPlanter.minimumDesired(of: r.desiredItems.count)
        var held = r.desiredItems.filter { _ in random.bernoulli(0.85) }
        if held.count < minimum {
            let missing = r.desiredItems.filter { !held.contains($0) }
            held += random.distinct(missing, count: minimum - held.count)
        }
        skills += held
        d.skills = skills

        d.diploma = max(d.diploma, r.requiredDiploma)
        for licence in r.requiredLicenceCodes where !LicenceSet(d.licences).closure.contains(LicenceSet([licence])) {
            d.licences.append(licence)
        }
        for language in r.requiredLanguages {
            d.languages.removeAll { Language(label: $0.language) == language }
            d.languages.append(.init(language: language.name, level: random.bernoulli(0.5) ? .b2 : .c1))
        }
        if let contract = r.contract, !d.contracts.isEmpty,
           !ContractTypes(codes: d.contracts).contains(ContractTypes(codes: [contract])) {
            d.contracts.append(contract.uppercased())
        }
        if d.availableFrom > r.startDate { d.availableFrom = today.adding(days: -random.integer(in: 0...30)) }
        d.commune = commune(for: d, within: true, times: times, &random)
        d.qpv = random.bernoulli(synthesizer.qpvShare(commune: d.commune))
        return d
    }

    /// Breaks `kind` and nothing else.
    func breakConstraint(_ kind: ExclusionReason, of d: inout CandidateDraft, requirements r: OfferRequirements,
                         times: CommuneTravelTimes, _ random: inout RecordRandom) {
        switch kind {
        case .travel:
            d.radiusKm = nil
            d.commune = commune(for: d, within: false, times: times, &random)
            d.qpv = random.bernoulli(synthesizer.qpvShare(commune: d.commune))
        case .licence:
            d.licences.removeAll { LicenceSet([$0]).closure.rawValue & r.requiredLicences.rawValue != 0 }
            if !LicenceSet(d.licences).closure.contains(CandidateSynthesizer.licenceB), d.modes.contains(.car) {
                d.modes.removeAll { $0 == .car }  // no licence, no car: find a home within reach without it
                d.commune = commune(for: d, within: true, times: times, &random)
            }
        case .language:
            for language in r.requiredLanguages {
                d.languages.removeAll { Language(label: $0.language) == language }
                if random.bernoulli(0.5) { d.languages.append(.init(language: language.name, level: .a2)) }
            }
        case .contract:
            let own = r.contract.map { ContractTypes(codes: [$0]) } ?? ContractTypes()
            let others = ["CDI", "CDD", "MIS", "SAI"].filter { !ContractTypes(codes: [$0]).contains(own) }
            d.contracts = Array(others.prefix(random.integer(in: 1...2)))
        case .availability:
            d.availableFrom = r.startDate.adding(days: random.integer(in: 7...60))
        case .diploma:
            d.diploma = TruthPlanter.levelBelow(r.requiredDiploma)
        case .experience:
            d.experiences = d.experiences.filter { !context.isRelevant($0.fiche, to: r.fiche) }
            let months = random.integer(in: 0...(r.requiredMonths - 1))
            if months > 0 { d.experiences.insert((r.fiche, months), at: 0) }
        case .essentialSkills:
            d.skills.removeAll { r.essentialItems.contains($0) }
        }
    }

    /// The diploma level just below `level` (`3` → `0`, `4` → `3`, …).
    static func levelBelow(_ level: Int) -> Int { level <= 3 ? 0 : level - 1 }

    /// A home commune, weighted by census unemployed: within the candidate's limit (and radius) by their
    /// best mode, or (`within == false`) beyond their limit by at most 20 minutes — the nearest beyond it
    /// when no commune is in that band.
    func commune(for d: CandidateDraft, within: Bool, times: CommuneTravelTimes, _ random: inout RecordRandom) -> Int32 {
        let c = context
        let limit = Float(d.limit)
        var options = [Int32](), weights = [Double]()
        var nearestBeyond: (commune: Int32, minutes: Float)?
        for i in 0..<c.communes.count {
            var best = Float.infinity
            for mode in d.modes { best = min(best, times.minutes[mode.index][i]) }
            let inRadius = d.radiusKm.map { times.distanceKm[i] <= Float($0) } ?? true
            let ok = within ? (best <= limit && inRadius) : (best > limit && best <= limit + 20)
            if !within, best > limit, best < (nearestBeyond?.minutes ?? .infinity) { nearestBeyond = (Int32(i), best) }
            if ok {
                options.append(Int32(i))
                weights.append(Double(max(c.communes.communes[i].unemployed, 1)))
            }
        }
        guard !options.isEmpty else { return nearestBeyond?.commune ?? d.commune }
        return options[CumulativeTable(weights: weights).draw(&random)]
    }
}
