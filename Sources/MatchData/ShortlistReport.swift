public import Foundation
public import MatchCore

/// The JSON shape of a shortlist printed by `apparier shortlist --format json` and `apparier demo --format json`,
/// and its other renderings: a table for the terminal, CSV for spreadsheets, a printable HTML page.
///
/// A shortlist saved in the store adds `saved` (its number, who asked, when, with which parameters); a
/// candidate erased since (RGPD) keeps their rank as a line with `"erased": true` and no other data.
///
///     let json = try ShortlistReport(shortlist, offerTitle: offer.title, model: versions).jsonData()
public struct ShortlistReport: Codable, Sendable {
    public var offer: Offer
    public var considered: Int
    public var scanned: Int
    public var excluded: [String: Int]
    public var candidates: [Entry]
    public var warnings: [String]
    public var model: Model
    /// Present for a shortlist saved in the store.
    public var saved: Saved?

    public struct Offer: Codable, Sendable {
        public var id, romeCode: String
        public var commune: String?
        public var title: String?
        public init(id: String, romeCode: String, commune: String?, title: String?) {
            self.id = id; self.romeCode = romeCode; self.commune = commune; self.title = title
        }
    }

    public struct Model: Codable, Sendable {
        public var embedding, policy, referenceDate: String
        public init(embedding: String, policy: String, referenceDate: String) {
            self.embedding = embedding; self.policy = policy; self.referenceDate = referenceDate
        }
    }

    public struct Travel: Codable, Sendable {
        public var minutes: Double; public var mode: String; public var limitMinutes: Double
        public var distanceKm: Double; public var source: String
        public init(minutes: Double, mode: String, limitMinutes: Double, distanceKm: Double, source: String) {
            self.minutes = minutes; self.mode = mode; self.limitMinutes = limitMinutes
            self.distanceKm = distanceKm; self.source = source
        }
    }

    public struct Entry: Codable, Sendable {
        public var rank: Int
        public var id: String
        public var score: Double
        public var travel: Travel
        public var components: [String: Double]
        public var matched: [String]
        /// The offer competences deduced from the candidate's experience or training rather than declared
        /// (absent when none): those that count are in ``matched`` too, the others in ``missing``.
        public var inferred: [Inferred]?
        public var missing: [String]
        public var priorityPublics: [String]
        /// True for the placeholder of a candidate erased after the list was saved (then `id` is
        /// ``ShortlistReport/erasedId`` and every other value is empty).
        public var erased: Bool?

        public init(rank: Int, id: String, score: Double, travel: Travel, components: [String: Double],
                    matched: [String], inferred: [Inferred]? = nil, missing: [String], priorityPublics: [String],
                    erased: Bool? = nil) {
            self.rank = rank; self.id = id; self.score = score; self.travel = travel; self.components = components
            self.matched = matched; self.inferred = inferred; self.missing = missing; self.priorityPublics = priorityPublics; self.erased = erased
        }

        /// The line left in a saved list for an erased candidate.
        public static func erasedPlaceholder(rank: Int) -> Entry {
            Entry(rank: rank, id: ShortlistReport.erasedId, score: 0,
                  travel: Travel(minutes: 0, mode: "", limitMinutes: 0, distanceKm: 0, source: ""),
                  components: [:], matched: [], missing: [], priorityPublics: [], erased: true)
        }

        public var isErased: Bool { erased == true }
    }

    /// A deduced competence: `source` is `experience`, `formation` or `mobilite` (an experience's
    /// competence shared with a fiche linked by a ROME mobility relation); `reason` says it in words.
    public struct Inferred: Codable, Sendable {
        public var code: String
        /// 0…1, two decimals.
        public var confidence: Double
        /// Whether it counts for the offer (an `E` competence needs the policy's threshold).
        public var counted: Bool
        public var source: String
        public var romeCode: String
        public var months: Int?
        /// « déduit : 5 ans comme Conducteur / Conductrice de chariot élévateur (N1101) ».
        public var reason: String

        init(_ s: InferredSkill, ficheLabel: (String) -> String?) {
            code = s.code
            confidence = rounded(s.confidence, 2)
            counted = s.meetsRequirement
            reason = Wording.inferred(s, ficheLabel: ficheLabel)
            switch s.origin {
            case .experience(let rome, let m): source = "experience"; romeCode = rome; months = m
            case .training(let rome): source = "formation"; romeCode = rome; months = nil
            case .mobility(let rome, let m): source = "mobilite"; romeCode = rome; months = m
            }
        }
    }

