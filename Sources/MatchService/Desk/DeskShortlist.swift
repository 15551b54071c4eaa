import Foundation
import Hummingbird
import MatchCore
import MatchData
import MatchStore

/// The shortlist page, the near misses, the proposal to the employer and what is sent to them.
extension DeskRoutes {
    struct Component { var label: String; var value: String }

    struct CandidateRow {
        var id: String
        var link: String
        var rank: Int
        var score: Int
        var components: [Component]
        var matched: [String]
        var missing: [String]
        var travel: String
        var publics: [String]
        var proposedHere: Bool
        var solicitations: String?
        var selectable: Bool
    }

    struct Exclusion { var label: String; var count: String }

    struct NearMiss {
        var label: String
        var count: String
        /// The présélection with the requirement loosened (none for travel: the candidates are listed instead).
        var link: String?
        var candidates: [Choice] = []
    }

    struct ShortlistPage {
        var title: String
        var layout: DeskLayout
        var offer: OfferDetails
        var canPropose: Bool
        var notice: String?
        var rows: [CandidateRow]
        var considered: String
        var eligible: String
        var exclusions: [Exclusion]
        var relaxed: String?
        var showNearMisses: Bool
        var nearMisses: [NearMiss]
        var nearMissesLink: String
        var noNearMiss: Bool
        var tops: [Choice]
        var empty: Bool
        var warnings: [String]
    }

    /// One way to loosen an offer's requirements, for the near misses.
    struct Relaxation {
        var key: String
        var label: String
        var offer: JobOffer
    }

