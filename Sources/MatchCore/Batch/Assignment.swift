/// Who is proposed to which offer: a choice of edges of a ``CandidateGraph`` that respects each offer's
/// capacity and each candidate's cap.
///
///     let problem = AssignmentProblem(graph: graph, offerCapacity: caps, candidateCap: 3)
///     let best = Assigner.minCostFlow(problem)      // exact
///     let quick = Assigner.greedy(problem)          // baseline, never better
public struct AssignmentProblem: Sendable {
    public var edges: [CandidateOfferEdge]
    public var candidateCount: Int
    public var offerCapacity: [Int]
    public var candidateCap: Int

    public init(edges: [CandidateOfferEdge], candidateCount: Int, offerCapacity: [Int], candidateCap: Int) {
        self.edges = edges; self.candidateCount = candidateCount
        self.offerCapacity = offerCapacity; self.candidateCap = candidateCap
    }

    public init(graph: CandidateGraph, offerCapacity: [Int], candidateCap: Int) {
        self.init(edges: graph.edges, candidateCount: graph.candidateCount, offerCapacity: offerCapacity, candidateCap: candidateCap)
    }
}

public struct Assignment: Sendable, Hashable {
    /// Indices into the problem's edges, sorted.
    public var chosen: [Int]
    public var totalScore: Double
}

public enum AssignmentMethod: String, Codable, Sendable, CaseIterable {
    /// Best edges first while capacities allow: the baseline.
    case greedy
    /// Exact maximum total score, by successive shortest paths (min-cost flow).
    case flow
}

public enum Assigner {
    public static func solve(_ p: AssignmentProblem, method: AssignmentMethod) -> Assignment {
        switch method {
        case .greedy: greedy(p)
        case .flow: minCostFlow(p)
        }
    }

    /// Takes edges by decreasing score (ties: lower row, then lower offer) while both sides have room.
    ///
    /// - Complexity: O(E log E).
    public static func greedy(_ p: AssignmentProblem) -> Assignment {
        let order = p.edges.indices.sorted { a, b in
            let x = p.edges[a], y = p.edges[b]
            if x.score != y.score { return x.score > y.score }
            return x.row != y.row ? x.row < y.row : x.offer < y.offer
        }
        var offerLeft = p.offerCapacity
        var candidateLeft = [Int](repeating: p.candidateCap, count: p.candidateCount)
        var chosen = [Int]()
        for e in order {
            let edge = p.edges[e]
            guard edge.score > 0, offerLeft[Int(edge.offer)] > 0, candidateLeft[Int(edge.row)] > 0 else { continue }
            offerLeft[Int(edge.offer)] -= 1
            candidateLeft[Int(edge.row)] -= 1
            chosen.append(e)
        }
        return Assignment(chosen: chosen.sorted(), totalScore: chosen.reduce(0) { $0 + Double(p.edges[$1].score) })
    }

    /// The maximum-score assignment, exactly: a min-cost circulation (supply node → candidate, cap =
    /// candidate cap; candidate → offer, cost −score; offer → supply node, cap = capacity) solved by adding
    /// candidates one at a time and augmenting along shortest paths (Dijkstra with potentials) while a path
    /// still lowers the cost. Each augmentation keeps the residual graph free of negative cycles, so the
    /// final flow is optimal whatever the candidate order (Ahuja, Magnanti & Orlin, *Network Flows*, ch. 9).
    ///
    /// - Complexity: O(F · (E + V) log V) in the worst case, F the number of proposals; in practice the
    ///   searches stop early, as most augmenting paths are a few edges long.
    public static func minCostFlow(_ p: AssignmentProblem) -> Assignment { minCostFlow(p, offerLists: true) }

    /// `offerLists: false` scans offers' whole adjacency (the plain search, for tests).
    static func minCostFlow(_ p: AssignmentProblem, offerLists: Bool) -> Assignment {
        var network = ResidualNetwork(p)
        network.usesOfferLists = offerLists
        for c in 0..<p.candidateCount { network.saturate(candidate: c, cap: p.candidateCap) }
        let chosen = network.chosenEdges()
        return Assignment(chosen: chosen, totalScore: chosen.reduce(0) { $0 + Double(p.edges[$1].score) })
    }
}

/// The residual graph of the assignment flow, with node potentials. Node 0 is the supply node Z,
/// then the candidates, then the offers. Edge `e` and `e ^ 1` are each other's reverse.
///
/// Adjacency is stored flat (CSR: `adjacency[adjacencyStart[u]..<adjacencyStart[u + 1]]`, each node's
/// edges in the order they were added) and the Dijkstra heap is kept between searches: the searches run
/// once per candidate and unit, and list-of-lists or per-search allocations dominated them.
struct ResidualNetwork {
    let candidateCount: Int
    let problemEdgeCount: Int
    let nodeCount: Int
    var to: [Int32] = [], capacity: [Int32] = [], cost: [Double] = []
    var adjacencyStart: [Int32]
    var adjacency: [Int32]
    var potential: [Double]
    /// Dijkstra scratch, reset only where touched.
    var distance: [Double]
    var parentEdge: [Int32]
    var settled: [Bool]
    var touched: [Int32] = []
    var heap = MinHeap()
    /// The search's bound (``shortestPath(from:below:)``), and the same lowered to the best distance known
    /// to reach Z through an offer with room: nodes other than Z at that distance need not be queued.
    var bound = Double.infinity, limit = Double.infinity
    /// For each offer, its edges with residual capacity, in adjacency order. An offer node has an edge
    /// back to every candidate that could take it, almost all without capacity: the search scans this
    /// short list instead (same edges, same order, so the same paths).
    var offerLive: [[Int32]] = []
    var usesOfferLists = true

