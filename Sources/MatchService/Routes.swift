import Foundation
import Hummingbird
import NIOCore
import MatchCore
import MatchData
import MatchStore

/// The routes of `/api/v1` (docs/openapi.json describes each one; a test keeps the two in step).
struct Routes: Sendable {
    let service: ApparierService
    let configuration: ServiceConfiguration

    var store: Store { service.store }
    var model: MatchModel { service.model }

    func add(to api: RouterGroup<ServiceContext>) {
        api.get("health", use: health)
        api.get("openapi.json", use: openAPI)
        api.post("offers") { request, context in try await importFile(request, context, kind: .offers) }
        api.get("offers/{id}", use: offer)
        api.get("offers/{id}/shortlist", use: storedOfferShortlist)
        api.post("candidates") { request, context in try await importFile(request, context, kind: .candidates) }
        api.get("candidates/{id}", use: candidate)
        api.delete("candidates/{id}", use: erase)
        api.post("shortlist", use: whatIfShortlist)
        api.post("shortlists", use: saveShortlist)
        api.get("shortlists", use: savedShortlists)
        api.get("shortlists/{id}", use: savedShortlist)
        api.get("referentiel/appellations", use: appellations)
        api.get("referentiel/fiches/{code}/competences", use: ficheChecklist)
        api.post("batch", use: startBatch)
        api.get("batch/{id}", use: batchStatus)
        api.get("batch/{id}/result", use: batchResult)
    }

    // MARK: Health and the document

    func health(_ request: Request, _ context: ServiceContext) throws -> JSONResponse {
        struct Health: Encodable {
            var status = "ready"
            var candidates: Int
            var offers: Int
            var generation: Int64
            var indexChanges: Int
            var pendingAdditions: Int
            var pendingRemovals: Int
            var referenceDate: String
            var embedding: String
            var policy: String
            var startedFrom: String
            var startSeconds: Double
        }
        let view = service.view
        let origin: String
        switch service.startup.origin {
        case .snapshot: origin = "snapshot"
        case .rebuilt(let why): origin = "rebuilt: \(why)"
        }
        return try JSONResponse(Health(candidates: view.pool.count, offers: view.offers.count, generation: view.generation,
                                       indexChanges: view.changes, pendingAdditions: view.pool.added.count,
                                       pendingRemovals: view.pool.removed.count, referenceDate: view.referenceDate.description,
                                       embedding: model.embedding.version, policy: model.policy.version,
                                       startedFrom: origin, startSeconds: service.startup.seconds))
    }

    func openAPI(_ request: Request, _ context: ServiceContext) throws -> JSONResponse {
        guard let url = configuration.openAPIDocument, let data = try? Data(contentsOf: url) else {
            throw APIError.noOpenAPIDocument
        }
        return JSONResponse(data: data)
    }

    // MARK: Records

    /// `POST /offers`, `POST /candidates`: the file in the body, as `apparier import` reads it (JSON, France
    /// Travail's `{"resultats": [...]}` included, or CSV with `Content-Type: text/csv`); all or nothing.
    func importFile(_ request: Request, _ context: ServiceContext, kind: ImportKind) async throws -> JSONResponse {
        let data = try await body(request)
        let isCSV = request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true
        let file = "\(kind.rawValue) (POST)" + (isCSV ? ".csv" : ".json")
        let strict = try QueryValues(request.uri.queryParameters).flag("strict")
        let summary = try await service.writer.importFile(data, kind: kind, file: file, actor: context.actor, strict: strict)
        struct Summary: Encodable {
            var importId: Int64
            var read: Int, inserted: Int, updated: Int, unchanged: Int
            var warnings: [ImportProblem]
            var generation: Int64
        }
        return try JSONResponse(Summary(importId: summary.importId, read: summary.read, inserted: summary.inserted,
                                        updated: summary.updated, unchanged: summary.unchanged, warnings: summary.warnings,
                                        generation: service.view.generation), status: .created)
    }

    /// The appellations for the words of a job title (`q`), best first: what the desk suggests as one types
    /// (an unfinished last word is completed: `vendeuse boul`).
    func appellations(_ request: Request, _ context: ServiceContext) throws -> JSONResponse {
        let query = QueryValues(request.uri.queryParameters)
        guard let q = query.parameters["q"], !TitleText.words(q).isEmpty else {
            throw APIError.noTitleWords
        }
        let top = try query.integer("top", in: 1...50, default: 10)
        return try JSONResponse(service.titles.match(q, top: top, completingLastWord: true))
    }

