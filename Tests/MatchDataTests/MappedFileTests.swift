import Foundation
import MatchCore
import Testing
@testable import MatchData

/// Reading an import's file without holding it: mapped pages given back, records found without a copy.
@Suite("Mapped files: pages given back, bytes unchanged, records found on the file's own bytes")
struct MappedFileTests {
    /// 24 MiB of pseudo-random bytes (three times the release stride).
    static let randomBytes: Data = {
        var generator = SplitMix64(seed: 11)
        let words = (0..<(24 << 20) / 8).map { _ in generator.next() }
        return words.withUnsafeBytes { Data($0) }
    }()

    /// Whether two buffers hold the same bytes, as a plain Bool: an expectation on `a == b` would describe
    /// both 24 MiB values when it fails.
    static func same(_ a: Data, _ b: Data) -> Bool { a == b }

    /// `bytes` written to a new temporary file (`name` ends its name), and that file mapped; the caller
    /// removes `url`.
    static func mapped(_ bytes: Data, name: String = "bin") throws -> (url: URL, data: Data) {
        let url = FileManager.default.temporaryDirectory.appending(path: "apparier-mapped-\(UUID().uuidString)-\(name)")
        try bytes.write(to: url)
        return (url, try Data(contentsOf: url, options: .alwaysMapped))
    }

