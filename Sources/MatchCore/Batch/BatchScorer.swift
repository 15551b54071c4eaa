import Foundation

/// Scores a cohort against many offers in tiles and keeps the sparse graph of best pairs.
///
/// Offers are sorted along the Hilbert curve of their location (``CandidateIndex/curveKey(_:)``) and taken
/// `tileOffers` at a time. For a tile, the communes reachable by at least one of its offers give contiguous
/// row ranges of the index (chunks), gathered in bands of about `bandColumns` rows. Each tile is compiled,
/// then multiplied and walked band by band, each phase on all workers:
///
/// 1. compile: offer queries and travel times, then each offer's reachable commune groups (``TilePlan``);
/// 2. multiply the band: each worker multiplies its offers (i ≡ worker mod threads) by the band's rows,
///    copied side by side beforehand (``BandStage``), with one single-threaded sgemm (`offers × stride` ·
///    `stride × rows`) — the only thing running then, so its wall-clock time is the sgemm time reported;
/// 3. walk the band: each worker takes its offers one by one: their skill coverage over the band's rows
///    from the skills' posting lists (``CoverageScratch``), then their reachable blocks in the band with
///    the shortlist's scoring code (``Scan``: travel prefix, hard constraints, exact components), reading
///    the dot products from the band's product and the row columns from a packed copy (``PackedRows``).
///    Between two offers, each worker copies a share of the next band's rows into the stage.
///
/// A tile none of whose offers needs the product is not multiplied: under a policy that gives the affinity
/// no weight, a row's dot product with a query is its priority bonuses, read from its publics in the packed
/// rows (``PackedRowColumns``), and the walk goes band by band all the same. ``alwaysMultiplies`` keeps the
/// product, and the walk of a multiplied tile reads every dot product from it, as under a policy with
/// affinity: what `apparier bench` measures.
///
/// One sgemm per band and worker, rather than one per chunk of the index: in sparse areas a band is
/// dozens of short chunks, and short calls ran far below the rate of long ones (docs/benchmarks.md,
/// "Staged bands").
///
/// A band's product (a few MB) is still in the cache when it is walked, and leaves room there for the
/// candidate vectors the next band's sgemm reads; a whole tile's product would not.
///
/// Every feasible pair feeds the offer's top list and the candidate's top list. The result does not depend
/// on the number of workers or on the order of the walk: both lists keep the best pairs under a total order.
///
///     let scorer = BatchScorer(matcher: matcher)
///     let result = try scorer.score(offers: offers, listSize: { 3 * $0.positions * 4 })
public struct BatchScorer: Sendable {
    public let matcher: Matcher
    public var tileOffers = 384
    /// Longest run of adjacent reachable rows taken as one chunk (whole communes are never split); a
    /// chunk longer than ``bandColumns`` makes a band of its own.
    public var chunkRows = 8192
    /// Product columns multiplied, then walked, together (``TilePlan/Band``): the product of a band stays
    /// in cache between its sgemm and its walk.
    public var bandColumns = 4096
    /// Offers kept per candidate.
    public var offersPerCandidate = 10
    /// Workers (each with its own candidate lists, merged at the end).
    public var threads = 2
    /// Whether to multiply every tile, even one whose offers need no product (a policy without affinity,
    /// whose walk reads the rows' bonuses instead), and read the dot products from it. Off in use;
    /// `apparier bench` turns it on to measure the multiplication and walk that policies with affinity
    /// need. The pairs kept are the same either way.
    public var alwaysMultiplies = false

    public init(matcher: Matcher) { self.matcher = matcher }

    /// The scorer with its bands sized for a last-level cache of `bytes` (nil: unknown, the defaults stay).
    ///
    /// A band's product (`tileOffers` × `bandColumns` floats) is kept near 3/16 of the cache, as a power of
    /// two between 2,048 and 16,384 rows: the rest holds the candidate vectors the next band's sgemm reads,
    /// the packed rows the walk reads, and the other core's work. On a 32 MiB cache with 384 offers per tile
    /// that is 4,096 rows (a 6 MiB product), the size measured best there (2,048 and 8,192 did no better);
    /// on an 8 MiB cache, 2,048 rows (1,024 was slower there). docs/benchmarks.md has the runs.
    /// `tileOffers` stays at 384: two calls of 192 offers × 144 floats (110 KB) fit any core's L2.
    ///
    ///     let scorer = BatchScorer(matcher: matcher).sized(forLastLevelCache: 32 << 20)   // bandColumns 4096
    public func sized(forLastLevelCache bytes: Int?) -> BatchScorer {
        guard let bytes, bytes > 0 else { return self }
        var sized = self
        let rows = bytes * 3 / 16 / (4 * max(1, tileOffers))
        sized.bandColumns = 1 << max(11, min(14, Int.bitWidth - 1 - max(1, rows).leadingZeroBitCount))
        return sized
    }

