/// The positions `0..<count` grouped by a small integer key with one counting sort, stable (ascending
/// positions within a key): the positions with key k are `order[range(of: k)]`. The batch's compressed
/// tables are built with it: the skills' posting lists, the flow's adjacency, the graph's edges by row.
///
///     let groups = KeyGroups(count: 4, keys: 3) { [2, 0, 2, 1][$0] }
///     groups.order   // [1, 3, 0, 2]
///     groups.start   // [0, 1, 2, 4]
struct KeyGroups {
    /// `start[k]..<start[k + 1]` are the places in ``order`` of the positions with key k.
    let start: [Int32]
    let order: [Int32]

    /// - Parameter key: the key of a position, in `0..<keys` (called twice per position).
    init(count: Int, keys: Int, key: (Int) -> Int) {
        var start = [Int32](repeating: 0, count: keys + 1)
        for i in 0..<count { start[key(i) + 1] += 1 }
        for k in 0..<keys { start[k + 1] += start[k] }
        var next = start
        var order = [Int32](repeating: 0, count: count)
        for i in 0..<count {
            let k = key(i)
            order[Int(next[k])] = Int32(i)
            next[k] += 1
        }
        self.start = start
        self.order = order
    }

    @inline(__always)
    func range(of key: Int) -> Range<Int> { Int(start[key])..<Int(start[key + 1]) }
}
