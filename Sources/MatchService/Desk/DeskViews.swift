import Foundation
import MatchCore
import MatchData
import MatchStore

/// The page models of the desk: plain values the templates read (Mustache looks their properties up by
/// name). Everything a reader sees is French and formatted here — labels, not codes; French numbers and
/// dates — so that the templates only lay it out.
struct DeskLayout {
    struct AccountView { var displayName: String; var role: String; var platform: String }
    var account: AccountView?
    var csrf: String?
    var navOffres = false
    var navNouvelle = false
    var navBilan = false
}

/// Labels from the referentials, and French formats (one place for the desk).
struct DeskLabels {
    let model: MatchModel

    func fiche(_ code: String) -> String {
        model.rome.ficheIndex[code].map { model.rome.fiches[Int($0)].label } ?? code
    }

    func item(_ code: String) -> String {
        model.rome.itemIndex[code].map { model.rome.items[Int($0)].label } ?? code
    }

    func commune(_ code: String?) -> String {
        guard let code else { return "lieu donné par ses coordonnées" }
        return model.communes[code]?.displayName ?? code
    }

    func missing(_ item: MissingItem) -> String {
        if case .competence(let code) = item { return self.item(code) }
        return Wording.missing(item)
    }

    /// An entry's matched competences by label, a deduced one saying from what: « Conduire un chariot
    /// élévateur (déduit : 5 ans comme Cariste (N1101)) ».
    func matched(_ e: ShortlistEntry) -> [String] {
        let deduced = Dictionary(e.inferred.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        return e.matched.map { code in
            item(code) + (deduced[code].map { " (\(Wording.inferred($0, ficheLabel: { self.fiche($0) })))" } ?? "")
        }
    }

    static func date(_ text: String) -> String { HTMLPage.frenchDate(text) }
    static func count(_ n: Int) -> String { HTMLPage.count(n) }
    /// `0,42` → `42 %`.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "—" : HTMLPage.number(Double(part) * 100 / Double(whole), 0) + "\u{202F}%"
    }
    /// A score on 0–100, as users read it (the JSON of the API keeps the raw value).
    static func score(_ raw: Double) -> Int { Int((min(max(raw, 0), 1) * 100).rounded()) }
    static func minutes(_ m: Double) -> String { HTMLPage.number(m, 0) + "\u{202F}min" }
}

/// One offer in the list.
struct OfferRow {
    var id: String
    var link: String
    var title: String
    var company: String
    var commune: String
    var positions: String
    var status: String
    var statusClass: String
    var createdOn: String
    var proposals: Int
}

/// The offer page (details, proposals with their follow-up, timeline).
struct OfferPage {
    var title: String
    var layout: DeskLayout
    var offer: OfferDetails
    var canReopen: Bool
    var canCancel: Bool
    var proposals: [ProposalRow]
    var hasProposals: Bool
    var timeline: [TimelineRow]
    var message: String?
    var reasons: [Choice]
    var today: String
}

struct OfferDetails {
    var id: String
    var link: String
    var title: String
    var fiche: String
    var inferred: Bool
    var commune: String
    var contract: String
    var start: String?
    var experience: String?
    var positions: String
    var status: String
    var company: String?
    var siret: String?
    var size: String?
    var hiddenMarket: Bool
    var requiredSkills: [String]
    var wishedSkills: [String]
    var licences: [String]
    var languages: [String]
    var publics: [String]
}

struct ProposalRow {
    var id: Int64
    var candidate: String
    var candidateLink: String?
    var proposedOn: String
    var status: String
    var reason: String?
    var next: [Choice]
    var canMove: Bool
}

struct TimelineRow { var day: String; var text: String }

/// An option of a `<select>` or a group of radio buttons.
struct Choice {
    var value: String
    var label: String
    var selected: Bool = false
}

/// The French words of the desk's statuses and choices.
enum DeskWords {
    static let contracts: [(code: String, label: String)] = [
        ("CDI", "CDI"), ("CDD", "CDD"), ("MIS", "Mission d'intérim"), ("SAI", "Contrat saisonnier"),
        ("DIN", "CDI intérimaire"), ("CCE", "Profession commerciale"), ("FRA", "Franchise"), ("LIB", "Profession libérale"),
    ]

    static func contract(_ code: String?) -> String {
        guard let code else { return "tout contrat" }
        return contracts.first { $0.code == code }?.label ?? code
    }

    static let licences = ["B", "BE", "C", "CE", "C1", "D", "A", "CACES R489 1A", "CACES R489 1B", "CACES R489 3",
                           "CACES R489 5", "CACES R482", "CACES R486", "FIMO", "FCO", "ADR", "HABILITATION ELECTRIQUE", "SST", "SSIAP"]

    static func licence(_ code: String) -> String {
        code.hasPrefix("CACES") || code.count > 3 ? code.capitalizedFirst : "permis \(code)"
    }

    static func exigence(_ e: Exigence) -> String { e == .required ? "exigé" : "souhaité" }
}

extension String {
    /// « CACES R489 3 » stays; « HABILITATION ELECTRIQUE » → « Habilitation electrique ».
    var capitalizedFirst: String {
        guard self == uppercased(), contains(" "), !hasPrefix("CACES") else { return self }
        return prefix(1) + dropFirst().lowercased()
    }
}
