/// The batch's sink: the offer's own best rows (its list in the graph), and every feasible pair offered to
/// the candidate's own list of best offers (``CandidateTopLists``, shared by the offers one worker walks).
/// A row is worth scoring when it can still enter either list.
struct BatchSink: ScanSink {
    var heap: TopK
    /// Rank of each row's id in id order (``CandidateIndex/idRank``): ties in the offer's list.
    let idRank: [Int32]
    let candidateLists: CandidateTopLists
    /// The offer's position in the batch, as the candidates' lists record it.
    let offer: Int32

    init(capacity: Int, index: CandidateIndex, candidateLists: CandidateTopLists, offer: Int32) {
        heap = TopK(capacity: capacity)
        idRank = index.idRank
        self.candidateLists = candidateLists
        self.offer = offer
    }

    @inline(__always) func threshold(row r: Int) -> Float { min(heap.threshold, candidateLists.threshold(row: r)) }

    /// Both inserts keep a pair only if it reaches the list's threshold (ties by key), so the tests below
    /// just spare the calls.
    @inline(__always) mutating func insert(_ score: Float, row r: Int) {
        if score >= heap.threshold { heap.insert(score, row: Int32(r), tieKey: idRank[r]) }
        if score >= candidateLists.threshold(row: r) { candidateLists.insert(score, offer: offer, row: r) }
    }
}