    init(_ p: AssignmentProblem) {
        candidateCount = p.candidateCount
        problemEdgeCount = p.edges.count
        let nodes = 1 + p.candidateCount + p.offerCapacity.count
        nodeCount = nodes
        potential = [Double](repeating: 0, count: nodes)
        distance = [Double](repeating: .infinity, count: nodes)
        parentEdge = [Int32](repeating: -1, count: nodes)
        settled = [Bool](repeating: false, count: nodes)
        adjacencyStart = []
        adjacency = []
        let edgeCount = 2 * (p.edges.count + p.offerCapacity.count + p.candidateCount)
        to.reserveCapacity(edgeCount); capacity.reserveCapacity(edgeCount); cost.reserveCapacity(edgeCount)
        for e in p.edges {
            addEdge(from: candidateNode(Int(e.row)), to: offerNode(Int(e.offer)), capacity: 1, cost: -Double(e.score))
        }
        for (o, cap) in p.offerCapacity.enumerated() { addEdge(from: offerNode(o), to: 0, capacity: Int32(cap), cost: 0) }
        // c → Z carries the units a candidate already holds (residual of the supply edge Z → c).
        for c in 0..<p.candidateCount { addEdge(from: candidateNode(c), to: 0, capacity: 0, cost: 0) }
        (adjacencyStart, adjacency) = ResidualNetwork.compressedAdjacency(to: to, nodes: nodes)
        offerLive = (0..<p.offerCapacity.count).map { o in
            edges(from: offerNode(o)).map { adjacency[$0] }.filter { capacity[Int($0)] > 0 }
        }
    }

    /// The offer whose node is `node`, if it is one.
    @inline(__always)
    func offer(ofNode node: Int) -> Int? { node > candidateCount ? node - 1 - candidateCount : nil }

    /// Keeps ``offerLive`` in step with a change of `capacity[e]` between 0 and positive.
    mutating func liveChanged(edge e: Int) {
        guard let o = offer(ofNode: Int(to[e ^ 1])) else { return }
        let position = offerLive[o].firstIndex { $0 >= Int32(e) } ?? offerLive[o].count
        if capacity[e] > 0 {
            if position == offerLive[o].count || offerLive[o][position] != Int32(e) { offerLive[o].insert(Int32(e), at: position) }
        } else if position < offerLive[o].count, offerLive[o][position] == Int32(e) {
            offerLive[o].remove(at: position)
        }
    }

    /// Edges out of each node in the order they were added: edge e leaves `to[e ^ 1]`.
    private static func compressedAdjacency(to: [Int32], nodes: Int) -> ([Int32], [Int32]) {
        let groups = KeyGroups(count: to.count, keys: nodes) { Int(to[$0 ^ 1]) }
        return (groups.start, groups.order)
    }

    /// Edges leaving `u`.
    @inline(__always)
    func edges(from u: Int) -> Range<Int> { Int(adjacencyStart[u])..<Int(adjacencyStart[u + 1]) }

    func candidateNode(_ c: Int) -> Int { 1 + c }
    func offerNode(_ o: Int) -> Int { 1 + candidateCount + o }
    /// The c → Z edge of candidate c.
    func supplyReturnEdge(_ c: Int) -> Int { 2 * problemEdgeCount + 2 * (nodeCount - 1 - candidateCount) + 2 * c }

    /// Adds u → v and its reverse (the adjacency is built from `to` once all edges are in).
    mutating func addEdge(from u: Int, to v: Int, capacity cap: Int32, cost c: Double) {
        to.append(Int32(v)); capacity.append(cap); cost.append(c)
        to.append(Int32(u)); capacity.append(0); cost.append(-c)
    }

    /// Sends up to `cap` units from candidate `c` while each lowers the total cost.
    mutating func saturate(candidate c: Int, cap: Int) {
        let node = candidateNode(c)
        // A new node has no incoming residual edge: raise its potential so its edges' reduced costs are ≥ 0.
        var start = potential[0]
        for i in edges(from: node) {
            let e = Int(adjacency[i])
            if capacity[e] > 0 { start = max(start, -cost[e] + potential[Int(to[e])]) }
        }
        potential[node] = start
        for _ in 0..<cap {
            // A path improves the total only if its reduced length is below this (its actual cost is then
            // negative): the search need not look further. The slack keeps every path the test below
            // accepts within reach, whatever the rounding.
            let bound = potential[node] - potential[0] + 1e-6
            guard let dZ = shortestPath(from: node, below: bound) else { break }
            let gain = dZ - potential[node] + potential[0]  // actual cost of the path, before the update
            updatePotentials(dZ)
            guard gain < -1e-9 else { break }
            augment(to: 0)
            capacity[supplyReturnEdge(c)] += 1
        }
        resetScratch()
    }

