import MatchCore
import MatchData

/// What a planted candidate is for its offer.
enum PlantedRole: Sendable, Hashable {
    /// A true fit, recorded as the type says.
    case fit(ProfileType)
    case nearMiss(ExclusionReason)
    /// Not a fit, whose record claims every competence of the offer (an `inflated` record).
    case decoy
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
        draft(id: id, role: role, offer: offer, times: times, random: &random).candidate(rome: context.rome, communes: context.communes)
    }

    /// The planted person, real profile and record.
    func draft(id: String, role: PlantedRole, offer: GeneratedOffer, times: CommuneTravelTimes,
               random: inout RecordRandom) -> CandidateDraft {
        let requirements = OfferRequirements(offer, context: context, referenceDate: synthesizer.referenceDate)
        var draft = fit(id: id, requirements: requirements, times: times, &random)
        switch role {
        case .fit(let type): record(&draft, as: type, requirements: requirements, &random)
        case .nearMiss(let kind): breakConstraint(kind, of: &draft, requirements: requirements, times: times, &random)
        case .decoy: makeDecoy(&draft, requirements: requirements, &random)
        }
        draft.normalizeSkills()
        return draft
    }

    /// Whether a fit of `type` can be planted for the offer: a reconversion needs a fiche linked to the
    /// offer's by a ROME mobility relation outside its family, and an offer that asks no months of
    /// experience (months in another family do not count, by the rule as by the engine).
    static func canPlant(_ type: ProfileType, for r: OfferRequirements, context: GenerationContext) -> Bool {
        switch type {
        case .reconversion: r.requiredMonths == 0 && !reconversionSources(of: r.fiche, context: context).isEmpty
        case .rich, .sparse: true
        case .inflated: false
        }
    }

    /// The offer's decoys need an offer that asks no months (else the engine excludes them outright).
    static func canPlantDecoys(for r: OfferRequirements) -> Bool { r.requiredMonths == 0 }

    static func reconversionSources(of fiche: Int32, context c: GenerationContext) -> [Int32] {
        c.rome.mobility[Int(fiche)].filter { !c.isRelevant($0, to: fiche) }
    }

    /// Writes a fit's record as `type` says. `rich`: every competence declared as held (the real profile,
    /// months exact). `sparse`: two to eight years in the fiche, months written with an error, and 0–2 of
    /// their competences declared. `reconversion`: three to ten years in a fiche linked by mobility (no
    /// relevant experience), a recent training in the offer's fiche, and 0–3 competences declared.
    func record(_ d: inout CandidateDraft, as type: ProfileType, requirements r: OfferRequirements,
                _ random: inout RecordRandom) {
        let c = context, p = synthesizer.profile
        switch type {
        case .rich, .inflated: return
        case .sparse:
            // Enough months that the record, written with its error, still shows what the offer asks.
            let months = max(r.requiredMonths * 4 / 3 + 1, random.integer(in: 24...96))
            d.experiences = d.experiences.filter { !c.isRelevant($0.fiche, to: r.fiche) }
            d.experiences.insert((r.fiche, months), at: 0)
            d.declared = random.distinct(d.skills, count: min(d.skills.count, random.integer(in: 0...2)))
        case .reconversion:
            let sources = TruthPlanter.reconversionSources(of: r.fiche, context: c)
            d.experiences = d.experiences.filter { !c.isRelevant($0.fiche, to: r.fiche) }
            d.experiences.insert((sources[random.index(below: sources.count)], random.integer(in: 36...120)), at: 0)
            d.training = (r.fiche, synthesizer.referenceDate.adding(days: -random.integer(in: 0...364)))
            d.declared = random.distinct(d.skills, count: min(d.skills.count, random.integer(in: 0...3)))
        }
        d.recordedMonths = d.experiences.map { e in
            max(1, Int((Double(e.months) * (1 + p.recordedMonthsError * (2 * random.unit() - 1))).rounded()))
        }
    }

    /// A person of another métier (target and experience outside the offer's family, no training in it) who
    /// holds none of the offer's competences, whose record declares all of them, with their own.
    func makeDecoy(_ d: inout CandidateDraft, requirements r: OfferRequirements, _ random: inout RecordRandom) {
        let c = context, p = synthesizer.profile
        let domaine = c.rome.domaine[Int(r.fiche)]
        let others = c.anyFiche.filter { c.rome.domaine[Int($0)] != domaine }
        let target = others[random.index(below: others.count)]
        d.targets = [target]
        d.experiences = d.experiences.filter { !c.isRelevant($0.fiche, to: r.fiche) && !c.rome.mobility[Int($0.fiche)].contains(r.fiche) }
        d.training = nil
        var real = [Int32]()
        synthesizer.addItems(of: target, core: p.targetCore, savoirFaire: p.targetSavoirFaire, savoir: p.targetSavoir,
                             to: &real, &random)
        let offered = Set(r.essentialItems + r.desiredItems)
        d.skills = real.filter { !offered.contains($0) }
        d.declared = d.skills.filter { _ in random.bernoulli(0.85) } + r.essentialItems + r.desiredItems
    }

    /// The ground truth's rule (docs/generator.md, "Ground truth"): whether this person, as they really are
    /// (real skills and months, not their record), could be hired for the offer — they look for a job in its
    /// family, reach it within their own limit, hold its required licences, languages (B1) and diploma,
    /// accept its contract, are available on its start date, have the months it asks in its family, hold
    /// every `E` competence and two thirds of the `S` ones. No weight, score or confidence of the engine.
    static func canBeHired(_ d: CandidateDraft, _ r: OfferRequirements, times: CommuneTravelTimes,
                           context c: GenerationContext) -> Bool {
        guard d.targets.contains(where: { c.isRelevant($0, to: r.fiche) }) else { return false }
        let home = Int(d.commune)
        let best = d.modes.map { times.minutes[$0.index][home] }.min() ?? .infinity
        guard best <= Float(d.limit), d.radiusKm.map({ times.distanceKm[home] <= Float($0) }) ?? true else { return false }
        guard LicenceSet(d.licences).closure.contains(r.requiredLicences) else { return false }
        for language in r.requiredLanguages where !d.languages.contains(where: {
            Language(label: $0.language) == language && ($0.level ?? .b1) >= .b1
        }) { return false }
        if let contract = r.contract, !d.contracts.isEmpty,
           ContractTypes(codes: d.contracts).isDisjoint(with: ContractTypes(codes: [contract])) { return false }
        guard d.availableFrom <= r.startDate, d.diploma >= r.requiredDiploma,
              d.relevantMonths(to: r.fiche, context: c) >= r.requiredMonths else { return false }
        let held = Set(d.skills)
        guard r.essentialItems.allSatisfy(held.contains) else { return false }
        return r.desiredItems.filter(held.contains).count >= minimumDesired(of: r.desiredItems.count)
    }

    /// A background candidate's persona (age, priority facts, languages…) made into a fit for the offer.
    func fit(id: String, requirements r: OfferRequirements, times: CommuneTravelTimes,
             _ random: inout RecordRandom) -> CandidateDraft {
        let c = context, p = synthesizer.profile, today = synthesizer.referenceDate
        var d = synthesizer.draft(id: id, &random)
        d.declared = nil   // the planted record is written afterwards (`record(_:as:…)`): as the person is, by default
        d.recordedMonths = nil
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
