import Foundation
import MatchCore
import MatchData

/// Every distribution the regional generator draws from, in one place. docs/generator.md gives the
/// source of each: **[sample]** = the 150 real France Travail offers in `../shared/data/offres/`
/// (Ardèche, CDI only), **[BMO]** = the BMO 2025 survey, **[INSEE]** = the commune file (RP 2021),
/// **[context]** = a figure quoted in `../shared/context/`, **[assumed]** = an order of magnitude chosen
/// for Apparier with no source at hand — change it here when a better figure is known.
///
///     let profile = RegionalProfile.hautsDeFrance
///     profile.offer.competenceCount.mean { Double($0) }   // ≈ 4.9
struct RegionalProfile: Sendable {
    var offer = OfferProfile()
    var candidate = CandidateProfile()

    static let hautsDeFrance = RegionalProfile()
}

struct OfferProfile: Sendable {
    /// [sample] number of coded competences of the offers listing 3 to 10 (14, 26, 31, 2, 5, 4, 2, 1 offers).
    var competenceCount = Categorical([(3, 14.0), (4, 26), (5, 31), (6, 2), (7, 5), (8, 4), (9, 2), (10, 1)])
    /// [sample] 26 of the 111 offers with competences mark some `E`…
    var essentialOfferShare = 26.0 / 111
    /// [sample] …and in those, 101 of 168 competences are `E`.
    var essentialItemShare = 101.0 / 168
    /// [assumed] weight of a fiche's core items ("Principale") against its other savoir-faire and its
    /// savoirs when an offer picks competences (real offers list mostly savoir-faire: 257 of 315 codes).
    var coreItemWeight = 3.0, savoirFaireWeight = 1.0, savoirWeight = 0.4
    /// [sample] `permis B` exigé in 22 of 150 offers, souhaité in 18 (métiers with a licence of their own
    /// use ``MetierLicences`` instead).
    var licenceBRequired = 22.0 / 150, licenceBDesired = 18.0 / 150
    /// [sample] English exigé in 4 of 150 offers, souhaité in 3.
    var englishRequired = 4.0 / 150, englishDesired = 3.0 / 150
    /// [sample] 60 of 150 offers name a diploma level; 46 of the 68 entries are `E`.
    var formationShare = 60.0 / 150, formationRequiredShare = 46.0 / 68
    /// [sample] `experienceExige` E in 76 of 150 offers (the others D; none S).
    var experienceRequiredShare = 76.0 / 150
    /// [sample] months asked when E (3 Mois ×3, 6 Mois ×7, 1 An/12 Mois ×19, 2 An(s)/24 Mois ×24,
    /// 3 An(s) ×11, 5 An(s) ×9).
    var experienceMonths = Categorical([(3, 3.0), (6, 7), (12, 19), (24, 24), (36, 11), (60, 9)])
    /// [assumed] contract of a non-seasonal project (the sample is CDI by construction of its query);
    /// a seasonal project (BMO `smet`) is `SAI`.
    var contract = Categorical([("CDI", 0.45), ("CDD", 0.35), ("MIS", 0.20)])
    /// [sample] nombrePostes 1 in 148 offers, 2 and 3 in one each.
    var positions = Categorical([(1, 148.0), (2, 1), (3, 1)])
    /// [sample] accessibleTH true in 1 of 150.
    var accessibleTH = 1.0 / 150
    /// [assumed] offers that target one priority public (`publicsPrioritaires`).
    var targetedPublicShare = 0.10
    /// [assumed] start date 7–37 days after the reference date; created 0–30 days before it.
    var startDelayDays = 7...37, ageDays = 0...30
}

