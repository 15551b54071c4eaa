import MatchCore

/// Draws varied candidates for a ``SyntheticWorld``: every field of ``Candidate`` is exercised
/// (several transport modes, optional radius, licences with implications, languages with and
/// without levels, contracts, availability, diplomas, experiences, training, priority facts).
struct CandidateGenerator {
    let world: SyntheticWorld
    var rng: SplitMix64

    /// A town 55 % of the time (so blocks have several rows), else any commune.
    private mutating func homeCommune() -> String {
        rng.chance(0.55) ? rng.element(of: world.towns) : rng.element(of: world.communes.communes).code
    }

    mutating func make(id: String) -> Candidate {
        let fiches = metiers()
        var candidate = Candidate(
            id: id, commune: homeCommune(), targetRomeCodes: fiches.targets,
            experiences: fiches.experiences, skills: skills(near: fiches.targets + fiches.experiences.map(\.romeCode)),
            diplomaLevel: rng.element(of: [0, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8]), languages: languages(),
            licences: licences(), mobility: mobility(), acceptedContracts: contracts())
        candidate.availableFrom = rng.chance(0.4) ? day(offset: -60...90) : nil
        candidate.birthDate = rng.chance(0.95) ? day(offset: -(64 * 365)...(-(18 * 365))) : nil
        candidate.unemployedSince = rng.chance(0.75) ? day(offset: -1200...0) : nil
        candidate.training = training()
        candidate.rqth = rng.chance(0.08)
        candidate.rsa = rng.chance(0.10)
        candidate.qpv = rng.chance(0.12)
        candidate.economicLayoff = rng.chance(0.05)
        return candidate
    }

    private mutating func day(offset: ClosedRange<Int>) -> Day {
        world.referenceDate.adding(days: rng.nextInt(in: offset))
    }

    /// 1–3 targets around a "home" domaine and 0–3 experiences (1–120 months, half with an end date up to
    /// 14 years back), some elsewhere.
    private mutating func metiers() -> (targets: [String], experiences: [Candidate.Experience]) {
        let all = world.rome.fiches
        let home = rng.element(of: all)
        let near = all.filter { $0.domaineCode == home.domaineCode }.map(\.code)
        var targets = [home.code]
        for _ in 0..<rng.nextInt(in: 0...2) {
            targets.append(rng.chance(0.7) ? rng.element(of: near) : rng.element(of: all).code)
        }
        let experiences = (0..<rng.nextInt(in: 0...3)).map { _ in
            Candidate.Experience(romeCode: rng.chance(0.75) ? rng.element(of: near) : rng.element(of: all).code,
                                 months: rng.nextInt(in: 1...120),
                                 endDate: rng.chance(0.5) ? day(offset: -5000...30) : nil)
        }
        return (targets, experiences)
    }

    /// Part of the items of the given fiches, a few random items, sometimes an unknown code or a duplicate.
    private mutating func skills(near fiches: [String]) -> [String] {
        if rng.chance(0.05) { return [] }
        var skills = [String]()
        for (n, code) in fiches.enumerated() {
            let items = world.itemCodes(ofFiche: code)
            let share = n == 0 ? rng.nextDouble(in: 0.3...0.95) : rng.nextDouble(in: 0...0.5)
            skills += rng.sample(items, count: Int(Double(items.count) * share))
        }
        for _ in 0..<rng.nextInt(in: 0...3) { skills.append(rng.element(of: world.rome.items).code) }
        if rng.chance(0.06) { skills.append(rng.element(of: SyntheticWorld.unknownItemCodes)) }
        if rng.chance(0.05), let first = skills.first { skills.append(first) }
        return skills
    }

    private mutating func languages() -> [Candidate.LanguageSkill] {
        var out = [Candidate.LanguageSkill]()
        if rng.chance(0.9) { out.append(.init(language: "Français")) }
        let levels: [CEFRLevel?] = [nil, .a1, .a2, .b1, .b2, .c1, .c2]
        for (label, p) in [("Anglais", 0.5), ("Allemand", 0.15), ("Flamand", 0.05), ("Néerlandais", 0.05),
                           ("Espagnol", 0.1)] where rng.chance(p) {
            out.append(.init(language: label, level: rng.element(of: levels)))
        }
        return out
    }

