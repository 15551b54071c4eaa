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
        var table = TextTable(["#", "Appellation", "Fiche ROME", "Score", "Mots reconnus"], alignments: [.right, .left, .left, .right],
                              maxWidths: [1: 58, 2: 58])
        for (rank, match) in matches.enumerated() {
            table.append(["\(rank + 1)", match.libelle, "\(match.romeCode) \(match.ficheLibelle)", French.number(match.score, digits: 2),
                          match.matched.joined(separator: ", ")])
        }
        return table.text
    }

    /// Matches (`codeOgr`, `libelle`, `romeCode`, `ficheLibelle`, `score`, `matched`) or checklist
    /// items as a JSON array, with a final newline.
    public static func jsonText(_ values: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(values), as: UTF8.self) + "\n"
    }

    /// A fiche's checklist: core items first (★), each with its kind, in French.
    public static func checklist(_ items: [ChecklistItem], fiche: RomeFiche) -> String {
        var table = TextTable(["", "code", "nature", "compétence ou savoir"])
        for item in items { table.append([item.isCore ? "★" : "", item.code, kindLabel(item.kind), item.label]) }
        return "Fiche \(fiche.code) \(fiche.label) : \(items.count) compétences et savoirs, les plus centraux d'abord\n" + table.text
    }

    static func kindLabel(_ kind: RomeItem.Kind) -> String {
        switch kind {
        case .savoirFaire: "savoir-faire"
        case .savoirEtre: "savoir-être"
        case .savoir: "savoir"
        case .contexte: "contexte"
        }
    }
}
