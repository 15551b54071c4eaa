/// One line of a fiche's checklist: a compétence or savoir an offer can tick.
public struct ChecklistItem: Sendable, Hashable, Codable {
    /// `code_ogr` of the item.
    public var code: String
    public var label: String
    public var kind: RomeItem.Kind
    /// `coeur_metier` is "Principale" for this fiche.
    public var isCore: Bool
    /// How many of the 1,584 fiches list the item: the fewer, the more the item belongs to this trade.
    public var fichesSharing: Int

    public init(code: String, label: String, kind: RomeItem.Kind, isCore: Bool, fichesSharing: Int) {
        self.code = code; self.label = label; self.kind = kind; self.isCore = isCore; self.fichesSharing = fichesSharing
    }
}

extension RomeItem.Kind: Codable {}

extension RomeReferential {
    /// The compétences (savoir-faire, savoir-être) and savoirs of a fiche, most central first: the items
    /// `unix_coherence_item` marks `coeur_metier = Principale` for the fiche, then the others; within
    /// each group, items shared by fewer fiches first (they say more about this trade than "Travailler
    /// en équipe"), then savoir-faire, savoir-être, savoirs, then by label.
    ///
    ///     rome.checklist(for: "D1102")?.first?.label   // a core savoir-faire of the boulanger
    ///
    /// - Returns: `nil` for an unknown fiche.
    public func checklist(for romeCode: String) -> [ChecklistItem]? {
        guard let fiche = ficheIndex[romeCode] else { return nil }
        let sharing = fichesSharingItems()
        let core = Set(ficheCoreItems[Int(fiche)])
        let entries = ficheItems[Int(fiche)].map { index in
            let item = self.items[Int(index)]
            return ChecklistItem(code: item.code, label: item.label, kind: item.kind, isCore: core.contains(index),
                                 fichesSharing: sharing[Int(index)])
        }
        return entries.sorted { a, b in
            if a.isCore != b.isCore { return a.isCore }
            if a.fichesSharing != b.fichesSharing { return a.fichesSharing < b.fichesSharing }
            if a.kind != b.kind { return Self.kindOrder(a.kind) < Self.kindOrder(b.kind) }
            return a.label < b.label
        }
    }

    /// Item index → number of fiches listing it.
    func fichesSharingItems() -> [Int] {
        var counts = [Int](repeating: 0, count: items.count)
        for list in ficheItems { for item in list { counts[Int(item)] += 1 } }
        return counts
    }

    static func kindOrder(_ kind: RomeItem.Kind) -> Int {
        switch kind {
        case .savoirFaire: 0
        case .savoirEtre: 1
        case .savoir: 2
        case .contexte: 3
        }
    }
}
