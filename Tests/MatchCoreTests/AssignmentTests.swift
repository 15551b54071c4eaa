import MatchTestSupport
import Testing
@testable import MatchCore

/// Small random assignment problems: edges between a few candidates and offers with random scores.
private func randomProblem(seed: UInt64) -> AssignmentProblem {
    var rng = SplitMix64(seed: seed)
    let candidates = 2 + Int(rng.next() % 4), offers = 1 + Int(rng.next() % 4)
    var edges = [CandidateOfferEdge]()
    for c in 0..<candidates {
        for o in 0..<offers where rng.nextUnit() < 0.6 && edges.count < 14 {
            // Coarse scores make ties frequent, the hard case for tie handling.
            edges.append(.init(row: Int32(c), offer: Int32(o), score: Float(Int(rng.next() % 8) + 1) / 8))
        }
    }
    let capacity = (0..<offers).map { _ in 1 + Int(rng.next() % 3) }
    return AssignmentProblem(edges: edges, candidateCount: candidates, offerCapacity: capacity,
                             candidateCap: 1 + Int(rng.next() % 3))
}

/// The best total over every subset of edges that respects the capacities.
private func bruteForceOptimum(_ p: AssignmentProblem) -> Double {
    var best = 0.0
    for mask in 0..<(1 << p.edges.count) {
        var offerUse = [Int](repeating: 0, count: p.offerCapacity.count)
        var candidateUse = [Int](repeating: 0, count: p.candidateCount)
        var total = 0.0, feasible = true
        for (i, e) in p.edges.enumerated() where mask & (1 << i) != 0 {
            offerUse[Int(e.offer)] += 1; candidateUse[Int(e.row)] += 1
            total += Double(e.score)
            if offerUse[Int(e.offer)] > p.offerCapacity[Int(e.offer)] || candidateUse[Int(e.row)] > p.candidateCap { feasible = false; break }
        }
        if feasible { best = max(best, total) }
    }
    return best
}

private func respectsCapacities(_ a: Assignment, _ p: AssignmentProblem) -> Bool {
    var offerUse = [Int](repeating: 0, count: p.offerCapacity.count)
    var candidateUse = [Int](repeating: 0, count: p.candidateCount)
    for i in a.chosen {
        offerUse[Int(p.edges[i].offer)] += 1
        candidateUse[Int(p.edges[i].row)] += 1
    }
    return zip(offerUse, p.offerCapacity).allSatisfy { $0 <= $1 } && candidateUse.allSatisfy { $0 <= p.candidateCap }
        && Set(a.chosen).count == a.chosen.count
}

@Suite struct AssignmentTests {
    @Test(arguments: 0..<300 as Range<UInt64>)
    func flowIsOptimalAndGreedyNeverBetter(seed: UInt64) {
        let p = randomProblem(seed: seed)
        let optimum = bruteForceOptimum(p)
        let flow = Assigner.minCostFlow(p), greedy = Assigner.greedy(p)
        #expect(respectsCapacities(flow, p) && respectsCapacities(greedy, p))
        #expect(abs(flow.totalScore - optimum) < 1e-6, "seed \(seed): flow \(flow.totalScore), optimum \(optimum)")
        #expect(greedy.totalScore <= optimum + 1e-6)
    }

    @Test func greedyCanBeBeaten() {
        // One candidate is best for both offers; the greedy gives it the better one and leaves the other
        // offer with a weak candidate, the optimum swaps.
        let p = AssignmentProblem(edges: [.init(row: 0, offer: 0, score: 0.9), .init(row: 0, offer: 1, score: 0.85),
                                          .init(row: 1, offer: 0, score: 0.8), .init(row: 1, offer: 1, score: 0.1)],
                                  candidateCount: 2, offerCapacity: [1, 1], candidateCap: 1)
        #expect(abs(Assigner.minCostFlow(p).totalScore - 1.65) < 1e-6)
        #expect(abs(Assigner.greedy(p).totalScore - 1.0) < 1e-6)
    }

    @Test func sameInputSameOutput() {
        for seed in 0..<20 as Range<UInt64> {
            let p = randomProblem(seed: seed)
            #expect(Assigner.minCostFlow(p) == Assigner.minCostFlow(p))
            #expect(Assigner.greedy(p) == Assigner.greedy(p))
        }
    }
}

@Suite struct BatchScorerTests {
    /// The tiles' sgemm and shared scan give each offer the same best candidates as its own shortlist:
    /// multiplied under a policy with affinity, without product under one without (the standard policy).
    @Test(arguments: [3, 11] as [UInt64], ["standard", "unusual"])
    func offerListsMatchShortlists(seed: UInt64, policyName: String) throws {
        let s = try Scenario(seed: seed, poolSize: 900, offerCount: 24, policy: policy(named: policyName))
        var scorer = BatchScorer(matcher: s.matcher)
        scorer.tileOffers = 5
        scorer.chunkRows = 64
        let result = scorer.score(offers: s.offers, listSize: { _ in 8 })
        #expect(result.skipped.isEmpty)
        for (o, offer) in s.offers.enumerated() {
            let expected = try s.matcher.shortlist(for: offer, top: 8).entries
            let got = result.graph.edges.filter { $0.offer == Int32(o) }
            let byRow = Dictionary(uniqueKeysWithValues: got.map { ($0.row, $0.score) })
            for entry in expected {
                let row = try #require(s.matcher.index.ids.firstIndex(of: entry.candidateId))
                let score = try #require(byRow[Int32(row)], "offer \(offer.id): \(entry.candidateId) missing from the batch graph")
                #expect(abs(Double(score) - entry.score) < 1e-4)
            }
        }
        // Candidate side: every edge is a feasible pair with its shortlist score.
        for edge in result.graph.edges.prefix(200) {
            let entry = try s.matcher.explain(rows: [Int(edge.row)], for: s.offers[Int(edge.offer)])[0]
            #expect(abs(entry.score - Double(edge.score)) < 1e-4)
        }
        #expect((result.gemmFlops > 0) == (s.policy.weights.skillAffinity != 0))
        #expect(result.multipliedTiles == (s.policy.weights.skillAffinity != 0 ? result.tiles : 0) && result.tiles == 5)
    }

    /// Splitting the offers over workers (each with its own candidate lists, merged) keeps the same pairs;
    /// scores may differ in the last bit, as sgemm sums in another order for another number of offers.
    @Test func threadsGiveTheSameGraph() throws {
        let s = try Scenario(seed: 5, poolSize: 1_200, offerCount: 40)
        var one = BatchScorer(matcher: s.matcher), two = BatchScorer(matcher: s.matcher)
        one.threads = 1; two.threads = 2
        one.tileOffers = 16; two.tileOffers = 16
        one.offersPerCandidate = 3; two.offersPerCandidate = 3
        expectSameGraph(one, two, offers: s.offers, listSize: 4)
    }
}
