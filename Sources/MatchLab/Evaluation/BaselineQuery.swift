import MatchCore
import MatchData

/// What the baselines and the fit definition read of an offer: its competences as ROME item ids (the
/// offer's coded ones, or the core items of its fiche when it lists none: the engine's rule), which are
/// `E`, and the crow-flies distance from each commune. Who may take the offer is not decided here: that is
/// the engine's ``Matcher/eligibility(for:)``.
struct BaselineQuery: Sendable {
    let offer: JobOffer
    let times: CommuneTravelTimes
    let queryItems: [Int32]
    let essentialItems: [Int32]

    init(_ offer: JobOffer, matcher: Matcher) throws {
        let rome = matcher.rome
        let location = try matcher.query(for: offer).location
        guard let fiche = rome.ficheIndex[offer.romeCode] else {
            throw MatchError(.invalidOffer, field: "romeCode", record: "offre \(offer.id)", message: "code ROME « \(offer.romeCode) » inconnu")
        }
        self.offer = offer
        times = matcher.travel.fromAllCommunes(of: matcher.communes, to: location)
        if offer.skills.isEmpty {
            queryItems = Array(rome.ficheCoreItems[Int(fiche)].prefix(matcher.policy.impliedSkillsFromFiche))
            essentialItems = []
        } else {
            queryItems = Array(Set(offer.skills.compactMap { rome.itemIndex[$0.code] })).sorted()
            essentialItems = Array(Set(offer.skills.filter { $0.exigence == .required }.compactMap { rome.itemIndex[$0.code] })).sorted()
        }
    }

    /// Crow-flies distance from row `r`'s commune to the workplace.
    func distanceKm(row r: Int, in index: CandidateIndex) -> Float { times.distanceKm[Int(index.commune[r])] }

    /// Whether `candidate`, eligible, meets the definition of a true fit that the planted fits are built to
    /// (``GroundTruth``): it targets the offer's fiche, holds every `E` competence and at least two thirds
    /// of the `S` ones. Background candidates can meet it too ("natural" fits the truth does not list).
    func meetsFitDefinition(_ candidate: Candidate, row r: Int, in index: CandidateIndex) -> Bool {
        guard candidate.targetRomeCodes.contains(offer.romeCode) else { return false }
        guard essentialHits(row: r, in: index) == essentialItems.count else { return false }
        let desired = queryItems.filter { !GenerationContext.sortedContains(essentialItems, $0) }
        let held = desired.reduce(0) { $0 + (index.holds(row: r, item: $1) ? 1 : 0) }
        return held >= TruthPlanter.minimumDesired(of: desired.count)
    }

    /// How many of the offer's `E` competences row `r` holds.
    func essentialHits(row r: Int, in index: CandidateIndex) -> Int {
        essentialItems.reduce(0) { $0 + (index.holds(row: r, item: $1) ? 1 : 0) }
    }
}

extension CandidateIndex {
    /// Whether row `r` declares item `item` (binary search in its sorted skills; an inferred one does not
    /// count: the baselines and the truth read what a platform records).
    func holds(row r: Int, item: Int32) -> Bool {
        var lo = Int(skillStart[r]), hi = Int(skillStart[r + 1])
        while lo < hi {
            let mid = (lo + hi) / 2
            if skillItems[mid] < item { lo = mid + 1 } else { hi = mid }
        }
        return lo < Int(skillStart[r + 1]) && skillItems[lo] == item && skillSources[lo] == InferredSkills.declared
    }

    /// How many distinct competence codes row `r` declares (known to ROME or not).
    func skillCount(row r: Int) -> Int {
        (Int(skillStart[r])..<Int(skillStart[r + 1])).reduce(0) { $0 + (skillSources[$1] == InferredSkills.declared ? 1 : 0) }
    }

    /// A neutral tie-break per row: a hash of the id, so that baselines favour neither low nor high ids.
    func neutralTieKeys() -> [UInt64] { ids.map(CandidateIndex.neutralHash) }

    /// FNV-1a of the id's bytes, finished with SplitMix64: stable across runs and platforms.
    static func neutralHash(_ id: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var mix = SplitMix64(seed: h)
        return mix.next()
    }
}
