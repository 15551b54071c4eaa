import MatchTestSupport
import Testing
@testable import MatchCore

/// The batch's fast paths against the plain code they replace.
@Suite struct BatchFastPathTests {
    /// Coverage filled from the skills' posting lists is the per-row loop's, to the bit, inside the span;
    /// 0 outside it and after clearing.
    @Test(arguments: [2, 9] as [UInt64])
    func coverageFromPostingsIsTheRowLoop(seed: UInt64) throws {
        let s = try Scenario(seed: seed, poolSize: 700, offerCount: 12)
        let index = s.matcher.index
        let postings = SkillPostings(index: index)
        let scratch = CoverageScratch(rows: index.count)
        let span = (index.count / 5)..<(index.count * 4 / 5)
        for offer in s.offers {
            let q = try s.matcher.query(for: offer)
            let lookups = RowLookups(query: q, index: index)
            scratch.fill(q, postings: postings, span: span)
            let table = scratch.table
            for r in 0..<index.count {
                let expected = span.contains(r) ? lookups.coverage(row: r) : (weight: 0, essentialHits: 0)
                #expect(table[r].weight.bitPattern == expected.weight.bitPattern && table[r].essentialHits == expected.essentialHits,
                        "offer \(offer.id), row \(r)")
            }
            scratch.clear(postings: postings)
            #expect((0..<index.count).allSatisfy { table[$0].weight == 0 && table[$0].essentialHits == 0 })
        }
    }

    /// Each candidate's list holds their best offers (by the shortlist's exact scores; near-ties with the
    /// first offer left out may go either way).
    @Test func candidateListsHoldEachCandidatesBestOffers() throws {
        let s = try Scenario(seed: 7, poolSize: 600, offerCount: 30)
        let index = s.matcher.index
        var scorer = BatchScorer(matcher: s.matcher)
        scorer.tileOffers = 8
        scorer.offersPerCandidate = 3
        let graph = scorer.score(offers: s.offers, listSize: { _ in 2 }).graph
        var feasible = [String: [(offer: Int32, score: Double)]]()
        for (o, offer) in s.offers.enumerated() {
            for entry in try s.matcher.shortlist(for: offer, top: index.count).entries {
                feasible[entry.candidateId, default: []].append((Int32(o), entry.score))
            }
        }
        var checked = 0
        for (id, offers) in feasible {
            let row = try #require(index.ids.firstIndex(of: id))
            let ranked = offers.sorted { $0.score > $1.score }
            let cut = ranked.count > 3 ? ranked[3].score + 1e-4 : -Double.infinity
            let kept = Set(graph.edges.filter { $0.row == Int32(row) }.map(\.offer))
            for entry in ranked.prefix(3) where entry.score > cut {
                #expect(kept.contains(entry.offer), "candidate \(id): offer \(entry.offer) missing")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    /// Tile and band sizes change which offers share an sgemm, where the row ranges start and in how many
    /// bands a tile is multiplied and walked, not the pairs kept.
    @Test func tileSizeGivesTheSameGraph() throws {
        let s = try Scenario(seed: 4, poolSize: 1_000, offerCount: 36)
        var small = BatchScorer(matcher: s.matcher), large = BatchScorer(matcher: s.matcher)
        small.tileOffers = 5; small.chunkRows = 64; small.bandColumns = 100
        large.tileOffers = 64; large.bandColumns = 1_000_000
        expectSameGraph(small, large, offers: s.offers, listSize: 5)
    }

    /// Under a policy without affinity (the standard one), the batch multiplies no tile, each row's dot
    /// product read as its bonuses, and keeps the pairs that the multiplied batch keeps.
    @Test func withoutAffinityTheProductIsNotComputed() throws {
        let s = try Scenario(seed: 8, poolSize: 1_000, offerCount: 30)
        #expect(s.policy.weights.skillAffinity == 0)
        var plain = BatchScorer(matcher: s.matcher)
        plain.tileOffers = 6
        var multiplied = plain
        multiplied.alwaysMultiplies = true
        expectSameGraph(plain, multiplied, offers: s.offers, listSize: 5)
        let unmultiplied = plain.score(offers: s.offers, listSize: { _ in 5 })
        let forced = multiplied.score(offers: s.offers, listSize: { _ in 5 })
        #expect(unmultiplied.multipliedTiles == 0 && unmultiplied.gemmFlops == 0 && unmultiplied.tiles == 5)
        #expect(forced.multipliedTiles == forced.tiles && forced.gemmFlops > 0)
        #expect(MemoryLayout<RowFacts>.stride == 64, "a row's packed facts in one cache line")
    }

    /// The graph's edges come sorted by candidate row, then offer, each pair once, though a pair that both
    /// the offer's list and the candidate's list keep is found twice.
    @Test func graphEdgesAreSortedAndUnique() throws {
        let s = try Scenario(seed: 12, poolSize: 500, offerCount: 20)
        var scorer = BatchScorer(matcher: s.matcher)
        scorer.tileOffers = 6
        let edges = scorer.score(offers: s.offers, listSize: { _ in 6 }).graph.edges
        let keys = edges.map { Int64($0.row) << 32 | Int64($0.offer) }
        #expect(!keys.isEmpty && zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "strictly increasing")
    }

    /// Bands sized from the last-level cache: 3/16 of it for a band's product, a power of two in 2,048…16,384
    /// rows; an unknown cache keeps the defaults. Whatever the size, the graph is the same (test above).
    @Test func bandsSizedFromTheCache() throws {
        let s = try Scenario(seed: 4, poolSize: 200, offerCount: 4)
        let scorer = BatchScorer(matcher: s.matcher)
        #expect(scorer.sized(forLastLevelCache: 32 << 20).bandColumns == 4_096)
        #expect(scorer.sized(forLastLevelCache: 64 << 20).bandColumns == 8_192)
        #expect(scorer.sized(forLastLevelCache: 8 << 20).bandColumns == 2_048)
        #expect(scorer.sized(forLastLevelCache: 512 << 10).bandColumns == 2_048)
        #expect(scorer.sized(forLastLevelCache: 1 << 30).bandColumns == 16_384)
        #expect(scorer.sized(forLastLevelCache: 48 << 20).bandColumns == 4_096, "a power of two at most the ideal")
        #expect(scorer.sized(forLastLevelCache: nil).bandColumns == scorer.bandColumns)
        var wide = scorer
        wide.tileOffers = 768
        #expect(wide.sized(forLastLevelCache: 64 << 20).bandColumns == 4_096, "twice the offers, half the rows")
    }

    /// Bands cover the tile's chunks in order, each chunk once, within the column bound unless a chunk alone
    /// exceeds it.
    @Test func bandsCoverTheChunksInOrder() throws {
        let s = try Scenario(seed: 6, poolSize: 600, offerCount: 12)
        let index = s.matcher.index
        let reachable = (0..<6).map { o in (0..<index.communeGroups.count).filter { ($0 + o) % 3 != 0 }.map(Int32.init) }
        let plan = TilePlan(reachable: reachable, index: index, chunkRows: 40)
        for limit in [1, 50, 120, 10_000] {
            let bands = plan.bands(maxColumns: limit)
            #expect(bands.flatMap { Array($0.chunks) } == Array(plan.chunks.indices), "limit \(limit)")
            for band in bands {
                let chunks = plan.chunks[band.chunks]
                #expect(band.columns == chunks.first!.columns.lowerBound..<chunks.last!.columns.upperBound)
                #expect(band.rows == chunks.first!.rows.lowerBound..<chunks.last!.rows.upperBound)
                #expect(band.columns.count <= limit || band.chunks.count == 1, "limit \(limit): \(band.columns)")
            }
        }
        #expect(plan.chunks.count > 3)
    }

    /// The métier lookup from a row's packed facts (four slots read at once) is the plain loop over the
    /// row's fiches, to the bit, for rows with one to four fiches and for the others.
    @Test func packedMetierLookupIsThePlainLoop() throws {
        let s = try Scenario(seed: 3, poolSize: 800, offerCount: 16)
        let index = s.matcher.index
        let packed = PackedRows(index: index)
        var inline = 0
        for offer in s.offers {
            let lookups = RowLookups(query: try s.matcher.query(for: offer), index: index)
            for r in 0..<index.count {
                let fast = lookups.metier(packed.pointer[r]), plain = lookups.metier(row: r)
                #expect(fast.proximity.bitPattern == plain.proximity.bitPattern
                        && fast.relevantMonths.bitPattern == plain.relevantMonths.bitPattern, "offer \(offer.id), row \(r)")
                if packed.pointer[r].inlineFiches { inline += 1 }
            }
        }
        let counts = Set((0..<index.count).map { index.ficheStart[$0 + 1] - index.ficheStart[$0] })
        #expect(inline > 0 && counts.isSuperset(of: [1, 2]), "fiche counts \(counts.sorted())")
    }

    /// A band's stage holds, at row j, the index row of the band's column `first + j`, read plainly from the
    /// chunks; whether copied whole, by two workers, or in uneven parts in any order.
    @Test(arguments: [1, 2, 7])
    func stagedBandsAreTheIndexRows(parts: Int) throws {
        let s = try Scenario(seed: 6, poolSize: 600, offerCount: 12)
        let index = s.matcher.index
        let stride = index.stride
        let reachable = (0..<6).map { o in (0..<index.communeGroups.count).filter { ($0 + o) % 3 != 0 }.map(Int32.init) }
        let plan = TilePlan(reachable: reachable, index: index, chunkRows: 40)
        let stage = BandStage()
        var checked = 0
        for band in plan.bands(maxColumns: 90) {
            if parts == 2 {
                stage.fill(plan: plan, band: band, stride: stride, vectors: index.vectors, workers: 2)
            } else {
                stage.prepare(plan: plan, band: band, stride: stride)
                index.vectors.withUnsafeBufferPointer { v in
                    for part in (0..<parts).reversed() { stage.copy(part: part, of: parts, from: v.baseAddress!) }
                }
            }
            #expect(stage.rowCount == band.columns.count)
            for column in band.columns {
                let chunk = try #require(plan.chunks.first { $0.columns.contains(column) })
                let row = chunk.rows.lowerBound + column - chunk.columns.lowerBound
                let j = column - band.columns.lowerBound
                let staged = (0..<stride).map { stage.rows[j * stride + $0] }
                #expect(staged == Array(index.vectors[(row * stride)..<((row + 1) * stride)]), "column \(column)")
                checked += 1
            }
        }
        #expect(checked == plan.columns && plan.chunks.count > 3)
    }

    /// The batch's travel tables by commune group hold the per-commune tables' values wherever they can
    /// matter: every group that can reach the offer has the same minutes and distance, and a group ruled
    /// out by the reach cut is out of reach by the full table too.
    @Test func groupTravelIsThePerCommuneTable() throws {
        let s = try Scenario(seed: 5, poolSize: 800, offerCount: 20)
        let groups = s.matcher.index.communeGroups
        let travel = GroupTravel(matcher: s.matcher)
        for offer in s.offers {
            let location = try s.matcher.query(for: offer).location
            travel.prepare([location], workers: 1)
            let table = travel[location]
            let full = s.matcher.travel.fromAllCommunes(of: s.matcher.communes, to: location)
            for (g, group) in groups.enumerated() {
                let c = Int(group.commune)
                let reachable = RowLookups.reachable(full, group: group)
                #expect(table.reachable.contains(Int32(g)) == reachable, "offer \(offer.id), group \(g)")
                guard reachable else { continue }
                let expected = SIMD4((0..<4).map { full.minutes[$0][c] })
                #expect(table.times.minutes[g] == expected && table.times.distanceKm[g] == full.distanceKm[c])
            }
        }
    }

    /// Every edge's score is the shortlist's exact score of the pair, within float tolerance.
    @Test func edgeScoresAreTheExactScores() throws {
        let s = try Scenario(seed: 11, poolSize: 600, offerCount: 24)
        let index = s.matcher.index
        var scorer = BatchScorer(matcher: s.matcher)
        scorer.tileOffers = 7
        let graph = scorer.score(offers: s.offers, listSize: { _ in 4 }).graph
        var exact = [Int64: Double]()
        for (o, offer) in s.offers.enumerated() {
            for entry in try s.matcher.shortlist(for: offer, top: index.count).entries {
                let row = try #require(index.ids.firstIndex(of: entry.candidateId))
                exact[Int64(row) << 32 | Int64(o)] = entry.score
            }
        }
        #expect(!graph.edges.isEmpty)
        for e in graph.edges {
            let reference = try #require(exact[Int64(e.row) << 32 | Int64(e.offer)], "edge \(e) is not feasible")
            #expect(abs(Double(e.score) - reference) < 1e-4, "edge \(e): \(reference)")
        }
    }

    /// The flow's search through offers' short lists of residual edges finds the same assignment as the
    /// scan of their whole adjacency, on problems large enough for many re-routings.
    @Test(arguments: 0..<6 as Range<UInt64>)
    func offerListsGiveTheSameAssignment(seed: UInt64) {
        let p = Self.coarseProblem(seed: seed, candidates: 300, offers: 40, density: 0.15, levels: 20, maxCapacity: 6, cap: 2)
        #expect(Assigner.minCostFlow(p, offerLists: true) == Assigner.minCostFlow(p, offerLists: false))
    }

    /// Far more candidates than places (every offer full early, each new candidate displacing others): the
    /// offers' short lists give the same assignment as their whole adjacency, and every place is taken.
    @Test(arguments: 0..<8 as Range<UInt64>)
    func oversubscribedGivesTheSameAssignment(seed: UInt64) {
        let p = Self.coarseProblem(seed: 100 + seed, candidates: 600, offers: 30, density: 0.2, levels: 10, maxCapacity: 3, cap: 3)
        let fast = Assigner.minCostFlow(p, offerLists: true)
        #expect(fast == Assigner.minCostFlow(p, offerLists: false))
        #expect(fast.chosen.count == p.offerCapacity.reduce(0, +), "every place taken")
    }

    /// Each pair an edge with probability `density`, its score on `levels` steps (coarse: many ties, so the
    /// order of the search matters); capacities 1…`maxCapacity`.
    static func coarseProblem(seed: UInt64, candidates: Int, offers: Int, density: Double, levels: Int, maxCapacity: Int,
                              cap: Int) -> AssignmentProblem {
        var rng = SplitMix64(seed: seed)
        var edges = [CandidateOfferEdge]()
        for c in 0..<candidates {
            for o in 0..<offers where rng.nextUnit() < density {
                edges.append(.init(row: Int32(c), offer: Int32(o), score: Float(Int(rng.nextUnit() * Double(levels))) / Float(levels)))
            }
        }
        return AssignmentProblem(edges: edges, candidateCount: candidates,
                                 offerCapacity: (0..<offers).map { _ in 1 + Int(rng.next() % UInt64(maxCapacity)) }, candidateCap: cap)
    }
}
