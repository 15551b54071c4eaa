import Foundation
import MatchTestSupport
import Testing
@testable import MatchCore

@Suite struct DayTests {
    @Test("French dates JJ/MM/AAAA read as the same day; impossible ones do not")
    func frenchDates() {
        #expect(Day("17/12/2026") == Day("2026-12-17"))
        #expect(Day("29/02/2028") == Day("2028-02-29"))
        #expect(Day("31/02/2026") == nil)
        #expect(Day("1/2/2026") == nil)
        #expect(Day("17/12/26") == nil)
        #expect(Day("17-12-2026") == nil)
        #expect(Day("17/12/2026")?.description == "2026-12-17")
    }

    @Test func parsesDatesAndTimestamps() throws {
        #expect(Day("1970-01-01")?.ordinal == 0)
        #expect(Day("1969-12-31")?.ordinal == -1)
        #expect(Day("2000-03-01")?.ordinal == 11_017)
        #expect(Day("2025-05-31T14:14:44.737Z") == Day("2025-05-31"))
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2000-02-29") != nil)
        let day = try #require(Day("2026-11-23"))
        #expect(day.components == (2026, 11, 23))
        #expect(day.description == "2026-11-23")
    }

    @Test(arguments: ["2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00",
                      "2026-1-01", "2026-01-1", "26-01-01", "2026/11/23", "", "2026-11-23 10:00", "2026-11-23Z",
                      "2026-11", "abcd-ef-gh"])
    func rejectsMalformedDates(text: String) {
        #expect(Day(text) == nil)
    }

    /// Fields must be digits only: `Int(_:)` alone would accept a sign.
    @Test(arguments: ["2026-+1-01", "+026-01-01", "2026-01-+1"])
    func rejectsSignedFields(text: String) {
        #expect(Day(text) == nil)
    }

    @Test func descriptionRoundTripsOverTenMillennia() {
        let first = Day(year: 1, month: 1, day: 1)!.ordinal, last = Day(year: 9999, month: 12, day: 31)!.ordinal
        for ordinal in stride(from: first, through: last, by: 997) {
            let day = Day(ordinal: ordinal)
            #expect(Day(day.description) == day, "\(ordinal) → \(day.description)")
        }
    }

    @Test func arithmeticAcrossMonthsYearsAndLeapDays() {
        #expect(Day("2024-02-28")!.adding(days: 1).description == "2024-02-29")
        #expect(Day("2024-02-28")!.adding(days: 2).description == "2024-03-01")
        #expect(Day("2023-02-28")!.adding(days: 1).description == "2023-03-01")
        #expect(Day("2023-12-31")!.adding(days: 1).description == "2024-01-01")
        #expect(Day("2026-03-01")!.adding(days: -1).description == "2026-02-28")
        #expect(Day("2026-11-23")!.adding(days: 7).description == "2026-11-30")
    }

    @Test func wholeMonthsAndYears() {
        func months(_ a: String, _ b: String) -> Int { Day(a)!.months(until: Day(b)!) }
        func years(_ a: String, _ b: String) -> Int { Day(a)!.years(until: Day(b)!) }
        #expect(months("2026-01-31", "2026-02-28") == 0)
        #expect(months("2026-01-31", "2026-03-01") == 1)
        #expect(months("2026-01-15", "2027-01-15") == 12)
        #expect(months("2026-01-15", "2027-01-14") == 11)
        #expect(months("2025-11-23", "2026-11-23") == 12)
        #expect(years("2000-11-23", "2026-11-23") == 26)
        #expect(years("2000-11-24", "2026-11-23") == 25)
        #expect(years("2000-02-29", "2026-02-28") == 25)
        #expect(years("2000-02-29", "2026-03-01") == 26)
        #expect(years("2026-11-23", "2026-11-22") == -1)
        #expect(years("2026-11-23", "2026-11-23") == 0)
    }

    @Test func codable() throws {
        let decoded = try JSONDecoder().decode([Day].self, from: Data(#"["2026-11-23","2025-05-31T14:14:44Z"]"#.utf8))
        #expect(decoded.map(\.description) == ["2026-11-23", "2025-05-31"])
        #expect(try JSONDecoder().decode([Day].self, from: Data(#"["23/11/2026"]"#.utf8)) == [Day("2026-11-23")!])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Day].self, from: Data(#"["23.11.2026"]"#.utf8)) }
        let encoded = try JSONEncoder().encode([Day("2026-01-02")!])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["2026-01-02"]"#)
    }
}
