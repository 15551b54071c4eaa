/// The exact terms of the score (everything but the dot product), written once: the scan computes them in
/// `Float` for every reachable row, the explanation in `Double` for the rows it shows. Each term is a
/// weight times a component in [0, 1] (docs/engine.md, "Score").
///
///     ScoreTerms.travel(weight: Float(0.05), minutes: 20, limit: 40)   // 0.025
enum ScoreTerms {
    /// Métier: the best proximity of the candidate's fiches to the offer's.
    @inline(__always)
    static func metier<F: BinaryFloatingPoint>(weight: F, proximity: F) -> F { weight * proximity }

    /// Experience: relevant months against the months that give full credit.
    @inline(__always)
    static func experience<F: BinaryFloatingPoint>(weight: F, relevantMonths: F, fullCreditMonths: F) -> F {
        weight * min(1, relevantMonths / fullCreditMonths)
    }

    /// Diploma: 1 when the offer names no level, else the candidate's level against it, capped at 1.
    @inline(__always)
    static func diploma<F: BinaryFloatingPoint>(weight: F, level: F, target: F) -> F {
        weight * (target == 0 ? 1 : min(1, level / target))
    }

    /// Travel: the share of the candidate's own limit left over.
    @inline(__always)
    static func travel<F: BinaryFloatingPoint>(weight: F, minutes: F, limit: F) -> F {
        weight * max(0, 1 - minutes / limit)
    }

    /// What one held competence adds to the coverage, and whether it meets an `E` one: its weight times its
    /// confidence (1 when declared), except that an `E` competence held below the threshold level counts for
    /// nothing (docs/engine.md, "Inferred competences"). The scan, the batch and the explanation all add
    /// these, item by item in ascending order, so they get the same floats.
    @inline(__always)
    static func credit(weight: Float, essential: UInt8, level: UInt8, essentialLevel: UInt8) -> (weight: Float, hit: Int32) {
        if essential != 0 && level < essentialLevel { return (0, 0) }
        return (weight * InferredSkills.confidence(level), Int32(essential))
    }

    /// Skills: the weight of the offer's competences the candidate holds against their total weight.
    @inline(__always)
    static func skills<F: BinaryFloatingPoint>(weight: F, covered: F, total: F) -> F {
        weight * (total > 0 ? covered / total : 0)
    }
}
