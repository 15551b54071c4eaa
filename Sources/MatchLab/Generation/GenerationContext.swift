import Foundation
import MatchCore
import MatchData

/// The read-only tables every generated record draws from: referentials, the BMO survey mapped to
/// ROME fiches, the commune weights and the item pools of each fiche. Built once, shared by all threads.
///
///     let context = try GenerationContext.load(dataDirectory: data, rome: rome, communes: communes)
struct GenerationContext: Sendable {
    let rome: RomeReferential
    let communes: CommuneDirectory
    let bassins: BassinMap
    let survey: BMOSurvey
    let mapping: BMORomeMapping
    let profile: RegionalProfile

    /// Offers: (bassin, métier) cells by recruitment projects; per cell, its fiches.
    let offerCells: CumulativeTable
    let cellFiches: [Categorical<Int32>]
    /// Share of seasonal projects of each cell.
    let cellSeasonalShare: [Double]
    /// Per bassin, its communes by population (where jobs are, approximately).
    let jobCommunes: [CumulativeTable]
    /// Candidates: communes by census unemployed (RP 2021).
    let residentCommunes: CumulativeTable
    /// Per bassin, fiches by the bassin's projects raised to ``CandidateProfile/demandExponent``.
    let demandFiches: [Categorical<Int32>]
    /// Fiches any candidate may target.
    let anyFiche: [Int32]
    /// Fiche → level of the métier BMO that weighs most on it (employee when none).
    let ficheLevel: [MetierLevel]
    /// Fiche → its items split by kind: core, other savoir-faire (and savoir-être), other savoirs.
    let coreItems: [[Int32]], savoirFaireItems: [[Int32]], savoirItems: [[Int32]]
    /// Fiche → licence its offers require, from ``MetierLicences`` (by parent fiche).
    let metierLicence: [(licence: String, required: Double)?]
    /// Parent fiche → itself and its children (empty for a child fiche).
    let families: [[Int32]]

    static func load(dataDirectory: URL, rome: RomeReferential, communes: CommuneDirectory,
                     profile: RegionalProfile = .hautsDeFrance) throws -> GenerationContext {
        let bassins = try BassinMap.load(from: dataDirectory, communes: communes)
        let survey = try BMOSurvey.load(from: dataDirectory, bassins: bassins)
        let mapping = try BMORomeMapping.load(from: dataDirectory, rome: rome)
        return try GenerationContext(rome: rome, communes: communes, bassins: bassins, survey: survey,
                                     mapping: mapping, profile: profile)
    }

