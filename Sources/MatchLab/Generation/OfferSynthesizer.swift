import MatchCore
import MatchData

/// An offer with the facts the generator drew it from.
struct GeneratedOffer: Sendable {
    var offer: JobOffer
    var fiche: Int32
    var commune: Int32
    var bassin: Int32
}

/// Draws one France Travail-shaped offer: a (bassin, métier BMO) cell by recruitment projects, a ROME
/// fiche of the métier, a commune of the bassin by population, then competences, licences, languages,
/// diploma, experience and contract from ``OfferProfile``.
///
///     let offer = OfferSynthesizer(context: context, referenceDate: day).offer(number: 0, seed: 42)
struct OfferSynthesizer: Sendable {
    let context: GenerationContext
    let referenceDate: Day

    var profile: OfferProfile { context.profile.offer }

    func offer(number i: Int, seed: UInt64) -> GeneratedOffer {
        var random = RecordRandom(seed: seed, stream: .offer, index: i)
        let c = context
        let cellIndex = c.offerCells.draw(&random)
        let cell = c.survey.cells[cellIndex]
        let fiche = c.cellFiches[cellIndex].draw(&random)
        let bassin = Int(cell.bassin)
        let members = c.bassins.communesOfBassin[bassin]
        let commune = members[c.jobCommunes[bassin].draw(&random)]
        let place = c.communes.communes[Int(commune)]
        let rome = c.rome.fiches[Int(fiche)]

        let seasonal = random.bernoulli(c.cellSeasonalShare[cellIndex])
        let contract = seasonal ? "SAI" : profile.contract.draw(&random)
        let skills = competences(of: fiche, &random)
        var licences = [OfferRequirement]()
        if let linked = c.metierLicence[Int(fiche)], random.bernoulli(linked.required) {
            licences.append(OfferRequirement(label: OfferSynthesizer.licenceLabels[linked.licence] ?? linked.licence,
                                             exigence: .required))
        } else {
            let x = random.unit()
            if x < profile.licenceBRequired {
                licences.append(OfferRequirement(label: "B - Véhicule léger", exigence: .required))
            } else if x < profile.licenceBRequired + profile.licenceBDesired {
                licences.append(OfferRequirement(label: "B - Véhicule léger", exigence: .desired))
            }
        }
        var languages = [OfferRequirement]()
        let l = random.unit()
        if l < profile.englishRequired {
            languages.append(OfferRequirement(label: "Anglais", exigence: .required))
        } else if l < profile.englishRequired + profile.englishDesired {
            languages.append(OfferRequirement(label: "Anglais", exigence: .desired))
        }
        var education = [OfferEducation]()
        if random.bernoulli(profile.formationShare) {
            let level = OfferSynthesizer.diplomaLevel(for: c.ficheLevel[Int(fiche)], &random)
            let exigence: Exigence = random.bernoulli(profile.formationRequiredShare) ? .required : .desired
            education.append(OfferEducation(levelLabel: OfferSynthesizer.levelLabels[level], exigence: exigence))
        }
        let experienceRequired = random.bernoulli(profile.experienceRequiredShare)
        let months = experienceRequired ? profile.experienceMonths.draw(&random) : 0
        var publics = [PriorityPublic]()
        if random.bernoulli(profile.targetedPublicShare) {
            publics.append(PriorityPublic.allCases[random.index(below: PriorityPublic.allCases.count)])
        }
        let start = referenceDate.adding(days: random.integer(in: profile.startDelayDays))
        let created = referenceDate.adding(days: -random.integer(in: profile.ageDays))

        var offer = JobOffer(
            id: "O" + zeroPad(i + 1, width: 6), title: rome.label, romeCode: rome.code,
            workplace: .init(label: "\(place.code.prefix(2)) - \(place.name.uppercased())", commune: place.code,
                             latitude: place.location.latitude, longitude: place.location.longitude),
            contractType: contract, positions: profile.positions.draw(&random), skills: skills, licences: licences,
            languages: languages, education: education,
            experienceRequirement: experienceRequired ? .required : .beginnerAccepted,
            experienceMonths: experienceRequired ? months : nil, startDate: start, targetedPublics: publics)
        offer.experienceLabel = experienceRequired ? OfferSynthesizer.experienceLabel(months) : "Débutant accepté"
        offer.accessibleTH = random.bernoulli(profile.accessibleTH)
        offer.createdAt = created.description + "T08:00:00.000Z"
        return GeneratedOffer(offer: offer, fiche: fiche, commune: commune, bassin: Int32(bassin))
    }

    /// 3–10 distinct items of the fiche, core items weighing most; `E` on some offers only.
    func competences(of fiche: Int32, _ random: inout RecordRandom) -> [OfferSkill] {
        let c = context
        let pools = [c.coreItems[Int(fiche)], c.savoirFaireItems[Int(fiche)], c.savoirItems[Int(fiche)]]
        let weights = [profile.coreItemWeight, profile.savoirFaireWeight, profile.savoirWeight]
        var candidates = [(item: Int32, weight: Double)]()
        for (pool, weight) in zip(pools, weights) { for item in pool { candidates.append((item, weight)) } }
        let count = min(profile.competenceCount.draw(&random), candidates.count)
        var chosen = [Int32]()
        for _ in 0..<count {
            let table = CumulativeTable(weights: candidates.map(\.weight))
            chosen.append(candidates.swapRemove(at: table.draw(&random)).item)
        }
        let marksEssential = random.bernoulli(profile.essentialOfferShare)
        var exigences = chosen.map { _ in marksEssential && random.bernoulli(profile.essentialItemShare) ? Exigence.required : .desired }
        if marksEssential, !exigences.contains(.required), !exigences.isEmpty { exigences[0] = .required }
        return zip(chosen, exigences).map { item, exigence in
            OfferSkill(code: c.itemCode(item), label: c.rome.items[Int(item)].label, exigence: exigence)
        }
    }

    /// France Travail `permis` labels for the driving licences (other licences keep their code, which
    /// ``Licence`` reads too).
    static let licenceLabels = ["B": "B - Véhicule léger", "CE": "CE - Poids lourd + remorque (= EC)",
                                "D": "D - Transport en commun"]

    /// France Travail `niveauLibelle` by level (3…8); the only labels ``DiplomaLevel`` needs.
    static let levelLabels: [Int: String] = [
        0: "Aucune formation scolaire", 3: "CAP, BEP et équivalents", 4: "Bac ou équivalent",
        5: "Bac+2 ou équivalents", 6: "Bac+3, Bac+4 ou équivalents", 7: "Bac+5 et plus ou équivalents",
        8: "Bac+8 ou équivalents",
    ]

    /// The level an offer names for a métier level: the usual entry diploma (CAP for workers, CAP or Bac
    /// for employees, Bac+2 for intermediate, Bac+3 to Bac+5 for managers). [assumed]
    static func diplomaLevel(for level: MetierLevel, _ random: inout RecordRandom) -> Int {
        switch level {
        case .worker: return random.bernoulli(0.85) ? 3 : 4
        case .employee: return random.bernoulli(0.55) ? 3 : 4
        case .intermediate: return random.bernoulli(0.75) ? 5 : 4
        case .manager: return random.bernoulli(0.5) ? 6 : 7
        }
    }

    /// `6 Mois`, `1 An(s)`, `2 An(s)` as France Travail writes them.
    static func experienceLabel(_ months: Int) -> String {
        months % 12 == 0 ? "\(months / 12) An(s)" : "\(months) Mois"
    }
}
