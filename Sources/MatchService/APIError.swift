import Foundation
import HTTPTypes
import Hummingbird
import MatchCore

/// An error answered as JSON: `{"error": {"status", "code", "message", "problems": [{file, line, field, record, message}]}}`.
/// Every refusal of the API takes this shape; the problems of a refused import name the record and the field.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var problems: [Problem] = []
    var problemCount: Int?

    struct Problem: Codable {
        var file: String?
        var line: Int?
        var field: String?
        var record: String?
        var message: String
    }

    init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status; self.code = code; self.message = message
    }

    /// A `MatchError` as an answer: bad input is 422, a missing record 404, anything else 500.
    init(_ error: MatchError, status: HTTPResponse.Status = .unprocessableContent) {
        self.status = status
        code = error.code.description
        message = error.message
        problems = (error.problems.isEmpty ? [error] : error.problems).map {
            Problem(file: $0.file, line: $0.line, field: $0.field, record: $0.record, message: $0.message)
        }
        problemCount = error.problems.isEmpty ? 1 : error.problemCount
    }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, code: "notFound", what) }
    static func badRequest(_ what: String, field: String? = nil) -> APIError {
        var e = APIError(.badRequest, code: "badRequest", what)
        if let field { e.problems = [Problem(field: field, message: what)] }
        return e
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ErrorBody(error: .init(status: status.code, code: code, message: message, problems: problems, problemCount: problemCount))
        var response = try JSONResponse(body, status: status).response(from: request, context: context)
        if status == .unauthorized { response.headers[HTTPField.Name.wwwAuthenticate] = "Bearer realm=\"apparier\"" }
        return response
    }
}

/// The body of an error answer.
private struct ErrorBody: Encodable {
    struct Inner: Encodable {
        var status: Int
        var code: String
        var message: String
        var problems: [APIError.Problem]
        var problemCount: Int?
    }
    var error: Inner
}

/// A JSON answer with sorted keys and a final line break: what the command's `--format json` prints, byte
/// for byte, when given the same bytes.
struct JSONResponse: ResponseGenerator {
    var data: Data
    var status: HTTPResponse.Status

    init(data: Data, status: HTTPResponse.Status = .ok) {
        self.data = data.last == UInt8(ascii: "\n") ? data : data + Data("\n".utf8)
        self.status = status
    }

    init(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.init(data: try encoder.encode(value), status: status)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
