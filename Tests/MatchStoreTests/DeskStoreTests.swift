import Foundation
import GRDB
import MatchCore
import MatchData
@testable import MatchStore
import Testing

/// The desk's records: platforms, accounts, proposals and their steps, the monthly counts, erasure.
@Suite("Store: the desk's platforms, proposals and monthly counts")
struct DeskStoreTests {
    static let arras = DeskPlatform(id: "arras", name: "Proch'emploi Arras", contact: "03 21", epci: ["200033579"])

    /// A store with two offers of the platform (entered on given days) and three candidates.
    func storeWithOffers() throws -> Store {
        let store = try Fixture.store()
        try store.createPlatform(Self.arras, by: "test")
        let offers = [
            JobOffer(id: "O1", romeCode: "D1106", workplace: .init(commune: "62041"), positions: 2),
            JobOffer(id: "O2", romeCode: "N1103", workplace: .init(commune: "62041"), positions: 3),
        ]
        try store.importOffers(RecordFiles.encodeOffers(offers), file: "o.json", model: Fixture.model, options: Fixture.options())
        try store.saveDeskOffer(DeskOffer(offerId: "O1", platformId: "arras", openPositions: 2, company: "Boulangerie A",
                                          siret: nil, sizeBand: .micro, hiddenMarket: true), by: "test")
        try store.saveDeskOffer(DeskOffer(offerId: "O2", platformId: "arras", openPositions: 3, company: "Logistique B",
                                          siret: nil, sizeBand: .large, hiddenMarket: false), by: "test")
        let candidates = (1...3).map { i in
            Candidate(id: "C\(i)", commune: "62041", mobility: .init(modes: [.car], maxMinutes: 30))
        }
        try store.importCandidates(RecordFiles.encodeCandidates(candidates), file: "c.json", model: Fixture.model, options: Fixture.options())
        return store
    }

