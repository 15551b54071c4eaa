import Foundation

/// Scores a cohort against many offers in tiles and keeps the sparse graph of best pairs.
///
/// Offers are sorted along the Morton curve of their location and taken `tileOffers` at a time. For a
/// tile, the communes reachable by at least one of its offers give contiguous row ranges of the index;
/// each range is scored for the whole tile with one sgemm (`tile × stride` · `stride × rows`). Each offer
/// then walks its own reachable blocks with the very same code as a shortlist (``Scan``: travel prefix,
/// hard constraints, exact components), reading its dot products from the tile's result. Every feasible
/// pair feeds the offer's top list and the candidate's top list.
///
///     let scorer = BatchScorer(matcher: matcher)
///     let result = try scorer.score(offers: offers, listSize: { 3 * $0.positions * 4 })
public struct BatchScorer: Sendable {
    public let matcher: Matcher
    public var tileOffers = 256
    /// Longest row range of one sgemm (whole communes are never split).
    public var chunkRows = 8192
    /// Offers kept per candidate.
    public var offersPerCandidate = 10
    /// Threads walking the tile's offers after each sgemm (each with its own candidate lists, merged at the end).
    public var threads = 2

    public init(matcher: Matcher) { self.matcher = matcher }

    public struct Result: Sendable {
        public var graph: CandidateGraph
        /// Offers that could not be compiled (unknown ROME code, no location), with the reason.
        public var skipped: [(offer: Int, reason: String)]
        /// Seconds in sgemm, and the floating-point operations it did.
        public var gemmSeconds: Double
        public var gemmFlops: Double
        /// Seconds in everything else: offer compilation, travel times, constraints, exact parts, top lists.
        public var selectionSeconds: Double
    }

    /// - Parameters:
    ///   - listSize: how many candidates to keep for an offer (e.g. a few times its capacity).
    ///   - progress: called after each tile with (offers done, offers in all).
    public func score(offers: [JobOffer], listSize: (JobOffer) -> Int,
                      progress: ((Int, Int) -> Void)? = nil) -> Result {
        BLAS.withThreads(1) { scoreTiles(offers: offers, listSize: listSize, progress: progress) }
    }

    private func scoreTiles(offers: [JobOffer], listSize: (JobOffer) -> Int, progress: ((Int, Int) -> Void)?) -> Result {
        let index = matcher.index
        let lists = (0..<max(1, threads)).map { _ in CandidateTopLists(rows: index.count, capacity: offersPerCandidate) }
        var edges = [CandidateOfferEdge]()
        var skipped = [(offer: Int, reason: String)]()
        var gemmSeconds = 0.0, gemmFlops = 0.0, feasible = 0, scored = 0
        let clock = ContinuousClock()
        let started = clock.now
        let order = mortonOrder(offers)
        var timesCache = [Location: CommuneTravelTimes]()
        var done = 0
        for tileStart in stride(from: 0, to: order.count, by: tileOffers) {
            let tile = Array(order[tileStart..<min(order.count, tileStart + tileOffers)])
            var scans = compile(tile, offers: offers, listSize: listSize, lists: lists, timesCache: &timesCache, skipped: &skipped)
            let reach = scans.map { entry in
                index.communeGroups.map { Scan.reachable(entry.scan.times, commune: Int($0.commune), longestLimit: $0.longestLimit) }
            }
            for chunk in rowChunks(reach) {
                gemmSeconds += scoreChunk(&scans, chunk: chunk, reach: reach)
                gemmFlops += 2 * Double(scans.count) * Double(chunk.rows.count) * Double(index.stride)
                scored += scans.count * chunk.rows.count
            }
            for (o, scan) in scans {
                feasible += scan.heapFeasibleCount
                for entry in scan.heap.sortedDescending() { edges.append(.init(row: entry.row, offer: Int32(o), score: entry.score)) }
            }
            done += tile.count
            progress?(done, offers.count)
        }
        for other in lists.dropFirst() { lists[0].merge(other) }
        edges += (0..<index.count).flatMap { row in lists[0].entries(row: row).map { .init(row: Int32(row), offer: $0.offer, score: $0.score) } }
        let graph = CandidateGraph(edges: deduplicated(edges), candidateCount: index.count, offerCount: offers.count,
                                   feasiblePairs: feasible, scoredPairs: scored)
        let total = (clock.now - started).seconds
        return Result(graph: graph, skipped: skipped, gemmSeconds: gemmSeconds, gemmFlops: gemmFlops,
                      selectionSeconds: total - gemmSeconds)
    }

