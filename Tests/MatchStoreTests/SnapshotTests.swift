import Foundation
import MatchCore
import MatchData
@testable import MatchStore
import Testing

@Suite("Index snapshot next to the store")
struct SnapshotTests {
    /// A file store holding the fixture records, and its snapshot's path.
    static func fileStore() throws -> (Store, URL) {
        let dir = try Fixture.directory()
        let path = dir.appending(path: "s.sqlite").path
        let store = try Store.open(at: path, now: Fixture.now)
        try store.importOffers(Data(Fixture.offersJSON.utf8), file: "offres.json", model: Fixture.model, options: Fixture.options())
        try store.importCandidates(Data(Fixture.candidatesJSON.utf8), file: "candidats.json", model: Fixture.model, options: Fixture.options())
        return (store, IndexSnapshot.url(forStore: path))
    }

    @Test("Rebuilt and saved once, then read back: the same index, the same shortlists")
    func roundTrip() throws {
        let (store, url) = try SnapshotTests.fileStore()
        let (built, first, _) = try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate)
        #expect(first == .rebuilt(.missing))
        #expect(FileManager.default.fileExists(atPath: url.path))
        let (read, second, _) = try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate)
        #expect(second == .snapshot)
        #expect(read.ids == built.ids)
        #expect(read.vectors == built.vectors)
        #expect(try read.encoded() == built.encoded())
        for offer in Fixture.offers {
            let a = try Fixture.model.matcher(over: built).shortlist(for: offer, top: 10)
            let b = try Fixture.model.matcher(over: read).shortlist(for: offer, top: 10)
            #expect(a == b)
        }
    }

    @Test("A snapshot of another generation is stale: rebuilt, never used")
    func stale() throws {
        let (store, _) = try SnapshotTests.fileStore()
        _ = try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate)
        let newcomer = Fixture.candidatesJSON.replacingOccurrences(of: "\"P-CE\"", with: "\"P-NEW\"")
        try store.importCandidates(Data(newcomer.utf8), file: "plus.json", model: Fixture.model, options: Fixture.options())
        let (index, origin, generation) = try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate)
        guard case .rebuilt(.stale(let why)) = origin else { Issue.record("expected a stale snapshot, got \(origin)"); return }
        #expect(why.contains("génération 1"))
        #expect(generation == 2)
        #expect(index.ids.contains("P-NEW"))
        #expect(try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate).1 == .snapshot)
        let otherDay = try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate.adding(days: 1)).1
        #expect(otherDay != .snapshot)
    }

    @Test("A corrupted or truncated snapshot is detected and rebuilt", arguments: ["flip", "truncate", "garbage"])
    func corrupt(damage: String) throws {
        let (store, url) = try SnapshotTests.fileStore()
        let (built, _, _) = try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate)
        var bytes = try Data(contentsOf: url)
        switch damage {
        case "flip": bytes[bytes.count - 9] ^= 0x40
        case "truncate": bytes = bytes.prefix(bytes.count - 100)
        default: bytes = Data("not a snapshot".utf8)
        }
        try bytes.write(to: url)
        let (index, origin, _) = try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate)
        guard case .rebuilt(.corrupt) = origin else { Issue.record("expected a corrupt snapshot, got \(origin)"); return }
        #expect(index.ids == built.ids)
        #expect(try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate).1 == .snapshot)
    }

    @Test("An erasure deletes the snapshot: no byte of the candidate stays in it")
    func erasureDeletesSnapshot() throws {
        let (store, url) = try SnapshotTests.fileStore()
        _ = try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate)
        #expect(try Data(contentsOf: url).range(of: Data("P-FULL".utf8)) != nil)
        try store.eraseCandidate(id: "P-FULL", by: "dpo")
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let (index, _, _) = try store.candidateIndex(model: Fixture.model, referenceDate: Fixture.referenceDate)
        #expect(!index.ids.contains("P-FULL"))
        #expect(try Data(contentsOf: url).range(of: Data("P-FULL".utf8)) == nil)
    }
}
