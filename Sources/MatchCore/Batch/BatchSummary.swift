/// Figures of a batch assignment, and the same figures for the unconstrained top-k, to show what the
/// congestion cap costs (total score) and buys (spread of proposals).
public struct BatchSummary: Codable, Sendable {
    public var cohort: Int
    public var offers: Int
    public var capacity: Int
    public var assigned: Figures
    public var unconstrained: Figures
    /// Share of each priority public in the cohort.
    public var cohortShares: [String: Double]

    public struct Figures: Codable, Sendable {
        public var proposals: Int
        public var totalScore: Double
        public var postsWithProposal: Int
        public var candidatesWithProposal: Int
        public var proposalsPerCandidate: Spread
        /// Share of proposals that go to each priority public.
        public var priorityShares: [String: Double]
    }

    public struct Spread: Codable, Sendable {
        public var max: Int
        public var mean: Double
        public var p95: Int
    }

    /// - Parameters:
    ///   - pairs: the chosen (row, offer, score) proposals.
    ///   - unconstrained: each offer's best candidates up to its capacity, ignoring the candidate cap.
    public init(pairs: [CandidateOfferEdge], unconstrained: [CandidateOfferEdge], index: CandidateIndex,
                offers: Int, capacity: Int) {
        cohort = index.count
        self.offers = offers
        self.capacity = capacity
        assigned = BatchSummary.figures(pairs, index: index)
        self.unconstrained = BatchSummary.figures(unconstrained, index: index)
        var shares = [String: Double]()
        for p in PriorityPublic.allCases {
            let n = index.publics.reduce(0) { $0 + ($1 & p.bit != 0 ? 1 : 0) }
            shares[p.rawValue] = index.count == 0 ? 0 : Double(n) / Double(index.count)
        }
        cohortShares = shares
    }

    /// Each offer's best candidates up to its capacity, whatever else they are proposed to.
    public static func unconstrainedTopK(_ edges: [CandidateOfferEdge], capacities: [Int]) -> [CandidateOfferEdge] {
        let byOffer = Dictionary(grouping: edges, by: \.offer)
        var out = [CandidateOfferEdge]()
        for offer in byOffer.keys.sorted() {
            let ranked = byOffer[offer, default: []].sorted { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
            out += ranked.prefix(capacities[Int(offer)])
        }
        return out
    }

    static func figures(_ pairs: [CandidateOfferEdge], index: CandidateIndex) -> Figures {
        var perCandidate = [Int32: Int](), posts = Set<Int32>()
        var publicCounts = [Int](repeating: 0, count: PriorityPublic.allCases.count)
        for p in pairs {
            perCandidate[p.row, default: 0] += 1
            posts.insert(p.offer)
            for pub in PriorityPublic.allCases where index.publics[Int(p.row)] & pub.bit != 0 { publicCounts[pub.index] += 1 }
        }
        let counts = perCandidate.values.sorted()
        let p95 = counts.isEmpty ? 0 : counts[min(counts.count - 1, Int((Double(counts.count - 1) * 0.95).rounded()))]
        var shares = [String: Double]()
        for pub in PriorityPublic.allCases {
            shares[pub.rawValue] = pairs.isEmpty ? 0 : Double(publicCounts[pub.index]) / Double(pairs.count)
        }
        return Figures(
            proposals: pairs.count, totalScore: pairs.reduce(0) { $0 + Double($1.score) },
            postsWithProposal: posts.count, candidatesWithProposal: perCandidate.count,
            proposalsPerCandidate: Spread(max: counts.last ?? 0,
                                          mean: counts.isEmpty ? 0 : Double(pairs.count) / Double(counts.count), p95: p95),
            priorityShares: shares)
    }
}

extension Matcher {
    /// Exact scores and explanations of given rows for one offer, in the order given (batch output).
    public func explain(rows: [Int], for offer: JobOffer) throws -> [ShortlistEntry] {
        let q = try query(for: offer)
        let times = travel.fromAllCommunes(of: communes, to: q.location)
        let explainer = Explainer(query: q, index: index, policy: policy, rome: rome, times: times)
        return rows.map { explainer.explain(row: $0) }
    }
}
