import Foundation
import MatchCore

/// What the best ranker of records could reach: a diagnostic ranker that knows the generator's own laws
/// (``CandidateProfile``) and ranks each eligible record by the probability that the person behind it
/// meets the truth's rule (`TruthPlanter.canBeHired`).
///
/// No real ranker knows these laws; this one does, so its NDCG is an estimate of the ceiling that the
/// records allow, not a competitor. It reads the record only (targets, recorded months, declared
/// competences), as the other rankers do, and computes for each record:
///
/// - 0 unless a target is in the offer's family;
/// - the chance that the real months in the family reach the months asked, given the recorded ones
///   (each written with a uniform error of ±``CandidateProfile/recordedMonthsError``);
/// - for each declaration style (sparse, rich, inflated), weighted by how likely it made the record's
///   number of declared competences: the chance of holding every `E` competence and two thirds of the
///   `S` ones, where a competence not declared is held with the posterior `π(1 − s) / (π(1 − s) + 1 − π)`
///   (π: the chance the generator gave it from the first target and the experiences, s: the style's
///   declared share) and a declared one is held for sure, except, in an inflated record, an item of the
///   target fiche.
///
/// Approximations, written in docs/generator.md: planted fits are treated as background people, the
/// 0–3 items of any fiche are left out, and several relevant experiences share one error.
///
///     let oracle = RecordOracle(rome: rome)
///     let p = oracle.probability(candidate, declared: { index.holds(row: r, item: $0) }, fiche: cariste,
///                                essential: [e], desired: [s1, s2, s3], requiredMonths: 0)   // in [0, 1]
struct RecordOracle: Sendable {
    let rome: RomeReferential
    let law: CandidateProfile
    /// Fiche → its items split as the generator splits them: core, other savoir-faire, savoirs.
    let core: [[Int32]], savoirFaire: [[Int32]], savoirs: [[Int32]]

    init(rome: RomeReferential, law: CandidateProfile = RegionalProfile.hautsDeFrance.candidate) {
        self.rome = rome
        self.law = law
        (core, savoirFaire, savoirs) = GenerationContext.itemKinds(rome)
    }

    /// One source of real skills: a fiche with the chance of holding each of its core, other savoir-faire
    /// and savoir items.
    struct Source {
        var fiche: Int32
        var core: Double, savoirFaire: Double, savoir: Double
    }

    private func isRelevant(_ g: Int32, to f: Int32) -> Bool { GenerationContext.isRelevant(g, to: f, rome: rome) }

    /// The chance the generator gave `item`, from every source.
    private func prior(_ item: Int32, _ sources: [Source]) -> Double {
        var none = 1.0
        for s in sources {
            let f = Int(s.fiche)
            let p = GenerationContext.sortedContains(core[f], item) ? s.core
                : GenerationContext.sortedContains(savoirFaire[f], item) ? s.savoirFaire
                : GenerationContext.sortedContains(savoirs[f], item) ? s.savoir : 0
            none *= 1 - p
        }
        return 1 - none
    }

    /// The probability that the person behind `candidate`'s record meets the truth's rule for `offer`;
    /// `declared(item)` tells whether the record declares a ROME item.
    func probability(_ candidate: Candidate, declared: (Int32) -> Bool, fiche f: Int32, essential: [Int32],
                     desired: [Int32], requiredMonths: Int) -> Double {
        let targets = candidate.targetRomeCodes.compactMap { rome.ficheIndex[$0] }
        guard let first = targets.first, targets.contains(where: { isRelevant($0, to: f) }) else { return 0 }
        var sources = [Source(fiche: first, core: law.targetCore, savoirFaire: law.targetSavoirFaire, savoir: law.targetSavoir)]
        var relevantMonths = 0
        for e in candidate.experiences {
            guard let g = rome.ficheIndex[e.romeCode] else { continue }
            if isRelevant(g, to: f) { relevantMonths += e.months }
            sources.append(Source(fiche: g, core: law.experienceCoreShare(months: e.months), savoirFaire: law.experienceSavoirFaire, savoir: law.experienceSavoir))
        }
        let months = monthsReached(recorded: relevantMonths, asked: requiredMonths)
        guard months > 0 else { return 0 }

        let styles = styleWeights(candidate, sources: sources)
        let targetItems = Double(rome.ficheItems[Int(first)].count)
        var total = 0.0
        for (style, weight) in styles where weight > 1e-9 {
            let share = law.declaredShare[style] ?? 1
            func held(_ item: Int32) -> Double {
                let pi = prior(item, sources)
                if declared(item) {
                    guard style == .inflated, GenerationContext.sortedContains(rome.ficheItems[Int(first)], item) else { return 1 }
                    let q = min(1, law.inflatedExtrasMean / max(1, targetItems * 0.7))
                    return pi * share / max(1e-12, pi * share + (1 - pi) * q)
                }
                return pi * (1 - share) / max(1e-12, pi * (1 - share) + 1 - pi)
            }
            var p = 1.0
            for item in essential { p *= held(item) }
            p *= atLeast(TruthPlanter.minimumDesired(of: desired.count), of: desired.map(held))
            total += weight * p
        }
        return months * total
    }

    /// The chance that real months reach `asked` when the record says `recorded`, each month count being
    /// written as `real × (1 + e·u)`, u uniform on [−1, 1].
    func monthsReached(recorded: Int, asked: Int) -> Double {
        guard asked > 0 else { return 1 }
        guard recorded > 0 else { return 0 }
        let e = law.recordedMonthsError
        // real ≥ asked ⇔ u ≤ (recorded / asked − 1) / e
        let bound = (Double(recorded) / Double(asked) - 1) / e
        return min(1, max(0, (bound + 1) / 2))
    }

    /// How likely each declaration style made the record's number of declared competences (a normal
    /// approximation of the count each style gives, weighted by the styles' shares).
    func styleWeights(_ candidate: Candidate, sources: [Source]) -> [(DeclarationStyle, Double)] {
        var seen = Set<Int32>(), expected = 0.0
        for s in sources {
            for item in rome.ficheItems[Int(s.fiche)] where seen.insert(item).inserted { expected += prior(item, sources) }
        }
        let declared = Double(candidate.skills.count)
        let extras = law.inflatedExtrasMean
        let extrasVariance = pow(Double(law.inflatedExtras.count), 2) / 12
        var weights = [(DeclarationStyle, Double)]()
        let styles = law.declarationStyles
        for (i, style) in styles.values.enumerated() {
            let share = styles.table.probability(i)
            let s = law.declaredShare[style] ?? 1
            var mean = s * expected, variance = expected * s * (1 - s) + 1
            if style == .inflated { mean += extras; variance += extrasVariance }
            let z = (declared - mean) * (declared - mean) / (2 * variance)
            weights.append((style, share * exp(-z) / sqrt(variance)))
        }
        let sum = weights.reduce(0) { $0 + $1.1 }
        return sum > 0 ? weights.map { ($0.0, $0.1 / sum) } : weights
    }

    /// The chance that at least `k` of independent events with chances `p` happen (Poisson binomial).
    func atLeast(_ k: Int, of p: [Double]) -> Double {
        guard k > 0 else { return 1 }
        var counts = [Double](repeating: 0, count: p.count + 1)
        counts[0] = 1
        for (n, q) in p.enumerated() {
            for j in stride(from: n + 1, through: 1, by: -1) { counts[j] = counts[j] * (1 - q) + counts[j - 1] * q }
            counts[0] *= 1 - q
        }
        return k <= p.count ? counts[k...].reduce(0, +) : 0
    }
}
