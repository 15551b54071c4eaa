/// Exact (double precision) score and explanation of one row for one offer: the rerank step.
struct Explainer {
    let q: OfferQuery
    let index: CandidateIndex
    let policy: ScoringPolicy
    let rome: RomeReferential
    let times: CommuneTravelTimes
    /// The métier and coverage lookups the scan reads too.
    private let lookups: RowLookups

    init(query: OfferQuery, index: CandidateIndex, policy: ScoringPolicy, rome: RomeReferential, times: CommuneTravelTimes) {
        q = query; self.index = index; self.policy = policy; self.rome = rome; self.times = times
        lookups = RowLookups(query: query, index: index)
    }

    /// One row's exact score, with what its explanation reads: cheap enough to rank every survivor of the
    /// first pass, where the explanation (lists of competences, names) is built for the first `k` only.
    struct ExactScore {
        let row: Int
        /// By ``ScoreComponent/allCases`` order.
        let components: [Double]
        /// The components' sum, in that order.
        let score: Double
        let best: (minutes: Float, mode: TransportMode)
        let relevantMonths: Float
    }

    func exactScore(row r: Int) -> ExactScore {
        let w = policy.weights
        let best = RowLookups.bestTime(times, commune: Int(index.commune[r]), modes: index.modes[r])
        let metier = lookups.metier(row: r)
        let coverage = lookups.coverage(row: r)
        let (affinity, priority) = vectorParts(row: r)
        let components = ScoreComponent.allCases.map { component -> Double in
            switch component {
            case .skills:
                ScoreTerms.skills(weight: Double(w.skills), covered: Double(coverage.weight), total: Double(q.skillWeightTotal))
            case .skillAffinity: affinity
            case .metier: ScoreTerms.metier(weight: Double(w.metier), proximity: Double(metier.proximity))
            case .experience:
                ScoreTerms.experience(weight: Double(w.experience), relevantMonths: Double(metier.relevantMonths),
                                      fullCreditMonths: Double(q.fullCreditMonths))
            case .diploma:
                ScoreTerms.diploma(weight: Double(w.diploma), level: Double(index.diploma[r]), target: Double(q.targetDiploma))
            case .travel:
                ScoreTerms.travel(weight: Double(w.travel), minutes: Double(best.minutes), limit: Double(index.limitMinutes[r]))
            case .priority: priority
            }
        }
        return ExactScore(row: r, components: components, score: components.reduce(0, +), best: best,
                          relevantMonths: metier.relevantMonths)
    }

    func explain(row r: Int) -> ShortlistEntry { explain(exactScore(row: r)) }

    func explain(_ exact: ExactScore) -> ShortlistEntry {
        let r = exact.row, best = exact.best
        let commune = Int(index.commune[r])
        var components = [ScoreComponent: Double]()
        for (component, value) in zip(ScoreComponent.allCases, exact.components) { components[component] = value }
        var held = [Int32: (level: UInt8, source: InferredSkills.Source)]()
        for i in Int(index.skillStart[r])..<Int(index.skillStart[r + 1]) {
            held[index.skillItems[i]] = (index.skillLevels[i], index.skillSources[i])
        }
        func credited(_ s: (id: Int32, code: String, exigence: Exigence)) -> Bool {
            guard s.id >= 0, let h = held[s.id] else { return false }
            return s.exigence != .required || h.level >= q.essentialLevel
        }
        let matched = q.skills.filter(credited).map(\.code)
        let silence = (policy.inference?.silenceWeight ?? 0) > 0
        let inferred = q.skills.compactMap { s -> InferredSkill? in
            guard s.id >= 0, let h = held[s.id], h.source != InferredSkills.declared else { return nil }
            return InferredSkill(code: s.code, confidence: Double(InferredSkills.confidence(h.level)),
                                 meetsRequirement: credited(s), origin: origin(of: h.source, row: r),
                                 declaredBesides: silence ? declared(row: r, inFicheOf: h.source, held: held) : 0)
        }
        let missing = q.skills.filter { !credited($0) }.map { MissingItem.competence(code: $0.code) }
            + unmetWishes(row: r, relevantMonths: exact.relevantMonths)
        return ShortlistEntry(
            rank: 0, candidateId: index.ids[r], score: exact.score,
            travel: .init(minutes: Double(best.minutes), mode: best.mode, limitMinutes: Double(index.limitMinutes[r]),
                          distanceKm: Double(times.distanceKm[commune]),
                          source: times.fromMatrix[best.mode.index][commune] ? "matrix" : "estimate"),
            components: components, matched: matched, inferred: inferred, missing: missing,
            priorityPublics: PriorityPublics(rawValue: index.publics[r]).publics)
    }

    /// Where an inferred competence of row `r` comes from: the fiche at the source's position in the row's
    /// fiche list, with its months (an experience) or without (a training).
    private func origin(of source: InferredSkills.Source, row r: Int) -> InferredSkill.Origin {
        let i = Int(index.ficheStart[r]) + Int(source & ~InferredSkills.throughMobilityBit) - 1
        let code = rome.fiches[Int(index.ficheIds[i])].code
        let months = Int(index.ficheMonths[i])
        if source & InferredSkills.throughMobilityBit != 0 { return .mobility(romeCode: code, months: months) }
        return months > 0 ? .experience(romeCode: code, months: months) : .training(romeCode: code)
    }

    /// How many competences of the fiche an inferred one comes from row `r` declares.
    private func declared(row r: Int, inFicheOf source: InferredSkills.Source,
                          held: [Int32: (level: UInt8, source: InferredSkills.Source)]) -> Int {
        let i = Int(index.ficheStart[r]) + Int(source & ~InferredSkills.throughMobilityBit) - 1
        return rome.ficheItems[Int(index.ficheIds[i])].reduce(0) { $0 + (held[$1]?.source == InferredSkills.declared ? 1 : 0) }
    }

    /// The two BLAS parts of the score, recomputed in double: skill affinity and priority bonus.
    private func vectorParts(row r: Int) -> (affinity: Double, priority: Double) {
        let flags = 1 + index.dimension, stride = index.stride
        var affinity = 0.0, priority = 0.0
        index.vectors.withUnsafeBufferPointer { vectors in
            q.vector.withUnsafeBufferPointer { query in
                let row = UnsafeBufferPointer(rebasing: vectors[(r * stride)..<((r + 1) * stride)])
                for j in 0..<flags { affinity += Double(row[j]) * Double(query[j]) }
                for j in flags..<stride { priority += Double(row[j]) * Double(query[j]) }
            }
        }
        return (affinity, priority)
    }

    /// Desired (`S`) requirements the candidate does not meet.
    private func unmetWishes(row r: Int, relevantMonths: Float) -> [MissingItem] {
        var out = [MissingItem]()
        let licences = LicenceSet(rawValue: index.licences[r])
        for l in q.desiredLicences where !licences.contains(LicenceSet([l])) { out.append(.desiredLicence(code: l.code)) }
        for l in q.desiredLanguages where index.languages[r] & (1 << UInt32(l.bit)) == 0 {
            out.append(.desiredLanguage(name: l.name))
        }
        if q.targetDiploma > Int(index.diploma[r]) { out.append(.desiredDiploma(level: q.targetDiploma)) }
        let requested = q.offer.requestedExperienceMonths
        if q.offer.experienceRequirement == .desired, relevantMonths < Float(requested) {
            out.append(.desiredExperience(months: requested))
        }
        return out
    }
}