struct CandidateProfile: Sendable {
    /// [context] "plus de 30 % des chômeurs dans les Hauts-de-France sont des demandeurs d'emploi de plus
    /// de 50 ans" (concertation 2022); [assumed] 14 % under 26, the rest 26–49.
    var ageBand = Categorical([(18...25, 0.14), (26...49, 0.56), (50...64, 0.30)])
    /// [assumed] registered 12 months or more (DELD): about half of registered job seekers.
    var longTermShare = 0.48
    /// [assumed] RSA: 28 % of DELD, 12 % of the others (≈ 20 % overall).
    var rsaIfLongTerm = 0.28, rsaOtherwise = 0.12
    /// [assumed] RQTH (bénéficiaires de l'obligation d'emploi) among job seekers.
    var rqth = 0.09
    /// [assumed] economic layoff (CSP).
    var economicLayoff = 0.03
    /// [context] ≈ 70,000 job seekers enter training each year in the region (communiqué 2023);
    /// [assumed] 12 % of the pool left a training in the last 12 months.
    var trainingLeaver = 0.12
    /// [assumed] QPV residents by size of the home commune (no QPV list is available): QPV are urban.
    var qpvByPopulation: [(minimum: Int, share: Double)] = [(20_000, 0.28), (10_000, 0.15), (5_000, 0.06), (0, 0)]
    /// [assumed] permis B: 74 % of non-RSA job seekers, 47 % of RSA beneficiaries; × 0.8 under 26.
    var licenceB = 0.74, licenceBIfRSA = 0.47, licenceBYoungFactor = 0.8
    /// [assumed] a car at hand when holding permis B.
    var car = 0.88, carIfRSA = 0.60
    /// [assumed] public transport usable, by population of the home commune (no GTFS data).
    var transitByPopulation: [(minimum: Int, share: Double)] = [(50_000, 0.85), (10_000, 0.60), (2_000, 0.35), (0, 0.20)]
    /// [assumed] cycling; walking is always a mode.
    var bike = 0.15
    /// [assumed] maximum one-way travel time (issue #3: 20–60 min), with and without a car.
    var limitWithCar = Categorical([(20, 0.08), (30, 0.27), (40, 0.20), (45, 0.20), (60, 0.25)])
    var limitWithoutCar = Categorical([(20, 0.10), (30, 0.30), (40, 0.20), (45, 0.25), (60, 0.15)])
    /// [assumed] a radius is also given by 8 %, 10–40 km.
    var radiusShare = 0.08, radiusKm = 10...40
    /// [assumed] accepted contracts (empty = any).
    var contracts = Categorical([([String](), 0.50), (["CDI"], 0.10), (["CDI", "CDD"], 0.25),
                                 (["CDI", "CDD", "MIS"], 0.10), (["CDD", "MIS", "SAI"], 0.05)])
    /// [assumed] available at once (75 %), else within 1–90 days.
    var availableNow = 0.75, laterDays = 1...90
    /// [assumed] diploma level by the level of the target métier (0 none, 3 CAP/BEP, 4 Bac, 5 Bac+2,
    /// 6 Bac+3/4, 7 Bac+5, 8 doctorat).
    var diplomaByLevel: [MetierLevel: Categorical<Int>] = [
        .worker: Categorical([(0, 0.30), (3, 0.42), (4, 0.20), (5, 0.06), (6, 0.02)]),
        .employee: Categorical([(0, 0.15), (3, 0.30), (4, 0.32), (5, 0.14), (6, 0.06), (7, 0.03)]),
        .intermediate: Categorical([(0, 0.04), (3, 0.14), (4, 0.30), (5, 0.30), (6, 0.14), (7, 0.08)]),
        .manager: Categorical([(0, 0.01), (3, 0.03), (4, 0.08), (5, 0.18), (6, 0.30), (7, 0.36), (8, 0.04)]),
    ]
    /// [assumed] French below native level (A2 5 %, B1 4 %, B2 3 %); English 35 % (A2–C1); Dutch 3 %
    /// (border with Flanders); Arabic 4 %; Portuguese, Polish, Turkish 1 % each.
    var frenchLevel = Categorical([(CEFRLevel.c2, 0.88), (.a2, 0.05), (.b1, 0.04), (.b2, 0.03)])
    var english = 0.35
    var englishLevel = Categorical([(CEFRLevel.a2, 0.40), (.b1, 0.35), (.b2, 0.20), (.c1, 0.05)])
    var otherLanguages: [(name: String, share: Double)] = [("Néerlandais", 0.03), ("Arabe", 0.04), ("Portugais", 0.01),
                                                           ("Polonais", 0.01), ("Turc", 0.01)]
    /// [assumed] target métier: 75 % follow the bassin's hiring projects (BMO, flattened by the power
    /// 0.7: job seekers are less concentrated than hiring), 25 % any fiche.
    var targetFromDemand = 0.75, demandExponent = 0.7
    /// [assumed] a second target fiche (same parent or a ROME mobilité neighbour) for 30 %.
    var secondTarget = 0.30
    /// [assumed] past experiences (0–3), in the target fiche for 60 % of the first one.
    var experienceCount = Categorical([(0, 0.20), (1, 0.40), (2, 0.30), (3, 0.10)])
    var firstExperienceInTarget = 0.60
    var experienceMonths = 3...96
    /// [assumed] real skills (the hidden profile): a target fiche's core items are held with p 0.55, its
    /// other savoir-faire 0.12, its savoirs 0.06; an experience fiche's core items with p
    /// `experienceCore + experienceCoreGain × (1 − e^(−months / 24))` (6 months 0.39, 2 years 0.66, 5 years
    /// 0.84), its others 0.10 / 0.03; plus 0–3 items of any fiche.
    var targetCore = 0.55, targetSavoirFaire = 0.12, targetSavoir = 0.06
    var experienceCore = 0.25, experienceCoreGain = 0.65, experienceSavoirFaire = 0.10, experienceSavoir = 0.03
    /// The chance of holding each core item of a fiche practised `months` months.
    func experienceCoreShare(months: Int) -> Double { experienceCore + experienceCoreGain * (1 - exp(-Double(months) / 24)) }
    var extraItems = 0...3
    /// [assumed] what the platform's record shows (the observed profile): `sparse` records declare each real
    /// skill with p 0.15, `rich` ones with 0.85, `inflated` ones with 0.85 and 3–8 items of the target fiche
    /// the person does not hold. Months of experience are written with a ±25 % error.
    var declarationStyles = Categorical([(DeclarationStyle.sparse, 0.45), (.rich, 0.45), (.inflated, 0.10)])
    var declaredShare: [DeclarationStyle: Double] = [.sparse: 0.15, .rich: 0.85, .inflated: 0.85]
    var inflatedExtras = 3...8
    /// How many items an inflated record claims on average.
    var inflatedExtrasMean: Double { Double(inflatedExtras.lowerBound + inflatedExtras.upperBound) / 2 }
    var recordedMonthsError = 0.25
    /// [assumed] professional licences outside métier-linked ones (``MetierLicences``).
    var otherLicences: [(code: String, share: Double)] = [("CACES R489 3", 0.04), ("C", 0.015), ("CE", 0.01), ("D", 0.005),
                                                          ("HABILITATION ELECTRIQUE", 0.03), ("SST", 0.06)]
    /// [assumed] a candidate whose target or past fiche needs a licence holds it with p 0.8.
    var metierLicenceHeld = 0.80
}