    @Test("A platform needs a valid id and an EPCI; an account needs a known platform and a free login")
    func platformsAndAccounts() throws {
        let store = try Fixture.store()
        #expect(throws: MatchError.self) { try store.createPlatform(DeskPlatform(id: "Arras!", name: "x", contact: "", epci: ["1"]), by: "t") }
        #expect(throws: MatchError.self) { try store.createPlatform(DeskPlatform(id: "arras", name: "x", contact: "", epci: []), by: "t") }
        #expect(throws: MatchError.self) {
            try store.createAccount(login: "claire", displayName: "Claire", passwordHash: "h", role: .admin, platformId: "arras", by: "t")
        }
        try store.createPlatform(Self.arras, by: "t")
        #expect(throws: MatchError.self) { try store.createPlatform(Self.arras, by: "t") }
        let account = try store.createAccount(login: " Claire ", displayName: "Claire", passwordHash: "h", role: .admin, platformId: "arras", by: "t")
        #expect(account.login == "claire")
        #expect(try store.accountForSignIn(login: "CLAIRE")?.passwordHash == "h")
        #expect(try store.account(id: account.id)?.role == .admin)
        #expect(throws: MatchError.self) {
            try store.createAccount(login: "claire", displayName: "Autre", passwordHash: "h", role: .assistant, platformId: "arras", by: "t")
        }
        #expect(try store.platforms() == [Self.arras])
    }

    @Test("A proposal moves proposé → entretien → embauché; wrong steps, a missing reason and an early date are refused")
    func proposalSteps() throws {
        let store = try storeWithOffers()
        let day = Day(year: 2026, month: 11, day: 10)!
        let first = try store.propose(offerId: "O1", platformId: "arras", candidates: [("C1", true), ("C2", false)], day: day, by: "claire")
        #expect(first.proposed.map(\.candidateId) == ["C1", "C2"])
        let again = try store.propose(offerId: "O1", platformId: "arras", candidates: [("C2", false), ("C3", false)], day: day, by: "claire")
        #expect(again.alreadyProposed == ["C2"])
        #expect(again.proposed.map(\.candidateId) == ["C3"])

        let c1 = first.proposed[0].id, c2 = first.proposed[1].id, c3 = again.proposed[0].id
        #expect(throws: MatchError.self) { try store.recordOutcome(proposal: c1, status: .proposed, reason: nil, day: day, by: "t") }
        #expect(throws: MatchError.self) { try store.recordOutcome(proposal: c1, status: .notRetained, reason: nil, day: day, by: "t") }
        #expect(throws: MatchError.self) { try store.recordOutcome(proposal: c1, status: .interview, reason: nil, day: day.adding(days: -1), by: "t") }
        try store.recordOutcome(proposal: c1, status: .interview, reason: nil, day: day.adding(days: 2), by: "t")
        try store.recordOutcome(proposal: c1, status: .hired, reason: nil, day: day.adding(days: 5), by: "t")
        #expect(throws: MatchError.self) { try store.recordOutcome(proposal: c1, status: .withdrew, reason: nil, day: day.adding(days: 6), by: "t") }
        #expect(try store.deskOffer(id: "O1")?.openPositions == 1)
        #expect(try store.deskOffer(id: "O1")?.status == .open)
        try store.recordOutcome(proposal: c2, status: .notRetained, reason: .experience, day: day.adding(days: 3), by: "t")
        try store.recordOutcome(proposal: c3, status: .hired, reason: .experience, day: day.adding(days: 7), by: "t")
        let offer = try #require(try store.deskOffer(id: "O1"))
        #expect(offer.openPositions == 0)
        #expect(offer.status == .filled)
        let steps = try store.proposalEvents(offerId: "O1").map { "\($0.candidateId ?? "-"):\($0.status.rawValue)" }
        #expect(steps == ["C1:propose", "C2:propose", "C3:propose", "C1:entretien", "C2:non_retenu", "C1:embauche", "C3:embauche"])
        // A reason is kept only for « non retenu ».
        #expect(try store.proposal(id: c3)?.reason == nil)
        #expect(try store.proposal(id: c2)?.reason == .experience)
        let audited = try store.auditLog().map(\.action)
        #expect(audited.filter { $0.hasPrefix("proposal.") }.count == 6)
    }

    @Test("The monthly counts follow the days of the records, against counts made by hand")
    func monthlyCounts() throws {
        let store = try storeWithOffers()
        let november = Month("2026-11")!
        let (inMonth, later) = (Day(year: 2026, month: 11, day: 28)!, Day(year: 2026, month: 12, day: 2)!)
        let made = try store.propose(offerId: "O1", platformId: "arras", candidates: [("C1", true), ("C2", false), ("C3", true)],
                                     day: inMonth, by: "t").proposed
        try store.recordOutcome(proposal: made[0].id, status: .interview, reason: nil, day: inMonth, by: "t")
        try store.recordOutcome(proposal: made[1].id, status: .interview, reason: nil, day: inMonth, by: "t")
        try store.recordOutcome(proposal: made[0].id, status: .hired, reason: nil, day: inMonth, by: "t")
        try store.recordOutcome(proposal: made[1].id, status: .hired, reason: nil, day: later, by: "t")

        // The offers were entered at the fixed clock's time: whatever month that is, both count there.
        let entered = Month(containing: Day(String(Store.timestamp(Fixture.now()).prefix(10)))!)
        let offers = try store.bilan(platformId: "arras", month: entered)
        #expect(offers.offers == 2)
        #expect(offers.positions == 5)
        #expect(offers.hiddenMarketOffers == 1)
        #expect(offers.smallCompanyOffers == 1)
        #expect(offers.newCompanies == ["Boulangerie A", "Logistique B"])

        let activity = try store.bilan(platformId: "arras", month: november)
        #expect(activity.proposed == 3)
        #expect(activity.proposedPriority == 2)
        #expect(activity.interviewed == 2)
        #expect(activity.hired == 1)
        #expect(activity.hiredPriority == 1)
        let december = try store.bilan(platformId: "arras", month: Month("2026-12")!)
        #expect(december.proposed == 0)
        #expect(december.hired == 1)
        #expect(december.hiredPriority == 0)
        #expect(try store.bilan(platformId: "autre", month: november).proposed == 0)
    }

    @Test("An erasure detaches the candidate's proposals and leaves the counts as they were")
    func erasure() throws {
        let store = try storeWithOffers()
        let day = Day(year: 2026, month: 11, day: 20)!
        let made = try store.propose(offerId: "O1", platformId: "arras", candidates: [("C1", true)], day: day, by: "t").proposed
        try store.recordOutcome(proposal: made[0].id, status: .hired, reason: nil, day: day, by: "t")
        let before = try store.bilan(platformId: "arras", month: Month("2026-11")!)
        let receipt = try store.eraseCandidate(id: "C1", by: "dpo")
        #expect(receipt.proposals == 1)
        #expect(try store.proposals(candidateId: "C1").isEmpty)
        #expect(try store.proposals(offerId: "O1").map(\.candidateId) == [nil])
        #expect(try store.bilan(platformId: "arras", month: Month("2026-11")!) == before)
        let mentions = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM proposal WHERE candidateId = 'C1'") ?? -1
        }
        #expect(mentions == 0)
    }

    @Test("Months: bounds, previous, French names")
    func months() {
        #expect(Month("2026-13") == nil)
        #expect(Month("26-11") == nil)
        #expect(Month("2024-02")!.lastDay.description == "2024-02-29")
        #expect(Month("2026-01")!.previous.description == "2025-12")
        #expect(Month("2026-11")!.frenchName == "novembre 2026")
        #expect(Month("2026-12")!.frenchShortName == "déc. 26" && Month("2027-06")!.frenchShortName == "juin 27")
    }

    @Test("Offer lifecycle: closed by hand, by its last day or by the desk; the batch's open offers follow; a followed offer is never deleted")
    func offerLifecycle() throws {
        let store = try storeWithOffers()
        let day = Day(year: 2026, month: 12, day: 4)!
        #expect(try store.openOffers(on: day).map(\.id) == ["O1", "O2"])
        try store.closeOffer(id: "O2", reason: nil, expiresOn: day, by: "t")
        #expect(try store.offerState(id: "O2")?.status(on: day) == .open)
        #expect(try store.offerState(id: "O2")?.status(on: day.adding(days: 1)) == .expired)
        #expect(try store.openOffers(on: day.adding(days: 1)).map(\.id) == ["O1"])
        try store.setOfferStatus("O1", .cancelled, by: "t")
        #expect(try store.offerState(id: "O1")?.status(on: day) == .closed)
        #expect(try store.openOffers(on: day).map(\.id) == ["O2"])
        try store.reopenOffer(id: "O2", until: nil, by: "t")
        #expect(try store.offerStates(filter: .open, on: day.adding(days: 30)).map(\.id) == ["O2"])

        _ = try store.propose(offerId: "O1", platformId: "arras", candidates: [("C1", false)], day: day, by: "claire")
        #expect(throws: MatchError.self) { try store.deleteOffer(id: "O1", by: "t") }
        #expect(try store.offer(id: "O1") != nil)
        try store.deleteOffer(id: "O2", by: "t")
        #expect(try store.offer(id: "O2") == nil && store.deskOffer(id: "O2") == nil)
        #expect(try store.auditLog(subject: ("offer", "O2")).map(\.action).contains("offer.delete"))
        let unknown = try store.unknownOfferMessage("O3")
        #expect(unknown.contains("« O1 »"), "\(unknown)")
    }
}
