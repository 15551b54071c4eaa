import Foundation
import Hummingbird
import MatchCore
import MatchData
import MatchStore

/// The new offer, as an employer dictates it on the phone: the job title in their words (the title matcher
/// proposes appellations; the chosen one's fiche gives the checklist of competences to mark required or
/// wished), the commune by name or postcode, and the rest. Without scripts the form works in two steps:
/// « Chercher le métier » shows the appellations and the checklist, « Enregistrer l'offre » saves. The offer
/// is saved through the same import as files (strict: its fiche is the chosen appellation's).
extension DeskRoutes {
    struct FieldError { var field: String; var message: String }

    struct ChecklistRow {
        var name: String
        var label: String
        var core: Bool
        var none: Bool
        var wished: Bool
        var required: Bool
    }

    struct RequirementRow {
        var name: String
        var label: String
        var none: Bool
        var wished: Bool
        var required: Bool
    }

    struct NewOfferPage {
        var title = "Nouvelle offre"
        var layout: DeskLayout
        var errors: [FieldError] = []
        var jobTitle = ""
        var appellations: [Choice] = []
        var ficheLabel: String?
        var checklist: [ChecklistRow] = []
        var commune = ""
        var contracts: [Choice] = []
        var start = ""
        var experiences: [Choice] = []
        var experienceMonths = ""
        var positions = "1"
        var licences: [RequirementRow] = []
        var languages: [RequirementRow] = []
        var publics: [Choice] = []
        var company = ""
        var siret = ""
        var sizes: [Choice] = []
        var hiddenMarket = false
        var titleError: String?
        var appellationError: String?
        var communeError: String?
        var startError: String?
        var experienceError: String?
        var positionsError: String?
        var companyError: String?
        var siretError: String?
        var sizeError: String?
        // Stored, not computed: Mustache reads properties by reflection.
        var hasErrors = false
        var hasAppellations = false
    }

    /// The form page, its flags set.
    func formPage(_ page: NewOfferPage, status: HTTPResponse.Status = .ok) -> Response {
        var page = page
        page.hasErrors = !page.errors.isEmpty
        page.hasAppellations = !page.appellations.isEmpty
        return renderer.page("offre-nouvelle", page, status: status)
    }

    func newOfferPage(_ request: Request, _ context: ServiceContext) throws -> Response {
        let page = try filledForm(DeskForm(body: ""), context)
        return formPage(page)
    }

    func newOffer(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let form = context.form ?? DeskForm(body: "")
        var page = try filledForm(form, context)
        guard form["action"] == "enregistrer" else { return formPage(page) }
        let built = try buildOffer(form, page: &page, context)
        guard let (offer, desk) = built, page.errors.isEmpty else {
            return formPage(page, status: .unprocessableContent)
        }
        let data = try JSONEncoder().encode([offer])
        do {
            _ = try await service.writer.importFile(data, kind: .offers, file: "bureau", actor: context.actor, strict: true)
        } catch let error as MatchError {
            page.errors.append(FieldError(field: "intitule", message: "L'offre n'a pas pu être enregistrée : \(error.message)"))
            return formPage(page, status: .unprocessableContent)
        }
        try store.saveDeskOffer(desk, by: context.actor)
        return .redirect(to: Self.link(offer: offer.id) + "?fait=creee", type: .found)
    }

