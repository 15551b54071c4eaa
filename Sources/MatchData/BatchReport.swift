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
    }

    public static func json(_ proposals: [Proposal], summary: some Encodable, timing: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(proposals: proposals, summary: summary, timing: timing))
    }

    static let header = "candidat;offre;intitule;rang_dans_offre;score;temps_trajet_min;mode;limite_min;competences_acquises;manquant;publics_prioritaires;detail_score"

    /// One line per proposal, grouped by candidate (UTF-8 with BOM, `;`, decimal comma).
    public static func csvByCandidate(_ proposals: [Proposal]) -> String {
        csv(proposals.sorted { $0.candidate != $1.candidate ? $0.candidate < $1.candidate : $0.score > $1.score })
    }

    /// One line per proposal, grouped by offer, best first.
    public static func csvByOffer(_ proposals: [Proposal]) -> String {
        csv(proposals.sorted { $0.offer != $1.offer ? $0.offer < $1.offer : $0.rank < $1.rank })
    }

    static func csv(_ proposals: [Proposal]) -> String {
        var lines = [header]
        for p in proposals {
            let detail = ScoreComponent.allCases.map { "\($0.rawValue)=\(decimalComma(p.components[$0.rawValue] ?? 0))" }
            let fields = [p.candidate, p.offer, p.offerTitle ?? "", String(p.rank), decimalComma(p.score), decimalComma(p.travel.minutes),
                          p.travel.mode, decimalComma(p.travel.limitMinutes), p.matched.joined(separator: ", "),
                          p.missing.joined(separator: ", "), p.priorityPublics.joined(separator: ", "), detail.joined(separator: " ")]
            lines.append(fields.map { CSVCell.field($0) }.joined(separator: ";"))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The summary as text: proposals vs the unconstrained top-k, and the time split.
    public static func table(_ s: BatchSummary, timing: some Encodable, method: AssignmentMethod) -> String {
        func row(_ name: String, _ a: String, _ b: String) -> String { pad(name, 34) + pad(a, 16) + b }
        func figures(_ f: BatchSummary.Figures) -> [String] {
            [String(f.proposals), String(format: "%.2f", f.totalScore), "\(f.postsWithProposal)/\(s.offers)",
             "\(f.candidatesWithProposal)/\(s.cohort)", String(f.proposalsPerCandidate.max),
             String(format: "%.2f", f.proposalsPerCandidate.mean), String(f.proposalsPerCandidate.p95)]
        }
        let names = ["proposals", "total score", "posts with ≥ 1 proposal", "leavers with ≥ 1 proposal",
                     "proposals per candidate: max", "proposals per candidate: mean", "proposals per candidate: p95"]
        let a = figures(s.assigned), b = figures(s.unconstrained)
        var out = "Batch (\(method.rawValue)): cohort \(s.cohort), offers \(s.offers), capacity \(s.capacity)\n"
        out += row("", "assignment", "unconstrained top-k") + "\n"
        for i in names.indices { out += row(names[i], a[i], b[i]) + "\n" }
        for p in PriorityPublic.allCases {
            let key = p.rawValue
            out += row("share \(key) (cohort \(percent(s.cohortShares[key])))", percent(s.assigned.priorityShares[key]),
                       percent(s.unconstrained.priorityShares[key])) + "\n"
        }
        if let data = try? JSONEncoder().encode(timing), let text = String(data: data, encoding: .utf8) {
            out += "timing: \(text)\n"
        }
        return out
    }

    static func percent(_ x: Double?) -> String { String(format: "%.1f %%", (x ?? 0) * 100) }
}
