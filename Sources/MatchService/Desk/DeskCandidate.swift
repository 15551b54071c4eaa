import Foundation
import Hummingbird
import MatchCore
import MatchData
import MatchStore

/// A candidate's page (profile, proposals so far, so that over-solicitation shows) and their erasure.
extension DeskRoutes {
    struct Line { var label: String; var value: String }

    struct CandidateProposal {
        var offer: String
        var link: String?
        var day: String
        var status: String
    }

    struct CandidatePage {
        var title: String
        var layout: DeskLayout
        var id: String
        var profile: [Line]
        var skills: [String]
        var experiences: [String]
        var publics: [String]
        var proposals: [CandidateProposal]
        var recentCount: String
        var canErase: Bool
        var erasureLink: String
    }

    /// The candidate `?id=` if the account's platform may see them (404 otherwise).
    func visibleCandidate(_ id: String?, _ context: ServiceContext) throws -> (Candidate, DeskScope) {
        let scope = try scopes.scope(of: try account(context))
        guard let id, let candidate = try store.candidate(id: id) else { throw DeskError.notFound() }
        if scope.reaches(candidate, model: model) { return (candidate, scope) }
        let ours = try store.proposals(candidateId: candidate.id).contains { proposal in
            let desk = try? store.deskOffer(id: proposal.offerId)
            return desk?.platformId == scope.platform.id
        }
        guard ours else { throw DeskError.notFound() }
        return (candidate, scope)
    }

    func candidatePage(_ request: Request, _ context: ServiceContext) throws -> Response {
        let (c, scope) = try visibleCandidate(request.uri.queryParameters["id"].map(String.init), context)
        let today = service.view.referenceDate
        var profile = [
            Line(label: "Commune", value: labels.commune(c.commune)),
            Line(label: "Métiers recherchés", value: c.targetRomeCodes.map { labels.fiche($0) }.joined(separator: ", ").nonEmpty ?? "non renseignés"),
            Line(label: "Diplôme", value: c.diplomaLevel > 0 ? "niveau \(c.diplomaLevel)" : "aucun déclaré"),
            Line(label: "Permis", value: c.licences.map(DeskWords.licence).joined(separator: ", ").nonEmpty ?? "aucun déclaré"),
            Line(label: "Langues", value: c.languages.map { "\($0.language)\($0.level.map { " (\($0.rawValue))" } ?? "")" }.joined(separator: ", ").nonEmpty ?? "aucune déclarée"),
            Line(label: "Mobilité", value: "\(c.mobility.maxMinutes) min au plus, " + c.mobility.modes.map { Wording.modeName($0.rawValue) }.joined(separator: " ou ")),
            Line(label: "Contrats acceptés", value: c.acceptedContracts.map { DeskWords.contract($0) }.joined(separator: ", ").nonEmpty ?? "tous"),
        ]
        if let from = c.availableFrom { profile.append(Line(label: "Disponible à partir du", value: DeskLabels.date(from.description))) }
        if let training = c.training, let code = training.romeCode {
            profile.append(Line(label: "Formation", value: labels.fiche(code) + (training.endDate.map { ", fin le \(DeskLabels.date($0.description))" } ?? "")))
        }
        let proposals = try store.proposals(candidateId: c.id)
        let offers = service.view.offers
        let rows = try proposals.map { p -> CandidateProposal in
            let desk = try store.deskOffer(id: p.offerId)
            let ours = desk?.platformId == scope.platform.id
            let title = ours ? (offers[p.offerId]?.title ?? p.offerId) : "offre d'une autre plateforme"
            return CandidateProposal(offer: title, link: ours ? Self.link(offer: p.offerId) : nil, day: DeskLabels.date(p.proposedOn), status: p.status.label)
        }
        let since = Self.today.adding(days: -90).description
        let recent = proposals.filter { $0.proposedOn >= since }.count
        service.accessLog.record(Store.Access(actor: context.actor, action: "candidate.read", subjectKind: "candidate", subjectId: c.id))
        return renderer.page("candidat", CandidatePage(
            title: "Candidat \(c.id)", layout: try layout(context), id: c.id, profile: profile,
            skills: c.skills.map(labels.item),
            experiences: c.experiences.map { "\(labels.fiche($0.romeCode)) : \($0.months) mois" },
            publics: model.priorityRules.publics(of: c, on: today).publics.map { Wording.publicName($0.rawValue) },
            proposals: rows, recentCount: "\(recent) proposition\(recent > 1 ? "s" : "") ces 90 derniers jours",
            canErase: context.account?.role != .assistant, erasureLink: "/bureau/candidat/effacement?id=" + (c.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")))
    }

    struct ErasurePage {
        var title = "Effacer un candidat"
        var layout: DeskLayout
        var id: String
        var backLink: String
        var done: Bool = false
        var receipt: [Line] = []
    }

    /// The confirmation step before an erasure.
    func erasurePage(_ request: Request, _ context: ServiceContext) throws -> Response {
        guard context.account?.role != .assistant else { throw DeskError.forbidden(DeskText.roleNeeded) }
        let (c, _) = try visibleCandidate(request.uri.queryParameters["id"].map(String.init), context)
        return renderer.page("effacement", ErasurePage(layout: try layout(context), id: c.id, backLink: Self.link(candidate: c.id)))
    }

    /// The RGPD erasure (as `apparier erase`): the candidate leaves the store, the index and its snapshot;
    /// proposals keep their step, no longer tied to them.
    func erase(_ request: Request, _ context: ServiceContext) async throws -> Response {
        guard context.account?.role != .assistant else { throw DeskError.forbidden(DeskText.roleNeeded) }
        guard let id = context.form?["id"] else { throw DeskError.badRequest("Candidat manquant.") }
        _ = try visibleCandidate(id, context)
        guard context.form?["confirme"] == "1" else {
            throw DeskError.badRequest("Cochez la case de confirmation pour effacer ce candidat.")
        }
        service.accessLog.flush()
        let receipt = try await service.writer.erase(id: id, actor: context.actor)
        service.accessLog.flush()
        try store.scrubAccesses(ofErased: id)
        return renderer.page("effacement", ErasurePage(
            title: "Candidat effacé", layout: try layout(context), id: "", backLink: "/bureau", done: true,
            receipt: [Line(label: "Lignes du candidat supprimées", value: "\(receipt.candidateRows)"),
                      Line(label: "Lignes de présélections remplacées par « effacé »", value: "\(receipt.shortlistEntries)"),
                      Line(label: "Propositions détachées du candidat", value: "\(receipt.proposals)"),
                      Line(label: "Événements du journal supprimés", value: "\(receipt.auditEvents + receipt.accessEvents)")]))
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
