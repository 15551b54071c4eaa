import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import MatchCore
import MatchData
import MatchLab
@testable import MatchService
import MatchStore

/// A store on disk with demo offers and candidates, a token, and the service over it.
struct ServiceFixture: Sendable {
    static let model: MatchModel = {
        do { return try MatchModel.load() } catch { fatalError("cannot load the model: \(error)") }
    }()
    static let referenceDate = Day(year: 2026, month: 11, day: 23)!

    let directory: URL
    let store: Store
    let token: String
    let service: ApparierService
    let offers: [JobOffer]
    /// Candidates kept out of the store, for imports during the tests.
    let newcomers: [Candidate]

    var storePath: String { store.path! }
    var snapshot: URL { IndexSnapshot.url(forStore: storePath) }

    init(candidates: Int = 3_000, offers offerCount: Int = 120, seed: UInt64 = 42) throws {
        directory = FileManager.default.temporaryDirectory.appending(path: "apparier-service-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store.open(at: directory.appending(path: "s.sqlite").path)
        let population = DemoPopulation(rome: Self.model.rome, communes: Self.model.communes, seed: seed)
        let everyone = population.candidates(count: candidates + 400, referenceDate: Self.referenceDate)
        offers = population.offers(count: offerCount, referenceDate: Self.referenceDate)
        newcomers = Array(everyone.suffix(400))
        let options = ImportOptions(actor: "fixture")
        try store.importOffers(RecordFiles.encodeOffers(offers), file: "offres.json", model: Self.model, options: options)
        try store.importCandidates(RecordFiles.encodeCandidates(Array(everyone.prefix(candidates))), file: "candidats.json",
                                   model: Self.model, options: options)
        token = try store.createToken(name: "tests", by: "fixture")
        service = try ApparierService(store: store, model: Self.model, referenceDate: Self.referenceDate)
    }

    /// The repository's OpenAPI document.
    static let openAPIDocument = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "docs/openapi.json")

    /// Runs `body` with the service listening on a free loopback port.
    func withService(maxBodyBytes: Int = 64 << 20, _ body: @escaping @Sendable (HTTP) async throws -> Void) async throws {
        var configuration = ServiceConfiguration()
        configuration.port = 0
        configuration.maxBodyBytes = maxBodyBytes
        configuration.openAPIDocument = Self.openAPIDocument
        let app = service.application(configuration)
        try await app.test(.live) { client in
            try await body(HTTP(port: client.port!, token: token))
        }
    }

    /// The shortlist JSON of a fresh index built from what the store holds now (the sequential reference).
    func referenceShortlist(_ offer: JobOffer, top: Int = 20) throws -> Data {
        let matcher = try Self.model.matcher(candidates: store.candidates(), referenceDate: Self.referenceDate)
        let list = try matcher.shortlist(for: offer, top: top)
        return try ShortlistReport(list, offer: offer, model: Self.model, referenceDate: Self.referenceDate).jsonData()
            + Data("\n".utf8)
    }
}

extension ServiceFixture {
    /// The ids of ``referenceShortlist(_:top:)``, in rank order.
    func referenceShortlistIds(_ offer: JobOffer, top: Int) throws -> [String] {
        let json = try JSONSerialization.jsonObject(with: referenceShortlist(offer, top: top)) as? [String: Any]
        return (json?["candidates"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}

/// Real HTTP requests to the service on loopback (URLSession), with the fixture's token unless told otherwise.
struct HTTP: Sendable {
    let port: Int
    let token: String?

    struct Answer: Sendable {
        var status: Int
        var body: Data
        var contentType: String?
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The `error` object of a JSON error.
        var error: [String: Any]? { json?["error"] as? [String: Any] }
    }

    func with(token: String?) -> HTTP { HTTP(port: port, token: token) }

    func call(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json") async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        // The service answers from the test process's own threads, which CPU-bound suites running beside
        // this one can hold for more than URLSession's default minute on a 2-core machine.
        request.timeoutInterval = 600
        if body != nil { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Answer(status: http.statusCode, body: data, contentType: http.value(forHTTPHeaderField: "Content-Type"))
    }

    func get(_ path: String) async throws -> Answer { try await call("GET", path) }
    func post(_ path: String, _ body: Data, contentType: String = "application/json") async throws -> Answer {
        try await call("POST", path, body: body, contentType: contentType)
    }
    func post(_ path: String, json: String) async throws -> Answer { try await call("POST", path, body: Data(json.utf8)) }
    func delete(_ path: String) async throws -> Answer { try await call("DELETE", path) }

    /// The state of batch job `id` once it is done or failed (or after 30 s of polling).
    func finishedBatchState(_ id: String) async throws -> String {
        var state = ""
        for _ in 0..<300 {
            state = try await get("/api/v1/batch/\(id)").json?["state"] as? String ?? ""
            if state == "done" || state == "failed" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return state
    }
}
