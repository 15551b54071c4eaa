import Synchronization

/// One ROME 4.0 fiche métier.
public struct RomeFiche: Sendable, Hashable {
    public var code: String
    public var label: String
    /// The v3-style parent fiche (itself for the 532 parents).
    public var parentCode: String
    /// Domaine professionnel (`A11`…).
    public var domaineCode: String

    public init(code: String, label: String, parentCode: String, domaineCode: String) {
        self.code = code; self.label = label; self.parentCode = parentCode; self.domaineCode = domaineCode
    }
}

/// A ROME item: compétence (savoir-faire, savoir-être) or savoir, identified by its `code_ogr`.
public struct RomeItem: Sendable, Hashable {
    public enum Kind: String, Sendable { case savoirFaire, savoirEtre, savoir, contexte }
    public var code: String
    public var label: String
    public var kind: Kind

    public init(code: String, label: String, kind: Kind) { self.code = code; self.label = label; self.kind = kind }
}

/// A fiche ↔ item link of `unix_coherence_item` (`coeur_metier == "Principale"` marks a core item).
public struct RomeLink: Sendable, Hashable {
    public var romeCode: String
    public var itemCode: String
    public var isCore: Bool

    public init(romeCode: String, itemCode: String, isCore: Bool) {
        self.romeCode = romeCode; self.itemCode = itemCode; self.isCore = isCore
    }
}

/// The ROME 4.0 referential as Apparier uses it: fiches with their parent and domaine, items,
/// fiche ↔ item links and the "mobilité" relations between fiches, all addressed by dense indices.
///
///     let rome = try RomeReferential(version: "v460", fiches: fiches, items: items,
///                                    links: links, mobility: [("A1101", "A1102")])
///     rome.ficheIndex["A1102"].map { rome.parent[$0] }   // index of A1101
public struct RomeReferential: Sendable {
    public let version: String
    public let fiches: [RomeFiche]
    public let items: [RomeItem]
    public let ficheIndex: [String: Int32]
    public let itemIndex: [String: Int32]
    /// Fiche → parent fiche index.
    public let parent: [Int32]
    /// Fiche → domaine index (into ``domaines``).
    public let domaine: [Int32]
    public let domaines: [String]
    /// Fiche → fiches it leads to through a "mobilité" relation (either direction), sorted.
    public let mobility: [[Int32]]
    /// Fiche → its items, sorted by item index.
    public let ficheItems: [[Int32]]
    /// Fiche → its core items ("Principale"), sorted.
    public let ficheCoreItems: [[Int32]]
    /// Item labels folded (case, accents, spaces) → item index, made on the first lookup (only an import
    /// with competences given by label needs it).
    private let itemsByLabel = ItemLabelIndex()

    /// Builds the referential; links or relations naming an unknown fiche or item are an error.
    public init(
        version: String, fiches: [RomeFiche], items: [RomeItem], links: [RomeLink],
        mobility relations: [(String, String)]
    ) throws {
        self.version = version
        self.fiches = fiches
        self.items = items
        var ficheIndex = [String: Int32](minimumCapacity: fiches.count)
        for (i, fiche) in fiches.enumerated() { ficheIndex[fiche.code] = Int32(i) }
        var itemIndex = [String: Int32](minimumCapacity: items.count)
        for (i, item) in items.enumerated() { itemIndex[item.code] = Int32(i) }
        self.ficheIndex = ficheIndex
        self.itemIndex = itemIndex

        parent = try fiches.map { fiche in
            guard let p = ficheIndex[fiche.parentCode] else {
                throw MatchError(.invalidReferential, message: "fiche \(fiche.code): unknown parent \(fiche.parentCode)")
            }
            return p
        }
        let domaineCodes = Array(Set(fiches.map(\.domaineCode))).sorted()
        let domaineIndex = Dictionary(uniqueKeysWithValues: domaineCodes.enumerated().map { ($0.element, Int32($0.offset)) })
        domaines = domaineCodes
        domaine = fiches.map { domaineIndex[$0.domaineCode]! }

        var mobilitySets = [Set<Int32>](repeating: [], count: fiches.count)
        for (from, to) in relations {
            guard let a = ficheIndex[from], let b = ficheIndex[to] else {
                throw MatchError(.invalidReferential, message: "mobilité \(from) → \(to): unknown fiche")
            }
            if a != b { mobilitySets[Int(a)].insert(b); mobilitySets[Int(b)].insert(a) }
        }
        mobility = mobilitySets.map { $0.sorted() }

        var all = [[Int32]](repeating: [], count: fiches.count)
        var core = [[Int32]](repeating: [], count: fiches.count)
        for link in links {
            guard let f = ficheIndex[link.romeCode] else {
                throw MatchError(.invalidReferential, message: "link \(link.romeCode)–\(link.itemCode): unknown fiche")
            }
            guard let item = itemIndex[link.itemCode] else { continue }  // contextes are not kept as items
            all[Int(f)].append(item)
            if link.isCore { core[Int(f)].append(item) }
        }
        ficheItems = all.map { Array(Set($0)).sorted() }
        ficheCoreItems = core.map { Array(Set($0)).sorted() }
    }

    /// The item whose label is `label` (in any case, with or without accents), if one is.
    ///
    ///     rome.item(labelled: "techniques de vente et de promotion")?.code
    public func item(labelled label: String) -> RomeItem? {
        itemsByLabel.index(of: normalizedLabel(label), items: items).map { items[Int($0)] }
    }
}

/// Folded item labels → item index, built once, on first use, by whichever thread asks first.
final class ItemLabelIndex: Sendable {
    private let table = Mutex<[String: Int32]?>(nil)

    func index(of folded: String, items: [RomeItem]) -> Int32? {
        table.withLock { table in
            if table == nil {
                var byLabel = [String: Int32](minimumCapacity: items.count)
                for (i, item) in items.enumerated() {
                    let key = normalizedLabel(item.label)
                    if byLabel[key] == nil { byLabel[key] = Int32(i) }
                }
                table = byLabel
            }
            return table?[folded]
        }
    }
}
