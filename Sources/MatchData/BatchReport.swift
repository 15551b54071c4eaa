public import Foundation
public import MatchCore

/// The files of `apparier batch`: proposals with their explanations as JSON, or as two CSV files for
/// spreadsheets (one sorted by candidate, one by offer).
///
///     let data = try BatchReport.json(proposals, summary: summary, timing: timing)
public enum BatchReport {
    public struct Proposal: Codable, Sendable {
        public var candidate: String
        public var offer: String
        public var offerTitle: String?
        /// Rank of the candidate among the proposals to this offer.
        public var rank: Int
        public var score: Double
        public var components: [String: Double]
        public var matched: [String]
        public var missing: [String]
        public var travel: ShortlistReport.Travel
        public var priorityPublics: [String]

        public init(_ e: ShortlistEntry, offer: JobOffer, rank: Int) {
            candidate = e.candidateId
            self.offer = offer.id
            offerTitle = offer.title
            self.rank = rank
            score = rounded(e.score)
            components = Dictionary(uniqueKeysWithValues: e.components.map { ($0.key.rawValue, rounded($0.value)) })
            matched = e.matched
            missing = e.missing.map(Wording.missing)
            travel = .init(minutes: rounded(e.travel.minutes, 1), mode: e.travel.mode.rawValue, limitMinutes: e.travel.limitMinutes,
                           distanceKm: rounded(e.travel.distanceKm, 1), source: e.travel.source)
            priorityPublics = e.priorityPublics.map(\.rawValue)
        }
    }

    struct Document<Summary: Encodable, Timing: Encodable>: Encodable {
        var proposals: [Proposal]
        var summary: Summary
        var timing: Timing
        var analysis: BatchAnalysis?
    }

