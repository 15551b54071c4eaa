public import MatchCore

/// Small draws on top of ``SplitMix64`` that do not depend on the standard library's sampling
/// algorithms, so a seed gives the same data on every Swift version.
///
///     var rng = SplitMix64(seed: 7)
///     let n = rng.nextInt(in: 1...6)
extension SplitMix64 {
    /// Uniform integer in `range` (modulo bias is irrelevant at test sizes).
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }

    /// Uniform double in `range`.
    public mutating func nextDouble(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + nextUnit() * (range.upperBound - range.lowerBound)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { nextUnit() < p }

    /// One element of a non-empty array.
    public mutating func element<T>(of array: [T]) -> T {
        precondition(!array.isEmpty, "element(of:) needs a non-empty array")
        return array[nextInt(in: 0...(array.count - 1))]
    }

    /// `count` distinct elements of `array` (all of them if it is shorter), in draw order.
    public mutating func sample<T>(_ array: [T], count: Int) -> [T] {
        var pool = array
        var out = [T]()
        for _ in 0..<min(count, pool.count) {
            out.append(pool.remove(at: nextInt(in: 0...(pool.count - 1))))
        }
        return out
    }
}

/// `value` written in decimal with leading zeros up to `width` digits.
func zeroPadded(_ value: Int, width: Int) -> String {
    let s = String(value)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}
