/// A hash that is the same on every run and machine (64-bit FNV-1a), for the `contentHash` column: a
/// re-imported record whose hash is unchanged is left alone, without reading it back.
///
/// Swift's `Hasher` is seeded per process, so it cannot be stored.
///
///     var h = StableHasher()
///     h.combine("C-1"); h.combine(45)
///     let stored = h.value
struct StableHasher {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    var value: Int64 { Int64(bitPattern: state) }

    @inline(__always) mutating func byte(_ b: UInt8) {
        state = (state ^ UInt64(b)) &* 0x0000_0100_0000_01b3
    }

    /// The string's UTF-8 bytes, then a separator so that ("ab", "c") and ("a", "bc") differ.
    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { for b in $0 { byte(b) } }
        byte(0x1F)
    }

    mutating func combine(_ text: String?) {
        if let text { combine(text) } else { byte(0x1E) }
    }

    mutating func combine(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { for b in $0 { byte(b) } }
    }

    mutating func combine(_ value: Int?) {
        if let value { combine(value) } else { byte(0x1E) }
    }

    mutating func combine(_ value: Double?) {
        guard let value else { byte(0x1E); return }
        withUnsafeBytes(of: value.bitPattern.littleEndian) { for b in $0 { byte(b) } }
    }

    mutating func combine(_ flag: Bool) { byte(flag ? 1 : 0) }

    mutating func combine(_ flag: Bool?) {
        if let flag { combine(flag) } else { byte(0x1E) }
    }

    /// A list: its length, then each element.
    mutating func combine(_ list: [String]) {
        combine(list.count)
        for item in list { combine(item) }
    }
}
