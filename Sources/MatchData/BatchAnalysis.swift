public import Foundation
public import MatchCore

/// What an analyst reads after a batch: where the leavers and the posts are and how many got a proposal,
/// by zone d'emploi, EPCI and grand domaine of the ROME, and each leaver left without a proposal with the
/// main reason.
///
///     let analysis = BatchAnalysis(cohort: members, offers: open, proposals: outcome.proposals,
///                                  shortlisted: outcome.shortlisted, model: model, names: names)
///     analysis.unproposed.first?.reason   // .outOfReach
///
/// The reasons, tested in this order (the first that holds is the main one):
/// 1. ``Reason/outOfReach``: no open offer within the leaver's own travel limit, by any of their modes;
/// 2. ``Reason/noOfferInTrade``: offers within reach, none in the métiers they trained for or look for;
/// 3. ``Reason/placesTaken``: among the best candidates of at least one offer, but its places went to
///    candidates ranked higher (capacities and the cap per candidate);
/// 4. ``Reason/outranked``: offers of their métier within reach, but never among their best candidates
///    (a hard requirement unmet, or a lower score).
public struct BatchAnalysis: Codable, Sendable {
    /// One row of a breakdown: leavers living in the area, offers located there.
    public struct Area: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var leavers = 0
        public var leaversWithProposal = 0
        public var offers = 0
        public var posts = 0
        public var proposals = 0
    }

    public enum Reason: String, Codable, Sendable, CaseIterable {
        case outOfReach = "horsDePortee", noOfferInTrade = "aucuneOffreDuMetier", placesTaken = "placesPrises", outranked = "moinsBienClasse"

        /// In French, for the analyst.
        public var label: String {
            switch self {
            case .outOfReach: "aucune offre ouverte dans sa limite de trajet"
            case .noOfferInTrade: "des offres à sa portée, aucune dans son métier"
            case .placesTaken: "retenu pour des offres, places prises par des candidats mieux classés"
            case .outranked: "des offres de son métier à sa portée, jamais parmi les mieux classés"
            }
        }
    }

    /// A leaver without a proposal.
    public struct Unproposed: Codable, Sendable, Hashable {
        public var candidate: String
        public var commune: String
        public var metier: String
        public var reason: Reason

        public init(candidate: String, commune: String, metier: String, reason: Reason) {
            self.candidate = candidate; self.commune = commune; self.metier = metier; self.reason = reason
        }

        /// The line of an erased candidate (RGPD): only the reason stays, for the counts.
        public static func erased(reason: Reason) -> Unproposed {
            Unproposed(candidate: "", commune: "", metier: "", reason: reason)
        }
    }

    public var byZone: [Area]
    public var byEPCI: [Area]
    public var byDomain: [Area]
    public var unproposed: [Unproposed]

    /// Leavers without a proposal, by main reason.
    public var reasonCounts: [Reason: Int] { Dictionary(grouping: unproposed, by: \.reason).mapValues(\.count) }

    /// - Parameters:
    ///   - shortlisted: the leavers that were among the best candidates of at least one offer.
    public init(cohort: [Candidate], offers: [JobOffer], proposals: [BatchReport.Proposal], shortlisted: Set<String>,
                model: MatchModel, names: AreaNames) {
        let proposed = Set(proposals.map(\.candidate))
        let proposalsByOffer = Dictionary(grouping: proposals, by: \.offer).mapValues(\.count)
        func fiche(_ code: String?) -> RomeFiche? { code.flatMap { model.rome.ficheIndex[$0] }.map { model.rome.fiches[Int($0)] } }
        func trade(_ c: Candidate) -> String? { c.training?.romeCode ?? c.targetRomeCodes.first }
        var zones = Tally(), epcis = Tally(), domains = Tally()
        for c in cohort {
            let place = model.communes[c.commune]
            let domain = fiche(trade(c)).map { String($0.domaineCode.prefix(1)) }
            let got = proposed.contains(c.id)
            zones.leaver(place?.zoneEmploi, names.zones, got)
            epcis.leaver(place?.epci, names.epci, got)
            domains.leaver(domain, names.domains, got)
        }
        for o in offers {
            let place = o.workplace.commune.flatMap { model.communes[$0] }
            let domain = fiche(o.romeCode).map { String($0.domaineCode.prefix(1)) }
            let received = proposalsByOffer[o.id] ?? 0
            zones.offer(place?.zoneEmploi, names.zones, posts: o.boundedPositions, proposals: received)
            epcis.offer(place?.epci, names.epci, posts: o.boundedPositions, proposals: received)
            domains.offer(domain, names.domains, posts: o.boundedPositions, proposals: received)
        }
        byZone = zones.sorted
        byEPCI = epcis.sorted
        byDomain = domains.sorted
        let left = cohort.filter { !proposed.contains($0.id) }
        let reach = Reach(leavers: left, offers: offers, model: model)
        unproposed = left.map { c in
            let reason: Reason
            let found = reach.verdict(c)
            if !found.anyOffer { reason = .outOfReach }
            else if !found.offerInTrade { reason = .noOfferInTrade }
            else if shortlisted.contains(c.id) { reason = .placesTaken }
            else { reason = .outranked }
            let town = model.communes[c.commune]?.displayName ?? c.commune
            let metier = fiche(trade(c)).map { "\($0.label) (\($0.code))" } ?? "—"
            return Unproposed(candidate: c.id, commune: town, metier: metier, reason: reason)
        }
    }
}

