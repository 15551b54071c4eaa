/// A calendar day, stored as the number of days since 1970-01-01 (proleptic Gregorian).
///
/// Dates in Apparier's JSON are `YYYY-MM-DD`; a France Travail timestamp such as
/// `2025-05-31T14:14:44.737Z` is read by its date part.
///
///     let day = Day("2026-11-23")!
///     day.adding(days: 7).description   // "2026-11-30"
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var ordinal: Int32

    public init(ordinal: Int32) { self.ordinal = ordinal }

    /// Creates a day from its year, month (1–12) and day of month (1–31), or fails if the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        ordinal = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD`, optionally followed by a time part (`T…`), or the French `JJ/MM/AAAA`.
    ///
    ///     Day("17/12/2026") == Day("2026-12-17")   // true
    public init?(_ text: some StringProtocol) {
        // Read on the UTF-8 bytes: an import of 500,000 candidates reads about two million dates.
        guard let day = text.utf8.withContiguousStorageIfAvailable(Day.parse) ?? Day.parse(Array(text.utf8)) else { return nil }
        self = day
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let digit = b[i] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        let slash = UInt8(ascii: "/"), dash = UInt8(ascii: "-")
        if b.count == 10, b[2] == slash, b[5] == slash {
            guard let d = number(0..<2), let m = number(3..<5), let y = number(6..<10) else { return nil }
            return Day(year: y, month: m, day: d)
        }
        guard b.count >= 10, b[4] == dash, b[7] == dash, b.count == 10 || b[10] == UInt8(ascii: "T"),
              let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    private static func parse(_ bytes: [UInt8]) -> Day? { bytes.withUnsafeBufferPointer(parse) }

    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(Int(ordinal)) }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + Int32(days)) }

    /// Whole months from `self` to `later` (negative when `later` is earlier).
    public func months(until later: Day) -> Int {
        let a = components, b = later.components
        var months = (b.year - a.year) * 12 + (b.month - a.month)
        if b.day < a.day { months -= 1 }
        return months
    }

    /// Whole years from `self` to `later`: an age when `self` is a birth date.
    public func years(until later: Day) -> Int {
        let m = months(until: later)
        return m >= 0 ? m / 12 : -((-m + 11) / 12)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days algorithms.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension Day: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "une date AAAA-MM-JJ ou JJ/MM/AAAA est attendue, trouvé « \(text) »")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
