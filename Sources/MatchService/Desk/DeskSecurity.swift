import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdAuth
import HummingbirdBcrypt
import Synchronization
import MatchStore

/// What the desk's session cookie stands for (kept in memory by the service: a restart signs everyone out).
struct DeskSession: Codable, Sendable {
    var accountId: Int64
    /// The token every form of this session carries (`_csrf`).
    var csrf: String
}

/// Passwords: bcrypt (hummingbird-auth), cost 12 — about a quarter of a second per check on purpose.
///
///     let hash = DeskPasswords.hash("correct horse battery staple")
///     DeskPasswords.verify("correct horse battery staple", hash: hash)   // true
public enum DeskPasswords {
    public static let minimumLength = 12

    /// The bcrypt hash of `password`. `cost` is bcrypt's work factor (each step doubles the time); the
    /// hash records it, so a check costs what the hash was made with. Keep the default: a lower cost is
    /// for test accounts only, whose checks would otherwise take seconds each in a debug build.
    public static func hash(_ password: String, cost: UInt8 = 12) -> String { Bcrypt.hash(password, cost: cost) }

    /// A hash no password matches in practice, checked when the login is unknown (same cost as a real one).
    static let unknownAccountHash = Bcrypt.hash(DeskTokens.random(), cost: 12)

    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// Why `password` is refused, or nil.
    public static func weakness(of password: String) -> String? {
        password.count < minimumLength ? "le mot de passe doit compter au moins \(minimumLength) caractères" : nil
    }
}

/// Random tokens for sessions' CSRF fields and the sign-in form.
enum DeskTokens {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Compares in a time that does not depend on where the two differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The fields of a submitted form (`application/x-www-form-urlencoded`), read with Hummingbird's query
/// parser (a `+` is a space in a form, a literal plus comes as `%2B`): a name may repeat (checkboxes).
struct DeskForm: Sendable {
    let parameters: Parameters

    init(body: String) { parameters = URI("/?" + body.replacingOccurrences(of: "+", with: "%20")).queryParameters }

    /// The field's value, trimmed; nil when absent or blank.
    subscript(_ name: String) -> String? {
        parameters[Substring(name)].map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    func all(_ name: String) -> [String] { parameters[values: Substring(name)].map(String.init) }
}

/// Reads the form of every POST once (64 KB at most) and checks its CSRF token against the session's;
/// a POST without the right token is refused (403) before any handler runs.
struct DeskFormReader: RouterMiddleware {
    typealias Context = ServiceContext
    static let maxFormBytes = 64 << 10

    func handle(_ request: Request, context: ServiceContext,
                next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var context = context
        let form = try await Self.read(request)
        guard let expected = context.sessions.session?.csrf, let sent = form["_csrf"], DeskTokens.same(expected, sent) else {
            throw DeskError.forbidden(DeskText.csrfRefused)
        }
        context.form = form
        return try await next(request, context)
    }

    static func read(_ request: Request) async throws -> DeskForm {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maxFormBytes)
            return DeskForm(body: String(decoding: buffer.readableBytesView, as: UTF8.self))
        } catch {
            throw DeskError.badRequest(DeskText.formTooLarge)
        }
    }
}

/// Lets a request through only with a session of an active account (else: to the sign-in page), and puts
/// the account in the context.
struct DeskAuthenticator: RouterMiddleware {
    typealias Context = ServiceContext
    let store: Store

    func handle(_ request: Request, context: ServiceContext,
                next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard let session = context.sessions.session, let account = try store.account(id: session.accountId) else {
            context.sessions.clearSession()
            if request.method == .get {
                let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return .redirect(to: "/bureau/connexion?retour=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""), type: .normal)
            }
            throw DeskError.forbidden(DeskText.sessionExpired)
        }
        var context = context
        context.account = account
        return try await next(request, context)
    }
}

/// Slows repeated failed sign-ins down: from the 5th failure on one login within 15 minutes, the next
/// attempt is refused unchecked until a doubling delay has passed since the last failure (2 s, 4 s … up to
/// 5 minutes, by default). Kept in memory.
final class SignInThrottle: Sendable {
    private struct Record { var failures: Int; var last: ContinuousClock.Instant }
    private let records = Mutex<[String: Record]>([:])
    let window: Duration = .seconds(15 * 60)
    let freeAttempts = 5
    /// The first delay (then doubled at each failure).
    let firstDelay: Duration

    init(firstDelay: Duration = .seconds(2)) { self.firstDelay = firstDelay }

    /// How long an attempt on `login` must still wait (zero while under the limit).
    func wait(for login: String, now: ContinuousClock.Instant = .now) -> Duration {
        records.withLock { records in
            guard let record = records[login], now - record.last < window, record.failures >= freeAttempts else { return .zero }
            let doublings = min(record.failures - freeAttempts, 8)
            let delay = min(firstDelay * (1 << doublings), .seconds(300))
            return max(record.last + delay - now, .zero)
        }
    }

    func failed(_ login: String, now: ContinuousClock.Instant = .now) {
        records.withLock { records in
            var record = records[login].flatMap { now - $0.last < window ? $0 : nil } ?? Record(failures: 0, last: now)
            record.failures += 1
            record.last = now
            records[login] = record
            if records.count > 10_000 { records = records.filter { now - $0.value.last < window } }
        }
    }

    func succeeded(_ login: String) { _ = records.withLock { $0.removeValue(forKey: login) } }
}