/// Licences that go with a métier: the offers of these fiches (and of their children) require them,
/// and the candidates who target or practised them usually hold them. [assumed], from the regulations
/// of each trade.
enum MetierLicences {
    /// Parent fiche → (licence, share of offers requiring it).
    static let table: [String: (licence: String, required: Double)] = [
        "N4101": ("CE", 0.85),                       // conducteur de poids lourd
        "N4103": ("D", 0.95),                        // conducteur de bus
        "N4102": ("B", 0.95), "N4105": ("B", 0.90),  // transport de particuliers, livreur
        "N4104": ("B", 0.60), "J1305": ("B", 0.95),  // coursier, ambulancier
        "N1101": ("CACES R489 3", 0.80),             // cariste
        "F1302": ("CACES R482", 0.70),               // conducteur d'engins de chantier
        "F1301": ("CACES R490", 0.50),               // grutier (R490: grue auxiliaire)
        "I1309": ("HABILITATION ELECTRIQUE", 0.60), "F1602": ("HABILITATION ELECTRIQUE", 0.50),
        "I1305": ("HABILITATION ELECTRIQUE", 0.50),
        "K2503": ("SSIAP", 0.30),                    // agent de prévention et de sécurité
        "K1302": ("B", 0.40), "K1304": ("B", 0.30),  // aide à domicile, employé familial: trips between homes
    ]
}

/// How a record declares a person's real skills (docs/generator.md, "Hidden and observed profiles").
enum DeclarationStyle: String, Sendable, Hashable, CaseIterable {
    case sparse, rich, inflated
}
