import Foundation
import Hummingbird
import HummingbirdAuth
import MatchCore
import MatchData
import MatchStore

/// The assistants' desk under `/bureau`: sign-in, offers, the new offer from a phone call, shortlists,
/// proposals and their outcomes, candidates, the monthly bilan. Server-rendered French HTML; the few
/// scripts only add suggestions as one types. docs/desk.md describes each page.
struct DeskRoutes: Sendable {
    let service: ApparierService
    let renderer: DeskRenderer
    let scopes: DeskScopes
    let throttle: SignInThrottle
    let secureCookies: Bool

    var store: Store { service.store }
    var model: MatchModel { service.model }
    var labels: DeskLabels { DeskLabels(model: model) }

    func add(to desk: RouterGroup<ServiceContext>) {
        desk.get("static/{name}") { _, context in
            guard let response = renderer.asset(try context.parameters.require("name")) else { throw DeskError.notFound() }
            return response
        }
        desk.get("connexion", use: signInPage)
        desk.post("connexion", use: signIn)
        let signedIn = desk.group().add(middleware: DeskAuthenticator(store: store)).add(middleware: DeskFormReader())
        signedIn.post("deconnexion", use: signOut)
        signedIn.get("", use: offersPage)
        signedIn.get("offres", use: offersPage)
        signedIn.get("offres/nouvelle", use: newOfferPage)
        signedIn.post("offres/nouvelle", use: newOffer)
        signedIn.get("offres/{id}", use: offerPage)
        signedIn.post("offres/{id}/statut", use: offerStatus)
        signedIn.get("offres/{id}/preselection", use: shortlistPage)
        signedIn.post("offres/{id}/propositions", use: propose)
        signedIn.get("offres/{id}/envoi", use: sendingPage)
        signedIn.get("offres/{id}/envoi.csv", use: sendingCSV)
        signedIn.post("propositions/{id}/suivi", use: recordOutcome)
        signedIn.get("candidat", use: candidatePage)
        signedIn.get("candidat/effacement", use: erasurePage)
        signedIn.post("candidat/effacement", use: erase)
        signedIn.get("bilan", use: bilanPage)
        signedIn.get("bilan.csv", use: bilanCSV)
        signedIn.get("suggestions/metiers", use: titleSuggestions)
        signedIn.get("suggestions/communes", use: communeSuggestions)
    }

    // MARK: Signing in and out

    struct SignInPage {
        var title = "Connexion"
        var layout = DeskLayout()
        var formToken: String
        var login: String?
        var error: String?
        var back: String
    }

    /// The sign-in form. Its token is also set as a cookie: the POST must carry both, equal (there is no
    /// session yet to hold it).
    func signInPage(_ request: Request, _ context: ServiceContext) throws -> Response {
        if context.sessions.session != nil, let session = context.sessions.session, try store.account(id: session.accountId) != nil {
            return .redirect(to: "/bureau", type: .normal)
        }
        let token = DeskTokens.random()
        var response = renderer.page("connexion", SignInPage(formToken: token, back: Self.safeBack(request.uri.queryParameters["retour"])))
        response.setCookie(Cookie(name: "apparier_connexion", value: token, maxAge: 3600, path: "/bureau", secure: secureCookies,
                                  httpOnly: true, sameSite: .strict))
        return response
    }

    func signIn(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let form = try await DeskFormReader.read(request)
        guard let cookie = request.cookies["apparier_connexion"]?.value, let sent = form["_connexion"], DeskTokens.same(String(cookie), sent) else {
            throw DeskError.forbidden(DeskText.csrfRefused)
        }
        let login = (form["identifiant"] ?? "").lowercased()
        let back = Self.safeBack(form["retour"])
        func refuse(_ message: String) -> Response {
            renderer.page("connexion", SignInPage(formToken: sent, login: login, error: message, back: back), status: .unauthorized)
        }
        let wait = throttle.wait(for: login)
        if wait > .zero { return refuse(DeskText.tooManyAttempts(seconds: Int(wait.components.seconds) + 1)) }
        let found = try store.accountForSignIn(login: login)
        // An unknown login costs a bcrypt check too: the answer's time does not tell which logins exist.
        let checked = DeskPasswords.verify(form["motDePasse"] ?? "", hash: found?.passwordHash ?? DeskPasswords.unknownAccountHash)
        guard let found, checked, form["motDePasse"] != nil else {
            throttle.failed(login)
            try store.logSignIn(login: login.isEmpty ? "(vide)" : String(login.prefix(80)), succeeded: false)
            return refuse(DeskText.badCredentials)
        }
        throttle.succeeded(login)
        try store.logSignIn(login: found.account.login, succeeded: true)
        context.sessions.createSession(DeskSession(accountId: found.account.id, csrf: DeskTokens.random()))
        return .redirect(to: back, type: .found)
    }