    /// Dijkstra on reduced costs from `source`, stopped when Z is settled; returns Z's distance, or `nil`
    /// when Z is not closer than `bound`. Nodes at `bound` or farther are never queued: no path through
    /// them can beat the bound, as reduced costs are not negative. (Stopping early leaves the potentials
    /// valid: the caller then changes neither the flow nor them.)
    mutating func shortestPath(from source: Int, below bound: Double = .infinity) -> Double? {
        self.bound = bound; limit = bound
        heap.removeAll()
        distance[source] = 0; touched.append(Int32(source))
        heap.push(0, source)
        while let (d, u) = heap.pop() {
            if settled[u] || d > distance[u] { continue }
            settled[u] = true
            if u == 0 { return d }
            if usesOfferLists, let o = offer(ofNode: u) {
                let live = offerLive[o]
                for e in live { relax(e, from: u, at: d) }
            } else {
                for i in edges(from: u) where capacity[Int(adjacency[i])] > 0 { relax(adjacency[i], from: u, at: d) }
            }
        }
        return nil
    }

    /// Dijkstra's relaxation of residual edge `e` out of `u`, settled at distance `d`. Labels at ``bound``
    /// or beyond are not kept, nor those of nodes other than Z at ``limit`` or beyond: such a node would be
    /// settled after Z (Z is node 0, first among ties), so the search stops before reaching it, and the
    /// potential update leaves it where it is either way.
    @inline(__always)
    mutating func relax(_ e: Int32, from u: Int, at d: Double) {
        let v = Int(to[Int(e)])
        if settled[v] { return }
        let reduced = max(0, cost[Int(e)] + potential[u] - potential[v])
        let candidate = d + reduced
        guard candidate < distance[v], candidate < (v == 0 ? bound : limit) else { return }
        if distance[v] == .infinity { touched.append(Int32(v)) }
        distance[v] = candidate; parentEdge[v] = e
        heap.push(candidate, v)
        // An offer with room reaches Z by its own edge: Z is at most that far, so nothing farther need be
        // queued (this bound is never below Z's final distance, reached through v or a shorter path).
        if v > candidateCount {
            let z = offerReturnEdge(v - 1 - candidateCount)
            if capacity[z] > 0 { limit = min(limit, candidate + max(0, cost[z] + potential[v] - potential[0])) }
        }
    }

    /// The o → Z edge of offer o (its residual capacity is the room left).
    @inline(__always)
    func offerReturnEdge(_ o: Int) -> Int { 2 * problemEdgeCount + 2 * o }

    /// π ← π + min(d, d(Z)) on the touched nodes (untouched nodes are at least d(Z) away: adding d(Z) to
    /// all of them is the same as adding it to none but the touched ones, up to a constant).
    mutating func updatePotentials(_ dZ: Double) {
        for v in touched { potential[Int(v)] += min(distance[Int(v)], dZ) - dZ }
    }

    mutating func augment(to target: Int) {
        var v = target
        while parentEdge[v] >= 0 {
            let e = Int(parentEdge[v])
            capacity[e] -= 1; capacity[e ^ 1] += 1
            if capacity[e] == 0 { liveChanged(edge: e) }
            if capacity[e ^ 1] == 1 { liveChanged(edge: e ^ 1) }
            v = Int(to[e ^ 1])
        }
        resetScratch()
    }

    mutating func resetScratch() {
        for v in touched { distance[Int(v)] = .infinity; parentEdge[Int(v)] = -1; settled[Int(v)] = false }
        touched.removeAll(keepingCapacity: true)
    }

    /// Problem edges whose candidate → offer edge carries flow.
    func chosenEdges() -> [Int] { (0..<problemEdgeCount).filter { capacity[2 * $0] == 0 } }
}

/// A binary min-heap of (distance, node), ties by node, for Dijkstra. (A total order on distinct pairs:
/// any correct heap pops them in the same sequence.)
struct MinHeap {
    private var items: [(Double, Int)] = []

    /// Empties the heap, keeping its storage for the next search.
    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(_ d: Double, _ v: Int) {
        items.append((d, v))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(items[i], items[p]) else { break }
            items.swapAt(i, p); i = p
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, less(items[l], items[m]) { m = l }
                if r < items.count, less(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m); i = m
            }
        }
        return first
    }

    private func less(_ a: (Double, Int), _ b: (Double, Int)) -> Bool { a.0 < b.0 || (a.0 == b.0 && a.1 < b.1) }
}
