import Foundation
import Hummingbird
import HummingbirdAuth
import MatchStore

/// The request context of the service: Hummingbird's own, plus who is asking — the token that
/// authenticated an API request (set by ``TokenAuthenticator``), or the desk account of a session (set by
/// ``DeskAuthenticator``) — and, on the desk, the form a POST carried (read once by ``DeskFormReader``).
struct ServiceContext: RequestContext, SessionRequestContext {
    var coreContext: CoreRequestContextStorage
    var tokenName: String?
    /// The desk's session (hummingbird-auth's session middleware fills it from the cookie).
    let sessions = SessionContext<DeskSession>()
    var account: DeskAccount?
    var form: DeskForm?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies are read with the service's own limit (``ServiceConfiguration/maxBodyBytes``).
    var maxUploadSize: Int { .max }

    /// The authenticated actor, as the audit log records it.
    var actor: String {
        if let account { return "compte:\(account.login)" }
        return tokenName.map { "token:\($0)" } ?? "anonymous"
    }
}

/// Refuses every request without an active bearer token (`401`, a JSON error); names the token otherwise.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = ServiceContext
    let tokens: TokenCheck

    func handle(_ request: Request, context: ServiceContext,
                next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError.missingToken
        }
        guard let name = try tokens.name(of: String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unknownToken
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
