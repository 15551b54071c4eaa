import Foundation
import Hummingbird

/// The request context of the service: Hummingbird's own, plus the name of the token that authenticated
/// the request (set by ``TokenAuthenticator``; what the audit log records as the actor).
struct ServiceContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var tokenName: String?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies are read with the service's own limit (``ServiceConfiguration/maxBodyBytes``).
    var maxUploadSize: Int { .max }

    /// The authenticated actor (only reached behind ``TokenAuthenticator``).
    var actor: String { tokenName.map { "token:\($0)" } ?? "anonymous" }
}

/// Refuses every request without an active bearer token (`401`, a JSON error); names the token otherwise.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = ServiceContext
    let tokens: TokenCheck

    func handle(_ request: Request, context: ServiceContext,
                next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError(.unauthorized, code: "unauthorized",
                           "this service holds personal data: send `Authorization: Bearer TOKEN` (make one with `apparier token create --name NAME`)")
        }
        guard let name = try tokens.name(of: String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)) else {
            throw APIError(.unauthorized, code: "unauthorized", "unknown or revoked token")
        }
        var context = context
        context.tokenName = name
        return try await next(request, context)
    }
}

/// How a token is checked: against the store's hashes, at every request (a token revoked from the command
/// line is refused at once).
struct TokenCheck: Sendable {
    let lookup: @Sendable (String) throws -> String?
    func name(of secret: String) throws -> String? { secret.isEmpty ? nil : try lookup(secret) }
}
