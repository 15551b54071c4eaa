import Foundation
import Hummingbird
import MatchCore
import MatchData
@testable import MatchService
import MatchStore
import Testing

@Suite("apparier serve: the JSON API over real HTTP", .serialized)
struct ServiceTests {
    @Test("Every /api call needs an active token; a revoked one is refused at once")
    func tokens() async throws {
        let f = try ServiceFixture(candidates: 300, offers: 20)
        let spare = try f.store.createToken(name: "spare", by: "test")
        try await f.withService { http in
            let anonymous = try await http.with(token: nil).get("/api/v1/health")
            #expect(anonymous.status == 401)
            #expect(anonymous.error?["code"] as? String == "unauthorized")
            #expect((anonymous.error?["message"] as? String)?.hasPrefix("ce service détient des données personnelles") == true)
            let forged = try await http.with(token: "apr_forged").get("/api/v1/health")
            #expect(forged.status == 401 && forged.error?["message"] as? String == "jeton inconnu ou révoqué")
            #expect(try await http.with(token: nil).get("/api/v1/candidates/\(f.newcomers[0].id)").status == 401)
            #expect(try await http.with(token: spare).get("/api/v1/health").status == 200)
            try f.store.revokeToken(name: "spare", by: "test")
            #expect(try await http.with(token: spare).get("/api/v1/health").status == 401)
            #expect(try await http.get("/api/v1/health").status == 200)
        }
        #expect(try f.store.tokens().map(\.name) == ["tests", "spare"])
    }

