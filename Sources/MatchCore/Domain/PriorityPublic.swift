/// Publics that French employment policy treats as priorities. They are derived from a candidate's
/// facts at a reference date and can only *add* to a score (positive action): the scoring policy
/// rejects a negative bonus.
public enum PriorityPublic: String, Codable, Sendable, CaseIterable, Hashable {
    /// Under 26 at the reference date.
    case jeune
    /// 50 or over at the reference date.
    case senior
    /// Reconnaissance de la qualité de travailleur handicapé.
    case rqth
    /// Lives in a quartier prioritaire de la politique de la ville.
    case qpv
    /// Receives the revenu de solidarité active.
    case rsa
    /// Demandeur d'emploi de longue durée: unemployed for 12 months or more.
    case deld
    /// Laid off for economic reasons (CSP).
    case licencieEconomique
    /// Left a training course recently (see ``PriorityRules/trainingLeaverWindowDays``).
    case sortantFormation

    public var bit: UInt16 { 1 << UInt16(index) }
    public var index: Int { PriorityPublic.indexTable[self]! }
    static let indexTable = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($0.element, $0.offset) })
}

/// A set of priority publics as a bit mask.
public struct PriorityPublics: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ publics: [PriorityPublic]) { self.init(rawValue: publics.reduce(0) { $0 | $1.bit }) }
    public var publics: [PriorityPublic] { PriorityPublic.allCases.filter { rawValue & $0.bit != 0 } }
}

/// Thresholds used to derive priority publics at a reference date.
public struct PriorityRules: Codable, Sendable, Hashable {
    public var youngUnderAge = 26
    public var seniorFromAge = 50
    public var longTermUnemploymentMonths = 12
    /// A training that ended at most this many days before the reference date makes a "sortant de formation".
    public var trainingLeaverWindowDays = 365

    public init() {}

    /// The priority publics `candidate` belongs to on `date`.
    ///
    ///     let publics = PriorityRules().publics(of: candidate, on: Day("2026-11-23")!)
    public func publics(of candidate: Candidate, on date: Day) -> PriorityPublics {
        var set = PriorityPublics()
        if let birth = candidate.birthDate {
            let age = birth.years(until: date)
            if age < youngUnderAge { set.insert(.init([.jeune])) }
            if age >= seniorFromAge { set.insert(.init([.senior])) }
        }
        if candidate.rqth { set.insert(.init([.rqth])) }
        if candidate.qpv { set.insert(.init([.qpv])) }
        if candidate.rsa { set.insert(.init([.rsa])) }
        if candidate.economicLayoff { set.insert(.init([.licencieEconomique])) }
        if let since = candidate.unemployedSince, since.months(until: date) >= longTermUnemploymentMonths {
            set.insert(.init([.deld]))
        }
        if let end = candidate.training?.endDate, end <= date,
           date.ordinal - end.ordinal <= Int32(trainingLeaverWindowDays) {
            set.insert(.init([.sortantFormation]))
        }
        return set
    }
}