    /// The compétences and savoirs of a fiche, most central first (``RomeReferential/checklist(for:)``).
    func ficheChecklist(_ request: Request, _ context: ServiceContext) throws -> JSONResponse {
        let code = try context.parameters.require("code")
        guard let items = model.rome.checklist(for: code) else { throw APIError.unknown(.fiche, code) }
        return try JSONResponse(items)
    }

    func offer(_ request: Request, _ context: ServiceContext) throws -> JSONResponse {
        let id = try context.parameters.require("id")
        guard let offer = service.view.offers[id] else { throw APIError.unknown(.offer, id) }
        return try JSONResponse(offer)
    }

    func candidate(_ request: Request, _ context: ServiceContext) async throws -> JSONResponse {
        let id = try context.parameters.require("id")
        guard let candidate = try store.candidate(id: id) else { throw APIError.unknown(.candidate, id) }
        service.accessLog.record(Store.Access(actor: context.actor, action: "candidate.read", subjectKind: "candidate", subjectId: id))
        return try JSONResponse(candidate)
    }

    /// `DELETE /candidates/{id}`: the RGPD erasure, as `apparier erase` does it; the next request no longer
    /// sees the candidate.
    func erase(_ request: Request, _ context: ServiceContext) async throws -> JSONResponse {
        let id = try context.parameters.require("id")
        service.accessLog.flush()   // the reads still queued are erased too
        let receipt: ErasureReceipt
        do {
            receipt = try await service.writer.erase(id: id, actor: context.actor)
        } catch let error as MatchError where error.code == .store {
            throw APIError(.notFound, code: "notFound", error.message)
        }
        // Shortlists computed while the erasure ran may still name the candidate: written, then scrubbed.
        service.accessLog.flush()
        try store.scrubAccesses(ofErased: id)
        struct Receipt: Encodable {
            var erased = true
            var candidateRows: Int, shortlistEntries: Int, auditEvents: Int, importMessages: Int, accessEvents: Int
        }
        return try JSONResponse(Receipt(candidateRows: receipt.candidateRows, shortlistEntries: receipt.shortlistEntries,
                                        auditEvents: receipt.auditEvents, importMessages: receipt.importMessages,
                                        accessEvents: receipt.accessEvents))
    }

    // MARK: Shortlists

    /// `GET /offers/{id}/shortlist?top=&date=&explain=`: what `apparier shortlist --offer ID --format json` prints.
    func storedOfferShortlist(_ request: Request, _ context: ServiceContext) async throws -> JSONResponse {
        let id = try context.parameters.require("id")
        let view = service.view
        guard let offer = view.offers[id] else { throw APIError.unknown(.offer, id) }
        return try await shortlist(offer, view: view, request: request, context: context)
    }

    /// `POST /shortlist`: one offer in the body (an offer object, an array of one, or `{"resultats": [one]}`),
    /// checked as an import checks it, matched and not stored.
    func whatIfShortlist(_ request: Request, _ context: ServiceContext) async throws -> JSONResponse {
        let data = try await body(request)
        var offers = try RecordFiles.readOffers(data, file: "offre (POST)", model: model)
        guard offers.count == 1 else { throw APIError.oneOfferExpected(found: offers.count) }
        return try await shortlist(offers.removeFirst(), view: service.view, request: request, context: context)
    }

    private func shortlist(_ offer: JobOffer, view: ServiceView, request: Request, context: ServiceContext) async throws -> JSONResponse {
        let query = try ShortlistQuery(request.uri.queryParameters)
        let pool = try query.date.map { $0 == view.referenceDate ? view.pool : try service.datedPools.pool(for: $0, generation: view.generation) }
            ?? view.pool
        let list = try pool.shortlist(for: offer, top: query.top)
        let report = ShortlistReport(list, offer: offer, model: model, referenceDate: pool.referenceDate)
        service.accessLog.record(Store.Access(actor: context.actor, action: "shortlist.read", subjectKind: "offer",
                                                    subjectId: offer.id, candidateIds: list.entries.map(\.candidateId)))
        return JSONResponse(data: try report.jsonData())
    }

    /// `POST /shortlists`: `{"offerId", "top"?, "requestedBy"?}`: the shortlist of a stored offer, saved with its
    /// author (the token's name, and the person named when given).
    func saveShortlist(_ request: Request, _ context: ServiceContext) async throws -> JSONResponse {
        struct SaveRequest: Decodable { var offerId: String; var top: Int?; var requestedBy: String? }
        let body = try decode(SaveRequest.self, from: try await self.body(request), file: "shortlists (POST)")
        let view = service.view
        guard let offer = view.offers[body.offerId] else { throw APIError.unknown(.offer, body.offerId) }
        let top = try body.top.map { try QueryValues.checked($0, name: "top", in: ShortlistQuery.tops, found: String($0)) } ?? 20
        let list = try view.pool.shortlist(for: offer, top: top)
        let author = body.requestedBy.map { "\($0) (\(context.actor))" } ?? context.actor
        let report = try store.saveShortlist(
            ShortlistReport(list, offer: offer, model: model, referenceDate: view.referenceDate),
            offer: offer, parameters: ["top": String(top), "referenceDate": view.referenceDate.description, "offers": "service", "candidates": "service"],
            requestedBy: author)
        return JSONResponse(data: try report.jsonData(), status: .created)
    }