    func shortlistPage(_ request: Request, _ context: ServiceContext) throws -> Response {
        let (offer, desk, _) = try visibleOffer(try offerId(context), context)
        let parameters = request.uri.queryParameters
        let top = parameters["nombre"].flatMap { Int($0) }.map { min(max($0, 5), 200) } ?? 20
        let view = service.view
        var query = offer
        var relaxedLabel: String?
        if let key = parameters["assouplir"].map(String.init) {
            guard let relaxation = relaxations(of: offer).first(where: { $0.key == key }) else { throw DeskError.notFound() }
            query = relaxation.offer
            relaxedLabel = relaxation.label
        }
        let list = try view.pool.shortlist(for: query, top: top)
        let eligible = Self.eligible(list)
        let proposedHere = Set(try store.proposals(offerId: offer.id).compactMap(\.candidateId))
        let recent = try store.proposalCounts(candidateIds: list.entries.map(\.candidateId), since: Self.today.adding(days: -90))
        let canPropose = desk?.status == .open && relaxedLabel == nil
        let rows = list.entries.map { e in
            CandidateRow(
                id: e.candidateId, link: Self.link(candidate: e.candidateId), rank: e.rank, score: DeskLabels.score(e.score),
                components: e.components.sorted { $0.key < $1.key }.filter { $0.value > 0 }.map {
                    Component(label: Wording.componentName($0.key.rawValue), value: HTMLPage.number($0.value * 100, 0))
                },
                matched: labels.matched(e), missing: e.missing.map(labels.missing),
                travel: "\(DeskLabels.minutes(e.travel.minutes)) \(Wording.modeName(e.travel.mode.rawValue)) (sa limite : \(DeskLabels.minutes(e.travel.limitMinutes)))",
                publics: e.priorityPublics.map { Wording.publicName($0.rawValue) },
                proposedHere: proposedHere.contains(e.candidateId),
                solicitations: recent[e.candidateId].map { "proposé·e \($0) fois en 90 jours" },
                selectable: canPropose && !proposedHere.contains(e.candidateId))
        }
        let showNear = parameters["proches"] == "1" && relaxedLabel == nil
        var nearMisses: [NearMiss] = []
        if showNear {
            nearMisses += try travelNearMisses(offer, pool: view.pool)
            for relaxation in relaxations(of: offer) {
                let more = Self.eligible(try view.pool.shortlist(for: relaxation.offer, top: 1)) - eligible
                if more > 0 {
                    nearMisses.append(NearMiss(label: relaxation.label, count: "\(DeskLabels.count(more)) candidat\(more > 1 ? "s" : "") de plus",
                                               link: Self.link(offer: offer.id) + "/preselection?assouplir=" + (relaxation.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")))
                }
            }
        }
        service.accessLog.record(Store.Access(actor: context.actor, action: "shortlist.read", subjectKind: "offer",
                                              subjectId: offer.id, candidateIds: list.entries.map(\.candidateId)))
        let link = Self.link(offer: offer.id) + "/preselection"
        return renderer.page("preselection", ShortlistPage(
            title: "Présélection — \(offer.title ?? labels.fiche(offer.romeCode))", layout: try layout(context, nav: \.navOffres),
            offer: details(offer, desk: desk), canPropose: canPropose,
            notice: desk == nil ? DeskText.importedOffer : desk?.status != .open ? DeskText.offerClosed : nil,
            rows: rows, considered: DeskLabels.count(list.considered), eligible: DeskLabels.count(eligible),
            exclusions: list.excluded.sorted { $0.value > $1.value }.filter { $0.value > 0 }.map {
                Exclusion(label: Wording.exclusionName($0.key.rawValue), count: DeskLabels.count($0.value))
            },
            relaxed: relaxedLabel, showNearMisses: showNear, nearMisses: nearMisses,
            nearMissesLink: link + "?proches=1#proches", noNearMiss: showNear && nearMisses.isEmpty,
            tops: [20, 50, 100].map { Choice(value: String($0), label: "\($0) premiers", selected: $0 == top) },
            empty: rows.isEmpty, warnings: list.warnings.map(Wording.warning)))
    }

    /// The candidates who would qualify if they accepted 10, then 20 minutes beyond their own travel limit
    /// (only the assistant can ask them): counted, the first ten listed by id.
    func travelNearMisses(_ offer: JobOffer, pool: LivePool) throws -> [NearMiss] {
        let now = Set(try pool.eligibleIds(for: offer))
        var out: [NearMiss] = [], seen = now
        for slack in [10, 20] {
            let more = Set(try pool.eligibleIds(for: offer, travelSlackMinutes: Float(slack))).subtracting(seen)
            seen.formUnion(more)
            guard !more.isEmpty else { continue }
            out.append(NearMiss(
                label: slack == 10 ? "s'ils acceptaient jusqu'à 10 min de trajet au-delà de leur limite"
                    : "avec 10 à 20 min de trajet au-delà de leur limite",
                count: "\(DeskLabels.count(more.count)) candidat\(more.count > 1 ? "s" : "") de plus", link: nil,
                candidates: more.sorted().prefix(10).map { Choice(value: Self.link(candidate: $0), label: $0) }))
        }
        return out
    }

    /// Candidates who pass every requirement.
    static func eligible(_ list: Shortlist) -> Int { max(0, list.considered - list.excluded.values.reduce(0, +)) }

    /// Each requirement of the offer loosened alone: a required licence, language or competence made only
    /// wished, the experience, diploma, contract or start date no longer demanded.
    func relaxations(of offer: JobOffer) -> [Relaxation] {
        var out: [Relaxation] = []
        for (i, licence) in offer.licences.enumerated() where licence.exigence == .required {
            var relaxed = offer
            relaxed.licences[i].exigence = .desired
            let name = Licence(label: licence.label).map { DeskWords.licence($0.code) } ?? licence.label
            out.append(Relaxation(key: "permis-\(i)", label: "si « \(name) » était seulement souhaité", offer: relaxed))
        }
        for (i, language) in offer.languages.enumerated() where language.exigence == .required {
            var relaxed = offer
            relaxed.languages[i].exigence = .desired
            out.append(Relaxation(key: "langue-\(i)", label: "si la langue « \(language.label) » était seulement souhaitée", offer: relaxed))
        }
        for (i, skill) in offer.skills.enumerated() where skill.exigence == .required {
            var relaxed = offer
            relaxed.skills[i].exigence = .desired
            out.append(Relaxation(key: "competence-\(i)", label: "si « \(labels.item(skill.code)) » était seulement souhaitée", offer: relaxed))
        }
        if offer.experienceRequirement == .required {
            var relaxed = offer
            relaxed.experienceRequirement = .desired
            out.append(Relaxation(key: "experience", label: "si l'expérience était seulement souhaitée", offer: relaxed))
        }
        if offer.requiredDiplomaLevel > 0 {
            var relaxed = offer
            for i in relaxed.education.indices { relaxed.education[i].exigence = .desired }
            out.append(Relaxation(key: "diplome", label: "si le diplôme était seulement souhaité", offer: relaxed))
        }
        if offer.contractType != nil {
            var relaxed = offer
            relaxed.contractType = nil
            out.append(Relaxation(key: "contrat", label: "si le contrat (\(DeskWords.contract(offer.contractType))) n'était pas un critère", offer: relaxed))
        }
        if let start = offer.startDate {
            var relaxed = offer
            relaxed.startDate = start.adding(days: 30)
            out.append(Relaxation(key: "debut", label: "si le poste commençait 30 jours plus tard", offer: relaxed))
        }
        return out
    }

    /// Proposes the candidates ticked on the shortlist to the employer, then shows what to send them.
    func propose(_ request: Request, _ context: ServiceContext) throws -> Response {
        let (offer, desk, scope) = try visibleOffer(try offerId(context), context)
        guard let desk else { throw DeskError.badRequest(DeskText.importedOffer) }
        guard desk.status == .open else { throw DeskError.badRequest(DeskText.offerClosed) }
        let ids = context.form?.all("candidat") ?? []
        guard !ids.isEmpty else { throw DeskError.badRequest("Cochez au moins un candidat à proposer.") }
        guard ids.count <= 50 else { throw DeskError.badRequest("Proposez au plus 50 candidats à la fois.") }
        let view = service.view
        var chosen: [(id: String, priorityPublic: Bool)] = []
        for id in ids {
            guard view.pool.contains(id), let candidate = try store.candidate(id: id) else { throw DeskError.notFound() }
            chosen.append((id, !model.priorityRules.publics(of: candidate, on: view.referenceDate).isEmpty))
        }
        let result = try store.propose(offerId: offer.id, platformId: scope.platform.id, candidates: chosen,
                                       day: Self.today, by: context.actor)
        let made = result.proposed.map { String($0.id) }.joined(separator: ",")
        return .redirect(to: Self.link(offer: offer.id) + "/envoi?propositions=\(made)", type: .found)
    }

    struct SentCandidate {
        var number: Int
        var id: String
        var matched: [String]
        var missing: [String]
        var travel: String
        var experience: String?
    }

    struct SendingPage {
        var title: String
        var layout: DeskLayout
        var platform: String
        var contact: String
        var date: String
        var offer: OfferDetails
        var candidates: [SentCandidate]
        var csvLink: String
        var backLink: String
    }

    /// The page printed (A4) or the CSV sent to the employer: the offer, the platform, and for each candidate
    /// proposed what they match. Never a candidate's priority publics (health and social data an employer
    /// learns only from the candidate), a score, or the size of the pool.
    func sendingPage(_ request: Request, _ context: ServiceContext) throws -> Response {
        let (offer, desk, scope, sent) = try sending(request, context)
        let query = request.uri.query.map { "?" + $0 } ?? ""
        service.accessLog.record(Store.Access(actor: context.actor, action: "proposal.print", subjectKind: "offer",
                                              subjectId: offer.id, candidateIds: sent.map(\.id)))
        return renderer.page("envoi", SendingPage(
            title: "Candidatures proposées — \(offer.title ?? labels.fiche(offer.romeCode))", layout: try layout(context, nav: \.navOffres),
            platform: scope.platform.name, contact: scope.platform.contact, date: DeskLabels.date(Self.today.description),
            offer: details(offer, desk: desk), candidates: sent, csvLink: Self.link(offer: offer.id) + "/envoi.csv" + query,
            backLink: Self.link(offer: offer.id)))
    }

    func sendingCSV(_ request: Request, _ context: ServiceContext) throws -> Response {
        let (offer, _, scope, sent) = try sending(request, context)
        let offerName = (offer.title ?? labels.fiche(offer.romeCode)) + " (\(offer.id))"
        var lines = [["offre", "plateforme", "contact", "numero", "candidat", "competences_correspondantes", "a_developper", "trajet", "experience_metier"]
            .joined(separator: ";")]
        for c in sent {
            lines.append([offerName, scope.platform.name, scope.platform.contact, String(c.number), c.id, c.matched.joined(separator: ", "),
                          c.missing.joined(separator: ", "), c.travel, c.experience ?? ""].map { CSVCell.field($0) }.joined(separator: ";"))
        }
        service.accessLog.record(Store.Access(actor: context.actor, action: "proposal.csv", subjectKind: "offer",
                                              subjectId: offer.id, candidateIds: sent.map(\.id)))
        var response = DeskRenderer.response("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n", contentType: "text/csv; charset=utf-8", status: .ok)
        let safe = offer.id.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        response.headers[.contentDisposition] = "attachment; filename=\"candidatures-\(safe).csv\""
        return response
    }

    /// The proposals named in `?propositions=` (of this offer, still tied to a candidate), with what each
    /// candidate matches.
    private func sending(_ request: Request, _ context: ServiceContext) throws -> (JobOffer, DeskOffer?, DeskScope, [SentCandidate]) {
        let (offer, desk, scope) = try visibleOffer(try offerId(context), context)
        let wanted = Set((request.uri.queryParameters["propositions"].map(String.init) ?? "").split(separator: ",").compactMap { Int64($0) })
        let proposals = try store.proposals(offerId: offer.id).filter { wanted.isEmpty || wanted.contains($0.id) }
        let ids = proposals.compactMap(\.candidateId)
        let list = try service.view.pool.shortlist(for: offer, top: 1000)
        let entries = Dictionary(list.entries.map { ($0.candidateId, $0) }, uniquingKeysWith: { a, _ in a })
        var sent: [SentCandidate] = []
        for (n, id) in ids.enumerated() {
            let entry = entries[id]
            let months = try store.candidate(id: id)?.experiences.filter { $0.romeCode == offer.romeCode }.map(\.months).reduce(0, +) ?? 0
            sent.append(SentCandidate(
                number: n + 1, id: id, matched: entry.map(labels.matched) ?? [],
                missing: entry?.missing.map(labels.missing) ?? [],
                travel: entry.map { "\(DeskLabels.minutes($0.travel.minutes)) \(Wording.modeName($0.travel.mode.rawValue))" } ?? "—",
                experience: months > 0 ? "\(months) mois dans ce métier" : nil))
        }
        return (offer, desk, scope, sent)
    }
}
