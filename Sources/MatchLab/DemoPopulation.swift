public import MatchCore
import MatchData

/// A seeded population of candidates and offers drawn from the real referentials, for the demo and
/// for tests at realistic size. Same seed, same population.
///
/// Candidates live in communes in proportion to census unemployment; offers in proportion to
/// population. Métiers follow a Zipf law over a seeded ranking of the ROME parent fiches (a few métiers
/// are common, most are rare), and skills come from the fiches' own items with gaps and extras.
/// The shares below are assumptions for a demonstration, not statistics (issue #3 brings the
/// documented generator).
///
///     let demo = DemoPopulation(rome: rome, communes: communes, seed: 42)
///     let candidates = demo.candidates(count: 20_000, referenceDate: today)
public struct DemoPopulation {
    let rome: RomeReferential
    let communes: CommuneDirectory
    let seed: UInt64
    let fiches: [Int32]
    let ficheCumulative: [Double]
    let residentCumulative: [Double]
    let jobCumulative: [Double]

    public init(rome: RomeReferential, communes: CommuneDirectory, seed: UInt64) {
        self.rome = rome
        self.communes = communes
        self.seed = seed
        var rng = SplitMix64(seed: seed ^ 0xF1C4E)
        var parents = rome.fiches.indices.filter { rome.parent[$0] == Int32($0) && rome.ficheItems[$0].count >= 8 }.map { Int32($0) }
        parents.shuffle(using: &rng)
        fiches = parents
        ficheCumulative = DemoPopulation.cumulative(parents.indices.map { 1 / Double($0 + 1) })
        residentCumulative = DemoPopulation.cumulative(communes.communes.map { Double(max($0.unemployed, 1)) })
        jobCumulative = DemoPopulation.cumulative(communes.communes.map { Double(max($0.population, 1)) })
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        return weights.map { total += $0; return total }
    }

