import Foundation
import Hummingbird
import HummingbirdAuth
import HTTPTypes
import Logging
import Mustache
import NIOCore

/// The desk's pages: Mustache templates (`Desk/Templates`, HTML-escaped by default) filled from the page
/// models of ``DeskPages``, served with headers that keep them private and self-contained.
struct DeskRenderer: Sendable {
    let library: MustacheLibrary
    let assets: [String: (contentType: String, body: String)]

    /// Reads every template and asset installed with the service.
    init() throws {
        guard let folder = Bundle.module.resourceURL?.appending(path: "Templates") else {
            throw DeskError.internal("les gabarits du bureau ne sont pas installés")
        }
        var library = MustacheLibrary()
        var assets: [String: (String, String)] = [:]
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) {
            let text = try String(contentsOf: file, encoding: .utf8)
            switch file.pathExtension {
            case "mustache": try library.register(text, named: file.deletingPathExtension().lastPathComponent)
            case "css": assets[file.lastPathComponent] = ("text/css; charset=utf-8", text)
            case "js": assets[file.lastPathComponent] = ("text/javascript; charset=utf-8", text)
            default: continue
            }
        }
        self.library = library
        self.assets = assets
    }

    /// The page `template` filled with `model`.
    func page(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(model, withTemplate: template) ?? "<!doctype html><title>Erreur</title><p>Gabarit « \(template) » introuvable."
        return Self.response(html, contentType: "text/html; charset=utf-8", status: status)
    }

    func asset(_ name: String) -> Response? {
        guard let asset = assets[name] else { return nil }
        var response = Self.response(asset.body, contentType: asset.contentType, status: .ok)
        response.headers[.cacheControl] = "private, max-age=3600"
        return response
    }

    /// A body with the desk's headers: no script, style or frame from elsewhere; no caching of pages that
    /// hold personal data; no referrer sent away.
    static func response(_ body: String, contentType: String, status: HTTPResponse.Status) -> Response {
        var headers: HTTPFields = [
            .contentType: contentType,
            .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// An error shown as a desk page (in French): what went wrong and what to do.
struct DeskError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String

    static func notFound(_ message: String = DeskText.notFound) -> DeskError { DeskError(status: .notFound, message: message) }
    static func forbidden(_ message: String) -> DeskError { DeskError(status: .forbidden, message: message) }
    static func badRequest(_ message: String) -> DeskError { DeskError(status: .badRequest, message: message) }
    static func `internal`(_ message: String) -> DeskError { DeskError(status: .internalServerError, message: message) }
}

/// Turns every error under `/bureau` into a French page (the API keeps its JSON errors).
struct DeskErrorPages: RouterMiddleware {
    typealias Context = ServiceContext
    let renderer: DeskRenderer

    func handle(_ request: Request, context: ServiceContext,
                next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard request.uri.path == "/bureau" || request.uri.path.hasPrefix("/bureau/") else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as DeskError {
            return page(error.status, error.message, context)
        } catch let error as HTTPError {
            return page(error.status, error.status == .notFound ? DeskText.notFound : DeskText.failed, context)
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return page(.internalServerError, DeskText.failed, context)
        }
    }

    private func page(_ status: HTTPResponse.Status, _ message: String, _ context: ServiceContext) -> Response {
        struct ErrorPage { var title: String; var message: String; var signedIn: Bool; var csrf: String? }
        let title = status == .notFound ? "Page introuvable" : status == .forbidden ? "Accès refusé" : "Erreur"
        return renderer.page("erreur", ErrorPage(title: title, message: message, signedIn: context.account != nil,
                                                 csrf: context.sessions.session?.csrf), status: status)
    }
}

/// Adds `Server-Timing: app;dur=…` (milliseconds) to every desk response: what the desk benchmark reads
/// (scripts/desk-bench.py), and what a browser's developer tools show.
struct DeskServerTiming: RouterMiddleware {
    typealias Context = ServiceContext

    func handle(_ request: Request, context: ServiceContext,
                next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock(), start = clock.now
        var response = try await next(request, context)
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[HTTPField.Name("Server-Timing")!] = "app;dur=" + String(format: "%.2f", milliseconds)
        return response
    }
}

/// The desk's fixed sentences (the page templates hold the rest of its French).
enum DeskText {
    static let notFound = "Cette page n'existe pas, ou elle ne concerne pas votre plateforme."
    static let failed = "Une erreur est survenue. Réessayez ; si elle revient, signalez-la à l'administrateur."
    static let csrfRefused = "Ce formulaire a expiré ou ne vient pas du bureau. Rechargez la page et recommencez."
    static let sessionExpired = "Votre session a expiré : reconnectez-vous."
    static let formTooLarge = "Le formulaire envoyé est trop volumineux."
    static let badCredentials = "Identifiant ou mot de passe incorrect."
    static func tooManyAttempts(seconds: Int) -> String {
        "Trop d'essais infructueux pour cet identifiant : réessayez dans \(seconds) seconde\(seconds > 1 ? "s" : "")."
    }
    static let roleNeeded = "Cette action est réservée aux responsables de plateforme."
    static let offerClosed = "Cette offre n'est plus ouverte : rouvrez-la pour proposer des candidats."
    static let importedOffer = "Cette offre a été importée (fichier ou API) : saisissez-la sur le bureau pour proposer des candidats et suivre les recrutements."
}