    @Test("Records: import, read, shortlist identical to a fresh index, what-if, saved lists, audit by token name")
    func records() async throws {
        let f = try ServiceFixture()
        let offer = try #require(f.offers.first { offer in
            (try? ServiceFixture.model.matcher(candidates: f.store.candidates(), referenceDate: ServiceFixture.referenceDate)
                .shortlist(for: offer, top: 5).entries.count) == 5
        })
        try await f.withService { http in
            let health = try #require(try await http.get("/api/v1/health").json)
            #expect(health["candidates"] as? Int == 3_000)
            #expect(health["offers"] as? Int == 120)

            let stored = try await http.get("/api/v1/offers/\(offer.id)")
            #expect(stored.status == 200)
            #expect(try JSONDecoder().decode(JobOffer.self, from: stored.body) == offer)
            let missing = try await http.get("/api/v1/offers/NOPE")
            #expect(missing.status == 404 && missing.error?["message"] as? String == "aucune offre « NOPE »", "\(missing.text)")

            let list = try await http.get("/api/v1/offers/\(offer.id)/shortlist?top=7&explain=true")
            #expect(list.status == 200)
            #expect(list.body == (try f.referenceShortlist(offer, top: 7)))
            let dated = try await http.get("/api/v1/offers/\(offer.id)/shortlist?top=7&date=2026-11-23")
            #expect(dated.body == list.body)
            // Another reference date: an index for that date, built from the store.
            let later = Day(year: 2027, month: 6, day: 1)!
            let laterList = try ServiceFixture.model.matcher(candidates: f.store.candidates(), referenceDate: later)
                .shortlist(for: offer, top: 7)
            let expected = try ShortlistReport(laterList, offer: offer, model: ServiceFixture.model, referenceDate: later).jsonData()
            #expect(try await http.get("/api/v1/offers/\(offer.id)/shortlist?top=7&date=2027-06-01").body == expected + Data("\n".utf8))

            let whatIf = try await http.post("/api/v1/shortlist?top=7", RecordFiles.encodeOffers([offer]))
            #expect(whatIf.status == 200)
            #expect(whatIf.body == list.body)

            let newcomer = f.newcomers[0]
            let imported = try await http.post("/api/v1/candidates", RecordFiles.encodeCandidates([newcomer]))
            #expect(imported.status == 201)
            #expect(imported.json?["inserted"] as? Int == 1)
            let read = try await http.get("/api/v1/candidates/\(newcomer.id)")
            #expect(read.status == 200)
            #expect(try JSONDecoder().decode(Candidate.self, from: read.body).id == newcomer.id)

            let saved = try await http.post("/api/v1/shortlists", json: #"{"offerId": "\#(offer.id)", "top": 5, "requestedBy": "Amélie"}"#)
            #expect(saved.status == 201)
            let savedId = try #require((saved.json?["saved"] as? [String: Any])?["id"] as? Int)
            let all = try await http.get("/api/v1/shortlists")
            #expect((try JSONSerialization.jsonObject(with: all.body) as? [[String: Any]])?.first?["id"] as? Int == savedId)
            let shown = try await http.get("/api/v1/shortlists/\(savedId)")
            #expect(shown.status == 200)
            #expect(try await http.get("/api/v1/shortlists/999").status == 404)
            #expect(try await http.get("/api/v1/shortlists/abc").status == 400)
            f.service.accessLog.flush()
        }
        let events = try f.store.auditLog()
        #expect(events.contains { $0.action == "candidate.read" && $0.actor == "token:tests" && $0.subjectId == f.newcomers[0].id })
        #expect(events.contains { $0.action == "shortlist.read" && $0.actor == "token:tests" && $0.subjectId == offer.id })
        let shown = try f.store.reads(ofCandidate: try f.referenceShortlistIds(offer, top: 7)[0])
        #expect(shown.contains { $0.action == "shortlist.read" && $0.actor == "token:tests" })
        #expect(events.contains { $0.action == "shortlist.save" && $0.actor == "Amélie (token:tests)" })
        #expect(events.contains { $0.action == "import" && $0.actor == "token:tests" })
    }

    @Test("Bad input on every write route is a 4xx JSON error naming the field, never a 500")
    func badInput() async throws {
        let f = try ServiceFixture(candidates: 200, offers: 10)
        try await f.withService(maxBodyBytes: 4_096) { http in
            let offer = try await http.post("/api/v1/offers", json: #"{"resultats": [{"id": "X", "romeCode": "Z9999", "lieuTravail": {"commune": "59350"}}]}"#)
            #expect(offer.status == 422)
            let problem = try #require((offer.error?["problems"] as? [[String: Any]])?.first)
            #expect(problem["field"] as? String == "resultats[0].romeCode")
            #expect(problem["line"] as? Int == 1)

            let candidate = try await http.post("/api/v1/candidates", json: #"[{"id": "C1", "commune": "59350", "mobilite": {"modes": ["voiture"], "tempsMaxMinutes": 999}}]"#)
            #expect(candidate.status == 422)
            #expect(((candidate.error?["problems"] as? [[String: Any]])?.first?["field"] as? String)?.contains("mobilite") == true, "\(candidate.text)")
            #expect(try await http.post("/api/v1/candidates", json: "not json").status == 422)
            #expect(try await http.post("/api/v1/candidates", json: "[]").status < 500)
            #expect(try f.store.counts().candidates == 200, "nothing half-accepted")

            #expect(try await http.post("/api/v1/shortlist", json: #"{"id": "W", "romeCode": "N4101"}"#).status == 422)
            #expect(try await http.post("/api/v1/shortlist", RecordFiles.encodeOffers(Array(f.offers.prefix(2)))).status == 400)
            #expect(try await http.post("/api/v1/shortlists", json: #"{"top": 5}"#).status == 400)
            #expect(try await http.post("/api/v1/shortlists", json: #"{"offerId": "NOPE"}"#).status == 404)
            #expect(try await http.post("/api/v1/batch", json: #"{"proposalsPerPost": 0}"#).status == 400)
            #expect(try await http.post("/api/v1/batch", json: #"{"cohort": "everyone"}"#).status == 400)
            let zero = try await http.get("/api/v1/offers/\(f.offers[0].id)/shortlist?top=0")
            #expect(zero.status == 400)
            #expect(zero.error?["message"] as? String == "top : un nombre entier de 1 à 1\u{202F}000 est attendu, pas « 0 »", "\(zero.text)")
            #expect((zero.error?["problems"] as? [[String: Any]])?.first?["field"] as? String == "top")
            let maybe = try await http.get("/api/v1/offers/\(f.offers[0].id)/shortlist?explain=peut-etre")
            #expect(maybe.status == 400 && maybe.error?["message"] as? String == "explain : true ou false est attendu, pas « peut-etre »",
                    "\(maybe.text)")
            #expect(try await http.get("/api/v1/offers/\(f.offers[0].id)/shortlist?explain=1").status == 200)
            #expect(try await http.post("/api/v1/shortlists", json: #"{"offerId": "\#(f.offers[0].id)", "top": 1001}"#).error?["message"] as? String
                    == "top : un nombre entier de 1 à 1\u{202F}000 est attendu, pas « 1001 »")
            #expect(try await http.get("/api/v1/offers/\(f.offers[0].id)/shortlist?date=31/02/2026").status == 400)
            #expect(try await http.get("/api/v1/offers/\(f.offers[0].id)/shortlist?date=2026-13-01").status == 400)
            #expect(try await http.delete("/api/v1/candidates/NOBODY").status == 404)
            let huge = try await http.post("/api/v1/candidates", Data(repeating: UInt8(ascii: " "), count: 10_000))
            #expect(huge.status == 413)
            #expect(huge.error?["code"] as? String == "bodyTooLarge")
            let nowhere = try await http.get("/api/v1/nothing-here")
            #expect(nowhere.status == 404)
            #expect((nowhere.error?["message"] as? String)?.hasPrefix("aucune route de l'API") == true, "\(nowhere.text)")
            #expect((huge.error?["message"] as? String)?.hasPrefix("le corps dépasse les 4\u{202F}096 octets") == true, "\(huge.text)")
        }
    }

    @Test("Shortlists in parallel with an import: each answer is the sequential one before or after it")
    func parallelWithImport() async throws {
        let f = try ServiceFixture()
        let offers = Array(f.offers.prefix(12))
        var sequential = [String: Data]()
        for o in offers { sequential[o.id] = try f.referenceShortlist(o, top: 10) }
        let before = sequential
        try await f.withService { http in
            let answers = try await withThrowingTaskGroup(of: [(String, Data)].self) { group in
                group.addTask {
                    let r = try await http.post("/api/v1/candidates", RecordFiles.encodeCandidates(f.newcomers))
                    #expect(r.status == 201)
                    return []
                }
                for worker in 0..<4 {
                    group.addTask {
                        var got = [(String, Data)]()
                        for round in 0..<15 {
                            let o = offers[(worker * 5 + round) % offers.count]
                            let r = try await http.get("/api/v1/offers/\(o.id)/shortlist?top=10")
                            #expect(r.status == 200)
                            got.append((o.id, r.body))
                        }
                        return got
                    }
                }
                var all = [(String, Data)]()
                for try await part in group { all += part }
                return all
            }
            var after = [String: Data]()
            for o in offers { after[o.id] = try f.referenceShortlist(o, top: 10) }
            #expect(before != after, "the import changes some shortlists")
            for (id, body) in answers { #expect(body == before[id] || body == after[id], "offer \(id)") }
            for o in offers { #expect(try await http.get("/api/v1/offers/\(o.id)/shortlist?top=10").body == after[o.id]) }
        }
    }

    @Test("Erasure: gone from the next shortlist and from the snapshot; the snapshot is rewritten without them")
    func erasure() async throws {
        let f = try ServiceFixture()
        let offer = try #require(f.offers.first { (try? JSONSerialization.jsonObject(with: f.referenceShortlist($0, top: 3)) as? [String: Any])?["candidates"].map { ($0 as? [Any])?.count == 3 } == true })
        try await f.withService { http in
            let first = try #require(try await http.get("/api/v1/offers/\(offer.id)/shortlist?top=3").json)
            let gone = try #require(((first["candidates"] as? [[String: Any]])?.first)?["id"] as? String)
            #expect(try Data(contentsOf: f.snapshot).range(of: Data(gone.utf8)) != nil)
            f.service.accessLog.flush()
            #expect(try f.store.reads(ofCandidate: gone).map(\.action) == ["shortlist.read"])
            let erased = try await http.delete("/api/v1/candidates/\(gone)")
            #expect(erased.status == 200)
            let next = try await http.get("/api/v1/offers/\(offer.id)/shortlist?top=3")
            #expect(!next.text.contains("\"\(gone)\""))
            #expect(next.body == (try f.referenceShortlist(offer, top: 3)))
            #expect(try await http.get("/api/v1/candidates/\(gone)").status == 404)
            f.service.accessLog.flush()
            #expect(try f.store.reads(ofCandidate: gone).isEmpty, "the erasure deletes the reads that showed them")
            #expect(try await http.delete("/api/v1/candidates/\(gone)").status == 404)
            if let bytes = try? Data(contentsOf: f.snapshot) { #expect(bytes.range(of: Data(gone.utf8)) == nil) }
            // The compaction rewrites the snapshot, without the candidate.
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: f.snapshot.path) { try await Task.sleep(for: .milliseconds(100)) }
            let rewritten = try Data(contentsOf: f.snapshot)
            #expect(rewritten.range(of: Data(gone.utf8)) == nil)
            #expect(try await http.get("/api/v1/offers/\(offer.id)/shortlist?top=3").body == (try f.referenceShortlist(offer, top: 3)))
        }
        let events = try f.store.auditLog()
        #expect(events.contains { $0.action == "erase" && $0.actor == "token:tests" && $0.subjectId == nil })
        #expect(try !f.store.reads(ofCandidate: f.referenceShortlistIds(offer, top: 3)[0]).isEmpty, "the others' reads stay")
    }

    @Test("Changes another process makes to the store (a command's erasure or import) reach the service within seconds")
    func followsOtherProcesses() async throws {
        let f = try ServiceFixture()
        let offer = try #require(f.offers.first { (try? f.referenceShortlistIds($0, top: 3).count) == 3 })
        try await f.withService { http in
            let gone = try #require(try f.referenceShortlistIds(offer, top: 3).first)
            // As `apparier erase` and `apparier import offers` would, beside the service.
            try f.store.eraseCandidate(id: gone, by: "dpo")
            let extra = try RecordFiles.encodeOffers([JobOffer(id: "EXTERNAL-1", romeCode: offer.romeCode, workplace: offer.workplace)])
            try f.store.importOffers(extra, file: "plus.json", model: ServiceFixture.model, options: ImportOptions(actor: "cli"))
            var body = Data()
            for _ in 0..<100 {
                body = try await http.get("/api/v1/offers/\(offer.id)/shortlist?top=3").body
                if body.range(of: Data("\"\(gone)\"".utf8)) == nil { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(body == (try f.referenceShortlist(offer, top: 3)))
            #expect(try await http.get("/api/v1/offers/EXTERNAL-1").status == 200)
            let snapshot = try Data(contentsOf: f.snapshot)
            #expect(snapshot.range(of: Data(gone.utf8)) == nil)
        }
    }

    @Test("Batch as a job: 202, progress, then the result; closed offers are left aside")
    func batchJob() async throws {
        let f = try ServiceFixture(candidates: 1_000, offers: 60)
        let closed = Set(f.offers.prefix(30).map(\.id))
        for id in closed { try f.store.closeOffer(id: id, reason: "test", by: "test") }
        try await f.withService { http in
            let started = try await http.post("/api/v1/batch", json: #"{"cohort": "all", "proposalsPerPost": 2}"#)
            #expect(started.status == 202)
            let id = try #require(started.json?["id"] as? String)
            #expect(try await http.finishedBatchState(id) == "done")
            let result = try await http.get("/api/v1/batch/\(id)/result")
            #expect(result.status == 200)
            let proposals = try #require(result.json?["proposals"] as? [[String: Any]])
            #expect(!proposals.isEmpty)
            #expect(proposals.allSatisfy { !closed.contains($0["offer"] as? String ?? "") }, "a closed offer got proposals")
            #expect(try await http.get("/api/v1/batch/B999999").status == 404)
        }
    }

    @Test("A batch with nothing to match fails; its result answers 409 and says why, in French")
    func batchWithoutResult() async throws {
        let f = try ServiceFixture(candidates: 50, offers: 3)
        for offer in f.offers { try f.store.closeOffer(id: offer.id, reason: "test", by: "test") }
        try await f.withService { http in
            let started = try await http.post("/api/v1/batch", json: #"{"cohort": "all"}"#)
            let id = try #require(started.json?["id"] as? String)
            #expect(try await http.finishedBatchState(id) == "failed")
            let result = try await http.get("/api/v1/batch/\(id)/result")
            #expect(result.status == 409 && result.error?["code"] as? String == "notReady", "\(result.text)")
            let message = try #require(result.error?["message"] as? String)
            #expect(message.hasPrefix("le lot \(id) n'a pas de résultat : en échec (rien à apparier : 50 candidats dans la cohorte, 0 offre ouverte le "),
                    "\(message)")
        }
    }

    @Test("Metrics in Prometheus text, per route")
    func metrics() async throws {
        let f = try ServiceFixture(candidates: 100, offers: 5)
        try await f.withService { http in
            _ = try await http.get("/api/v1/offers/\(f.offers[0].id)/shortlist")
            let text = try await http.with(token: nil).get("/metrics").text
            #expect(text.contains("hb_requests"))
            #expect(text.contains("/api/v1/offers/{id}/shortlist"))
            #expect(text.contains("http_server_request_duration_bucket"))
        }
    }

    @Test("Job titles: suggestions and checklists over HTTP; an offer without romeCode gets its title's fiche, or is refused with strict")
    func jobTitles() async throws {
        let f = try ServiceFixture(candidates: 50, offers: 5)
        try await f.withService { http in
            let answer = try await http.get("/api/v1/referentiel/appellations?q=vendeuse%20boulangerie%20H/F&top=3")
            #expect(answer.status == 200)
            let list = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [[String: Any]])
            #expect(list.count == 3)
            #expect(list.first?["romeCode"] as? String == "D1106")
            #expect((list.first?["matched"] as? [String])?.contains("vendeuse → vendeur") == true)
            let typing = try await http.get("/api/v1/referentiel/appellations?q=cari&top=1")
            #expect((try JSONSerialization.jsonObject(with: typing.body) as? [[String: Any]])?.first?["romeCode"] as? String == "N1101")
            #expect(try await http.get("/api/v1/referentiel/appellations?q=H/F").status == 400)
            #expect(try await http.get("/api/v1/referentiel/appellations?q=cariste&top=500").status == 400)
            #expect(try await http.with(token: nil).get("/api/v1/referentiel/appellations?q=cariste").status == 401)

            let checklist = try await http.get("/api/v1/referentiel/fiches/D1102/competences")
            let items = try #require(try JSONSerialization.jsonObject(with: checklist.body) as? [[String: Any]])
            #expect(items.first?["isCore"] as? Bool == true)
            #expect(try await http.get("/api/v1/referentiel/fiches/Z9999/competences").status == 404)

            let offer = #"{"resultats": [{"id": "T1", "intitule": "Carsite CACES 3 H/F", "lieuTravail": {"commune": "59350"}}]}"#
            let strict = try await http.post("/api/v1/offers?strict=true", json: offer)
            #expect(strict.status == 422)
            #expect(try await http.post("/api/v1/offers?strict=1", json: offer).status == 422, "strict=1 is strict=true, as for explain")
            #expect(strict.text.contains("N1101"), "\(strict.text)")
            #expect(try await http.get("/api/v1/offers/T1").status == 404, "nothing half-accepted")
            let imported = try await http.post("/api/v1/offers", json: offer)
            #expect(imported.status == 201, "\(imported.text)")
            #expect(((imported.json?["warnings"] as? [[String: Any]])?.first?["field"] as? String) == "resultats[0].romeCode")
            let stored = try await http.get("/api/v1/offers/T1")
            #expect(stored.json?["romeCode"] as? String == "N1101")
            #expect(stored.json?["romeCodeDeduit"] as? Bool == true)
        }
    }

    @Test("The OpenAPI document describes exactly the API's routes, and is served; docs/desk.md lists the desk's")
    func openAPIMatchesRouter() async throws {
        let f = try ServiceFixture(candidates: 50, offers: 5)
        let router = f.service.makeRouter(ServiceConfiguration())
        let routes = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \($0.path.description.hasPrefix("/") ? "" : "/")\($0.path)" })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: ServiceFixture.openAPIDocument)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
        // The desk's HTML pages (and the redirect of `/` to them) are described in docs/desk.md instead.
        let desk = routes.filter { $0.contains(" /bureau") || $0 == "get /" }
        #expect(routes.subtracting(desk) == documented)
        let deskDocument = try String(contentsOf: ServiceFixture.openAPIDocument.deletingLastPathComponent().appending(path: "desk.md"), encoding: .utf8)
        for route in desk where route != "get /" {
            #expect(deskDocument.contains("`\(route.uppercased().prefix { $0 != " " }) \(route.drop { $0 != " " }.dropFirst())`"), "docs/desk.md does not list \(route)")
        }
        try await f.withService { http in
            let served = try await http.get("/api/v1/openapi.json")
            #expect(served.status == 200)
            #expect(served.body == (try Data(contentsOf: ServiceFixture.openAPIDocument)))
        }
    }
}
