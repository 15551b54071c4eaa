public import Foundation
import Mustache
import Hummingbird
public import MatchCore
import MatchData
public import MatchStore

/// The monthly bilan of a platform, with the indicators of annex B of the convention that the desk's records
/// can give, computed from what was really done; the others are listed as not computed, never guessed.
/// The desk's page, its CSV and `apparier report` all come from here.
///
///     let bilan = try MonthlyBilan(store: store, platformId: "arras", month: Month("2026-11")!)
///     try bilan.csv().write(to: url, atomically: true, encoding: .utf8)
public struct MonthlyBilan: Sendable {
    public let platform: DeskPlatform
    public let activity: DeskActivity
    /// The same indicators for the five months before, oldest first (the trend chart).
    public let history: [DeskActivity]

    public struct Indicator: Sendable {
        public var axis: String
        public var label: String
        public var value: String
        public var detail: String
    }

    public init(store: Store, platformId: String, month: Month) throws {
        guard let platform = try store.platform(id: platformId) else {
            let known = try store.platforms().map(\.id)
            throw MatchError(.store, message: "aucune plateforme « \(platformId) »" + (known.isEmpty ? "" : " (connues : \(known.joined(separator: ", ")))"))
        }
        self.platform = platform
        activity = try store.bilan(platformId: platformId, month: month)
        var months: [Month] = []
        var m = month
        for _ in 0..<5 { m = m.previous; months.insert(m, at: 0) }
        history = try months.map { try store.bilan(platformId: platformId, month: $0) } + [activity]
    }

    public var indicators: [Indicator] {
        let a = activity
        let axis2 = "Axe 2 : collecte et valorisation des offres cachées"
        let axis3 = "Axe 3 : accompagnement sur mesure des recrutements"
        return [
            Indicator(axis: axis2, label: "Nombre de postes détectés par la plateforme", value: DeskLabels.count(a.positions),
                      detail: "\(DeskLabels.count(a.offers)) offre\(a.offers > 1 ? "s" : "") saisie\(a.offers > 1 ? "s" : "") sur le bureau"),
            Indicator(axis: axis2, label: "Taux de TPE/PME (moins de 50 salariés)", value: DeskLabels.percent(a.smallCompanyOffers, of: a.offers),
                      detail: "\(a.smallCompanyOffers) offre\(a.smallCompanyOffers > 1 ? "s" : "") sur \(a.offers)"),
            Indicator(axis: axis2, label: "Nombre de nouvelles entreprises ayant déposé une offre d'emploi", value: DeskLabels.count(a.newCompanies.count),
                      detail: "première offre saisie sur le bureau ce mois-ci"),
            Indicator(axis: axis2, label: "Taux marché caché", value: DeskLabels.percent(a.hiddenMarketOffers, of: a.offers),
                      detail: "\(a.hiddenMarketOffers) offre\(a.hiddenMarketOffers > 1 ? "s" : "") non publiée\(a.hiddenMarketOffers > 1 ? "s" : "") ailleurs sur \(a.offers)"),
            Indicator(axis: axis3, label: "Nombre de candidatures proposées à l'employeur", value: DeskLabels.count(a.proposed),
                      detail: "propositions datées du mois"),
            Indicator(axis: axis3, label: "Nombre de candidats reçus en entretien", value: DeskLabels.count(a.interviewed),
                      detail: "entretiens enregistrés avec une date du mois"),
            Indicator(axis: axis3, label: "Nombre des mises à l'emploi grâce à la plateforme", value: DeskLabels.count(a.hired),
                      detail: "embauches enregistrées avec une date du mois"),
            Indicator(axis: axis3, label: "Part des publics prioritaires parmi les candidats proposés", value: DeskLabels.percent(a.proposedPriority, of: a.proposed),
                      detail: "\(a.proposedPriority) sur \(a.proposed)"),
            Indicator(axis: axis3, label: "Part des publics prioritaires parmi les mises à l'emploi", value: DeskLabels.percent(a.hiredPriority, of: a.hired),
                      detail: "\(a.hiredPriority) sur \(a.hired)"),
        ]
    }

    /// The indicators of annex B that the desk cannot know: they are not computed.
    public static let notComputed = [
        "Nombre de contacts entreprises (téléphone et visites)", "Nombre d'entreprises visitées par la plateforme",
        "Nombre d'interventions réalisées en lien avec les entreprises (clubs, cercles…)", "Nombre de nouvelles entreprises (axe 1)",
        "Nombre d'actions « Marque Employeur » et d'entreprises concernées", "Nombre d'entreprises accompagnées par la plateforme",
        "Part des offres d'emploi collectées diffusées à France Travail", "Nombre de candidatures reçues",
        "Nombre d'actions circuits-courts réalisées", "Nombre de demandeurs présents", "Part des demandeurs d'emploi cibles présents",
        "Nombre d'entreprises présentes", "Nombre de mises en relation réalisées", "Indicateurs de l'axe 4 (animation du tissu économique)",
    ]