    public struct Result: Sendable {
        public var graph: CandidateGraph
        /// Offers that could not be compiled (unknown ROME code, no location), with the reason.
        public var skipped: [(offer: Int, reason: String)]
        /// Wall-clock seconds of the multiply phases (both cores in sgemm), and the floating-point
        /// operations they did.
        public var gemmSeconds: Double
        public var gemmFlops: Double
        /// Seconds in everything else: offer compilation, travel times, constraints, exact parts, top lists.
        public var selectionSeconds: Double
        /// Parts of ``selectionSeconds``: compiling offers and travel times; copying each tile's first band
        /// of candidate rows (``BandStage``; the later bands are copied during the walk); walking the reachable
        /// rows (the rest is planning the tiles and assembling the graph).
        public var compileSeconds: Double
        public var stagingSeconds: Double
        public var walkSeconds: Double
        /// Tiles multiplied, of ``tiles``: the others' offers needed no product (``alwaysMultiplies``).
        public var multipliedTiles: Int
        public var tiles: Int
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
        let workers = max(1, threads)
        let lists = (0..<workers).map { _ in CandidateTopLists(rows: index.count, capacity: offersPerCandidate) }
        let coverage = (0..<workers).map { _ in CoverageScratch(rows: index.count) }
        let postings = SkillPostings(index: index)
        let packed = PackedRows(index: index)
        var edges = [CandidateOfferEdge]()
        var skipped = [(offer: Int, reason: String)]()
        var gemmSeconds = 0.0, gemmFlops = 0.0, compileSeconds = 0.0, stagingSeconds = 0.0, walkSeconds = 0.0
        var feasible = 0, scored = 0, tiles = 0, multipliedTiles = 0
        let clock = ContinuousClock()
        let started = clock.now
        let order = curveOrder(offers)
        let travel = GroupTravel(matcher: matcher)
        let proximity = ProximityTables(rome: matcher.rome, policy: matcher.policy.metierProximity)
        let product = ProductBuffer()
        // Without affinity, a row's dot products are its bonuses, read from its packed publics.
        let multiplies = alwaysMultiplies || !matcher.policy.dotIsBonusesOnly
        let stage = BandStage()
        var done = 0
        for tileStart in stride(from: 0, to: order.count, by: tileOffers) {
            let tile = Array(order[tileStart..<min(order.count, tileStart + tileOffers)])
            var scans = [TileOffer]()
            compileSeconds += clock.measure {
                scans = compile(tile, offers: offers, listSize: listSize, lists: lists, travel: travel, proximity: proximity,
                                skipped: &skipped)
            }.seconds
            let plan = TilePlan(reachable: scans.map(\.travel.reachable), index: index, chunkRows: chunkRows)
            let bands = plan.bands(maxColumns: bandColumns)
            tiles += 1
            if multiplies {
                multipliedTiles += 1
                product.reserve(scans.count * (bands.map(\.columns.count).max() ?? 0))
            }
            // Per offer, the first of its reachable groups not walked yet (bands come in row order).
            var cursors = [Int](repeating: 0, count: scans.count)
            let queries = queryMatrix(scans, workers: workers)
            // Each band is multiplied from its stage: the first copied here, each later one during the walk
            // of the band before it.
            if multiplies, let first = bands.first {
                stagingSeconds += clock.measure {
                    stage.fill(plan: plan, band: first, stride: index.stride, vectors: index.vectors, workers: workers)
                }.seconds
            }
            for (b, band) in bands.enumerated() {
                if multiplies {
                    gemmSeconds += multiply(queries, offers: scans.count, stage: stage, into: product, workers: workers)
                    gemmFlops += 2 * Double(scans.count) * Double(band.columns.count) * Double(index.stride)
                }
                let stageAhead = multiplies && b + 1 < bands.count ? stage : nil
                stageAhead?.prepare(plan: plan, band: bands[b + 1], stride: index.stride)
                walkSeconds += clock.measure {
                    walk(&scans, plan: plan, band: band, cursors: &cursors, product: multiplies ? product : nil, rows: packed,
                         coverage: coverage, postings: postings, stage: stageAhead)
                }.seconds
            }
            scored += scans.count * plan.columns
            for (o, scan, _) in scans {
                feasible += scan.fullyScored
                // Unordered: the graph's edges are sorted by row and offer at the end.
                for (score, row) in scan.sink.heap.unordered { edges.append(.init(row: row, offer: Int32(o), score: score)) }
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
                      selectionSeconds: total - gemmSeconds, compileSeconds: compileSeconds, stagingSeconds: stagingSeconds,
                      walkSeconds: walkSeconds, multipliedTiles: multipliedTiles, tiles: tiles)
    }

