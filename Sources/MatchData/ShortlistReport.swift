import Foundation
import MatchCore

/// The JSON shape of a shortlist printed by `apparier shortlist --format json` and `apparier demo --format json`.
///
///     let json = try ShortlistReport(shortlist, model: versions).jsonData()
public struct ShortlistReport: Codable, Sendable {
    public var offer: Offer
    public var considered: Int
    public var scanned: Int
    public var excluded: [String: Int]
    public var candidates: [Entry]
    public var warnings: [String]
    public var model: Model

    public struct Offer: Codable, Sendable { public var id, romeCode: String; public var commune: String?; public var title: String? }
    public struct Model: Codable, Sendable { public var embedding, policy, referenceDate: String }
    public struct Travel: Codable, Sendable {
        public var minutes: Double; public var mode: String; public var limitMinutes: Double
        public var distanceKm: Double; public var source: String
    }
    public struct Entry: Codable, Sendable {
        public var rank: Int
        public var id: String
        public var score: Double
        public var travel: Travel
        public var components: [String: Double]
        public var matched: [String]
        public var missing: [String]
        public var priorityPublics: [String]
    }

    public init(_ list: Shortlist, offerTitle: String?, model: Model) {
        offer = Offer(id: list.offerId, romeCode: list.romeCode, commune: list.commune, title: offerTitle)
        considered = list.considered
        scanned = list.scanned
        excluded = Dictionary(uniqueKeysWithValues: list.excluded.map { ($0.key.rawValue, $0.value) })
        warnings = list.warnings
        self.model = model
        candidates = list.entries.map { e in
            Entry(rank: e.rank, id: e.candidateId, score: rounded(e.score),
                  travel: Travel(minutes: rounded(e.travel.minutes, 1), mode: e.travel.mode.rawValue,
                                 limitMinutes: e.travel.limitMinutes, distanceKm: rounded(e.travel.distanceKm, 1),
                                 source: e.travel.source),
                  components: Dictionary(uniqueKeysWithValues: e.components.map { ($0.key.rawValue, rounded($0.value)) }),
                  matched: e.matched, missing: e.missing, priorityPublics: e.priorityPublics.map(\.rawValue))
        }
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// CSV for Excel and LibreOffice: UTF-8 with BOM, `;` separator, French headers, decimal comma.
    public func csv(labels: (String) -> String? = { _ in nil }) -> String {
        var lines = ["rang;identifiant;score;temps_trajet_min;mode;limite_min;competences_acquises;manquant;publics_prioritaires;detail_score"]
        for e in candidates {
            let detail = ScoreComponent.allCases.map { "\($0.rawValue)=\(decimalComma(e.components[$0.rawValue] ?? 0))" }
            let fields = [String(e.rank), e.id, decimalComma(e.score), decimalComma(e.travel.minutes), e.travel.mode,
                          decimalComma(e.travel.limitMinutes), e.matched.map { describe($0, labels) }.joined(separator: ", "),
                          e.missing.map { describe($0, labels) }.joined(separator: ", "), e.priorityPublics.joined(separator: ", "),
                          detail.joined(separator: " ")]
            lines.append(fields.map(csvField).joined(separator: ";"))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A readable table; with `explain`, each candidate's score components, matched and missing items.
    public func table(explain: Bool, labels: (String) -> String? = { _ in nil }) -> String {
        var out = "Offre \(offer.id) — \(offer.title ?? offer.romeCode) (ROME \(offer.romeCode), commune \(offer.commune ?? "?"))\n"
        out += "Candidats examinés : \(considered) (dont \(scanned) notés après filtrage géographique)\n"
        let reasons = excluded.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
        out += "Exclus : " + (reasons.isEmpty ? "aucun" : reasons.joined(separator: ", ")) + "\n"
        for w in warnings { out += "Attention : \(w)\n" }
        out += "\n" + pad("rang", 5) + pad("candidat", 10) + pad("score", 7) + pad("trajet", 30) + pad("compétences", 13) + "publics prioritaires\n"
        for e in candidates {
            let trip = "\(Int(e.travel.minutes.rounded())) min \(e.travel.mode) (max \(Int(e.travel.limitMinutes)))"
            let total = e.matched.count + e.missing.filter { !$0.contains(" ") }.count
            out += pad(String(e.rank), 5) + pad(e.id, 10) + pad(String(format: "%.3f", e.score), 7) + pad(trip, 30)
                + pad("\(e.matched.count)/\(total)", 13) + (e.priorityPublics.isEmpty ? "-" : e.priorityPublics.joined(separator: ", ")) + "\n"
            if explain { out += explanation(e, labels: labels) }
        }
        if candidates.isEmpty { out += "(aucun candidat ne remplit toutes les conditions)\n" }
        return out
    }

    func explanation(_ e: Entry, labels: (String) -> String?) -> String {
        let parts = ScoreComponent.allCases.compactMap { c -> String? in
            guard let v = e.components[c.rawValue], v != 0 else { return nil }
            return "\(c.rawValue) +\(String(format: "%.3f", v))"
        }
        var out = "       score : " + parts.joined(separator: ", ") + "\n"
        if !e.matched.isEmpty { out += "       acquis : " + e.matched.map { describe($0, labels) }.joined(separator: " ; ") + "\n" }
        if !e.missing.isEmpty { out += "       manque : " + e.missing.map { describe($0, labels) }.joined(separator: " ; ") + "\n" }
        return out
    }

    func describe(_ code: String, _ labels: (String) -> String?) -> String {
        labels(code).map { "\($0) (\(code))" } ?? code
    }
}

func rounded(_ x: Double, _ digits: Int = 4) -> Double {
    let p = pow(10.0, Double(digits))
    return (x * p).rounded() / p
}

func decimalComma(_ x: Double) -> String {
    String(format: "%.3f", x).replacingOccurrences(of: ".", with: ",")
}

func csvField(_ s: String) -> String {
    s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
}
