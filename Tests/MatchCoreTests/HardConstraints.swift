import MatchTestSupport
@testable import MatchCore

/// Checks a shortlist entry against the raw candidate and offer, written as plainly as possible
/// and independently of both the engine and the reference scorer.
struct HardConstraints {
    let world: SyntheticWorld
    let policy: ScoringPolicy
    /// What counts as held, inferred competences included: the reference's plain reading of the rule.
    let reference: ReferenceScorer

    /// The hard constraints `candidate` breaks for `offer`, given what the entry reports.
    func broken(by c: Candidate, entry: ShortlistEntry, offer: JobOffer) -> [ExclusionReason] {
        var broken = [ExclusionReason]()
        if !travelOK(c, entry, offer) { broken.append(.travel) }
        let held = LicenceSet(c.licences).closure
        for p in offer.licences where p.exigence == .required {
            if let l = Licence(label: p.label), !held.contains(LicenceSet([l])) { broken.append(.licence) }
        }
        for p in offer.languages where p.exigence == .required {
            guard let language = Language(label: p.label) else { continue }
            let ok = c.languages.contains { Language(label: $0.language) == language && ($0.level ?? .b1) >= .b1 }
            if !ok { broken.append(.language) }
        }
        if let type = offer.contractType, !c.acceptedContracts.isEmpty,
           ContractTypes(codes: c.acceptedContracts).isDisjoint(with: ContractTypes(codes: [type])) {
            broken.append(.contract)
        }
        if let from = c.availableFrom, from > (offer.startDate ?? world.referenceDate) { broken.append(.availability) }
        if c.diplomaLevel < offer.requiredDiplomaLevel { broken.append(.diploma) }
        if offer.experienceRequirement == .required, relevantMonths(c, offer) < offer.requestedExperienceMonths {
            broken.append(.experience)
        }
        if policy.essentialSkillsAreHard, let held = try? reference.heldCompetences(of: c, for: offer),
           !offer.skills.filter({ $0.exigence == .required }).allSatisfy({ held.contains($0.code) }) {
            broken.append(.essentialSkills)
        }
        return broken
    }

    /// Reported time ≤ limit, equal to the fastest mode's time; distance within the radius.
    private func travelOK(_ c: Candidate, _ entry: ShortlistEntry, _ offer: JobOffer) -> Bool {
        let home = world.communes[c.commune]!.location
        let place = offer.workplace
        let point = place.latitude.flatMap { lat in place.longitude.map { GeoPoint(latitude: lat, longitude: $0) } }
            ?? world.communes[place.commune!]!.location
        let km = home.distanceKm(to: point)
        let fastest = c.mobility.modes.map { mode in
            place.commune.flatMap { world.travel.matrix.minutes(from: c.commune, to: $0, mode: mode) }.map(Double.init)
                ?? TravelTimeEstimator().minutes(distanceKm: km, mode: mode)
        }.min()!
        return entry.travel.minutes <= Double(c.mobility.maxMinutes)
            && abs(entry.travel.minutes - fastest) < 1e-3
            && abs(entry.travel.distanceKm - km) < 1e-3
            && (c.mobility.radiusKm.map { km <= $0 + 1e-3 } ?? true)
    }

    private func relevantMonths(_ c: Candidate, _ offer: JobOffer) -> Int {
        c.experiences.filter { closeness($0.romeCode, offer.romeCode) >= policy.relevantExperienceProximity }
            .reduce(0) { $0 + $1.months }
    }

    private func closeness(_ a: String, _ b: String) -> Float {
        let p = policy.metierProximity
        if a == b { return p.sameFiche }
        let fa = world.rome.fiches.first { $0.code == a }!, fb = world.rome.fiches.first { $0.code == b }!
        let related = world.mobilityRelations.contains { ($0.0 == a && $0.1 == b) || ($0.0 == b && $0.1 == a) }
        return max(fa.parentCode == fb.parentCode ? p.sameParent : 0, related ? p.mobility : 0,
                   fa.domaineCode == fb.domaineCode ? p.sameDomaine : 0)
    }
}