    /// `{"proposals": [...], "summary": {...}, "timing": {...}, "analysis": {...}}` (`analysis` when given).
    public static func json(_ proposals: [Proposal], summary: some Encodable, timing: some Encodable,
                            analysis: BatchAnalysis? = nil) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(proposals: proposals, summary: summary, timing: timing, analysis: analysis))
    }

    static let header = ["candidat", "offre", "intitule", "rang_dans_offre", "score_sur_100", "temps_trajet_min", "mode", "limite_min",
                         "competences_acquises", "manquant", "publics_prioritaires", "detail_score"]

    /// One line per proposal, grouped by candidate (UTF-8 with BOM, `;`, decimal comma).
    /// Competences read as « label (code) » when `labels` knows the code.
    public static func csvByCandidate(_ proposals: [Proposal], labels: (String) -> String? = { _ in nil }) -> String {
        csv(proposals.sorted { $0.candidate != $1.candidate ? $0.candidate < $1.candidate : $0.score > $1.score }, labels: labels)
    }

    /// One line per proposal, grouped by offer, best first.
    public static func csvByOffer(_ proposals: [Proposal], labels: (String) -> String? = { _ in nil }) -> String {
        csv(proposals.sorted { $0.offer != $1.offer ? $0.offer < $1.offer : $0.rank < $1.rank }, labels: labels)
    }

    static func csv(_ proposals: [Proposal], labels: (String) -> String?) -> String {
        func named(_ code: String) -> String { labels(code).map { "\($0) (\(code))" } ?? code }
        let rows = proposals.map { p in
            let detail = ScoreComponent.allCases.map { "\(Wording.componentName($0.rawValue)) \(French.score(p.components[$0.rawValue] ?? 0))" }
            return [p.candidate, p.offer, p.offerTitle ?? "", String(p.rank), French.score(p.score), decimalComma(p.travel.minutes, 0),
                    Wording.modeName(p.travel.mode), decimalComma(p.travel.limitMinutes, 0), p.matched.map(named).joined(separator: " ; "),
                    p.missing.map(named).joined(separator: " ; "), p.priorityPublics.map(Wording.publicName).joined(separator: ", "),
                    detail.joined(separator: ", ")]
        }
        return CSVCell.document(header: header, rows: rows)
    }

    /// The breakdowns of an analysis as one spreadsheet: a row per area, the kind of area first.
    public static func areasCSV(_ analysis: BatchAnalysis) -> String {
        let header = ["decoupage", "code", "nom", "sortants", "sortants_avec_proposition", "part_avec_proposition", "offres", "postes", "propositions"]
        let rows = breakdowns(analysis).flatMap { kind, areas in
            areas.map { a in [kind, a.code, a.name, String(a.leavers), String(a.leaversWithProposal), share(a), String(a.offers),
                              String(a.posts), String(a.proposals)] }
        }
        return CSVCell.document(header: header, rows: rows)
    }

    /// The leavers left without a proposal, with their commune, métier and main reason.
    public static func unproposedCSV(_ analysis: BatchAnalysis) -> String {
        CSVCell.document(header: ["candidat", "commune", "metier", "motif_principal"],
                         rows: analysis.unproposed.map { [$0.candidate, $0.commune, $0.metier, $0.reason.label] })
    }

    /// The summary as text, in French: proposals against the unconstrained top-k, then the time split.
    public static func table(_ s: BatchSummary, timing: BatchRun.Timing, method: AssignmentMethod) -> String {
        func figures(_ f: BatchSummary.Figures) -> [String] {
            [French.count(f.proposals), French.number(f.totalScore * 100, digits: 0), "\(French.count(f.postsWithProposal)) / \(French.count(s.offers))",
             "\(French.count(f.candidatesWithProposal)) / \(French.count(s.cohort))", String(f.proposalsPerCandidate.max),
             French.number(f.proposalsPerCandidate.mean, digits: 2), String(f.proposalsPerCandidate.p95)]
        }
        let names = ["propositions", "score total (sur 100 par proposition)", "offres avec ≥ 1 proposition", "sortants avec ≥ 1 proposition",
                     "propositions par candidat : max", "propositions par candidat : moyenne", "propositions par candidat : p95"]
        var table = TextTable(["", "affectation", "meilleurs sans contrainte"], alignments: [.left, .right, .right])
        let a = figures(s.assigned), b = figures(s.unconstrained)
        for i in names.indices { table.append([names[i], a[i], b[i]]) }
        for p in PriorityPublic.allCases {
            table.append(["part \(Wording.publicName(p.rawValue)) (cohorte \(French.percent(s.cohortShares[p.rawValue] ?? 0)))",
                          French.percent(s.assigned.priorityShares[p.rawValue] ?? 0), French.percent(s.unconstrained.priorityShares[p.rawValue] ?? 0)])
        }
        let method = method == .flow ? "flot de coût minimal, exact" : "glouton"
        return "Traitement par lots (\(method)) : cohorte \(French.count(s.cohort)), offres \(French.count(s.offers)), places \(French.count(s.capacity))\n"
            + table.text
            + "Temps : index \(French.number(timing.indexSeconds, digits: 2)) s, \(gemmPhrase(timing)), sélection \(French.number(timing.selectionSeconds, digits: 2)) s,"
            + " affectation \(French.number(timing.assignmentSeconds, digits: 2)) s, \(French.count(timing.graphEdges)) paires retenues\n"
    }

    /// The sgemm's time and rate; none under a policy that gives the affinity no weight (``BatchScorer``).
    private static func gemmPhrase(_ timing: BatchRun.Timing) -> String {
        guard timing.productComputed else { return "notation sans produit matriciel (la politique ne pondère pas l'affinité)" }
        return "notation (sgemm) \(French.number(timing.gemmSeconds, digits: 2)) s à \(French.number(timing.gemmGflops, digits: 1)) GFLOP/s"
    }

    /// The analysis as text: the three breakdowns, then the leavers without a proposal by main reason.
    public static func table(_ analysis: BatchAnalysis, listing limit: Int = 10) -> String {
        var out = ""
        for (kind, areas) in breakdowns(analysis) {
            var table = TextTable([kind, "sortants", "avec proposition", "part", "offres", "postes", "propositions"],
                                  alignments: [.left, .right, .right, .right, .right, .right, .right], maxWidths: [0: 48])
            for a in areas {
                table.append([a.name, French.count(a.leavers), French.count(a.leaversWithProposal), share(a), French.count(a.offers),
                              French.count(a.posts), French.count(a.proposals)])
            }
            out += "\n" + table.text
        }
        let counts = analysis.reasonCounts
        out += "\nSortants sans proposition : \(French.count(analysis.unproposed.count))\n"
        var reasons = TextTable(["motif principal", "sortants"], alignments: [.left, .right])
        for reason in BatchAnalysis.Reason.allCases where counts[reason] != nil {
            reasons.append([reason.label, French.count(counts[reason]!)])
        }
        if !analysis.unproposed.isEmpty { out += reasons.text }
        if analysis.unproposed.count > limit { out += "(la liste complète est dans le fichier « sans-proposition » et dans le JSON)\n" }
        return out
    }

    static func breakdowns(_ analysis: BatchAnalysis) -> [(String, [BatchAnalysis.Area])] {
        [("zone d'emploi", analysis.byZone), ("EPCI", analysis.byEPCI), ("grand domaine ROME", analysis.byDomain)]
    }

    static func share(_ a: BatchAnalysis.Area) -> String {
        a.leavers == 0 ? "—" : French.percent(Double(a.leaversWithProposal) / Double(a.leavers))
    }

}