    /// Where a saved shortlist comes from.
    public struct Saved: Codable, Sendable {
        public var id: Int64
        public var requestedBy: String
        public var createdAt: String
        /// `top`, where offers and candidates came from…
        public var parameters: [String: String]
        public init(id: Int64, requestedBy: String, createdAt: String, parameters: [String: String]) {
            self.id = id; self.requestedBy = requestedBy; self.createdAt = createdAt; self.parameters = parameters
        }
    }

    /// The id shown for an erased candidate.
    public static let erasedId = "effacé"

    /// `ficheLabel` names the fiches that deduced competences come from (the code alone without it).
    public init(_ list: Shortlist, offerTitle: String?, model: Model, ficheLabel: (String) -> String? = { _ in nil }) {
        offer = Offer(id: list.offerId, romeCode: list.romeCode, commune: list.commune, title: offerTitle)
        considered = list.considered
        scanned = list.scanned
        excluded = Dictionary(uniqueKeysWithValues: list.excluded.map { ($0.key.rawValue, $0.value) })
        warnings = list.warnings.map(Wording.warning)
        self.model = model
        candidates = list.entries.map { e in
            Entry(rank: e.rank, id: e.candidateId, score: rounded(e.score),
                  travel: Travel(minutes: rounded(e.travel.minutes, 1), mode: e.travel.mode.rawValue,
                                 limitMinutes: e.travel.limitMinutes, distanceKm: rounded(e.travel.distanceKm, 1),
                                 source: e.travel.source),
                  components: Dictionary(uniqueKeysWithValues: e.components.map { ($0.key.rawValue, rounded($0.value)) }),
                  matched: e.matched, inferred: e.inferred.isEmpty ? nil : e.inferred.map { Inferred($0, ficheLabel: ficheLabel) },
                  missing: e.missing.map(Wording.missing), priorityPublics: e.priorityPublics.map(\.rawValue))
        }
    }