    init(rome: RomeReferential, communes: CommuneDirectory, bassins: BassinMap, survey: BMOSurvey,
         mapping: BMORomeMapping, profile: RegionalProfile) throws {
        self.rome = rome; self.communes = communes; self.bassins = bassins; self.survey = survey
        self.mapping = mapping; self.profile = profile

        var cellWeights = [Double](), cellFiches = [Categorical<Int32>](), seasonal = [Double]()
        var levelWeight = [[Double]](repeating: [0, 0, 0, 0], count: rome.fiches.count)
        var demand = [[Double]](repeating: [Double](repeating: 0, count: rome.fiches.count), count: bassins.bassins.count)
        for cell in survey.cells {
            let metier = survey.metiers[Int(cell.metier)]
            let fiches = mapping.fiches(ofMetier: metier.code)
            guard !fiches.isEmpty else {
                throw MatchError(.invalidRecord, file: BMORomeMapping.file, message: "métier BMO \(metier.code) (\(metier.label)) has no ROME fiche")
            }
            cellWeights.append(cell.projects)
            cellFiches.append(Categorical(fiches.map { ($0.fiche, $0.weight) }))
            seasonal.append(cell.projects > 0 ? cell.seasonal / cell.projects : 0)
            let level = MetierLevel(bmoCode: metier.code)
            for (fiche, weight) in fiches {
                levelWeight[Int(fiche)][level.rawValue] += cell.projects * weight
                demand[Int(cell.bassin)][Int(fiche)] += cell.projects * weight
            }
        }
        offerCells = CumulativeTable(weights: cellWeights)
        self.cellFiches = cellFiches
        cellSeasonalShare = seasonal
        ficheLevel = levelWeight.map { w in
            guard let best = w.indices.max(by: { w[$0] < w[$1] }), w[best] > 0 else { return .employee }
            return MetierLevel(rawValue: best) ?? .employee
        }
        let exponent = profile.candidate.demandExponent
        demandFiches = demand.map { weights in
            Categorical(weights.indices.filter { weights[$0] > 0 }.map { (Int32($0), pow(weights[$0], exponent)) })
        }
        anyFiche = rome.fiches.indices.filter { rome.ficheItems[$0].count >= 8 }.map { Int32($0) }

        jobCommunes = bassins.communesOfBassin.map { members in
            CumulativeTable(weights: members.map { Double(communes.communes[Int($0)].population) })
        }
        residentCommunes = CumulativeTable(weights: communes.communes.map { Double($0.unemployed) })

        (coreItems, savoirFaireItems, savoirItems) = GenerationContext.itemKinds(rome)
        var families = [[Int32]](repeating: [], count: rome.fiches.count)
        for f in rome.fiches.indices { families[Int(rome.parent[f])].append(Int32(f)) }
        self.families = families
        metierLicence = rome.fiches.indices.map { f in MetierLicences.table[rome.fiches[Int(rome.parent[f])].code] }
    }

    /// Fiche → its items split by kind: core, other savoir-faire (and savoir-être), other savoirs; each list
    /// ascending, as ROME's lists are.
    static func itemKinds(_ rome: RomeReferential) -> (core: [[Int32]], savoirFaire: [[Int32]], savoirs: [[Int32]]) {
        var core = [[Int32]](), savoirFaire = [[Int32]](), savoirs = [[Int32]]()
        for f in rome.fiches.indices {
            let coreSet = rome.ficheCoreItems[f]
            core.append(coreSet)
            var sf = [Int32](), sv = [Int32]()
            for item in rome.ficheItems[f] where !sortedContains(coreSet, item) {
                if rome.items[Int(item)].kind == .savoir { sv.append(item) } else { sf.append(item) }
            }
            savoirFaire.append(sf)
            savoirs.append(sv)
        }
        return (core, savoirFaire, savoirs)
    }

    /// Binary search in a sorted array.
    static func sortedContains(_ array: [Int32], _ value: Int32) -> Bool {
        var lo = 0, hi = array.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if array[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < array.count && array[lo] == value
    }

    func itemCode(_ item: Int32) -> String { rome.items[Int(item)].code }

    /// Whether experience in fiche `g` counts for an offer of fiche `f`: same fiche or same parent (métier
    /// proximity ≥ 0.8, the standard policy's `relevantExperienceProximity`).
    func isRelevant(_ g: Int32, to f: Int32) -> Bool { GenerationContext.isRelevant(g, to: f, rome: rome) }

    /// ``isRelevant(_:to:)`` for any referential.
    static func isRelevant(_ g: Int32, to f: Int32, rome: RomeReferential) -> Bool {
        g == f || rome.parent[Int(g)] == rome.parent[Int(f)]
    }

    /// A fiche close to `f`: a sibling under the same parent or a ROME mobilité neighbour (half each when
    /// both exist), else `f` itself.
    func neighbour(of f: Int32, _ random: inout RecordRandom) -> Int32 {
        let parent = rome.parent[Int(f)]
        let mobility = rome.mobility[Int(f)]
        if !mobility.isEmpty, random.bernoulli(0.5) { return mobility[random.index(below: mobility.count)] }
        let siblings = families[Int(parent)]
        return siblings.isEmpty ? f : siblings[random.index(below: siblings.count)]
    }
}
