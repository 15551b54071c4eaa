import MatchCore
import MatchData

/// Which offers get planted candidates, what each planted candidate is, and where it sits among the
/// candidate records.
///
/// Planted candidates are spread through the candidate file, one in each of `count` equal strata at a
/// seeded position, so that their ids say nothing about them (a ranker breaking ties by id gains or
/// loses nothing).
struct PlantingPlan: Sendable {
    struct Spec: Sendable {
        /// Index of the offer in the generated offers.
        var offer: Int
        var role: PlantedRole
    }

    /// Offer indices, ascending.
    let plantedOffers: [Int]
    /// Planted candidates, grouped by offer (fits first, then near misses in ``ExclusionReason`` order, then
    /// decoys).
    let specs: [Spec]
    /// Candidate index of each spec, ascending.
    let slots: [Int]

    /// Near misses one planted offer may need at most (one per ``ExclusionReason``).
    static let maxNearMissesPerOffer = ExclusionReason.allCases.count
    /// Decoys (inflated records of non-fits) per planted offer that asks no months of experience.
    static let decoysPerOffer = 3
    /// The record types of the fits, in turn (a reconversion becomes sparse where the offer allows none).
    static let fitCycle: [ProfileType] = [.rich, .sparse, .reconversion]

    /// Plans `requested` planted offers (default: 1 % of the offers, at most 500), fewer when the pool is
    /// too small: planted candidates are never more than half of the candidates.
    init(offers: [GeneratedOffer], candidates: Int, requested: Int?, fitsPerOffer: Int, seed: UInt64,
         context: GenerationContext, referenceDate: Day) {
        let perOffer = fitsPerOffer + PlantingPlan.maxNearMissesPerOffer + PlantingPlan.decoysPerOffer
        let wanted = requested ?? min(500, max(1, offers.count / 100))
        let affordable = perOffer > 0 ? candidates / 2 / perOffer : 0
        let count = max(0, min(wanted, offers.count, affordable))
        var random = RecordRandom(seed: seed, stream: .plantedOffers, index: 0)
        plantedOffers = random.distinct(Array(offers.indices), count: count).sorted()

        var specs = [Spec]()
        for o in plantedOffers {
            let requirements = OfferRequirements(offers[o], context: context, referenceDate: referenceDate)
            for i in 0..<fitsPerOffer {
                let type = PlantingPlan.fitCycle[i % PlantingPlan.fitCycle.count]
                specs.append(Spec(offer: o, role: .fit(TruthPlanter.canPlant(type, for: requirements, context: context) ? type : .sparse)))
            }
            for kind in requirements.nearMissKinds { specs.append(Spec(offer: o, role: .nearMiss(kind))) }
            if TruthPlanter.canPlantDecoys(for: requirements) {
                for _ in 0..<PlantingPlan.decoysPerOffer { specs.append(Spec(offer: o, role: .decoy)) }
            }
        }
        self.specs = specs
        slots = PlantingPlan.spread(specs.count, over: candidates, seed: seed)
    }

    /// `count` ascending positions in `0..<total`, one per stratum `[k·total/count, (k+1)·total/count)`.
    static func spread(_ count: Int, over total: Int, seed: UInt64) -> [Int] {
        guard count > 0, total >= count else { return [] }
        return (0..<count).map { k in
            let start = k * total / count, end = (k + 1) * total / count
            var random = RecordRandom(seed: seed, stream: .plantedSlots, index: k)
            return start + random.index(below: max(1, end - start))
        }
    }

    /// The spec planted at candidate index `j`, if any.
    func spec(atCandidate j: Int) -> Int? {
        var lo = 0, hi = slots.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if slots[mid] < j { lo = mid + 1 } else { hi = mid }
        }
        return lo < slots.count && slots[lo] == j ? lo : nil
    }
}