    /// A report from its parts (a shortlist read back from the store).
    public init(offer: Offer, considered: Int, scanned: Int, excluded: [String: Int], candidates: [Entry],
                warnings: [String], model: Model, saved: Saved?) {
        self.offer = offer; self.considered = considered; self.scanned = scanned; self.excluded = excluded
        self.candidates = candidates; self.warnings = warnings; self.model = model; self.saved = saved
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Who an export is for.
    public enum Audience: Sendable {
        /// The employer, to whom the list is sent (the default of CSV and HTML): no priority public (RQTH is
        /// health data, RSA and QPV social data), no score or score part (the priority part would show
        /// through), nothing of the pool (how many were examined or excluded).
        case employer
        /// The platform's own follow-up (`--internal`): everything.
        case platform
    }

    /// The CSV columns for the platform: the offer, rank, id, the score on 100, travel, what they hold and
    /// miss, their priority publics and the score's parts in words, then distance, source and one column
    /// per score component (on 100, with one decimal).
    public static let csvHeader = [
        "offre", "rang", "identifiant", "score_sur_100", "temps_trajet_min", "mode", "limite_min", "competences_acquises", "manquant",
        "publics_prioritaires", "detail_score", "distance_km", "source_temps",
    ] + ScoreComponent.allCases.map { "part_" + (componentColumn[$0] ?? $0.rawValue) }

    /// The CSV columns for the employer: the offer, then what the candidate holds and their travel.
    public static let employerCSVHeader = [
        "offre", "rang", "identifiant", "temps_trajet_min", "mode", "limite_min", "competences_acquises", "manquant",
        "distance_km", "source_temps", "transmis_par",
    ]

    static let componentColumn: [ScoreComponent: String] = [
        .skills: "competences", .skillAffinity: "affinite", .metier: "metier", .experience: "experience",
        .diploma: "diplome", .travel: "trajet", .priority: "priorite",
    ]

    /// CSV for Excel and LibreOffice in French: UTF-8 with BOM, `;` separator, French headers, decimal
    /// comma (minutes and km to one decimal, scores on 100), CRLF; no cell a spreadsheet would run as a
    /// formula (``CSVCell``). Competences are written as « label (code) » when `labels` knows the code. An
    /// erased candidate is a line with the rank and `effacé` only. For the employer
    /// (``Audience/employer``, the default), the columns of ``employerCSVHeader``.
    /// - Parameter sender: the platform that sends the list, named on each line of the employer's file.
    public func csv(labels: (String) -> String? = { _ in nil }, audience: Audience = .employer, sender: Sender? = nil) -> String {
        guard audience == .platform else { return employerCSV(labels: labels, sender: sender) }
        let offerName = offer.title.map { "\($0) (\(offer.id))" } ?? offer.id
        let rows = candidates.map { e -> [String] in
            guard !e.isErased else {
                return [offerName, String(e.rank), ShortlistReport.erasedId] + Array(repeating: "", count: ShortlistReport.csvHeader.count - 3)
            }
            let detail = ScoreComponent.allCases.map { "\(Wording.componentName($0.rawValue)) \(French.score(e.components[$0.rawValue] ?? 0))" }
            return [offerName, String(e.rank), e.id, French.score(e.score), decimalComma(e.travel.minutes, 1), e.travel.mode,
                    decimalComma(e.travel.limitMinutes, 0), e.matched.map { describe($0, labels) }.joined(separator: ", "),
                    e.missing.map { describe($0, labels) }.joined(separator: ", "), e.priorityPublics.map(Wording.publicName).joined(separator: ", "),
                    detail.joined(separator: ", "), decimalComma(e.travel.distanceKm, 1),
                    e.travel.source == "matrix" ? "mesuré" : e.travel.source == "estimate" ? "estimation" : e.travel.source]
                + ScoreComponent.allCases.map { decimalComma((e.components[$0.rawValue] ?? 0) * 100, 1) }
        }
        return CSVCell.document(header: ShortlistReport.csvHeader, rows: rows)
    }

    func employerCSV(labels: (String) -> String?, sender: Sender?) -> String {
        var lines = [ShortlistReport.employerCSVHeader.joined(separator: ";")]
        let offerName = offer.title.map { "\($0) (\(offer.id))" } ?? offer.id
        let sentBy = sender?.line ?? ""
        for e in candidates {
            guard !e.isErased else {
                lines.append(([offerName, String(e.rank), ShortlistReport.erasedId] + Array(repeating: "", count: ShortlistReport.employerCSVHeader.count - 4) + [sentBy])
                    .map { CSVCell.field($0) }.joined(separator: ";"))
                continue
            }
            let fields = [offerName, String(e.rank), e.id, decimalComma(e.travel.minutes, 1), e.travel.mode,
                          decimalComma(e.travel.limitMinutes, 0), e.matched.map { describe($0, labels) }.joined(separator: ", "),
                          e.missing.map { describe($0, labels) }.joined(separator: ", "), decimalComma(e.travel.distanceKm, 1),
                          e.travel.source == "matrix" ? "mesuré" : e.travel.source == "estimate" ? "estimation" : e.travel.source, sentBy]
            lines.append(fields.map { CSVCell.field($0) }.joined(separator: ";"))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The platform that sends a list to an employer: printed on the employer's page and file.
    public struct Sender: Sendable, Hashable, Codable {
        public var name: String
        public var contact: String

        public init(name: String, contact: String = "") { self.name = name; self.contact = contact }

        /// « Proch'emploi Arras · 03 21 00 00 00 ».
        public var line: String { contact.isEmpty ? name : "\(name) · \(contact)" }
    }

    /// A readable table, in French: scores on 100, the town by name, exclusions, components and priority
    /// publics in words; with `explain`, each candidate's score components, matched and missing items.
    ///
    ///     print(report.table(explain: true, labels: model.itemLabel, communes: { model.communes[$0]?.displayName }))
    public func table(explain: Bool, labels: (String) -> String? = { _ in nil }, communes: (String) -> String? = { _ in nil }) -> String {
        let town = offer.commune.map { communes($0) ?? $0 } ?? "?"
        var out = "Offre \(offer.id) — \(offer.title ?? offer.romeCode) (ROME \(offer.romeCode), \(town))\n"
        if let saved {
            out += "Liste n° \(saved.id) enregistrée le \(French.date(saved.createdAt)) par \(saved.requestedBy)\n"
        }
        out += "Candidats examinés : \(French.count(considered)) (dont \(French.count(scanned)) notés après filtrage géographique)\n"
        let reasons = excluded.sorted { $0.value > $1.value }.map { "\(Wording.exclusionName($0.key)) \(French.count($0.value))" }
        out += "Écartés : " + (reasons.isEmpty ? "aucun" : reasons.joined(separator: ", ")) + "\n"
        for w in warnings { out += "Attention : \(w)\n" }
        out += "Score sur 100.\n\n"
        var table = TextTable(["rang", "candidat", "score", "trajet", "compétences", "publics prioritaires"], alignments: [.right, .left, .right])
        var explanations: [Int: String] = [:]
        for e in candidates {
            guard !e.isErased else { table.append([String(e.rank), "effacé (RGPD)"]); continue }
            let trip = "\(Int(e.travel.minutes.rounded())) min \(Wording.modeName(e.travel.mode)) (limite \(Int(e.travel.limitMinutes)))"
            let total = e.matched.count + e.missing.filter { !$0.contains(" ") }.count
            table.append([String(e.rank), e.id, French.score(e.score), trip, "\(e.matched.count)/\(total)",
                          e.priorityPublics.isEmpty ? "—" : e.priorityPublics.map(Wording.publicName).joined(separator: ", ")])
            if explain { explanations[table.rows.count] = explanation(e, labels: labels) }
        }
        // The explanations go under their candidate's line.
        let lines = candidates.isEmpty ? [] : table.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for (index, line) in lines.enumerated() {
            out += line + "\n"
            if let text = explanations[index] { out += text }
        }
        if candidates.isEmpty { out += "(aucun candidat ne remplit toutes les conditions)\n" }
        return out
    }

    func explanation(_ e: Entry, labels: (String) -> String?) -> String {
        let parts = ScoreComponent.allCases.compactMap { c -> String? in
            guard let v = e.components[c.rawValue], v != 0 else { return nil }
            return "\(Wording.componentName(c.rawValue)) +\(French.score(v))"
        }
        var out = "       score : " + parts.joined(separator: ", ") + "\n"
        let deduced = Dictionary((e.inferred ?? []).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        func held(_ code: String) -> String {
            guard let d = deduced[code] else { return describe(code, labels) + " (déclarée)" }
            return describe(code, labels) + " (\(d.reason), sûre à \(French.percent(d.confidence, digits: 0)))"
        }
        func lacked(_ code: String) -> String {
            guard let d = deduced[code], !d.counted else { return describe(code, labels) }
            return describe(code, labels) + " (\(d.reason), sûre à \(French.percent(d.confidence, digits: 0)) seulement : "
                + "en dessous du seuil d'une compétence exigée)"
        }
        if !e.matched.isEmpty { out += "       acquis : " + e.matched.map(held).joined(separator: " ; ") + "\n" }
        if !e.missing.isEmpty { out += "       manque : " + e.missing.map(lacked).joined(separator: " ; ") + "\n" }
        return out
    }

    func describe(_ code: String, _ labels: (String) -> String?) -> String {
        labels(code).map { "\($0) (\(code))" } ?? code
    }
}

// MARK: - HTML

/// Labels for the human renderings: ROME items and fiches by code.
public struct ReportLabels {
    public var item: (String) -> String?
    public var fiche: (String) -> String?
    /// A commune's name with its code, « Arras (62041) ».
    public var commune: (String) -> String?

    public init(item: @escaping (String) -> String? = { _ in nil }, fiche: @escaping (String) -> String? = { _ in nil },
                commune: @escaping (String) -> String? = { _ in nil }) {
        self.item = item; self.fiche = fiche; self.commune = commune
    }
}

extension ShortlistReport {
    /// One self-contained, printable HTML page (styles inline, no script, no external file): the offer
    /// summary, who was excluded and why, then each candidate with their travel time against their own
    /// limit, why they rank there (score components), what they hold and what is missing.
    ///
    ///     try report.html(offer: offer, labels: ReportLabels(item: ws.itemLabel)).write(toFile: "liste.html", atomically: true, encoding: .utf8)
    /// For the employer (``Audience/employer``, the default), no priority public, no score and nothing of
    /// the pool.
    public func html(offer details: JobOffer?, labels: ReportLabels = ReportLabels(), generatedAt: String? = nil,
                     audience: Audience = .employer, sender: Sender? = nil) -> String {
        let title = "Présélection — \(offer.title ?? offer.romeCode) (offre \(offer.id))"
        var page = """
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(h(title))</title>
        <style>\(HTMLPage.style)</style>
        </head>
        <body>

        """
        page += htmlHeader(details, labels: labels, sender: sender)
        page += htmlOffer(details, labels: labels)
        if audience == .platform { page += htmlSummary() }
        page += htmlCandidates(labels: labels, audience: audience)
        page += "<footer>Apparier · modèle \(h(model.embedding)), politique \(h(model.policy)), date de référence \(h(French.date(model.referenceDate)))"
        if let generatedAt { page += " · page produite le \(h(generatedAt))" }
        page += "<br>Temps de trajet : \(travelSourcesNote())."
        if audience == .platform { page += " Les publics prioritaires ne font qu'ajouter au score (action positive)." }
        page += "</footer>\n"
        return page + "</body>\n</html>\n"
    }

    private func htmlHeader(_ o: JobOffer?, labels: ReportLabels, sender: Sender?) -> String {
        var facts = ["Offre <b>\(h(offer.id))</b>", "ROME \(h(offer.romeCode))" + (labels.fiche(offer.romeCode).map { " · " + h($0) } ?? "")]
        if let place = offer.commune.flatMap(labels.commune) ?? o?.workplace.label ?? offer.commune { facts.append(h(place)) }
        if let contract = o?.contractType { facts.append(h(contract)) }
        if let o { facts.append(o.positions > 1 ? "\(o.positions) postes" : "1 poste") }
        var out = "<header>\n<h1>\(h(offer.title ?? offer.romeCode))</h1>\n<p class=\"facts\">\(facts.joined(separator: " · "))</p>\n"
        if let sender { out += "<p class=\"sender\">Présélection transmise par <b>\(h(sender.name))</b>\(sender.contact.isEmpty ? "" : " · " + h(sender.contact))</p>\n" }
        if let saved {
            out += "<p class=\"saved\">Présélection n° \(saved.id), demandée par \(h(saved.requestedBy)) le \(h(HTMLPage.frenchDate(saved.createdAt)))</p>\n"
        }
        return out + "</header>\n"
    }

    private func htmlOffer(_ o: JobOffer?, labels: ReportLabels) -> String {
        guard let o else { return "" }
        var rows = [(String, String)]()
        func requirement(_ r: OfferRequirement) -> String { h(r.label) + (r.exigence == .required ? " <em>(exigé)</em>" : " (souhaité)") }
        if !o.licences.isEmpty { rows.append(("Permis", o.licences.map(requirement).joined(separator: ", "))) }
        if !o.languages.isEmpty { rows.append(("Langues", o.languages.map(requirement).joined(separator: ", "))) }
        if !o.education.isEmpty {
            rows.append(("Formation", o.education.map { e in
                h(e.levelLabel ?? "?") + (e.domainLabel.map { " — " + h($0) } ?? "") + (e.exigence == .required ? " <em>(exigé)</em>" : " (souhaité)")
            }.joined(separator: ", ")))
        }
        if let experience = Wording.experience(o) { rows.append(("Expérience", h(experience))) }
        if let start = o.startDate { rows.append(("Début", h(HTMLPage.frenchDate(start.description)))) }
        if !o.targetedPublics.isEmpty {
            rows.append(("Publics visés", o.targetedPublics.map { h(Wording.publicName($0.rawValue)) }.joined(separator: ", ")))
        }
        var out = "<section class=\"offer\">\n<h2>L'offre</h2>\n"
        if !rows.isEmpty { out += "<dl>" + rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined() + "</dl>\n" }
        let skills = o.skills.map { s in (labels.item(s.code) ?? s.label ?? s.code, s.code as String?, s.exigence) }
            + o.uncodedSkills.map { ($0.label, nil as String?, $0.exigence) }
        if !skills.isEmpty {
            out += "<p class=\"skills\">Compétences : " + skills.map { name, code, e in
                "<span class=\"skill \(e == .required ? "req" : "opt")\">\(h(name))\(code.map { " <small>\(h($0))</small>" } ?? "")\(e == .required ? " · exigée" : "")</span>"
            }.joined(separator: " ") + "</p>\n"
        }
        return out + "</section>\n"
    }

    private func htmlSummary() -> String {
        let kept = candidates.filter { !$0.isErased }.count
        let reasons = excluded.sorted { $0.value > $1.value }.map { "\(Wording.exclusionName($0.key)) : \(HTMLPage.count($0.value))" }
        var out = "<section class=\"summary\">\n<p><b>\(HTMLPage.count(considered))</b> candidats examinés, <b>\(kept)</b> retenus dans cette liste"
        out += reasons.isEmpty ? ".</p>\n" : " ; exclus : \(h(reasons.joined(separator: " · "))).</p>\n"
        for w in warnings { out += "<p class=\"warning\">Attention : \(h(w))</p>\n" }
        return out + "</section>\n"
    }

    private func htmlCandidates(labels: ReportLabels, audience: Audience) -> String {
        guard !candidates.isEmpty else { return "<p class=\"empty\">Aucun candidat ne remplit toutes les conditions de l'offre.</p>\n" }
        let platform = audience == .platform
        var out = """
        <table class="candidates">
        <colgroup><col class="c-rank"><col class="c-id">\(platform ? "<col class=\"c-score\">" : "")<col class="c-trip"><col class="c-why"><col class="c-missing"></colgroup>
        <thead><tr><th>Rang</th><th>Candidat</th>\(platform ? "<th>Score</th>" : "")<th>Trajet</th><th>\(platform ? "Pourquoi ce rang" : "Ce que le candidat a")</th><th>Ce qui manque</th></tr></thead>
        <tbody>

        """
        for e in candidates { out += htmlRow(e, labels: labels, audience: audience) }
        return out + "</tbody>\n</table>\n"
    }

    private func htmlRow(_ e: Entry, labels: ReportLabels, audience: Audience) -> String {
        let platform = audience == .platform
        guard !e.isErased else {
            return "<tr class=\"erased\"><td class=\"rank\">\(e.rank)</td><td colspan=\"\(platform ? 5 : 4)\">Candidat effacé à sa demande (RGPD) — plus aucune donnée conservée</td></tr>\n"
        }
        let publics = platform ? e.priorityPublics.map { h(Wording.publicName($0)) }.joined(separator: ", ") : ""
        let trip = "\(Int(e.travel.minutes.rounded())) min \(h(Wording.modeName(e.travel.mode)))"
        let tripDetail = "limite \(Int(e.travel.limitMinutes)) min · \(HTMLPage.number(e.travel.distanceKm, 1)) km · \(e.travel.source == "matrix" ? "temps mesuré" : "estimation")"
        let parts = ScoreComponent.allCases.compactMap { c -> String? in
            guard let v = e.components[c.rawValue], v > 0.0005 else { return nil }
            return "\(Wording.componentName(c.rawValue)) +\(HTMLPage.number(v, 3))"
        }
        let skills = e.matched.count + e.missing.filter { !$0.contains(" ") }.count
        var why = platform ? "<div class=\"parts\">\(parts.joined(separator: " · "))</div>" : ""
        if !e.matched.isEmpty {
            why += "<div class=\"held\"><b>\(e.matched.count)/\(skills) compétences :</b> "
                + e.matched.map { h(describe($0, labels.item)) }.joined(separator: " · ") + "</div>"
        }
        let missing = e.missing.isEmpty ? "—" : "<ul>" + e.missing.map { "<li>\(h(describe($0, labels.item)))</li>" }.joined() + "</ul>"
        return "<tr><td class=\"rank\">\(e.rank)</td><td><span class=\"id\">\(h(e.id))</span>\(publics.isEmpty ? "" : "<br><small>\(publics)</small>")</td>"
            + (platform ? "<td class=\"score\">\(HTMLPage.number(e.score, 3))</td>" : "") + "<td>\(trip)<br><small>\(tripDetail)</small></td>"
            + "<td>\(why)</td><td class=\"missing\">\(missing)</td></tr>\n"
    }

    private func travelSourcesNote() -> String {
        let sources = Set(candidates.filter { !$0.isErased }.map(\.travel.source))
        if sources == ["matrix"] { return "mesurés (matrice importée)" }
        if sources.contains("matrix") { return "mesurés quand une matrice les donne, sinon estimés d'après la distance" }
        return "estimés d'après la distance à vol d'oiseau (pas de données routières)"
    }

    private func h(_ text: String) -> String { HTMLPage.escape(text) }
}

/// French wording and styles of the HTML page.
public enum HTMLPage {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// `20 000`: thousands grouped as in French (``French/count(_:)``).
    public static func count(_ n: Int) -> String { French.count(n) }

    /// `x` with `digits` decimals and a decimal comma (``French/number(_:digits:)``).
    public static func number(_ x: Double, _ digits: Int) -> String { French.number(x, digits: digits) }

    /// `2026-11-23…` → `23/11/2026` (``French/date(_:)-(String)``).
    public static func frenchDate(_ text: String) -> String { French.date(text) }

    public static let style = """
    @page { size: A4; margin: 12mm; }
    * { box-sizing: border-box; }
    body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #1d1d1b; margin: 0 auto; max-width: 60rem; padding: 1rem; line-height: 1.35; }
    header { border-bottom: 3px solid #1f4e79; margin-bottom: .6rem; }
    h1 { font-size: 16pt; margin: 0 0 .2rem; color: #1f4e79; }
    h2 { font-size: 11pt; margin: .4rem 0 .2rem; color: #1f4e79; }
    .facts, .saved { margin: .1rem 0 .4rem; }
    .saved { color: #555; font-size: 9pt; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .2rem 0; }
    dt { font-weight: bold; } dd { margin: 0; }
    .skills { margin: .3rem 0; }
    .skill { display: inline-block; border: 1px solid #9bb5cf; border-radius: 3px; padding: 0 .3rem; margin: 1px 0; font-size: 9pt; }
    .skill.req { border-color: #1f4e79; background: #e8f0f8; font-weight: bold; }
    .summary { background: #f4f6f8; padding: .3rem .6rem; margin: .5rem 0; }
    .summary p { margin: .2rem 0; }
    .warning { color: #8a4b00; }
    table.candidates { width: 100%; border-collapse: collapse; font-size: 9pt; table-layout: fixed; }
    col.c-rank { width: 3.2em; } col.c-id { width: 15%; } col.c-score { width: 4.2em; } col.c-trip { width: 15%; }
    col.c-why { width: 40%; } col.c-missing { width: 24%; }
    .candidates th { background: #1f4e79; color: white; text-align: left; padding: .25rem .3rem; }
    .candidates td { border-bottom: 1px solid #ccd5de; padding: .25rem .3rem; vertical-align: top; overflow-wrap: anywhere; }
    .candidates tr { break-inside: avoid; page-break-inside: avoid; }
    .candidates thead { display: table-header-group; }
    td.rank { font-weight: bold; text-align: center; }
    .id { font-weight: bold; white-space: nowrap; }
    td.score { text-align: right; font-variant-numeric: tabular-nums; }
    td.missing ul { margin: 0; padding-left: 1rem; }
    .parts { color: #1f4e79; }
    .held { font-size: 8pt; color: #444; margin-top: .15rem; }
    small { color: #555; font-weight: normal; }
    tr.erased td { color: #777; font-style: italic; background: #f7f7f7; }
    .empty { font-style: italic; }
    footer { margin-top: .8rem; border-top: 1px solid #ccd5de; padding-top: .3rem; font-size: 8pt; color: #555; }
    @media print {
      body { padding: 0; max-width: none; font-size: 9pt; }
      .summary { background: none; border: 1px solid #ccd5de; }
      table.candidates { font-size: 8pt; }
      .held { font-size: 7pt; }
      .candidates th { background: #1f4e79 !important; color: white !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}

func rounded(_ x: Double, _ digits: Int = 4) -> Double {
    let p = pow(10.0, Double(digits))
    return (x * p).rounded() / p
}

/// `x` with `digits` decimals and a decimal comma, as French spreadsheets read numbers.
func decimalComma(_ x: Double, _ digits: Int = 3) -> String {
    String(format: "%.\(digits)f", x).replacingOccurrences(of: ".", with: ",")
}
