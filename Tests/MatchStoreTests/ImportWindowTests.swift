import Foundation
import MatchCore
import MatchData
@testable import MatchStore
import Synchronization
import Testing

/// A candidate file read a window at a time: what is stored, refused and reported is what the same file
/// gives read whole, and at most two windows are held at once.
@Suite("Imports read in windows")
struct ImportWindowTests {
    let ws = Fixture.model

    /// `count` candidates made from the fixture's five (every field kind), with ids of their own.
    static func people(_ count: Int) -> [Candidate] {
        let kinds = Fixture.candidates
        return (0..<count).map { i in
            var c = kinds[i % kinds.count]
            c.id = "W\(i)"
            return c
        }
    }

    static func options(windowBytes: Int, skipInvalid: Bool = false) -> ImportOptions {
        var options = Fixture.options(skipInvalid: skipInvalid)
        options.windowBytes = windowBytes
        return options
    }

    /// The file as CSV or JSON (one record per line from line 2 in both).
    static func file(_ people: [Candidate], json: Bool) -> Data {
        guard json else { return CSVExport.candidates(people) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = people.map { String(decoding: try! encoder.encode($0), as: UTF8.self) }
        return Data(("[\n" + lines.joined(separator: ",\n") + "\n]\n").utf8)
    }

    @Test("A file read in windows stores the same candidates, counts and history as read whole", arguments: [false, true])
    func sameAsWhole(json: Bool) throws {
        let name = json ? "w.json" : "w.csv"
        let data = Self.file(Self.people(600), json: json)
        let (windows, _) = try RecordReader.candidateWindows(data, file: name, windowBytes: 4_096)
        #expect(windows.count >= 8, "the file is cut into windows (\(windows.count))")
        #expect(windows.estimatedRecords >= 600)

        let whole = try Fixture.store(), cut = try Fixture.store()
        let a = try whole.importCandidates(data, file: name, model: ws, options: Self.options(windowBytes: .max))
        let b = try cut.importCandidates(data, file: name, model: ws, options: Self.options(windowBytes: 4_096))
        #expect(a.inserted == 600 && b.inserted == 600 && b.read == 600)
        #expect(a.sha256 == b.sha256 && !b.sha256.isEmpty)
        #expect(try cut.candidates() == whole.candidates())
        #expect(try cut.contentDigest() == whole.contentDigest())

        // A second import of the same file, in windows: unchanged, and it knows the first.
        let again = try cut.importCandidates(data, file: name, model: ws, options: Self.options(windowBytes: 4_096))
        #expect(again.unchanged == 600 && again.inserted == 0 && again.sameFileImports == [b.importId])
        #expect(try cut.imports().first?.sha256 == a.sha256)
    }

    @Test("A bad record in a late window refuses the file: every window's problems listed, nothing stored")
    func refusedAcrossWindows() throws {
        var people = Self.people(600)
        people[40].commune = "59999"             // line 42
        people[530].id = "W3"                    // line 532: the id of line 5, windows before
        people[590].targetRomeCodes = ["Z9999"]  // line 592
        let data = Self.file(people, json: false)
        let store = try Fixture.filledStore()
        let before = try store.contentDigest()
        let refusal = try #require(Fixture.refusal {
            try store.importCandidates(data, file: "w.csv", model: ws, options: Self.options(windowBytes: 4_096))
        })
        #expect(refusal.problemCount == 3)
        #expect(refusal.problems.map { "\($0.line ?? 0) \($0.field ?? "")" } == ["42 commune", "532 id", "592 metiersRecherches"])
        #expect(refusal.problems[1].message.contains("« W3 » en double") && refusal.problems[1].message.hasSuffix("(déjà pris à la ligne 5)"),
                "\(refusal.problems[1])")
        #expect(try store.contentDigest() == before, "a refused file leaves the store as it was (rolled back)")
        #expect(try store.imports().count == 2, "not even its import record")
        #expect(try store.counts().candidates == Fixture.candidates.count)
    }

    @Test("Once a window refuses the file, the later ones are checked but not given row values; with skip-invalid all are",
          arguments: [false, true])
    func refusedWindowsAreNotPrepared(skipInvalid: Bool) throws {
        let data = Self.file(Self.people(600), json: false)
        let (windows, _) = try RecordReader.candidateWindows(data, file: "w.csv", windowBytes: 4_096)
        #expect(windows.count >= 8)
        let checked = Mutex(0), prepared = Mutex(0)
        let steps = WindowSteps<Candidate, Int>(
            check: { window in
                checked.withLock { $0 += 1 }
                // The record of line 102 (window 1 or 2) is refused.
                if let i = window.records.firstIndex(where: { $0.id == "W100" }) {
                    window.records.remove(at: i)
                    window.problems.append(ImportProblem(line: 102, field: "id", message: "refusé pour le test"))
                }
                return []
            },
            prepare: { records in prepared.withLock { $0 += 1 }; return records.map { _ in 0 } })
        let header = ImportHeader(kind: .candidates, source: ImportSource(file: "w.csv", format: .csv, sha256: ""), model: "test")
        var written = 0
        let outcome = Result {
            try Fixture.store().writeWindows(windows, header: header, digest: nil, options: Self.options(windowBytes: 4_096, skipInvalid: skipInvalid),
                                             steps: steps) { _, _ in written += 1 }
        }
        #expect(checked.withLock { $0 } == windows.count, "every window is checked, to list every problem")
        if skipInvalid {
            #expect(try outcome.get().0.rejected.count == 1)
            #expect(prepared.withLock { $0 } == windows.count && written == 599)
        } else {
            #expect(throws: MatchError.self) { try outcome.get() }
            // Windows 0 and 1 may be prepared before the refusal is known; none after the refused one.
            #expect(prepared.withLock { $0 } <= 2, "\(prepared.withLock { $0 }) of \(windows.count) windows prepared")
            #expect(written < 100, "nothing written after the refused record")
        }
    }

    @Test("With skip-invalid, the valid records of every window are stored and the others reported", arguments: [false, true])
    func skipInvalidAcrossWindows(json: Bool) throws {
        var people = Self.people(600)
        people[40].commune = "59999"
        people[590].mobility.maxMinutes = -5
        let data = Self.file(people, json: json)
        let whole = try Fixture.store(), cut = try Fixture.store()
        let a = try whole.importCandidates(data, file: "w", model: ws, options: Self.options(windowBytes: .max, skipInvalid: true))
        let b = try cut.importCandidates(data, file: "w", model: ws, options: Self.options(windowBytes: 4_096, skipInvalid: true))
        #expect(b.inserted == 598 && b.read == 600)
        #expect(b.rejected.map(\.line) == [42, 592])
        #expect(b.rejected == a.rejected)
        #expect(try cut.candidates() == whole.candidates())
        #expect(try cut.imports().first?.rowsRejected == 2)
    }

    @Test("A record no reader can decode, in a late window of a JSON file, gets the message of the whole file's reading")
    func undecodableRecord() throws {
        let good = Self.file(Self.people(600), json: true)
        var text = String(decoding: good, as: UTF8.self)
        let bad = "\"id\":\"W550\""
        let line = text.prefix(upTo: text.range(of: bad)!.lowerBound).filter { $0 == "\n" }.count + 1
        text = text.replacingOccurrences(of: bad, with: "\"id\":550")
        let data = Data(text.utf8)
        let cut = try Fixture.store(), whole = try Fixture.store()
        let a = try #require(Fixture.refusal {
            try cut.importCandidates(data, file: "w.json", model: ws, options: Self.options(windowBytes: 4_096))
        })
        let b = try #require(Fixture.refusal {
            try whole.importCandidates(data, file: "w.json", model: ws, options: Self.options(windowBytes: .max))
        })
        #expect(a.description == b.description)
        #expect(a.problems.first?.line == line && a.problems.first?.field?.hasSuffix("id") == true, "\(a)")
        #expect(try cut.counts().candidates == 0 && cut.imports().isEmpty)
    }

    @Test("Offers read in windows: the same offers, vectors and warnings as read whole, a fiche found from a title included",
          arguments: [false, true])
    func offersInWindows(json: Bool) throws {
        let kinds = Fixture.offers
        var offers = (0..<300).map { i in
            var o = kinds[i % kinds.count]
            o.id = "O\(i)"
            return o
        }
        offers[250].romeCode = ""
        offers[250].title = "Vendeuse en boulangerie"
        let data = json ? RecordFiles.encodeOffers(offers) : CSVExport.offers(offers)
        let name = json ? "o.json" : "o.csv"
        #expect(try RecordReader.offerWindows(data, file: name, windowBytes: 4_096).0.count >= 4)
        func options(_ bytes: Int) -> ImportOptions {
            var options = Self.options(windowBytes: bytes)
            options.romeInference = RomeInference(strict: false) { try TitleMatcher.load(rome: Fixture.model.rome) }
            return options
        }
        let whole = try Fixture.store(), cut = try Fixture.store()
        let a = try whole.importOffers(data, file: name, model: ws, options: options(.max))
        let b = try cut.importOffers(data, file: name, model: ws, options: options(4_096))
        #expect(b.inserted == 300 && b.read == 300)
        #expect(b.warnings == a.warnings && b.warnings.contains { $0.field?.hasSuffix("romeCode") == true })
        #expect(try cut.offers() == whole.offers())
        #expect(try cut.contentDigest() == whole.contentDigest(), "rows, lists and vectors")
    }

    @Test("The pipeline hands the chunks over in order and holds at most two at once")
    func pipelineBound() throws {
        final class Count: @unchecked Sendable {
            let lock = NSLock()
            var held = 0, most = 0
            func change(_ d: Int) { lock.withLock { held += d; most = max(most, held) } }
        }
        let count = Count()
        var seen = [Int]()
        try ChunkPipeline.run(count: 40, produce: { k in
            count.change(1)
            return k
        }) { k, value in
            seen.append(value)
            #expect(k == value)
            Thread.sleep(forTimeInterval: 0.002)   // a slow writer: the producer must wait, not run ahead
            count.change(-1)
        }
        #expect(seen == Array(0..<40))
        #expect(count.most == 2, "the chunk written and the next one (most held: \(count.most))")
    }

    @Test("A writer that throws stops the pipeline: the error comes out, and the producer ends cleanly")
    func pipelineStops() throws {
        struct Stop: Error {}
        for round in 0..<200 {   // the producer may be anywhere when the writer throws
            let made = NSLock(), total = Box()
            #expect(throws: Stop.self) {
                try ChunkPipeline.run(count: 10, produce: { k in
                    made.withLock { total.value += 1 }
                    return k
                }) { k, _ in if k == round % 3 { throw Stop() } }
            }
            #expect(made.withLock { total.value } <= round % 3 + 3, "production stops soon after the throw")
        }
    }

    final class Box: @unchecked Sendable { var value = 0 }
}
