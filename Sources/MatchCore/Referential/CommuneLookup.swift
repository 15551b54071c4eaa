import Foundation
import Synchronization

/// What a commune written by a person resolves to.
public enum CommuneLookup: Sendable, Hashable {
    /// One commune.
    case found(Commune)
    /// Several communes fit (a shared postcode, a name borne by several): the reader must choose.
    case ambiguous([Commune])
    /// None fits; the nearest names, best first (possibly none).
    case unknown(suggestions: [Commune])
}

extension CommuneDirectory {
    /// Resolves a commune as people and files write it: an INSEE code (`62041`), a postcode (`62000`), a
    /// name in any case and with or without accents and hyphens (`Arras`, `SAINT-OMER`, `st omer`), or France
    /// Travail's `lieuTravail.libelle` (`62 - ARRAS`, the department then restricting the names).
    ///
    ///     communes.lookup("62 - ARRAS")   // .found(Arras)
    ///     communes.lookup("Arass")        // .unknown(suggestions: [Arras, …])
    public func lookup(_ text: String) -> CommuneLookup {
        var key = text.trimmingCharacters(in: .whitespaces)
        var department: String?
        if let dash = key.range(of: " - "), key[..<dash.lowerBound].count <= 3 {
            department = String(key[..<dash.lowerBound]).trimmingCharacters(in: .whitespaces)
            key = String(key[dash.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        if CommuneDirectory.looksLikeCode(key) {
            if let commune = self[key] { return .found(commune) }
            let sharing = communes.filter { $0.postalCode == key }
            return sharing.count == 1 ? .found(sharing[0]) : sharing.isEmpty ? .unknown(suggestions: []) : .ambiguous(sharing)
        }
        let folded = CommuneDirectory.fold(key)
        guard !folded.isEmpty else { return .unknown(suggestions: []) }
        let names = foldedNames.names(of: communes)
        let candidates = communes.indices.filter { i in department.map { communes[i].code.hasPrefix($0) } ?? true }
        let target = Array(folded.utf8)
        let same = candidates.filter { names[$0] == target }.map { communes[$0] }
        if same.count == 1 { return .found(same[0]) }
        if same.count > 1 { return .ambiguous(same) }
        return .unknown(suggestions: nearest(to: folded, among: candidates, names: names, limit: 5))
    }

    /// Communes whose name starts with `prefix` (folded), the most populated first: suggestions as one types.
    public func suggestions(startingWith prefix: String, limit: Int = 10) -> [Commune] {
        let folded = CommuneDirectory.fold(prefix)
        guard !folded.isEmpty else { return [] }
        if folded.allSatisfy(\.isNumber) {
            return Array(communes.filter { ($0.postalCode ?? "").hasPrefix(folded) || $0.code.hasPrefix(folded) }
                .sorted { $0.population > $1.population }.prefix(limit))
        }
        let names = foldedNames.names(of: communes), start = Array(folded.utf8)
        return Array(communes.indices.filter { names[$0].starts(with: start) }.map { communes[$0] }
            .sorted { $0.population > $1.population }.prefix(limit))
    }

    /// The names within one edit of `folded` (two from five letters), closest then most populated first;
    /// failing that, the names that start with its first four letters.
    private func nearest(to folded: String, among candidates: [Int], names: [[UInt8]], limit: Int) -> [Commune] {
        let target = Array(folded.utf8)
        let bound = target.count >= 5 ? 2 : 1
        let close = candidates.compactMap { i -> (Commune, Int)? in
            EditDistance.bounded(target, names[i], limit: bound).map { (communes[i], $0) }
        }
        if !close.isEmpty {
            return Array(close.sorted { ($0.1, -$0.0.population) < ($1.1, -$1.0.population) }.prefix(limit).map(\.0))
        }
        let stem = Array(folded.utf8.prefix(4))
        return Array(candidates.filter { names[$0].starts(with: stem) }.map { communes[$0] }
            .sorted { $0.population > $1.population }.prefix(limit))
    }

    /// Five characters that could be an INSEE code (digits, or `2A`/`2B` for Corsica).
    static func looksLikeCode(_ text: String) -> Bool {
        text.count == 5 && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "A" || $0 == "B") }
    }

    /// Lower case, no accents, hyphens and apostrophes as spaces, `st`/`ste` as `saint`/`sainte`.
    static func fold(_ name: String) -> String {
        let spaced = name.map { $0 == "-" || $0 == "'" || $0 == "’" ? " " : $0 }
        return normalizedLabel(String(spaced)).split(separator: " ").map { word in
            word == "st" ? "saint" : word == "ste" ? "sainte" : String(word)
        }.joined(separator: " ")
    }
}

/// The folded names of a directory's communes (as bytes, for the edit distance), made once, on first use,
/// by whichever thread asks first.
final class FoldedNames: Sendable {
    private let table = Mutex<[[UInt8]]?>(nil)

    func names(of communes: [Commune]) -> [[UInt8]] {
        table.withLock { table in
            if let table { return table }
            let made = communes.map { Array(CommuneDirectory.fold($0.name).utf8) }
            table = made
            return made
        }
    }
}