    func savedShortlists(_ request: Request, _ context: ServiceContext) throws -> JSONResponse {
        try JSONResponse(store.shortlists(offerId: request.uri.queryParameters["offer"].map(String.init)))
    }

    func savedShortlist(_ request: Request, _ context: ServiceContext) throws -> JSONResponse {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw) else { throw APIError.notAShortlistNumber(raw) }
        do {
            return JSONResponse(data: try store.shortlist(id: id, viewedBy: context.actor).report.jsonData())
        } catch let error as MatchError where error.code == .store {
            throw APIError(.notFound, code: "notFound", error.message)
        }
    }

    // MARK: Batch

    func startBatch(_ request: Request, _ context: ServiceContext) async throws -> JSONResponse {
        let data = try await body(request)
        let batch = data.isEmpty ? BatchRun.Request() : try decode(BatchRun.Request.self, from: data, file: "batch (POST)")
        if let problem = batch.problem { throw APIError.badRequest(problem) }
        let view = service.view
        let store = self.store
        let job = await service.batches.start(batch, by: context.actor, model: model) {
            // Open offers only, as `apparier batch` takes them (closed, expired, filled or cancelled left aside).
            let open = Set(try store.offerStates(filter: .open, on: view.referenceDate).map(\.id))
            return (view.offers.values.filter { open.contains($0.id) }.sorted { $0.id < $1.id }, try store.candidates(), view.referenceDate)
        }
        return try JSONResponse(BatchStatus(job), status: .accepted)
    }

    func batchStatus(_ request: Request, _ context: ServiceContext) async throws -> JSONResponse {
        let id = try context.parameters.require("id")
        guard let job = await service.batches.job(id) else { throw APIError.unknown(.batch, id) }
        return try JSONResponse(BatchStatus(job))
    }

    func batchResult(_ request: Request, _ context: ServiceContext) async throws -> JSONResponse {
        let id = try context.parameters.require("id")
        guard let job = await service.batches.job(id) else { throw APIError.unknown(.batch, id) }
        guard let result = job.result else { throw APIError.notReady(job) }
        service.accessLog.record(Store.Access(actor: context.actor, action: "batch.read", subjectKind: "batch", subjectId: id))
        return JSONResponse(data: result)
    }

    // MARK: Bodies

    /// The request's body, refused with `413` beyond ``ServiceConfiguration/maxBodyBytes`` (announced or sent).
    private func body(_ request: Request) async throws -> Data {
        let limit = configuration.maxBodyBytes
        let tooLarge = APIError.bodyTooLarge(limit: limit)
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        var request = request
        do {
            return Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// The body as `T`; a body of another shape is a `400` naming the line and the field.
    private func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        do { return try RecordFiles.decodeDocument(type, from: data, file: file) } catch let error as MatchError {
            throw APIError(error, status: .badRequest)
        }
    }
}

/// A batch job as `GET /batch/{id}` shows it.
struct BatchStatus: Encodable {
    var id: String
    var state: String
    var progress: Double
    var requestedBy: String
    var createdAt: String
    var finishedAt: String?
    var error: String?
    var result: String?

    init(_ job: BatchJobs.Job) {
        id = job.id; state = job.state.rawValue; progress = job.progress; requestedBy = job.requestedBy
        createdAt = job.createdAt.ISO8601Format(); finishedAt = job.finishedAt?.ISO8601Format(); error = job.error
        result = job.state == .done ? "/api/v1/batch/\(job.id)/result" : nil
    }
}

/// The query of a shortlist: `top` (1…1000, default 20), `date` (YYYY-MM-DD), `explain` (true or false;
/// the JSON always carries the explanations, as the command's does).
struct ShortlistQuery {
    var top = 20
    var date: Day?

    /// The lengths a shortlist can have.
    static let tops = 1...1000

    init(_ parameters: Parameters) throws {
        let query = QueryValues(parameters)
        top = try query.integer("top", in: Self.tops, default: top)
        date = try query.day("date")
        _ = try query.flag("explain")   // checked, not used: the explanations are always there
    }
}
