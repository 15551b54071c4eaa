public import Foundation
public import MatchCore

extension TitleMatcher {
    /// The title matcher from Apparier's resource folder (`data/`; see
    /// ``ReferentialLoader/loadTitleMatcher(from:rome:)``), over `rome` when it is already loaded.
    ///
    ///     let titles = try TitleMatcher.load()
    ///     titles.match("ASH de nuit", top: 3)
    public static func load(root: URL? = nil, rome: RomeReferential? = nil) throws -> TitleMatcher {
        let data = try (root ?? ResourceLocator.root()).appending(path: "data")
        return try ReferentialLoader.loadTitleMatcher(from: data, rome: rome ?? ReferentialLoader.loadRome(from: data))
    }
}

/// How job-title answers are printed: a French table for people, JSON for programs.
///
///     print(TitleReport.table(matches))
///     print(try TitleReport.jsonText(matches), terminator: "")   // [{"codeOgr": …, …}]
public enum TitleReport {
    /// Rank, appellation, fiche, score (French decimal comma) and the words that matched.
    public static func table(_ matches: [TitleMatch]) -> String {
        guard !matches.isEmpty else { return "Aucune appellation ROME ne correspond à ces mots.\n" }
        var lines = [row("#", "Appellation", "Fiche ROME", "Score", "Mots reconnus")]
        for (rank, match) in matches.enumerated() {
            lines.append(row(
                "\(rank + 1)", match.libelle, "\(match.romeCode) \(match.ficheLibelle)",
                match.score.formatted(.number.precision(.fractionLength(2)).locale(Locale(identifier: "fr_FR"))),
                match.matched.joined(separator: ", ")))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Matches (`codeOgr`, `libelle`, `romeCode`, `ficheLibelle`, `score`, `matched`) or checklist
    /// items as a JSON array, with a final newline.
    public static func jsonText(_ values: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(values), as: UTF8.self) + "\n"
    }

    /// A fiche's checklist: core items first, each with its kind, in French.
    public static func checklist(_ items: [ChecklistItem], fiche: RomeFiche) -> String {
        var lines = ["Fiche \(fiche.code) \(fiche.label) : \(items.count) compétences et savoirs, les plus centraux d'abord"]
        for item in items {
            lines.append("\(item.isCore ? "★" : " ") \(item.code.padding(toLength: 7, withPad: " ", startingAt: 0)) \(kindLabel(item.kind).padding(toLength: 12, withPad: " ", startingAt: 0)) \(item.label)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func kindLabel(_ kind: RomeItem.Kind) -> String {
        switch kind {
        case .savoirFaire: "savoir-faire"
        case .savoirEtre: "savoir-être"
        case .savoir: "savoir"
        case .contexte: "contexte"
        }
    }

    static func row(_ rank: String, _ label: String, _ fiche: String, _ score: String, _ words: String) -> String {
        [pad(rank, 3), pad(label, 58), pad(fiche, 58), pad(score, 6), words].joined(separator: " ")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        return clipped + String(repeating: " ", count: max(0, width - clipped.count))
    }
}
