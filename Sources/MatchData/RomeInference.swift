public import MatchCore
import Synchronization

/// Finding the fiche of offers imported with an `intitule` and no `romeCode`: the best fiche of
/// ``TitleMatcher`` is kept, the offer is marked (``JobOffer/romeCodeInferred``) and the import warns
/// about it; with ``strict`` such offers are refused instead, the message naming the fiche found.
///
///     var options = ImportOptions(actor: "import")
///     options.romeInference = RomeInference(strict: false) { try TitleMatcher.load(rome: model.rome) }
public struct RomeInference: Sendable {
    /// Refuse offers without a ROME code instead of inferring it.
    public var strict: Bool
    private let load: @Sendable () throws -> TitleMatcher
    private let loaded = LoadedMatcher()

    /// `load` is called the first time a file holds an offer without a ROME code, and only then: an
    /// import of several files with one inference loads the matcher once.
    public init(strict: Bool, matcher load: @escaping @Sendable () throws -> TitleMatcher) {
        self.strict = strict; self.load = load
    }

    /// The matcher, loaded on first use.
    public func matcher() throws -> TitleMatcher {
        try loaded.value.withLock { value in
            if let value { return value }
            let matcher = try load()
            value = matcher
            return matcher
        }
    }

    private final class LoadedMatcher: Sendable {
        let value = Mutex<TitleMatcher?>(nil)
    }
}

extension ParsedFile where Record == JobOffer {
    /// Gives a fiche to every offer that has a title and no ROME code; returns the warnings (or, when
    /// strict, moves those offers to the problems). Offers without a title are left for the rules to refuse.
    package mutating func inferRomeCodes(_ inference: RomeInference?) throws -> [ImportProblem] {
        guard let inference, records.contains(where: Self.needsInference) else { return [] }
        let matcher = try inference.matcher()
        var kept = [JobOffer](), keptIndices = [Int](), warnings = [ImportProblem]()
        for (offer, index) in zip(records, indices) {
            guard Self.needsInference(offer), let title = offer.title,
                  let best = matcher.matchFiches(title, top: 1).first
            else { kept.append(offer); keptIndices.append(index); continue }
            let found = "\(best.romeCode) \(best.ficheLibelle) (appellation « \(best.libelle) », mots : \(best.matched.joined(separator: ", ")))"
            if inference.strict {
                problems.append(places.problem(record: index, field: "romeCode",
                    message: "manquant ; l'intitulé « \(title) » désigne \(found) : ajoutez le code ROME (les offres sans code sont refusées avec --strict)"))
                continue
            }
            var inferred = offer
            inferred.romeCode = best.romeCode
            inferred.romeCodeInferred = true
            warnings.append(places.problem(record: index, field: "romeCode",
                message: "manquant ; déduit de l'intitulé « \(title) » : \(found), à vérifier"))
            kept.append(inferred); keptIndices.append(index)
        }
        records = kept
        indices = keptIndices
        return warnings
    }

    static func needsInference(_ offer: JobOffer) -> Bool {
        offer.romeCode.isEmpty && !(offer.title ?? "").allSatisfy(\.isWhitespace)
    }
}