    private mutating func licences() -> [String] {
        var out = [String]()
        if rng.chance(0.72) { out.append(rng.chance(0.9) ? "B" : "Permis B") }
        if rng.chance(0.15) { out.append(rng.element(of: ["C", "CE", "C1", "CE - Poids lourd + remorque"])) }
        if rng.chance(0.08) { out.append(rng.element(of: ["D", "D1", "DE"])) }
        if rng.chance(0.05) { out.append("BE") }
        if rng.chance(0.10) { out.append(rng.element(of: ["CACES R489 3", "FIMO", "SST", "AM"])) }
        return out
    }

    private mutating func mobility() -> Candidate.Mobility {
        var modes = [TransportMode]()
        if rng.chance(0.7) { modes.append(.car) }
        if rng.chance(0.4) { modes.append(.transit) }
        if rng.chance(0.2) { modes.append(.bike) }
        if rng.chance(0.1) || modes.isEmpty { modes.append(.walk) }
        if modes.count > 1, rng.chance(0.2) { modes.reverse() }
        // Whole kilometres: exactly representable, so Float and Double radii compare alike.
        let radius: Double? = rng.chance(0.3) ? Double(rng.nextInt(in: 5...40)) : nil
        return .init(modes: modes, maxMinutes: rng.nextInt(in: 15...60), radiusKm: radius)
    }

    private mutating func contracts() -> [String] {
        rng.chance(0.5) ? [] : rng.sample(["CDI", "CDD", "MIS", "SAI", "LIB"], count: rng.nextInt(in: 1...3))
    }

    private mutating func training() -> Candidate.Training? {
        guard rng.chance(0.25) else { return nil }
        let code = rng.chance(0.7) ? rng.element(of: world.rome.fiches).code : nil
        return .init(romeCode: code, endDate: rng.chance(0.9) ? day(offset: -800...120) : nil)
    }
}

/// Draws varied offers for a ``SyntheticWorld`` in France Travail's shape: E/S competences (some
/// unknown to the referential, some offers with none), licence labels (one unknown), languages (one
/// unknown), `formations` with FT `niveauLibelle` labels, `experienceExige` with `experienceLibelle`,
/// a commune, a commune and coordinates, or coordinates only, optional targeted publics.
struct OfferGenerator {
    let world: SyntheticWorld
    var rng: SplitMix64

    /// France Travail's `niveauLibelle` labels, plus one that names no level.
    static let educationLabels = [
        "CAP, BEP et équivalents", "Bac ou équivalent", "Bac+2 ou équivalents",
        "Bac+3, Bac+4 ou équivalents", "Bac+5 et plus ou équivalents", "Formation non précisée",
    ]
    static let experienceLabels = ["3 Mois", "6 Mois", "18 Mois", "1 An(s)", "2 An(s)", "1 An(s) - GESTION ADMINISTRATIVE"]

    mutating func make(id: String) -> JobOffer {
        let fiche = rng.element(of: world.rome.fiches)
        var offer = JobOffer(
            id: id, title: "Offre \(fiche.label)", romeCode: fiche.code, workplace: workplace(),
            contractType: rng.element(of: ["CDI", "CDI", "CDD", "MIS", "SAI", "XYZ", nil]),
            skills: skills(of: fiche.code), licences: licences(), languages: languages(),
            education: education(), startDate: rng.chance(0.5) ? world.referenceDate.adding(days: rng.nextInt(in: -30...90)) : nil,
            targetedPublics: rng.chance(0.3) ? rng.sample(PriorityPublic.allCases, count: rng.nextInt(in: 1...2)) : [])
        setExperience(&offer)
        return offer
    }