    /// One scan per offer of the tile. Offers are compiled and new travel times computed on all workers;
    /// travel times are shared by offers at the same place (``GroupTravel``), métier proximity tables by
    /// offers of the same fiche (``ProximityTables``). The queries skip the dense skill tables: the batch
    /// reads the sparse ones.
    private func compile(_ tile: [Int], offers: [JobOffer], listSize: (JobOffer) -> Int, lists: [CandidateTopLists],
                         travel: GroupTravel, proximity: ProximityTables, skipped: inout [(offer: Int, reason: String)]) -> [TileOffer] {
        let workers = lists.count
        let tables = tile.map { proximity.table(for: offers[$0].romeCode) }
        let queries = parallelMap(tile.count, workers: workers) { i in
            Swift.Result {
                try OfferQuery(offer: offers[tile[i]], index: matcher.index, rome: matcher.rome, communes: matcher.communes,
                               embedding: matcher.embedding, policy: matcher.policy, denseSkills: false, proximity: tables[i])
            }
        }
        travel.prepare(queries.compactMap { try? $0.get().location }, workers: workers)
        var scans = [TileOffer]()
        for (o, compiled) in zip(tile, queries) {
            switch compiled {
            case .success(let q):
                // The batch reads travel times by commune group, not from the scan's per-commune table.
                let sink = BatchSink(capacity: max(1, listSize(offers[o])), index: matcher.index,
                                     candidateLists: lists[scans.count % lists.count], offer: Int32(o))
                let scan = Scan(query: q, index: matcher.index, policy: matcher.policy, times: GroupTravel.unused, sink: sink)
                scans.append((o, scan, travel[q.location]))
            case .failure(let error):
                skipped.append((o, "\(error)"))
            }
        }
        return scans
    }

    /// The tile's query vectors, one row per offer in ``ProductLayout`` order (the left factor of every
    /// band's sgemm).
    private func queryMatrix(_ scans: [TileOffer], workers: Int) -> [Float] {
        let stride = matcher.index.stride
        let layout = ProductLayout(offers: scans.count, workers: workers)
        var queries = [Float](repeating: 0, count: scans.count * stride)
        for (i, entry) in scans.enumerated() {
            let at = layout.row(of: i) * stride
            queries.replaceSubrange(at..<(at + stride), with: entry.scan.q.vector)
        }
        return queries
    }

    /// The band's product, `dots[productRow(i) × band columns + column(row) − first band column] =
    /// query_i · vector_row`, from the band's rows in `stage`. Worker w multiplies its own offers (i ≡ w mod
    /// workers, the ones it will walk) by all of them with one single-threaded sgemm: both cores multiply
    /// together, nothing else runs meanwhile. The call depends only on the worker's offers and the band's
    /// rows, not on how the band's chunks lie in the index.
    /// - Returns: the wall-clock seconds of the multiplication.
    private func multiply(_ queries: [Float], offers: Int, stage: BandStage, into product: ProductBuffer, workers: Int) -> Double {
        let stride = matcher.index.stride
        let columns = stage.rowCount
        let layout = ProductLayout(offers: offers, workers: workers)
        let clock = ContinuousClock()
        return clock.measure {
            queries.withUnsafeBufferPointer { q in
                let shared = DisjointAccess((q.baseAddress!, product.pointer, stage.rows))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let (queries, dots, vectors) = shared.value
                    let rows = layout.rows(of: worker)
                    BLAS.gemm(m: rows.count, n: columns, k: stride, a: queries + rows.lowerBound * stride, lda: stride,
                              b: vectors, ldb: stride, transposeB: true, c: dots + rows.lowerBound * columns, ldc: columns)
                }
            }
        }.seconds
    }

