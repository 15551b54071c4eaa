/// A set of rows of an index: a bit per row for the scan's test, and the rows in order for walking them.
///
///     var removed = RowSet()
///     removed.insert(41)
///     removed.contains(41)   // true
public struct RowSet: Sendable, Hashable {
    private var words: [UInt64] = []
    /// The rows, ascending.
    public private(set) var rows: [Int] = []

    public init() {}

    public var isEmpty: Bool { rows.isEmpty }
    public var count: Int { rows.count }

    @inline(__always)
    public func contains(_ row: Int) -> Bool {
        let word = row >> 6
        return word < words.count && words[word] & (1 << UInt64(row & 63)) != 0
    }

    /// Adds `row`; returns whether it was new.
    @discardableResult
    public mutating func insert(_ row: Int) -> Bool {
        precondition(row >= 0, "rows are not negative")
        guard !contains(row) else { return false }
        let word = row >> 6
        if word >= words.count { words += [UInt64](repeating: 0, count: word + 1 - words.count) }
        words[word] |= 1 << UInt64(row & 63)
        let position = rows.partitioningIndex { $0 > row }
        rows.insert(row, at: position)
        return true
    }
}

extension Array {
    /// The first index whose element satisfies `belongs`, for an array in which those elements come last.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongs(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
