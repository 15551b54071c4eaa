import Foundation
import HTTPTypes
import Hummingbird
import MatchCore
import MatchData

/// Every refusal the API words itself, in one place and in French, as the desk and the command line
/// speak: the routes name the situation, this file says it. (Refusals of a record or a file come from
/// `MatchError`, worded where the record is read.)
///
///     throw APIError.unknown(.offer, "NOPE")          // 404: « aucune offre « NOPE » »
///     throw APIError.bodyTooLarge(limit: 100 << 20)   // 413: « … dépasse les 100 Mo que ce service accepte … »
extension APIError {
    /// What a route looks up by its id.
    enum Subject {
        case offer, candidate, fiche, batch

        /// « aucune offre », « aucun candidat »…
        var none: String {
            switch self {
            case .offer: "aucune offre"
            case .candidate: "aucun candidat"
            case .fiche: "aucune fiche ROME"
            case .batch: "aucun lot"
            }
        }
    }

    /// `404`: no `subject` under this id.
    static func unknown(_ subject: Subject, _ id: String) -> APIError { .notFound("\(subject.none) « \(id) »") }

    /// `404`: the service runs without its OpenAPI document.
    static var noOpenAPIDocument: APIError { .notFound("le document OpenAPI n'est pas installé avec ce service") }

    /// `413`: a body beyond the service's limit (`apparier serve --max-body-mb`).
    static func bodyTooLarge(limit: Int) -> APIError {
        let size = limit % (1 << 20) == 0 ? "\(French.count(limit >> 20)) Mo" : "\(French.count(limit)) octets"
        return APIError(.contentTooLarge, code: "bodyTooLarge",
                        "le corps dépasse les \(size) que ce service accepte (apparier serve --max-body-mb)")
    }

    /// `400`: a what-if shortlist is for one offer.
    static func oneOfferExpected(found count: Int) -> APIError {
        .badRequest("le corps contient \(French.count(count, "offre")) : envoyez-en exactement une")
    }

    /// `400`: a title search (`?q=`) without a word to look for.
    static var noTitleWords: APIError {
        badParameter("q", expected: "un intitulé de poste en mots (par exemple ?q=vendeuse%20boulangerie)")
    }

    /// `400`: a saved shortlist is named by its number.
    static func notAShortlistNumber(_ raw: String) -> APIError {
        badParameter("id", expected: "le numéro d'une présélection enregistrée", found: raw)
    }

    /// `409`: a batch asked for its result before it has one.
    static func notReady(_ job: BatchJobs.Job) -> APIError {
        APIError(.conflict, code: "notReady",
                 "le lot \(job.id) n'a pas de résultat : \(job.state.wording)" + (job.error.map { " (\($0))" } ?? ""))
    }

    /// `401`: no bearer token.
    static var missingToken: APIError {
        APIError(.unauthorized, code: "unauthorized",
                 "ce service détient des données personnelles : envoyez `Authorization: Bearer JETON` (créez-en un avec `apparier token create --name NOM`)")
    }

    /// `401`: a token the store does not know, or revoked.
    static var unknownToken: APIError { APIError(.unauthorized, code: "unauthorized", "jeton inconnu ou révoqué") }

    /// `500`, without details (they go to the service's log).
    static var internalError: APIError { APIError(.internalServerError, code: "internal", "erreur interne") }

    /// A Hummingbird error (no route, wrong method, body too large) as the API answers it: its own message
    /// when it has one, else the status in words.
    static func http(_ error: HTTPError) -> APIError {
        let code = error.status == .contentTooLarge ? "bodyTooLarge" : error.status == .notFound ? "notFound" : "httpError"
        return APIError(error.status, code: code, error.body ?? wording(error.status))
    }

    /// What a status without a message of its own says.
    static func wording(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "aucune route de l'API à cette adresse (la liste : /api/v1/openapi.json)"
        case .methodNotAllowed: "cette adresse de l'API ne prend pas cette méthode"
        case .contentTooLarge: "le corps de la requête est trop volumineux"
        default: "erreur HTTP \(status.code)"
        }
    }

    /// `400` naming a parameter, what it takes, and what came: « top : un nombre entier de 1 à 1 000 est
    /// attendu, pas « 0 » ».
    static func badParameter(_ name: String, expected: String, found: String? = nil) -> APIError {
        .badRequest("\(name) : \(expected) est attendu" + (found.map { ", pas « \($0) »" } ?? ""), field: name)
    }
}

/// The parameters of a request's query, each kind read one way for every route: a flag, a whole number
/// within bounds, a day. A value of another kind is a `400` naming the parameter
/// (``APIError/badParameter(_:expected:found:)``).
///
///     let query = QueryValues(request.uri.queryParameters)
///     let top = try query.integer("top", in: 1...1000, default: 20)
///     let strict = try query.flag("strict")
struct QueryValues {
    let parameters: [String: String]

    init(_ parameters: Parameters) {
        self.parameters = Dictionary(parameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    /// `true` or `1`, `false` or `0`; absent, `false`.
    func flag(_ name: String) throws -> Bool {
        switch parameters[name] {
        case nil, "false", "0": return false
        case "true", "1": return true
        case let other?: throw APIError.badParameter(name, expected: "true ou false", found: other)
        }
    }

    /// A whole number within `range`; absent, `fallback`.
    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let raw = parameters[name] else { return fallback }
        return try QueryValues.checked(Int(raw), name: name, in: range, found: raw)
    }

    /// A day written `AAAA-MM-JJ`; absent, nil.
    func day(_ name: String) throws -> Day? {
        guard let raw = parameters[name] else { return nil }
        guard let day = Day(raw) else { throw APIError.badParameter(name, expected: "le format AAAA-MM-JJ", found: raw) }
        return day
    }

    /// `value` when it lies within `range` (a parameter of the query or a member of a body alike).
    static func checked(_ value: Int?, name: String, in range: ClosedRange<Int>, found: String) throws -> Int {
        guard let value, range.contains(value) else {
            throw APIError.badParameter(name, expected: "un nombre entier de \(French.count(range.lowerBound)) à \(French.count(range.upperBound))",
                                        found: found)
        }
        return value
    }
}