    /// The resident kilobytes of the mapping that holds `address`, from `/proc/self/smaps`.
    static func residentKB(of address: UnsafeRawPointer) -> Int? {
        guard let smaps = KernelFile.text("/proc/self/smaps") else { return nil }
        let target = UInt(bitPattern: address)
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let bounds = fields.first?.split(separator: "-").compactMap { UInt($0, radix: 16) } ?? []
            if bounds.count == 2, fields.count >= 5 {
                inside = bounds[0] <= target && target < bounds[1]
            } else if inside, fields.first == "Rss:", fields.count >= 2 {
                return Int(fields[1])
            }
        }
        return nil
    }

    #if os(Linux)
    @Test("A mapped file's pages leave the process when released, and read back the same bytes")
    func mappedFile() throws {
        let expected = Self.randomBytes
        let (url, data) = try Self.mapped(expected)
        defer { try? FileManager.default.removeItem(at: url) }
        let pages = MappedPages(data)
        #expect(pages.isFileMapped)
        #expect(Self.same(data, expected))   // every page read
        try data.withUnsafeBytes { raw in
            let base = try #require(raw.baseAddress)
            let before = try #require(Self.residentKB(of: base))
            #expect(before >= 20 << 10, "the whole file was read: \(before) kB resident")
            pages.release(raw, from: 0, upTo: raw.count / 2)
            let half = try #require(Self.residentKB(of: base))
            #expect(half <= before / 2 + 8 && half >= before / 2 - 8, "the first half given back: \(half) of \(before) kB")
            pages.release(raw, upTo: raw.count)
            #expect(try #require(Self.residentKB(of: base)) < 64)
        }
        #expect(Self.same(data, expected), "released pages come back from the file, unchanged")
    }

    @Test("A pass gives back the pages behind it a stride at a time, and the rest when it is finished")
    func reading() throws {
        let (url, data) = try Self.mapped(Self.randomBytes)
        defer { try? FileManager.default.removeItem(at: url) }
        let pages = MappedPages(data)
        #expect(Self.same(data, Self.randomBytes))   // every page read
        try data.withUnsafeBytes { raw in
            let base = try #require(raw.baseAddress)
            var reading = pages.reading(raw)
            reading.passed(12 << 20)
            let first = try #require(Self.residentKB(of: base))
            #expect(abs(first - (12 << 10)) <= 8, "the first 12 MiB given back: \(first) kB left")
            reading.passed(13 << 20)   // less than a stride further: nothing given back
            #expect(try #require(Self.residentKB(of: base)) == first)
            reading.finish(at: raw.count)
            #expect(try #require(Self.residentKB(of: base)) < 64)
        }
    }

    @Test("Finding a JSON file's records, or checking and cutting a CSV file, leaves none of its pages in the process")
    func scansGiveBackPages() throws {
        let json = "[" + (0..<300_000).map { #"{"id": "C\#($0)", "commune": "59350"}"# }.joined(separator: ",\n") + "]"
        let csv = "id;commune\n" + (0..<700_000).map { "C\($0);59350\n" }.joined()
        for (name, text) in [("j.json", json), ("c.csv", csv)] {
            let (url, data) = try Self.mapped(Data(text.utf8), name: name)
            defer { try? FileManager.default.removeItem(at: url) }
            #expect(data.count > 8 << 20, "more than a stride: \(data.count) bytes")
            let base = try #require(data.withUnsafeBytes { $0.baseAddress })
            if name.hasSuffix(".json") {
                #expect(JSONElements.wellFormedRecordRanges(in: data, rootKey: "candidats")?.count == 300_000)
            } else {
                let reader = try CSVReader(data: data, file: name)
                let checked = try #require(Self.residentKB(of: base))
                #expect(checked < 64, "after the UTF-8 check: \(checked) kB")
                let (parts, lines) = reader.parts(4)
                #expect(parts.count == 4 && lines == 700_000)
            }
            #expect(try #require(Self.residentKB(of: base)) < 64, "\(name): nothing of the file left resident")
        }
    }
    #endif

    @Test("Bytes that are not mapped from a file are never touched by a release")
    func ordinaryMemory() throws {
        let expected = Self.randomBytes
        let data = expected.withUnsafeBytes { Data($0) }   // a copy of its own: a wrong release would zero it, not `expected`
        let pages = MappedPages(data)
        #expect(!pages.isFileMapped)
        data.withUnsafeBytes { pages.reading($0).finish(at: $0.count) }
        data.withUnsafeBytes { pages.release($0, from: 100, upTo: $0.count - 100) }
        #expect(Self.same(data, expected), "ordinary memory left as it was")
        #expect(!MappedPages(Data()).isFileMapped)
    }

    @Test("The record ranges found on the file's bytes are the lenient scanner's, and nil for what is not well-formed",
          arguments: [
              (#"[{"id": "a"}, {"id": "b", "x": [1, {"y": "]}"}]}]"#, true),
              (#"  [ ]  "#, true),
              ("\u{FEFF}[{\"id\": \"a\"},\n {\"id\": \"b\\\"]\"}]", true),
              (#"{"candidats": [{"id": "a"}, {"id": "b"}], "total": 2}"#, true),
              (#"{"meta": {"candidats": [1]}, "n": [1, 2, 3], "candidats": [{"id": "a"}, 3, "x", null]}"#, true),
              (#"{"candidats": []}"#, true),
              (#"[{"id": "a"},]"#, false),
              (#"[{"id": "a"}"#, false),
              (#"[{"id": "a"}] x"#, false),
              (#"{"candidats": [{"id": "a"}], "candidats": []}"#, false),
              (#"[{"id": "a" "b"}]"#, false),
              (#"{"autre": []}"#, false),
          ])
    func wellFormedRanges(text: String, wellFormed: Bool) throws {
        let data = Data(text.utf8)
        let found = JSONElements.wellFormedRecordRanges(in: data, rootKey: RecordFiles.candidatesRootKey)
        if wellFormed {
            let reference = try #require(JSONElements.recordRanges(in: data, rootKey: RecordFiles.candidatesRootKey))
            #expect(found == reference)
        } else {
            #expect(found == nil)
        }
        // The same inside a larger buffer: ranges are indices of `data`, whatever its start.
        let padded = Data("..".utf8) + data
        let slice = padded[2...]
        #expect(JSONElements.wellFormedRecordRanges(in: slice, rootKey: RecordFiles.candidatesRootKey)
            == found.map { $0.map { ($0.lowerBound + 2)..<($0.upperBound + 2) } })
    }
}