    /// Each worker takes offers i ≡ worker (mod workers), which feed only its own candidate lists: for each
    /// offer with reachable groups in the band, fills the offer's skill coverage over the band's rows, then
    /// walks those groups with the shortlist's scan, reading the dot products from the band's product.
    /// With a `stage` (prepared for the next band), each worker also copies its share of the next band's
    /// candidate rows into it, a part before each offer: spread over the walk, the copy overlaps its work.
    /// Without a `product` (a tile whose offers need none), no dot product is read.
    private func walk(_ scans: inout [TileOffer], plan: TilePlan, band: TilePlan.Band, cursors: inout [Int],
                      product: ProductBuffer?, rows: PackedRows, coverage: [CoverageScratch], postings: SkillPostings,
                      stage: BandStage?) {
        let index = matcher.index
        let workers = coverage.count
        let groups = index.communeGroups
        scans.withUnsafeMutableBufferPointer { scanBuffer in
            cursors.withUnsafeMutableBufferPointer { cursorBuffer in
                index.vectors.withUnsafeBufferPointer { vectorBuffer in
                    // Workers touch disjoint scans and cursors (i ≡ worker mod workers), their own coverage scratch
                    // and disjoint rows of the stage (the parts below).
                    let layout = ProductLayout(offers: scanBuffer.count, workers: workers)
                    let shared = DisjointAccess((scanBuffer, cursorBuffer, product?.pointer, coverage, rows.pointer, stage,
                                                 vectorBuffer.baseAddress!))
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        let (buffer, cursors, dots, scratches, facts, stage, vectors) = shared.value
                        let scratch = scratches[worker]
                        // Worker w copies parts w·share ..< (w + 1)·share of the stage, one before each offer it walks.
                        let share = layout.count(of: 0)
                        for i in stride(from: worker, to: buffer.count, by: workers) {
                            stage?.copy(part: worker * share + i / workers, of: workers * share, from: vectors)
                            let reachable = plan.reachable[i]
                            var end = cursors[i]
                            while end < reachable.count, groups[Int(reachable[end])].rows.lowerBound < band.rows.upperBound { end += 1 }
                            guard end > cursors[i] else { continue }
                            scratch.fill(buffer[i].scan.q, postings: postings, span: band.rows)
                            BatchScorer.walk(&buffer[i].scan, travel: buffer[i].travel.times, groups: reachable[cursors[i]..<end],
                                             origins: plan.origin, columnOffset: band.columns.lowerBound, index: index, rows: facts,
                                             dots: dots.map { UnsafePointer($0 + layout.row(of: i) * band.columns.count) },
                                             coverage: scratch.table)
                            scratch.clear(postings: postings)
                            cursors[i] = end
                        }
                        // A worker with one offer fewer copies its last share too.
                        for part in layout.count(of: worker)..<share {
                            stage?.copy(part: worker * share + part, of: workers * share, from: vectors)
                        }
                    }
                }
            }
        }
    }

    /// Walks one offer's reachable commune groups block by block, its dot products at
    /// `dots[row - origins[group] - columnOffset]` (without `dots`, the offer's query needs none: see
    /// ``OfferQuery/dotIsBonusesOnly``). (Buffers rather than arrays: this loop runs once per offer and
    /// reachable block, about a million times a second.)
    private static func walk(_ scan: inout Scan<BatchSink>, travel: OriginTravelTimes, groups reachable: ArraySlice<Int32>, origins: [Int],
                             columnOffset: Int, index: CandidateIndex, rows: UnsafePointer<RowFacts>, dots: UnsafePointer<Float>?,
                             coverage: CoverageTable) {
        precondition(dots != nil || scan.q.dotIsBonusesOnly, "an offer whose query needs its dot products walked without them")
        travel.minutes.withUnsafeBufferPointer { minutes in
            travel.distanceKm.withUnsafeBufferPointer { distance in
                index.blocks.withUnsafeBufferPointer { blocks in
                    index.communeGroups.withUnsafeBufferPointer { groups in
                        index.limitMinutes.withUnsafeBufferPointer { limits in
                            for g in reachable.lazy.map({ Int($0) }) {
                                for b in groups[g].blocks {
                                    scan.visit(blocks[b], minutesByMode: minutes[g], distanceKm: distance[g], rows: rows,
                                               limits: limits.baseAddress!, dots: dots, origin: origins[g] + columnOffset, coverage: coverage)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Offer positions sorted by the curve key of their location (unlocatable offers last, in order).
    private func curveOrder(_ offers: [JobOffer]) -> [Int] {
        let keys = offers.map { offer -> UInt64 in
            guard let location = try? OfferQuery.locate(offer, communes: matcher.communes) else { return .max }
            return CandidateIndex.curveKey(location.point)
        }
        return offers.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }

    /// The edges sorted by (row, offer), each pair once (a pair found by both lists has the same score in
    /// both): a counting sort by row, then each row's few offers sorted and deduplicated in place.
    private func deduplicated(_ edges: [CandidateOfferEdge]) -> [CandidateOfferEdge] {
        let rows = KeyGroups(count: edges.count, keys: matcher.index.count) { Int(edges[$0].row) }
        var out = rows.order.map { edges[Int($0)] }
        var kept = 0
        for r in 0..<matcher.index.count {
            let range = rows.range(of: r)
            out[range].sort { $0.offer < $1.offer }
            for i in range where kept == 0 || out[kept - 1].row != out[i].row || out[kept - 1].offer != out[i].offer {
                out[kept] = out[i]
                kept += 1
            }
        }
        out.removeSubrange(kept...)
        return out
    }
}

/// One offer of a tile: its position in the batch, its scan, its travel times by commune group.
typealias TileOffer = (offer: Int, scan: Scan<BatchSink>, travel: LocationTravel)

extension Duration {
    /// The duration in seconds, as a floating-point number (for timings and rates).
    ///
    ///     ContinuousClock().measure { work() }.seconds   // 0.0123
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