    func signOut(_ request: Request, _ context: ServiceContext) throws -> Response {
        context.sessions.clearSession()
        return .redirect(to: "/bureau/connexion", type: .found)
    }

    /// Only a path of the desk itself (never another site) is a place to go back to.
    static func safeBack(_ raw: (some StringProtocol)?) -> String {
        guard let raw, raw.hasPrefix("/bureau"), !raw.hasPrefix("//"), !raw.contains("\\"), !raw.contains("://") else { return "/bureau" }
        return String(raw)
    }

    // MARK: Common parts

    /// Today in France: the date of what is recorded on the desk (the pool's reference date may be another).
    static var today: Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day(ordinal: 0)
    }

    func layout(_ context: ServiceContext, nav: KeyPath<DeskLayout, Bool>? = nil) throws -> DeskLayout {
        guard let account = context.account else { return DeskLayout() }
        let scope = try scopes.scope(of: account)
        var layout = DeskLayout(account: .init(displayName: account.displayName, role: account.role.label, platform: scope.platform.name),
                                csrf: context.sessions.session?.csrf)
        switch nav {
        case \DeskLayout.navOffres: layout.navOffres = true
        case \DeskLayout.navNouvelle: layout.navNouvelle = true
        case \DeskLayout.navBilan: layout.navBilan = true
        default: break
        }
        return layout
    }

    func account(_ context: ServiceContext) throws -> DeskAccount {
        guard let account = context.account else { throw DeskError.forbidden(DeskText.sessionExpired) }
        return account
    }

    /// The offer `id` if the account's platform may see it (404 otherwise), with its desk record.
    func visibleOffer(_ id: String, _ context: ServiceContext) throws -> (offer: JobOffer, desk: DeskOffer?, scope: DeskScope) {
        let scope = try scopes.scope(of: try account(context))
        guard let offer = service.view.offers[id] else { throw DeskError.notFound() }
        let desk = try store.deskOffer(id: id)
        guard scope.owns(offer, desk: desk) else { throw DeskError.notFound() }
        return (offer, desk, scope)
    }

    static func link(offer id: String) -> String { "/bureau/offres/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? id) }
    static func link(candidate id: String) -> String { "/bureau/candidat?id=" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id) }

    func offerId(_ context: ServiceContext) throws -> String {
        let raw = try context.parameters.require("id")
        return raw.removingPercentEncoding ?? raw
    }

    // MARK: Offers

    struct OffersPage {
        var title = "Offres"
        var layout: DeskLayout
        var status: [Choice]
        var rows: [OfferRow]
        var imported: [OfferRow]
        var importedMore: String?
        var hasImported: Bool
        var empty: Bool
        var message: String?
    }

    /// The platform's offers entered on the desk (filtered by status), then the offers imported for its territory.
    func offersPage(_ request: Request, _ context: ServiceContext) throws -> Response {
        let scope = try scopes.scope(of: try account(context))
        let filter = request.uri.queryParameters["statut"].map(String.init).flatMap(DeskOfferStatus.init(rawValue:))
        let view = service.view
        let desks = try store.deskOffers()
        let counts = try store.proposalCountsByOffer(platformId: scope.platform.id)
        var rows: [OfferRow] = [], imported: [OfferRow] = []
        for desk in desks.values.sorted(by: { $0.createdAt > $1.createdAt }) where desk.platformId == scope.platform.id {
            guard let offer = view.offers[desk.offerId], filter == nil || desk.status == filter else { continue }
            rows.append(row(offer, desk: desk, proposals: counts[offer.id] ?? 0))
        }
        let territory = view.offers.values.filter { desks[$0.id] == nil && scope.owns($0, desk: nil) }.sorted { $0.id < $1.id }
        let importedCount = territory.count
        imported = territory.prefix(200).map { row($0, desk: nil, proposals: counts[$0.id] ?? 0) }
        let status = [Choice(value: "", label: "toutes", selected: filter == nil)]
            + DeskOfferStatus.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == filter) }
        let message = request.uri.queryParameters["fait"].flatMap { ["offre": "L'offre est enregistrée."][String($0)] }
        return renderer.page("offres", OffersPage(
            layout: try layout(context, nav: \.navOffres), status: status, rows: rows, imported: imported,
            importedMore: importedCount > imported.count ? "\(DeskLabels.count(importedCount - imported.count)) autres offres importées ne sont pas affichées." : nil,
            hasImported: !imported.isEmpty, empty: rows.isEmpty, message: message))
    }

    func row(_ offer: JobOffer, desk: DeskOffer?, proposals: Int) -> OfferRow {
        let status = desk?.status ?? .open
        return OfferRow(id: offer.id, link: Self.link(offer: offer.id), title: offer.title ?? labels.fiche(offer.romeCode),
                        company: desk?.company ?? "—", commune: labels.commune(offer.workplace.commune),
                        positions: desk.map { "\($0.openPositions) / \(offer.positions)" } ?? "\(offer.positions)",
                        status: desk == nil ? "importée" : status.label, statusClass: desk == nil ? "importee" : status.rawValue,
                        createdOn: desk.map { DeskLabels.date($0.createdAt) } ?? (offer.createdAt.map(DeskLabels.date) ?? "—"),
                        proposals: proposals)
    }

    func offerPage(_ request: Request, _ context: ServiceContext) throws -> Response {
        let (offer, desk, _) = try visibleOffer(try offerId(context), context)
        let proposals = try store.proposals(offerId: offer.id)
        let today = Self.today.description
        let rows = proposals.map { p in
            ProposalRow(id: p.id, candidate: p.candidateId ?? "candidat effacé", candidateLink: p.candidateId.map(Self.link(candidate:)),
                        proposedOn: DeskLabels.date(p.proposedOn), status: p.status.label, reason: p.reason?.label,
                        next: p.status.next.map { Choice(value: $0.rawValue, label: $0.label) }, canMove: !p.status.next.isEmpty)
        }
        var timeline: [TimelineRow] = []
        if let desk { timeline.append(TimelineRow(day: DeskLabels.date(String(desk.createdAt.prefix(10))), text: "Offre saisie par \(desk.createdBy.replacingOccurrences(of: "compte:", with: ""))")) }
        for event in try store.proposalEvents(offerId: offer.id) {
            let who = event.candidateId ?? "candidat effacé"
            let text: String
            switch event.status {
            case .proposed: text = "\(who) proposé·e à l'employeur"
            case .interview: text = "\(who) reçu·e en entretien"
            case .hired: text = "\(who) embauché·e"
            case .notRetained: text = "\(who) non retenu·e" + (event.reason.map { " (\($0.label))" } ?? "")
            case .withdrew: text = "\(who) s'est désisté·e"
            }
            timeline.append(TimelineRow(day: DeskLabels.date(event.day), text: text))
        }
        let message = request.uri.queryParameters["fait"].flatMap {
            ["suivi": "Le suivi est enregistré.", "statut": "Le statut de l'offre est modifié.", "creee": "L'offre est enregistrée."][String($0)]
        }
        return renderer.page("offre", OfferPage(
            title: offer.title ?? labels.fiche(offer.romeCode), layout: try layout(context, nav: \.navOffres),
            offer: details(offer, desk: desk),
            canReopen: desk?.status == .cancelled, canCancel: desk?.status == .open,
            proposals: rows, hasProposals: !rows.isEmpty, timeline: timeline, message: message,
            reasons: DeskRefusalReason.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, today: today))
    }

    func details(_ offer: JobOffer, desk: DeskOffer?) -> OfferDetails {
        OfferDetails(
            id: offer.id, link: Self.link(offer: offer.id), title: offer.title ?? labels.fiche(offer.romeCode),
            fiche: "\(labels.fiche(offer.romeCode)) (\(offer.romeCode))", inferred: offer.romeCodeInferred,
            commune: labels.commune(offer.workplace.commune), contract: DeskWords.contract(offer.contractType),
            start: offer.startDate.map { DeskLabels.date($0.description) }, experience: Wording.experience(offer),
            positions: desk.map { "\($0.openPositions) ouvert\($0.openPositions > 1 ? "s" : "") sur \(offer.positions)" } ?? "\(offer.positions)",
            status: desk?.status.label ?? "importée", company: desk?.company, siret: desk?.siret, size: desk?.sizeBand.label,
            hiddenMarket: desk?.hiddenMarket ?? false,
            requiredSkills: offer.skills.filter { $0.exigence == .required }.map { labels.item($0.code) },
            wishedSkills: offer.skills.filter { $0.exigence != .required }.map { labels.item($0.code) },
            licences: offer.licences.map { "\($0.label) (\(DeskWords.exigence($0.exigence)))" },
            languages: offer.languages.map { "\($0.label) (\(DeskWords.exigence($0.exigence)))" },
            publics: offer.targetedPublics.map { Wording.publicName($0.rawValue) })
    }

    /// Cancels or reopens an offer entered on the desk.
    func offerStatus(_ request: Request, _ context: ServiceContext) throws -> Response {
        let (offer, desk, _) = try visibleOffer(try offerId(context), context)
        guard desk != nil else { throw DeskError.badRequest(DeskText.importedOffer) }
        guard let raw = context.form?["statut"], let status = DeskOfferStatus(rawValue: raw), status != .filled else {
            throw DeskError.badRequest("Statut inconnu : choisissez « ouverte » ou « annulée ».")
        }
        if status == .open && desk?.status != .cancelled {
            throw DeskError.badRequest("Seule une offre annulée peut être rouverte ; une offre pourvue l'est par ses embauches.")
        }
        try store.setOfferStatus(offer.id, status, by: context.actor)
        return .redirect(to: Self.link(offer: offer.id) + "?fait=statut", type: .found)
    }

    // MARK: Proposals and their follow-up

    /// Records the next step of a proposal (entretien, embauché, non retenu with a reason, désisté).
    func recordOutcome(_ request: Request, _ context: ServiceContext) throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), let proposal = try store.proposal(id: id) else { throw DeskError.notFound() }
        _ = try visibleOffer(proposal.offerId, context)
        let form = context.form
        guard let status = form?["statut"].flatMap(DeskProposalStatus.init(rawValue:)) else {
            throw DeskError.badRequest("Choisissez l'étape à enregistrer (champ « Étape »).")
        }
        let reason = form?["motif"].flatMap(DeskRefusalReason.init(rawValue:))
        guard let dayText = form?["date"], let day = Day(dayText) else {
            throw DeskError.badRequest("Date : écrivez-la JJ/MM/AAAA ou choisissez-la dans le calendrier.")
        }
        guard day <= Self.today else {
            throw DeskError.badRequest("Date : \(DeskLabels.date(day.description)) est dans le futur ; enregistrez l'étape une fois qu'elle a eu lieu.")
        }
        do {
            try store.recordOutcome(proposal: id, status: status, reason: reason, day: day, by: context.actor)
        } catch let error as MatchError {
            throw DeskError.badRequest(error.message.prefix(1).uppercased() + error.message.dropFirst() + ".")
        }
        return .redirect(to: Self.link(offer: proposal.offerId) + "?fait=suivi#propositions", type: .found)
    }

    // MARK: Suggestions (scripts)

    /// Appellations for the words typed so far: `[{"libelle", "code", "fiche"}]`.
    func titleSuggestions(_ request: Request, _ context: ServiceContext) throws -> Response {
        struct Suggestion: Encodable { var libelle: String; var code: String; var fiche: String }
        let q = request.uri.queryParameters["q"].map(String.init) ?? ""
        let found = TitleText.words(q).isEmpty ? [] : service.titles.match(String(q.prefix(200)), top: 8, completingLastWord: true)
        return try Self.json(found.map { Suggestion(libelle: $0.libelle, code: $0.codeOgr, fiche: "\($0.ficheLibelle) (\($0.romeCode))") })
    }

    /// Communes whose name or postcode starts with what was typed: `[{"nom", "code"}]`.
    func communeSuggestions(_ request: Request, _ context: ServiceContext) throws -> Response {
        struct Suggestion: Encodable { var nom: String; var code: String; var codePostal: String? }
        let q = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(80))
        return try Self.json(model.communes.suggestions(startingWith: q, limit: 8).map { Suggestion(nom: $0.name, code: $0.code, codePostal: $0.postalCode) })
    }

    static func json(_ value: some Encodable) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return DeskRenderer.response(String(decoding: data, as: UTF8.self), contentType: "application/json; charset=utf-8", status: .ok)
    }
}