/// The names of the areas of a breakdown: zones d'emploi, EPCI and grands domaines of the ROME, by code.
public struct AreaNames: Sendable {
    public var zones: [String: String]
    public var epci: [String: String]
    public var domains: [String: String]

    public init(zones: [String: String] = [:], epci: [String: String] = [:], domains: [String: String] = [:]) {
        self.zones = zones; self.epci = epci; self.domains = domains
    }
}

/// Counts by area code, for one breakdown.
private struct Tally {
    var areas: [String: BatchAnalysis.Area] = [:]

    mutating func leaver(_ code: String?, _ names: [String: String], _ proposed: Bool) {
        update(code, names) { $0.leavers += 1; if proposed { $0.leaversWithProposal += 1 } }
    }

    mutating func offer(_ code: String?, _ names: [String: String], posts: Int, proposals: Int) {
        update(code, names) { $0.offers += 1; $0.posts += posts; $0.proposals += proposals }
    }

    private mutating func update(_ code: String?, _ names: [String: String], _ change: (inout BatchAnalysis.Area) -> Void) {
        let key = code ?? "?"
        var area = areas[key] ?? BatchAnalysis.Area(code: key, name: code.flatMap { names[$0] } ?? (code == nil ? "non renseigné" : key))
        change(&area)
        areas[key] = area
    }

    /// Most leavers first, then by name.
    var sorted: [BatchAnalysis.Area] {
        areas.values.sorted { $0.leavers != $1.leavers ? $0.leavers > $1.leavers : $0.name < $1.name }
    }
}

/// Whether each leaver reaches an open offer within their own limit, and one of their métiers: travel
/// times from every commune to each offer's commune (the engine's own rule), computed once per offer
/// commune and dropped after use, checked against the leavers grouped by what decides the answer (home,
/// modes, limit, métiers). Memory stays at one destination's times plus two flags per group.
private struct Reach {
    struct Key: Hashable {
        var commune: Int
        var modes: [TransportMode]
        var limit: Int
        var trades: Set<String>
    }

    private var index: [Key: Int] = [:]
    private var anyOffer: [Bool] = []
    private var offerInTrade: [Bool] = []
    private let communes: CommuneDirectory

    init(leavers: [Candidate], offers: [JobOffer], model: MatchModel) {
        communes = model.communes
        var keys: [Key] = []
        for c in leavers {
            guard let key = Self.key(c, communes), index[key] == nil else { continue }
            index[key] = keys.count
            keys.append(key)
        }
        anyOffer = Array(repeating: false, count: keys.count)
        offerInTrade = anyOffer
        guard !keys.isEmpty else { return }
        var codesByPlace: [String: Set<String>] = [:]
        for o in offers { if let place = o.workplace.commune, model.communes[place] != nil { codesByPlace[place, default: []].insert(o.romeCode) } }
        // Beyond this distance every mode's estimate exceeds every leaver's limit: no trigonometry there.
        let reachKm = model.travel.estimateReachKm(minutes: Float(keys.map(\.limit).max() ?? 0))
        var pending = Array(keys.indices)
        for (place, codes) in codesByPlace.sorted(by: { $0.key < $1.key }) where !pending.isEmpty {
            let commune = model.communes[place]!
            let times = model.travel.fromAllCommunes(of: model.communes, to: Location(communeCode: place, point: commune.location),
                                                     reachKm: reachKm)
            var settled = false
            for i in pending {
                let key = keys[i], limit = Float(key.limit)
                guard key.modes.contains(where: { times.minutes(commune: key.commune, mode: $0) <= limit }) else { continue }
                anyOffer[i] = true
                if !key.trades.isDisjoint(with: codes) { offerInTrade[i] = true; settled = true }
            }
            if settled { pending.removeAll { offerInTrade[$0] } }
        }
    }

    static func key(_ c: Candidate, _ communes: CommuneDirectory) -> Key? {
        guard let row = communes.index[c.commune] else { return nil }
        return Key(commune: Int(row), modes: c.mobility.modes, limit: c.mobility.maxMinutes,
                   trades: Set([c.training?.romeCode].compactMap { $0 } + c.targetRomeCodes))
    }

    /// What `c` reaches; nothing for a home commune outside the directory.
    func verdict(_ c: Candidate) -> (anyOffer: Bool, offerInTrade: Bool) {
        guard let key = Self.key(c, communes), let i = index[key] else { return (false, false) }
        return (anyOffer[i], offerInTrade[i])
    }
}