    /// The form as submitted, with the appellations of its title, the checklist of the chosen fiche and every
    /// list of choices, the submitted values kept.
    func filledForm(_ form: DeskForm, _ context: ServiceContext) throws -> NewOfferPage {
        var page = NewOfferPage(layout: try layout(context, nav: \.navNouvelle))
        page.jobTitle = form["intitule"] ?? ""
        if !TitleText.words(page.jobTitle).isEmpty {
            let found = service.titles.match(String(page.jobTitle.prefix(200)), top: 6)
            let chosen = form["appellation"].flatMap { code in found.contains { $0.codeOgr == code } ? code : nil } ?? found.first?.codeOgr
            page.appellations = found.map {
                Choice(value: $0.codeOgr, label: "\($0.libelle) — \($0.ficheLibelle) (\($0.romeCode))", selected: $0.codeOgr == chosen)
            }
            if let match = found.first(where: { $0.codeOgr == chosen }), let items = model.rome.checklist(for: match.romeCode) {
                page.ficheLabel = "\(match.ficheLibelle) (\(match.romeCode))"
                page.checklist = items.prefix(40).map { item in
                    let mark = form["c_\(item.code)"]
                    return ChecklistRow(name: "c_\(item.code)", label: item.label, core: item.isCore,
                                        none: mark == nil, wished: mark == "S", required: mark == "E")
                }
            }
        }
        page.commune = form["commune"] ?? ""
        let contract = form["contrat"] ?? "CDI"
        page.contracts = DeskWords.contracts.map { Choice(value: $0.code, label: $0.label, selected: $0.code == contract) }
        page.start = form["debut"] ?? ""
        let experience = form["experience"] ?? "D"
        page.experiences = [("D", "Débutant accepté"), ("S", "Expérience souhaitée"), ("E", "Expérience exigée")]
            .map { Choice(value: $0.0, label: $0.1, selected: $0.0 == experience) }
        page.experienceMonths = form["experienceMois"] ?? ""
        page.positions = form["postes"] ?? "1"
        page.licences = DeskWords.licences.enumerated().map { i, code in
            let mark = form["p_\(i)"]
            return RequirementRow(name: "p_\(i)", label: DeskWords.licence(code), none: mark == nil, wished: mark == "S", required: mark == "E")
        }
        page.languages = Language.allNames.enumerated().map { i, name in
            let mark = form["l_\(i)"]
            return RequirementRow(name: "l_\(i)", label: name, none: mark == nil, wished: mark == "S", required: mark == "E")
        }
        let publics = Set(form.all("public"))
        page.publics = PriorityPublic.allCases.map { Choice(value: $0.rawValue, label: Wording.publicName($0.rawValue), selected: publics.contains($0.rawValue)) }
        page.company = form["entreprise"] ?? ""
        page.siret = form["siret"] ?? ""
        let size = form["taille"]
        page.sizes = CompanySize.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == size) }
        page.hiddenMarket = form["marcheCache"] == "1"
        return page
    }

    /// The offer and its desk record from a complete form, or the errors (each naming its field) in `page`.
    func buildOffer(_ form: DeskForm, page: inout NewOfferPage, _ context: ServiceContext) throws -> (JobOffer, DeskOffer)? {
        let scope = try scopes.scope(of: try account(context))
        func fail(_ field: String, _ message: String, _ slot: WritableKeyPath<NewOfferPage, String?>) {
            page.errors.append(FieldError(field: field, message: message))
            page[keyPath: slot] = message
        }
        if TitleText.words(page.jobTitle).isEmpty {
            fail("intitule", "Intitulé du poste : écrivez-le avec les mots de l'employeur (par exemple « vendeuse en boulangerie »).", \.titleError)
        }
        let chosen = page.appellations.first { $0.selected }.flatMap { choice in service.titles.appellations.first { $0.code == choice.value } }
        if chosen == nil && page.titleError == nil {
            fail("intitule", "Intitulé du poste : aucun métier du ROME ne correspond à « \(page.jobTitle) ». Essayez d'autres mots.", \.appellationError)
        }
        var commune: Commune?
        switch model.communes.lookup(page.commune) {
        case .found(let found):
            commune = found
            if !scope.communes.contains(found.code) {
                fail("commune", "Commune : \(found.displayName) n'est pas dans le territoire de \(scope.platform.name).", \.communeError)
            }
        case .ambiguous(let several):
            fail("commune", "Commune : « \(page.commune) » désigne plusieurs communes : \(several.prefix(6).map(\.displayName).joined(separator: ", ")). Écrivez le code INSEE de la bonne.", \.communeError)
        case .unknown(let suggestions):
            let hint = suggestions.isEmpty ? "" : " Vouliez-vous dire : \(suggestions.prefix(3).map(\.displayName).joined(separator: ", ")) ?"
            fail("commune", page.commune.isEmpty ? "Commune : indiquez la commune du lieu de travail (nom ou code postal)."
                 : "Commune : « \(page.commune) » est inconnue en Hauts-de-France.\(hint)", \.communeError)
        }
        var start: Day?
        if !page.start.isEmpty {
            start = Day(page.start)
            if start == nil { fail("debut", "Date de début : écrivez-la JJ/MM/AAAA (par exemple 17/12/2026).", \.startError) }
        }
        let experience = JobOffer.ExperienceRequirement(rawValue: form["experience"] ?? "D") ?? .beginnerAccepted
        var months: Int?
        if !page.experienceMonths.isEmpty {
            months = Int(page.experienceMonths)
            if months == nil || !(0...600).contains(months!) {
                fail("experienceMois", "Durée d'expérience : un nombre de mois entre 0 et 600.", \.experienceError)
            }
        }
        let positions = Int(page.positions) ?? 0
        if !(1...1000).contains(positions) { fail("postes", "Nombre de postes : un nombre entier de 1 à 1 000.", \.positionsError) }
        if page.company.isEmpty { fail("entreprise", "Entreprise : indiquez sa raison sociale ou son nom d'enseigne.", \.companyError) }
        let siret = page.siret.filter { !$0.isWhitespace }
        if !siret.isEmpty && !Self.isValidSiret(siret) {
            fail("siret", "SIRET : 14 chiffres dont la clé est juste (laissez vide si vous ne le connaissez pas).", \.siretError)
        }
        let size = form["taille"].flatMap(CompanySize.init(rawValue:))
        if size == nil { fail("taille", "Taille de l'entreprise : choisissez une tranche d'effectif (elle sert au bilan).", \.sizeError) }
        guard page.errors.isEmpty, let appellation = chosen, let commune, let size else { return nil }

        let id = try newOfferId(scope.platform.id)
        var offer = JobOffer(id: id, title: page.jobTitle, romeCode: appellation.romeCode,
                             workplace: .init(label: commune.name, commune: commune.code),
                             contractType: form["contrat"].flatMap { code in DeskWords.contracts.contains { $0.code == code } ? code : nil },
                             positions: positions,
                             skills: page.checklist.compactMap { row in
                                 let code = String(row.name.dropFirst(2))
                                 return row.required ? OfferSkill(code: code, label: row.label, exigence: .required)
                                     : row.wished ? OfferSkill(code: code, label: row.label, exigence: .desired) : nil
                             },
                             licences: page.licences.enumerated().compactMap { i, row in
                                 row.none ? nil : OfferRequirement(label: DeskWords.licences[i], exigence: row.required ? .required : .desired)
                             },
                             languages: page.languages.compactMap { row in
                                 row.none ? nil : OfferRequirement(label: row.label, exigence: row.required ? .required : .desired)
                             },
                             experienceRequirement: experience, experienceMonths: experience == .beginnerAccepted ? nil : months,
                             startDate: start,
                             targetedPublics: page.publics.filter(\.selected).compactMap { PriorityPublic(rawValue: $0.value) })
        offer.appellationCode = appellation.code
        offer.createdAt = Self.today.description
        let desk = DeskOffer(offerId: id, platformId: scope.platform.id, openPositions: positions, company: page.company,
                             siret: siret.isEmpty ? nil : siret, sizeBand: size, hiddenMarket: page.hiddenMarket)
        return (offer, desk)
    }

    /// `arras-20261204-3`: the platform, the day, a number free that day.
    func newOfferId(_ platform: String) throws -> String {
        let day = Self.today.description.replacingOccurrences(of: "-", with: "")
        let taken = try store.deskOffers()
        for n in 1... {
            let id = "\(platform)-\(day)-\(n)"
            if taken[id] == nil && service.view.offers[id] == nil { return id }
        }
        fatalError("unreachable")
    }

    /// 14 digits with a valid Luhn key (La Poste's SIRET, 356 000 000 xxxxx, follows another rule and is accepted as is).
    static func isValidSiret(_ siret: String) -> Bool {
        guard siret.count == 14, siret.allSatisfy(\.isASCII), siret.allSatisfy(\.isNumber) else { return false }
        if siret.hasPrefix("356000000") { return true }
        let digits = siret.compactMap(\.wholeNumberValue)
        let sum = digits.reversed().enumerated().reduce(0) { total, pair in
            let (i, d) = pair
            let doubled = i % 2 == 1 ? d * 2 : d
            return total + (doubled > 9 ? doubled - 9 : doubled)
        }
        return sum % 10 == 0
    }
}