    /// `indicateur;valeur;detail`, UTF-8 with a BOM and `;` for French spreadsheets; the not computed last.
    public func csv() -> String {
        var lines = ["plateforme;mois;axe;indicateur;valeur;detail"]
        for i in indicators {
            lines.append([platform.name, activity.month.description, i.axis, i.label, i.value, i.detail].map { CSVCell.field($0) }.joined(separator: ";"))
        }
        for label in Self.notComputed {
            lines.append([platform.name, activity.month.description, "", label, "non calculé", "hors du bureau"].map { CSVCell.field($0) }.joined(separator: ";"))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The recruitment funnel of the month: proposals, interviews, hires (a bar each).
    var funnelSVG: String {
        let bars = [("Candidatures proposées", activity.proposed), ("Reçus en entretien", activity.interviewed), ("Mises à l'emploi", activity.hired)]
        let top = max(bars.map(\.1).max() ?? 0, 1)
        let width = 560, labelWidth = 190, barSpace = width - labelWidth - 60
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"entonnoir-titre\" viewBox=\"0 0 \(width) \(bars.count * 40 + 10)\" class=\"graphique\">"
        svg += "<title id=\"entonnoir-titre\">Du mois : \(bars.map { "\($0.0.lowercased()) \($0.1)" }.joined(separator: ", "))</title>"
        for (i, bar) in bars.enumerated() {
            let y = 10 + i * 40, length = bar.1 * barSpace / top
            svg += "<text x=\"0\" y=\"\(y + 20)\" class=\"etiquette\">\(HTMLPage.escape(bar.0))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(length, 1))\" height=\"24\" class=\"barre\"/>"
            svg += "<text x=\"\(labelWidth + max(length, 1) + 6)\" y=\"\(y + 21)\" class=\"valeur\">\(DeskLabels.count(bar.1))</text>"
        }
        return svg + "</svg>"
    }

    /// Proposals and hires over six months (two bars per month).
    var trendSVG: String {
        let top = max(history.map(\.proposed).max() ?? 0, 1)
        let height = 160, columnWidth = 80
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"tendance-titre\" viewBox=\"0 0 \(history.count * columnWidth + 10) \(height + 40)\" class=\"graphique\">"
        svg += "<title id=\"tendance-titre\">Sur six mois : " + history.map { "\($0.month.frenchName) \($0.proposed) proposés, \($0.hired) embauchés" }.joined(separator: " ; ") + "</title>"
        for (i, month) in history.enumerated() {
            let x = 10 + i * columnWidth
            let proposed = month.proposed * height / top, hired = month.hired * height / top
            svg += "<rect x=\"\(x)\" y=\"\(height - proposed)\" width=\"28\" height=\"\(max(proposed, 1))\" class=\"barre\"/>"
            svg += "<rect x=\"\(x + 30)\" y=\"\(height - hired)\" width=\"28\" height=\"\(max(hired, 1))\" class=\"barre-embauche\"/>"
            svg += "<text x=\"\(x)\" y=\"\(height + 18)\" class=\"etiquette\">\(HTMLPage.escape(month.month.frenchShortName))</text>"
        }
        return svg + "</svg>"
    }

    struct Page {
        var title: String
        var layout: DeskLayout
        var inlineStyle: String?
        var platform: String
        var month: String
        var monthValue: String
        var indicators: [Indicator]
        var notComputed: [String]
        var funnel: String
        var trend: String
        var csvLink: String?
        var previousLink: String?
    }

    func page(layout: DeskLayout, inlineStyle: String? = nil, links: Bool) -> Page {
        let month = activity.month
        return Page(title: "Bilan de \(month.frenchName)", layout: layout, inlineStyle: inlineStyle, platform: platform.name,
                    month: month.frenchName, monthValue: month.description, indicators: indicators, notComputed: Self.notComputed,
                    funnel: funnelSVG, trend: trendSVG,
                    csvLink: links ? "/bureau/bilan.csv?mois=\(month)" : nil,
                    previousLink: links ? "/bureau/bilan?mois=\(month.previous)" : nil)
    }

    /// Writes `bilan-PLATFORM-MONTH.html` and `.csv` in `directory` (what the monthly mail attaches).
    public func write(to directory: URL) throws -> [URL] {
        let renderer = try DeskRenderer()
        let html = renderer.library.render(page(layout: DeskLayout(), inlineStyle: renderer.assets["bureau.css"]?.body, links: false),
                                           withTemplate: "bilan") ?? ""
        let base = directory.appending(path: "bilan-\(platform.id)-\(activity.month)")
        let files = [base.appendingPathExtension("html"), base.appendingPathExtension("csv")]
        try html.write(to: files[0], atomically: true, encoding: .utf8)
        try csv().write(to: files[1], atomically: true, encoding: .utf8)
        return files
    }
}

extension DeskRoutes {
    /// The month asked (`?mois=2026-11`), by default the one before the reference date's (the bilan sent at
    /// the start of a month is the previous month's).
    func month(_ request: Request) throws -> Month {
        guard let raw = request.uri.queryParameters["mois"].map(String.init), !raw.isEmpty else {
            return Month(containing: Self.today).previous
        }
        guard let month = Month(raw) else { throw DeskError.badRequest("Mois : écrivez-le AAAA-MM (par exemple 2026-11).") }
        return month
    }

    func bilanPage(_ request: Request, _ context: ServiceContext) throws -> Response {
        let account = try account(context)
        let bilan = try MonthlyBilan(store: store, platformId: account.platformId, month: try month(request))
        return renderer.page("bilan", bilan.page(layout: try layout(context, nav: \.navBilan), links: true))
    }

    func bilanCSV(_ request: Request, _ context: ServiceContext) throws -> Response {
        let account = try account(context)
        let bilan = try MonthlyBilan(store: store, platformId: account.platformId, month: try month(request))
        var response = DeskRenderer.response(bilan.csv(), contentType: "text/csv; charset=utf-8", status: .ok)
        response.headers[.contentDisposition] = "attachment; filename=\"bilan-\(bilan.platform.id)-\(bilan.activity.month).csv\""
        return response
    }
}
