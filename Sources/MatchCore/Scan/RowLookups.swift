/// What the scan and the explanation both read about a row for one offer: its métier proximity and
/// relevant months, its skill coverage, its best travel time, and the block prefixes within reach.
///
///     let lookups = RowLookups(query: q, index: index)
///     lookups.metier(row: r).proximity   // 1 for a row whose target fiche is the offer's
struct RowLookups {
    let q: OfferQuery
    let index: CandidateIndex

    init(query: OfferQuery, index: CandidateIndex) { q = query; self.index = index }

    /// ``metier(fiches:)`` from the inline copy when the facts carry one (same fiches, same order), to the
    /// bit: the four slots are read without a loop (unused slots repeat the first fiche with 0 months, see
    /// ``PackedRows``); the months are added in slot order, as the loop adds them, and adding 0 changes no
    /// sum. It shortened the batch's walk by about 4 % against the loop (docs/benchmarks.md).
    @inline(__always)
    func metier(_ f: RowFacts) -> (proximity: Float, relevantMonths: Float) {
        guard f.inlineFiches else { return metier(fiches: Int(f.ficheStart)..<Int(f.ficheEnd)) }
        return q.proximity.withUnsafeBufferPointer { proximity in
            let p = SIMD4(proximity[Int(f.fiches[0])], proximity[Int(f.fiches[1])],
                          proximity[Int(f.fiches[2])], proximity[Int(f.fiches[3])])
            let relevant = SIMD4<Float>.zero.replacing(with: f.months, where: p .>= q.relevantProximity)
            var months: Float = 0
            months += relevant[0]
            months += relevant[1]
            months += relevant[2]
            months += relevant[3]
            return (max(0, p.max()), months)
        }
    }

    @inline(__always)
    func metier(row r: Int) -> (proximity: Float, relevantMonths: Float) {
        metier(fiches: Int(index.ficheStart[r])..<Int(index.ficheStart[r + 1]))
    }

    /// Best proximity of the row's fiches (`index.ficheIds[fiches]`) to the offer's, and the months of
    /// experience in the relevant ones.
    @inline(__always)
    func metier(fiches: Range<Int>) -> (proximity: Float, relevantMonths: Float) {
        var best: Float = 0, months: Float = 0
        for i in fiches {
            let p = q.proximity[Int(index.ficheIds[i])]
            best = max(best, p)
            if p >= q.relevantProximity { months += index.ficheMonths[i] }
        }
        return (best, months)
    }

    /// The weight of the offer's competences the row holds (each times its confidence,
    /// ``ScoreTerms/credit(weight:essential:level:essentialLevel:)``), and how many essential (`E`) ones it meets.
    @inline(__always)
    func coverage(row r: Int) -> (weight: Float, essentialHits: Int) {
        var weight: Float = 0, hits: Int32 = 0
        for i in Int(index.skillStart[r])..<Int(index.skillStart[r + 1]) {
            let item = Int(index.skillItems[i])
            let w = q.skillWeight[item]
            guard w != 0 else { continue }
            let c = ScoreTerms.credit(weight: w, essential: q.isEssential[item], level: index.skillLevels[i],
                                      essentialLevel: q.essentialLevel)
            weight += c.weight
            hits += c.hit
        }
        return (weight, Int(hits))
    }

    /// The minutes of ``bestTime(_:commune:modes:)`` from the commune's four times at once.
    @inline(__always)
    static func bestTime(_ minutesByMode: SIMD4<Float>, modes: UInt8) -> Float {
        let used = (SIMD4<Int32>(repeating: Int32(modes)) & SIMD4<Int32>(1, 2, 4, 8)) .!= 0
        return SIMD4<Float>(repeating: .infinity).replacing(with: minutesByMode, where: used).min()
    }

    /// The fastest of `modes` from `commune`.
    @inline(__always)
    static func bestTime(_ times: CommuneTravelTimes, commune: Int, modes: UInt8) -> (minutes: Float, mode: TransportMode) {
        var best = Float.infinity, bestMode = TransportMode.car
        for mode in TransportMode.allCases where modes & mode.bit != 0 {
            let t = times.minutes[mode.index][commune]
            if t < best { best = t; bestMode = mode }
        }
        return (best, bestMode)
    }

    /// ``CandidateIndex/CommuneGroup/isReached(inMinutes:)`` with the times from the group's commune.
    @inline(__always)
    static func reachable(_ times: CommuneTravelTimes, group: CandidateIndex.CommuneGroup) -> Bool {
        let c = Int(group.commune)
        return group.isReached(inMinutes: SIMD4(times.minutes[0][c], times.minutes[1][c], times.minutes[2][c], times.minutes[3][c]))
    }

    /// The leading rows of a block (limits sorted descending) whose limit is at least `minutes`, the limits
    /// read through a pointer. Most blocks an offer visits are either wholly out of reach or short: the first
    /// limit settles the former with one load, and a linear scan of a few contiguous floats beats the binary
    /// search's dependent loads for the latter.
    @inline(__always)
    static func prefix(of rows: Range<Int>, limits: UnsafePointer<Float>, atLeast minutes: Float) -> Range<Int> {
        var lo = rows.lowerBound, hi = rows.upperBound
        guard lo < hi, limits[lo] >= minutes else { return lo..<lo }
        if hi - lo <= 16 {
            while lo < hi, limits[lo] >= minutes { lo += 1 }
            return rows.lowerBound..<lo
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            if limits[mid] >= minutes { lo = mid + 1 } else { hi = mid }
        }
        return rows.lowerBound..<lo
    }

    /// ``prefix(of:limits:atLeast:)`` over the index's own column (a shortlist).
    static func prefix(of rows: Range<Int>, limits: [Float], atLeast minutes: Float) -> Range<Int> {
        guard !rows.isEmpty else { return rows }
        return limits.withUnsafeBufferPointer { prefix(of: rows, limits: $0.baseAddress!, atLeast: minutes) }
    }

    /// Dot product of two float vectors whose length is a multiple of 8, as SIMD8 multiply-adds.
    /// (Separate multiply and add: `addingProduct` would call libm's `fma` without an FMA target.)
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 16 <= count {
            acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        while i + 8 <= count {
            acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        return (acc0 + acc1).sum()
    }
}
