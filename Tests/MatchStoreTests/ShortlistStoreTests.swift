import Foundation
import MatchCore
import MatchData
@testable import MatchStore
import Testing

@Suite("Saved shortlists")
struct ShortlistStoreTests {
    let ws = Fixture.model

    /// The shortlist of LIL-C over the fixture candidates, as printed.
    static func report(_ store: Store) throws -> (ShortlistReport, JobOffer) {
        let ws = Fixture.model
        let matcher = try ws.matcher(candidates: try store.candidates(), referenceDate: Fixture.referenceDate)
        let offer = try #require(try store.offer(id: "LIL-C"))
        let list = try matcher.shortlist(for: offer, top: 10)
        return (ShortlistReport(list, offerTitle: offer.title, model: ws.modelVersions(referenceDate: Fixture.referenceDate)), offer)
    }

    @Test("A saved list reads back as it was printed, with who asked and when; saving and showing are logged")
    func saveAndShow() throws {
        let store = try Fixture.filledStore()
        let (report, offer) = try ShortlistStoreTests.report(store)
        #expect(Set(report.candidates.map(\.id)) == ["P-FULL", "P-C-FAR-OK", "P-CE"])
        let saved = try store.saveShortlist(report, offer: offer, parameters: ["top": "10"], requestedBy: "Amélie")
        let id = try #require(saved.saved?.id)
        let (shown, snapshot) = try store.shortlist(id: id, viewedBy: "Bruno")
        #expect(snapshot == offer)
        #expect(shown.saved?.requestedBy == "Amélie" && shown.saved?.parameters == ["top": "10"])
        #expect(try shown.jsonData() == saved.jsonData(), "shown exactly as saved")
        var unsaved = shown
        unsaved.saved = nil
        #expect(try unsaved.jsonData() == report.jsonData())
        let lists = try store.shortlists(offerId: "LIL-C")
        #expect(lists.map(\.id) == [id] && lists[0].entries == 3 && lists[0].erased == 0)
        #expect(try store.shortlists(offerId: "DK-1").isEmpty)
        let events = try store.auditLog(subject: ("shortlist", String(id)))
        #expect(events.map(\.action) == ["shortlist.save", "shortlist.show"])
        #expect(events.map(\.actor) == ["Amélie", "Bruno"])
    }

    @Test("An unknown list number says which lists exist")
    func unknown() throws {
        let store = try Fixture.filledStore()
        #expect(throws: MatchError.self) { try store.shortlist(id: 42) }
        do { _ = try store.shortlist(id: 42) } catch { #expect("\(error)".contains("aucune liste enregistrée sous le n° 42 (aucune encore)")) }
    }
}
