import MatchCore
import MatchData

/// The random source of one generated record: a ``SplitMix64`` seeded from the run's seed, a stream
/// (offers, candidates, planted candidates…) and the record's index. Every record can therefore be made
/// on its own, in any order and on any thread, and still come out the same: this is what makes the
/// generator both parallel and byte-for-byte reproducible.
///
/// Draws never go through the standard library's sampling (`shuffled`, `randomElement`), whose
/// algorithms may change between Swift versions.
///
///     var draw = RecordRandom(seed: 42, stream: .candidate, index: 7)
///     let age = draw.integer(in: 18...64)
struct RecordRandom {
    /// Independent families of records.
    enum Stream: UInt64 {
        case offer = 1, candidate = 2, planted = 3, plantedOffers = 4, plantedSlots = 5, evaluation = 6
    }

    private var rng: SplitMix64

    init(seed: UInt64, stream: Stream, index: Int) {
        // Two rounds of SplitMix64's finaliser so that neighbouring seeds, streams and indices give
        // unrelated sequences.
        var first = SplitMix64(seed: seed ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03))
        var second = SplitMix64(seed: first.next() ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        rng = SplitMix64(seed: second.next())
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { rng.nextUnit() }

    /// True with probability `p`.
    mutating func bernoulli(_ p: Double) -> Bool { rng.nextUnit() < p }

    /// Uniform integer in `range` (multiply-shift, no modulo bias worth the name at these widths).
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(rng.next().multipliedFullWidth(by: width).high)
    }

    /// Uniform index in `0..<count`; `count` must be positive.
    mutating func index(below count: Int) -> Int { integer(in: 0...(count - 1)) }

    /// One element of `array`, or nil when it is empty.
    mutating func element<T>(_ array: [T]) -> T? {
        array.isEmpty ? nil : array[index(below: array.count)]
    }

    /// `count` distinct elements of `array` (all of them when it is shorter), in draw order.
    mutating func distinct<T>(_ array: [T], count: Int) -> [T] {
        var pool = array
        var out = [T]()
        out.reserveCapacity(min(count, pool.count))
        while out.count < count, !pool.isEmpty {
            out.append(pool.swapRemove(at: index(below: pool.count)))
        }
        return out
    }

    /// A raw 64-bit value (for seeding hashes).
    mutating func raw() -> UInt64 { rng.next() }
}

extension Array {
    /// Removes the element at `i` by moving the last element into its place; O(1).
    mutating func swapRemove(at i: Int) -> Element {
        swapAt(i, count - 1)
        return removeLast()
    }
}

/// A discrete distribution over `0..<weights.count`, drawn by binary search over cumulative weights.
/// Negative or non-finite weights count as 0.
///
///     let table = CumulativeTable(weights: [1, 3])
///     table.draw(&draw)   // 1 three times out of four
struct CumulativeTable: Sendable {
    let cumulative: [Double]

    init(weights: [Double]) {
        var total = 0.0
        cumulative = weights.map { w in
            total += (w.isFinite && w > 0) ? w : 0
            return total
        }
    }

    var total: Double { cumulative.last ?? 0 }
    var isEmpty: Bool { total <= 0 }
    var count: Int { cumulative.count }

    /// Probability of outcome `i`.
    func probability(_ i: Int) -> Double {
        guard total > 0 else { return 0 }
        return (cumulative[i] - (i == 0 ? 0 : cumulative[i - 1])) / total
    }

    /// An outcome; the table must not be empty.
    func draw(_ random: inout RecordRandom) -> Int {
        let x = random.unit() * total
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

/// Values with weights, drawn with a ``CumulativeTable``.
///
///     let limit = Categorical([(30, 0.5), (45, 0.5)]).draw(&draw)
struct Categorical<Value: Sendable>: Sendable {
    let values: [Value]
    let table: CumulativeTable

    init(_ pairs: [(Value, Double)]) {
        values = pairs.map(\.0)
        table = CumulativeTable(weights: pairs.map(\.1))
    }

    func draw(_ random: inout RecordRandom) -> Value { values[table.draw(&random)] }

    /// Expected value, for documentation and tests.
    func mean(_ value: (Value) -> Double) -> Double {
        values.indices.reduce(0) { $0 + table.probability($1) * value(values[$1]) }
    }
}

/// `value` in decimal with leading zeros up to `width` digits.
func zeroPad(_ value: Int, width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
