/// Where the scan sends the rows it scores, as Faiss's kernels send theirs to a `ResultHandler`: the
/// scan applies the hard constraints and computes the score; the sink decides what to keep.
///
/// The scan is generic over its sink, so each use gets the one kernel specialised to its own sink, with
/// no dynamic dispatch in the per-row loop:
/// - a shortlist keeps the best k' rows of one offer (``ShortlistSink``, in Scoring/);
/// - a batch keeps them too, and feeds every candidate's own list of best offers (``BatchSink``, in Batch/);
/// - an eligibility check records every row's verdict (``EligibilitySink``, in Scoring/).
protocol ScanSink {
    /// Whether the sink wants each excluded row by name (``exclude(row:reason:)``): the scan then visits
    /// every row of an unreachable block instead of counting them in bulk. A static property, so that
    /// the other sinks' scans compile without the per-row loop.
    static var recordsEveryRow: Bool { get }

    /// The score row `r` must reach for the sink to keep it: the scan reads the row's vector only when a
    /// bound of its score reaches this, and calls ``insert(_:row:)`` only when its score does.
    func threshold(row r: Int) -> Float

    /// Offers a feasible row with its score (at least ``threshold(row:)``).
    mutating func insert(_ score: Float, row r: Int)

    /// Row `r` meets every hard constraint (called before its score is bounded or computed).
    mutating func eligible(row r: Int)

    /// Row `r` fails `reason` (only called when ``recordsEveryRow``; the scan counts exclusions anyway).
    mutating func exclude(row r: Int, reason: ExclusionReason)

    /// The scan starts a new commune group: a sink shared between workers may exchange thresholds here.
    mutating func enterGroup()
}

extension ScanSink {
    static var recordsEveryRow: Bool { false }
    @inline(__always) mutating func eligible(row r: Int) {}
    @inline(__always) mutating func exclude(row r: Int, reason: ExclusionReason) {}
    @inline(__always) mutating func enterGroup() {}
}
