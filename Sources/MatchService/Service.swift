import Dispatch
public import Foundation
import Synchronization
public import Hummingbird
import HummingbirdAuth
import Logging
import Metrics
public import MatchCore
import MatchData
public import MatchStore
import Prometheus

/// How `apparier serve` runs.
public struct ServiceConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0: any free port (tests; the port is passed to `onReady`).
    public var port = 8080
    /// The largest request body read (an import file); a larger one is refused with `413`.
    public var maxBodyBytes = 256 << 20
    /// Where the OpenAPI document is read from (`docs/openapi.json` of the installation).
    public var openAPIDocument: URL?
    /// Marks the desk's cookies `Secure`: set it when the service is reached over TLS (behind a proxy).
    public var secureCookies = false
    /// The first wait imposed after five failed sign-ins on one login (doubled at each further failure).
    public var signInDelay: Duration = .seconds(2)

    public init() {}
}

/// How the service's index came to be, for the health route and the start-up note.
public struct StartupReport: Sendable {
    public var origin: Store.IndexOrigin
    public var seconds: Double
    public var candidates: Int
    public var offers: Int
}

/// The matching service: the JSON API over one store, with the live index in memory.
///
///     let service = try ApparierService(store: store, model: model, referenceDate: day)
///     try await service.run(ServiceConfiguration())   // until SIGTERM or SIGINT; requests in flight finish first
public final class ApparierService: Sendable {
    let store: Store
    let model: MatchModel
    let holder: ViewHolder
    let writer: StateWriter
    let accessLog: AccessLog
    let batches = BatchJobs()
    let datedPools: DatedPools
    /// Job titles to ROME appellations (the suggestions route and imports of offers without a ROME code).
    let titles: TitleMatcher
    /// The desk's templates and assets.
    let desk: DeskRenderer
    public let startup: StartupReport

    /// Loads the index (from the snapshot when it is current, else rebuilt and saved) and the offers.
    public init(store: Store, model: MatchModel, referenceDate: Day) throws {
        let clock = ContinuousClock(), start = clock.now
        store.removeErasedSnapshots()
        // The offers and the title matcher are read on other threads while the index is read (or built).
        let offersRead = Mutex<Result<[JobOffer], any Error>?>(nil)
        let offerGeneration = try store.offerGeneration()   // read first: a later import only makes it look stale
        let reading = DispatchGroup()
        let titlesRead = Mutex<Result<TitleMatcher, any Error>?>(nil)
        DispatchQueue.global().async(group: reading) { offersRead.withLock { $0 = Result { try store.offers() } } }
        DispatchQueue.global().async(group: reading) { titlesRead.withLock { $0 = Result { try TitleMatcher.load(rome: model.rome) } } }
        let loaded = Result { try store.candidateIndex(model: model, referenceDate: referenceDate) }
        reading.wait()
        let (index, origin, generation) = try loaded.get()
        let offers = try offersRead.withLock { $0! }.get()
        let view = ServiceView(pool: try LivePool(model: model, base: index), offers: ServiceView.offersById(offers),
                               generation: generation, offerGeneration: offerGeneration, changes: 0)
        self.store = store; self.model = model
        desk = try DeskRenderer()
        titles = try titlesRead.withLock { $0! }.get()
        holder = ViewHolder(view)
        writer = StateWriter(store: store, model: model, holder: holder, titles: titles)
        accessLog = AccessLog(store: store)
        datedPools = DatedPools(store: store, model: model)
        writer.watchStore()
        startup = StartupReport(origin: origin, seconds: (clock.now - start).seconds, candidates: index.count, offers: offers.count)
    }

    /// The current view (tests compare answers with it).
    public var view: ServiceView { holder.view }

    /// The Hummingbird application: the API under `/api/v1` behind bearer tokens, the desk under `/bureau`
    /// behind sign-in, and `/metrics`.
    public func application(_ configuration: ServiceConfiguration,
                            onReady: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = makeRouter(configuration)
        var logger = Logger(label: "apparier.serve")
        logger.logLevel = .warning
        return Application(router: router,
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                serverName: "apparier"),
                           onServerRunning: { channel in await onReady(channel.localAddress?.port ?? configuration.port) },
                           logger: logger)
    }

    /// Runs the service until SIGTERM or SIGINT: the requests in flight finish, the reads still queued are
    /// written to the audit log, then it returns.
    public func run(_ configuration: ServiceConfiguration, onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(configuration, onReady: onReady).runService()
        accessLog.flush()
    }

    func makeRouter(_ configuration: ServiceConfiguration) -> Router<ServiceContext> {
        _ = ServiceMetrics.registry   // the metrics system before the first metric is made
        let router = Router(context: ServiceContext.self)
        router.add(middleware: DeskErrorPages(renderer: desk))
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.get("metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: ServiceMetrics.text())))
        }
        let api = router.group("api/v1").add(middleware: TokenAuthenticator(tokens: TokenCheck { [store] in try store.tokenName(for: $0) }))
        let routes = Routes(service: self, configuration: configuration)
        routes.add(to: api)
        router.get("/") { _, _ in Response.redirect(to: "/bureau", type: .normal) }
        let sessions = SessionMiddleware<ServiceContext>(
            storage: MemoryPersistDriver(),
            configuration: .init(sessionCookieParameters: .init(name: "apparier_session", path: "/bureau", secure: configuration.secureCookies,
                                                                 sameSite: .lax),
                                 keyPrefix: "bureau.", defaultSessionExpiration: .seconds(8 * 3600)))
        DeskRoutes(service: self, renderer: desk, scopes: DeskScopes(store: store, model: model), throttle: SignInThrottle(firstDelay: configuration.signInDelay),
                   secureCookies: configuration.secureCookies)
            .add(to: router.group("bureau").add(middleware: DeskServerTiming()).add(middleware: sessions))
        return router
    }
}

/// Prometheus text from swift-metrics: the process bootstraps the metrics system once (Hummingbird's
/// `MetricsMiddleware` counts requests and times them per route).
enum ServiceMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static func text() -> String {
        var buffer = [UInt8]()
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

/// Every error as JSON: an ``APIError`` as it is; a Hummingbird error (body too large, bad route) with
/// its status; a `MatchError` as `422`; anything else as `500` without details.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = ServiceContext

    func handle(_ request: Request, context: ServiceContext,
                next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard !request.uri.path.hasPrefix("/bureau") else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as MatchError {
            throw APIError(error)
        } catch let error as HTTPError {
            throw APIError.http(error)
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            throw APIError.internalError
        }
    }
}

/// Pools for a reference date other than the live one (`?date=`): built from the store, the last one kept
/// while the store's generation does not change.
final class DatedPools: Sendable {
    let store: Store
    let model: MatchModel
    private let cache = Mutex<(Day, Int64, LivePool)?>(nil)

    init(store: Store, model: MatchModel) { self.store = store; self.model = model }

    func pool(for date: Day, generation: Int64) throws -> LivePool {
        if let (d, g, pool) = cache.withLock({ $0 }), d == date, g == generation { return pool }
        let (index, built) = try store.rebuiltIndex(model: model, referenceDate: date)
        let pool = try LivePool(model: model, base: index)
        cache.withLock { $0 = (date, built, pool) }
        return pool
    }
}