    /// One scan per offer of the tile. Travel times are shared by offers at the same place and kept while
    /// the Morton order stays near them (entries unused by a tile are dropped).
    private func compile(_ tile: [Int], offers: [JobOffer], listSize: (JobOffer) -> Int, lists: [CandidateTopLists],
                         timesCache: inout [Location: CommuneTravelTimes], skipped: inout [(offer: Int, reason: String)]) -> [(offer: Int, scan: Scan)] {
        var scans = [(offer: Int, scan: Scan)]()
        var used = [Location: CommuneTravelTimes]()
        for o in tile {
            do {
                let q = try matcher.query(for: offers[o])
                let times = used[q.location] ?? timesCache[q.location]
                    ?? matcher.travel.fromAllCommunes(of: matcher.communes, to: q.location)
                used[q.location] = times
                var scan = Scan(query: q, index: matcher.index, policy: matcher.policy, times: times,
                                heap: TopK(capacity: max(1, listSize(offers[o]))))
                scan.candidateLists = lists[scans.count % lists.count]
                scan.offerNumber = Int32(o)
                scans.append((o, scan))
            } catch {
                skipped.append((o, "\(error)"))
            }
        }
        timesCache = used
        return scans
    }

    /// Scores one row chunk for the tile. The tile's offers are split over ``threads`` workers (offer i to
    /// worker i mod threads, so each feeds only its own candidate lists); each worker multiplies its offers'
    /// queries by the chunk with a single-threaded sgemm, then walks each offer's reachable blocks with the
    /// shortlist's scan, reading the dot products from its sgemm result.
    /// - Returns: the sgemm time, averaged over the workers (they run at the same time).
    private func scoreChunk(_ scans: inout [(offer: Int, scan: Scan)], chunk: (rows: Range<Int>, groups: [Int]),
                            reach: [[Bool]]) -> Double {
        let index = matcher.index
        let workers = max(1, min(threads, scans.count))
        let rows = chunk.rows.count
        var gemmTime = [Double](repeating: 0, count: workers)
        scans.withUnsafeMutableBufferPointer { scanBuffer in
            gemmTime.withUnsafeMutableBufferPointer { timeBuffer in
                // Workers touch disjoint scans (i ≡ worker mod workers) and their own time slot.
                let shared = DisjointAccess((scanBuffer, timeBuffer))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let (buffer, times) = shared.value
                    let mine = Array(stride(from: worker, to: buffer.count, by: workers))
                    let queries = mine.flatMap { buffer[$0].scan.q.vector }
                    var dots = [Float](repeating: 0, count: mine.count * rows)
                    let clock = ContinuousClock()
                    times[worker] = clock.measure { multiply(queries, offers: mine.count, rows: chunk.rows, into: &dots) }.seconds
                    dots.withUnsafeBufferPointer { d in
                        for (slot, i) in mine.enumerated() {
                            for g in chunk.groups where reach[i][g] {
                                for block in index.blocks[index.communeGroups[g].blocks] {
                                    buffer[i].scan.visit(block, dots: d.baseAddress! + slot * rows, origin: chunk.rows.lowerBound)
                                }
                            }
                        }
                    }
                }
            }
        }
        return gemmTime.reduce(0, +) / Double(workers)
    }

    /// `dots[i × rows + j] = query_i · vector_(rows.lowerBound + j)` with one sgemm.
    private func multiply(_ queries: [Float], offers: Int, rows: Range<Int>, into dots: inout [Float]) {
        let index = matcher.index
        let stride = index.stride
        index.vectors.withUnsafeBufferPointer { v in
            queries.withUnsafeBufferPointer { q in
                dots.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(m: offers, n: rows.count, k: stride, a: q.baseAddress!, lda: stride,
                              b: v.baseAddress! + rows.lowerBound * stride, ldb: stride, transposeB: true,
                              c: c.baseAddress!, ldc: rows.count)
                }
            }
        }
    }

    /// Offer positions sorted by the Morton key of their location (unlocatable offers last, in order).
    private func mortonOrder(_ offers: [JobOffer]) -> [Int] {
        let keys = offers.map { offer -> UInt64 in
            guard let location = try? OfferQuery.locate(offer, communes: matcher.communes, invalid: {
                OfferQuery.InvalidOffer(offerId: offer.id, field: $0, message: $1)
            }) else { return .max }
            return CandidateIndex.mortonKey(location.point)
        }
        return offers.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }

    /// Row ranges covering the commune groups reachable by any offer of the tile, merged when adjacent.
    private func rowChunks(_ reach: [[Bool]]) -> [(rows: Range<Int>, groups: [Int])] {
        let index = matcher.index
        var chunks = [(rows: Range<Int>, groups: [Int])]()
        for (g, group) in index.communeGroups.enumerated() where reach.contains(where: { $0[g] }) {
            let rows = index.blocks[group.blocks.lowerBound].rows.lowerBound..<index.blocks[group.blocks.upperBound - 1].rows.upperBound
            if let last = chunks.last, last.rows.upperBound == rows.lowerBound, last.rows.count + rows.count <= chunkRows {
                chunks[chunks.count - 1] = (last.rows.lowerBound..<rows.upperBound, last.groups + [g])
            } else {
                chunks.append((rows, [g]))
            }
        }
        return chunks
    }

    private func deduplicated(_ edges: [CandidateOfferEdge]) -> [CandidateOfferEdge] {
        var seen = Set<Int64>()
        return edges.filter { seen.insert(Int64($0.row) << 32 | Int64($0.offer)).inserted }
            .sorted { $0.row != $1.row ? $0.row < $1.row : $0.offer < $1.offer }
    }
}

/// Hands buffers to concurrent workers that each use a disjoint part of them.
private struct DisjointAccess<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
