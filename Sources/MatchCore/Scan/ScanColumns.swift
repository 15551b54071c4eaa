/// Where ``Scan`` reads the columns of row `r` that the hard constraints and the score read: the index's
/// own columns (a shortlist: each test reads its column only when the tests before it pass) or the batch's
/// packed copy (``RowFacts``, one cache line a row). The scoring code is generic over it, so there is one
/// copy of the logic, specialised to each storage. The index is passed to each read rather than held, so
/// that the shortlist reads the scan's own columns in place (holding it would copy its arrays per row).
protocol ScanColumns {
    func licences(_ r: Int, in index: CandidateIndex) -> UInt64
    func languages(_ r: Int, in index: CandidateIndex) -> UInt32
    func availableFrom(_ r: Int, in index: CandidateIndex) -> Int32
    func radiusKm(_ r: Int, in index: CandidateIndex) -> Float
    func limitMinutes(_ r: Int, in index: CandidateIndex) -> Float
    func contracts(_ r: Int, in index: CandidateIndex) -> UInt16
    func diploma(_ r: Int, in index: CandidateIndex) -> UInt8
    /// The row's packed facts, when these columns are the packed copy (their inline fiches spare the
    /// métier lookup a visit to the fiche columns); `nil` for the index's columns.
    func packed(_ r: Int) -> RowFacts?
    /// What the prefilter may take as row `r`'s dot product with the query before reading the row's
    /// vector: an upper bound from its priority publics where the dot product costs a vector read (a
    /// shortlist), the dot product itself where it is already computed (a batch tile).
    func dotCeiling(_ r: Int, in index: CandidateIndex, query: OfferQuery, dot: () -> Float) -> Float
    /// Row `r`'s dot product with the query: `dot()`, unless it is known without it.
    func dotProduct(_ r: Int, in index: CandidateIndex, query: OfferQuery, dot: () -> Float) -> Float
}

/// The shortlist reads the index's columns in place.
struct IndexColumns: ScanColumns {
    @inline(__always) func licences(_ r: Int, in index: CandidateIndex) -> UInt64 { index.licences[r] }
    @inline(__always) func languages(_ r: Int, in index: CandidateIndex) -> UInt32 { index.languages[r] }
    @inline(__always) func availableFrom(_ r: Int, in index: CandidateIndex) -> Int32 { index.availableFrom[r] }
    @inline(__always) func radiusKm(_ r: Int, in index: CandidateIndex) -> Float { index.radiusKm[r] }
    @inline(__always) func limitMinutes(_ r: Int, in index: CandidateIndex) -> Float { index.limitMinutes[r] }
    @inline(__always) func contracts(_ r: Int, in index: CandidateIndex) -> UInt16 { index.contracts[r] }
    @inline(__always) func diploma(_ r: Int, in index: CandidateIndex) -> UInt8 { index.diploma[r] }
    @inline(__always) func packed(_ r: Int) -> RowFacts? { nil }
    @inline(__always) func dotCeiling(_ r: Int, in index: CandidateIndex, query: OfferQuery, dot: () -> Float) -> Float {
        query.largestDot(publics: index.publics[r])
    }
    /// Without affinity, the dot product is the row's bonuses, known from its publics: reading its vector
    /// (``CandidateIndex/stride`` floats, nine cache lines) would only add zeros to them.
    @inline(__always) func dotProduct(_ r: Int, in index: CandidateIndex, query: OfferQuery, dot: () -> Float) -> Float {
        query.dotIsBonusesOnly ? query.largestDot(publics: index.publics[r]) : dot()
    }
}

/// The batch reads the packed copy of the columns (valid while the ``PackedRows`` it comes from lives).
struct PackedRowColumns: ScanColumns {
    let rows: UnsafePointer<RowFacts>
    /// Whether the tile's product holds the dot products (else they are the rows' bonuses, from their
    /// publics: a tile not multiplied, ``BatchScorer``).
    let product: Bool

    @inline(__always) func licences(_ r: Int, in index: CandidateIndex) -> UInt64 { rows[r].licences }
    @inline(__always) func languages(_ r: Int, in index: CandidateIndex) -> UInt32 { rows[r].languages }
    @inline(__always) func availableFrom(_ r: Int, in index: CandidateIndex) -> Int32 { rows[r].availableFrom }
    @inline(__always) func radiusKm(_ r: Int, in index: CandidateIndex) -> Float { rows[r].radiusKm }
    @inline(__always) func limitMinutes(_ r: Int, in index: CandidateIndex) -> Float { rows[r].limitMinutes }
    @inline(__always) func contracts(_ r: Int, in index: CandidateIndex) -> UInt16 { rows[r].contracts }
    @inline(__always) func diploma(_ r: Int, in index: CandidateIndex) -> UInt8 { rows[r].diploma }
    @inline(__always) func packed(_ r: Int) -> RowFacts? { rows[r] }
    /// The dot product itself: from the tile's product when it was multiplied, else from the row's publics
    /// (a query without affinity, whose dot products are the rows' bonuses).
    @inline(__always) func dotCeiling(_ r: Int, in index: CandidateIndex, query: OfferQuery, dot: () -> Float) -> Float {
        dotProduct(r, in: index, query: query, dot: dot)
    }
    @inline(__always) func dotProduct(_ r: Int, in index: CandidateIndex, query: OfferQuery, dot: () -> Float) -> Float {
        product ? dot() : query.largestDot(publics: rows[r].publics)
    }
}

/// The columns of a candidate row that the hard constraints and the score read, side by side: the batch
/// keeps a packed copy of them (one 64-byte cache line for all, instead of one per column).
struct RowFacts {
    var licences: UInt64
    var languages: UInt32
    var availableFrom: Int32
    var radiusKm: Float
    var limitMinutes: Float
    /// The row's fiches are `ficheStart..<ficheEnd` in the index's fiche columns.
    var ficheStart: Int32
    var ficheEnd: Int32
    var contracts: UInt16
    /// The row's priority publics (``PriorityPublic/bit``): its bonuses when the policy gives the affinity no weight.
    var publics: UInt16
    var diploma: UInt8
    /// Whether ``fiches`` and ``months`` hold the row's fiches (the batch's packed copy, rows with at most
    /// ``inlineCapacity`` fiches): the métier lookup then stays in this cache line.
    var inlineFiches = false
    var fiches = SIMD4<Int16>()
    var months = SIMD4<Float>()

    static let inlineCapacity = 4

    /// Row `r`'s columns, without the inline fiches.
    init(row r: Int, in index: CandidateIndex) {
        licences = index.licences[r]; languages = index.languages[r]; availableFrom = index.availableFrom[r]
        radiusKm = index.radiusKm[r]; limitMinutes = index.limitMinutes[r]
        ficheStart = index.ficheStart[r]; ficheEnd = index.ficheStart[r + 1]
        contracts = index.contracts[r]; publics = index.publics[r]; diploma = index.diploma[r]
    }
}

/// A read-only view of a ``CoverageScratch`` for the scan's inner loop.
struct CoverageTable {
    let weight: UnsafePointer<Float>
    let hits: UnsafePointer<Int32>

    @inline(__always) subscript(row: Int) -> (weight: Float, essentialHits: Int) { (weight[row], Int(hits[row])) }
}