    private mutating func workplace() -> JobOffer.Workplace {
        let roll = rng.nextUnit()
        if roll < 0.4 { return .init(label: "Hub", commune: rng.element(of: world.hubs)) }
        let commune = rng.chance(0.7) ? world.communes[rng.element(of: world.towns)]! : rng.element(of: world.communes.communes)
        if roll < 0.65 { return .init(label: commune.name, commune: commune.code) }
        if roll < 0.8 {
            return .init(label: commune.name, commune: commune.code,
                         latitude: commune.location.latitude, longitude: commune.location.longitude)
        }
        let unknownCommune: String? = roll < 0.85 ? "62999" : nil
        return .init(label: "Ailleurs", commune: unknownCommune, latitude: rng.nextDouble(in: 49.75...50.25),
                     longitude: rng.nextDouble(in: 2.6...3.4))
    }

    /// None (20 %: the fiche's core items are implied), else 3–10 items of the fiche, sometimes an
    /// unknown code and a repeated code.
    private mutating func skills(of fiche: String) -> [OfferSkill] {
        if rng.chance(0.2) { return [] }
        let items = world.itemCodes(ofFiche: fiche)
        var skills = rng.sample(items, count: rng.nextInt(in: 3...10)).map {
            OfferSkill(code: $0, label: nil, exigence: rng.chance(0.25) ? .required : .desired)
        }
        if rng.chance(0.15) {
            let code = rng.element(of: SyntheticWorld.unknownItemCodes + [SyntheticWorld.orphanItemCode])
            skills.append(OfferSkill(code: code, exigence: rng.chance(0.5) ? .required : .desired))
        }
        if rng.chance(0.05), let first = skills.first {
            skills.append(OfferSkill(code: first.code, exigence: first.exigence == .required ? .desired : .required))
        }
        return skills
    }

    private mutating func licences() -> [OfferRequirement] {
        var out = [OfferRequirement]()
        if rng.chance(0.3) {
            let label = rng.element(of: ["B - Véhicule léger", "B - Véhicule léger", "C - Poids lourd",
                                         "CE - Poids lourd + remorque", "D - Transport en commun"])
            out.append(.init(label: label, exigence: rng.chance(0.6) ? .required : .desired))
        }
        if rng.chance(0.06) { out.append(.init(label: "Permis bateau", exigence: .required)) }
        return out
    }

    private mutating func languages() -> [OfferRequirement] {
        var out = [OfferRequirement]()
        if rng.chance(0.2) { out.append(.init(label: "Anglais", exigence: rng.chance(0.5) ? .required : .desired)) }
        if rng.chance(0.08) { out.append(.init(label: "Allemand", exigence: rng.chance(0.3) ? .required : .desired)) }
        if rng.chance(0.04) { out.append(.init(label: "Klingon", exigence: .required)) }
        return out
    }

    private mutating func education() -> [OfferEducation] {
        var out = [OfferEducation]()
        if rng.chance(0.45) {
            out.append(.init(levelLabel: rng.element(of: OfferGenerator.educationLabels),
                             exigence: rng.chance(0.4) ? .required : .desired))
        }
        if rng.chance(0.1) { out.append(.init(levelLabel: rng.element(of: OfferGenerator.educationLabels), exigence: .desired)) }
        return out
    }

    /// `D` with "Débutant accepté", `S`/`E` with a label such as "1 An(s)" or (15 %) `experienceMois`.
    private mutating func setExperience(_ offer: inout JobOffer) {
        let requirement = rng.element(of: [nil, JobOffer.ExperienceRequirement.beginnerAccepted, .beginnerAccepted,
                                           .desired, .desired, .required])
        offer.experienceRequirement = requirement
        switch requirement {
        case .beginnerAccepted?: offer.experienceLabel = "Débutant accepté"
        case .desired?, .required?:
            if rng.chance(0.15) { offer.experienceMonths = rng.nextInt(in: 1...30) } else {
                offer.experienceLabel = rng.element(of: OfferGenerator.experienceLabels)
            }
        case nil: break
        }
    }
}