    static func pick(_ cumulative: [Double], _ rng: inout SplitMix64) -> Int {
        let x = rng.nextUnit() * (cumulative.last ?? 0)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    func fiche(_ rng: inout SplitMix64) -> Int { Int(fiches[DemoPopulation.pick(ficheCumulative, &rng)]) }

    /// A fiche near `f`: itself, a child or a mobilité neighbour.
    func neighbour(of f: Int, _ rng: inout SplitMix64) -> Int {
        let options = rome.mobility[f]
        return options.isEmpty || rng.nextUnit() < 0.5 ? f : Int(options[Int(rng.next() % UInt64(options.count))])
    }

    public func candidates(count: Int, referenceDate: Day) -> [Candidate] {
        (0..<count).map { i in
            var rng = SplitMix64(seed: seed &+ 0x9E37 &* UInt64(i + 1))
            return candidate(number: i, referenceDate: referenceDate, &rng)
        }
    }

    public func offers(count: Int, referenceDate: Day) -> [JobOffer] {
        (0..<count).map { i in
            var rng = SplitMix64(seed: (seed ^ 0x0FFE5) &+ 0x7F4A &* UInt64(i + 1))
            return offer(number: i, referenceDate: referenceDate, &rng)
        }
    }

    func candidate(number i: Int, referenceDate today: Day, _ rng: inout SplitMix64) -> Candidate {
        let commune = communes.communes[DemoPopulation.pick(residentCumulative, &rng)]
        let target = fiche(&rng)
        let rsa = rng.nextUnit() < 0.15
        var licences = [String]()
        if rng.nextUnit() < (rsa ? 0.45 : 0.72) {
            licences.append("B")
            let heavy = rng.nextUnit()
            if heavy < 0.03 { licences.append("CE") } else if heavy < 0.07 { licences.append("C") } else if heavy < 0.09 { licences.append("D") }
        }
        if rng.nextUnit() < 0.06 { licences.append("CACES R489 3") }
        var modes: [TransportMode] = [.walk]
        if licences.contains("B"), rng.nextUnit() < 0.85 { modes.append(.car) }
        if rng.nextUnit() < 0.55 { modes.append(.transit) }
        if rng.nextUnit() < 0.2 { modes.append(.bike) }
        let limits = [20, 30, 30, 40, 45, 45, 60]
        var experiences = [Candidate.Experience]()
        for _ in 0..<Int(rng.next() % 3) {
            experiences.append(.init(romeCode: rome.fiches[neighbour(of: target, &rng)].code, months: 3 + Int(rng.next() % 96)))
        }
        let age = 18 + Int(rng.next() % 47)
        let birth = today.adding(days: -(age * 365 + Int(rng.next() % 365)))
        let training: Candidate.Training? = rng.nextUnit() < 0.2
            ? .init(romeCode: rome.fiches[target].code, endDate: today.adding(days: -Int(rng.next() % 330)))
            : nil
        return Candidate(
            id: "C" + String(format6(i + 1)), commune: commune.code, targetRomeCodes: [rome.fiches[target].code],
            experiences: experiences, skills: skills(for: target, &rng), diplomaLevel: [0, 3, 3, 4, 4, 5, 6, 7][Int(rng.next() % 8)],
            languages: languages(&rng), licences: licences,
            mobility: .init(modes: modes, maxMinutes: limits[Int(rng.next() % UInt64(limits.count))],
                            radiusKm: rng.nextUnit() < 0.1 ? Double(10 + rng.next() % 30) : nil),
            acceptedContracts: rng.nextUnit() < 0.7 ? [] : ["CDI", "CDD"],
            availableFrom: today.adding(days: Int(rng.next() % 60) - 30), birthDate: birth,
            unemployedSince: today.adding(days: -Int(rng.next() % 1100)), rqth: rng.nextUnit() < 0.08, rsa: rsa,
            qpv: rng.nextUnit() < 0.1, economicLayoff: rng.nextUnit() < 0.03, training: training)
    }

    /// Most of the fiche's core items, some of its other items, and one or two from a neighbour.
    func skills(for fiche: Int, _ rng: inout SplitMix64) -> [String] {
        var picked = Set<Int32>()
        for item in rome.ficheCoreItems[fiche] where rng.nextUnit() < 0.75 { picked.insert(item) }
        for item in rome.ficheItems[fiche] where rng.nextUnit() < 0.3 { picked.insert(item) }
        let other = rome.ficheItems[neighbour(of: fiche, &rng)]
        if !other.isEmpty { picked.insert(other[Int(rng.next() % UInt64(other.count))]) }
        return picked.sorted().map { rome.items[Int($0)].code }
    }

    func languages(_ rng: inout SplitMix64) -> [Candidate.LanguageSkill] {
        var out = [Candidate.LanguageSkill(language: "Français", level: rng.nextUnit() < 0.93 ? .c1 : .a2)]
        if rng.nextUnit() < 0.3 { out.append(.init(language: "Anglais", level: [.a2, .b1, .b2][Int(rng.next() % 3)])) }
        return out
    }

    func offer(number i: Int, referenceDate today: Day, _ rng: inout SplitMix64) -> JobOffer {
        let commune = communes.communes[DemoPopulation.pick(jobCumulative, &rng)]
        let f = fiche(&rng)
        let items = rome.ficheCoreItems[f].isEmpty ? rome.ficheItems[f] : rome.ficheCoreItems[f]
        let count = min(items.count, 3 + Int(rng.next() % 6))
        var chosen = Set<Int32>()
        while chosen.count < count { chosen.insert(items[Int(rng.next() % UInt64(items.count))]) }
        let skills = chosen.sorted().map {
            OfferSkill(code: rome.items[Int($0)].code, label: rome.items[Int($0)].label,
                       exigence: rng.nextUnit() < 0.3 ? .required : .desired)
        }
        let experience: JobOffer.ExperienceRequirement = [.beginnerAccepted, .beginnerAccepted, .desired, .required][Int(rng.next() % 4)]
        return JobOffer(
            id: "D" + format6(i + 1), title: rome.fiches[f].label, romeCode: rome.fiches[f].code,
            workplace: .init(label: commune.name, commune: commune.code, latitude: commune.location.latitude,
                             longitude: commune.location.longitude),
            contractType: ["CDI", "CDI", "CDD", "MIS"][Int(rng.next() % 4)], positions: 1 + Int(rng.next() % 3),
            skills: skills,
            licences: rng.nextUnit() < 0.3 ? [.init(label: "B - Véhicule léger", exigence: rng.nextUnit() < 0.7 ? .required : .desired)] : [],
            experienceRequirement: experience, experienceMonths: experience == .beginnerAccepted ? 0 : 6 * (1 + Int(rng.next() % 4)),
            startDate: today.adding(days: 7 + Int(rng.next() % 30)))
    }
}

func format6(_ n: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, 6 - s.count)) + s
}
