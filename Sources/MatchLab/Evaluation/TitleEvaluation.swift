public import Foundation
public import MatchCore

/// One offer of the title evaluation: its title as published, the fiche France Travail coded, and its
/// description.
public struct TitleSample: Sendable, Hashable {
    public var id: String
    public var title: String
    public var romeCode: String
    public var description: String?
    /// The appellation label France Travail coded (`appellationlibelle`), when given.
    public var appellationLabel: String?

    public init(id: String, title: String, romeCode: String, description: String? = nil, appellationLabel: String? = nil) {
        self.id = id; self.title = title; self.romeCode = romeCode; self.description = description
        self.appellationLabel = appellationLabel
    }
}

/// How well job titles find their fiche: ``TitleMatcher`` next to a plain word-overlap ranking, over
/// offers whose fiche is known (France Travail's own coding).
///
/// A fiche ranking is the appellation ranking with each fiche kept at its best appellation. A hit at k
/// is the offer's fiche among the first k. The offers were coded on an earlier ROME version: 28 of the
/// 150 carry a parent fiche where ROME 4.0 v60 files their own coded appellation under a finer fiche.
/// So two more figures are given: hits on the fiche v60 files the offer's coded appellation under, and
/// hits on the offer's fiche or any fiche of the same parent ("même famille").
///
///     let report = TitleEvaluation.run(samples, matcher: titles, rome: rome)
///     report.groups[0].rankers[0].top1   // share of free titles whose first fiche is right
public enum TitleEvaluation {
    /// The offers of a France Travail API answer (`{"resultats": [{"id", "intitule", "romeCode",
    /// "description"}…]}`) that have a title and a fiche.
    ///
    /// - Throws: ``MatchError`` naming the file and the record when the JSON is not such an answer.
    public static func loadSamples(at url: URL) throws -> [TitleSample] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MatchError(.unreadableFile, file: url.path, message: "cannot read the file")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let offers = root["resultats"] as? [[String: Any]]
        else {
            throw MatchError(.invalidRecord, file: url.path, message: "expected a France Travail answer {\"resultats\": [ … ]}")
        }
        return try offers.enumerated().map { index, offer in
            guard let title = offer["intitule"] as? String, let rome = offer["romeCode"] as? String else {
                throw MatchError(.invalidRecord, file: url.path, field: "resultats[\(index)]", message: "offer without intitule or romeCode")
            }
            return TitleSample(id: offer["id"] as? String ?? "\(index)", title: title, romeCode: rome,
                               description: offer["description"] as? String,
                               appellationLabel: offer["appellationlibelle"] as? String)
        }
    }

    /// Whether `title`, once `H/F` and its variants are removed, is an appellation label (long or
    /// short), case aside: the titles a lookup table would already solve.
    public static func isAppellationLabel(_ title: String, labels: Set<String>) -> Bool {
        labels.contains(withoutGenderMark(title))
    }

    /// The labels of `appellations` as ``isAppellationLabel(_:labels:)`` compares them.
    public static func labelSet(_ appellations: [Appellation]) -> Set<String> {
        Set(appellations.flatMap { [withoutGenderMark($0.label), withoutGenderMark($0.shortLabel)] })
    }

    /// Lower case, `(H/F)`, `H/F`, `F/H`, `H/F/X` removed, spaces collapsed and trimmed.
    static func withoutGenderMark(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        words = words.filter { word in
            let core = word.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            return !["h/f", "f/h", "h/f/x", "f/h/x"].contains(core)
        }
        return words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " -"))
    }

    /// Runs both rankers on every sample; `useDescription` gives the matcher the offers' descriptions.
    /// The query time is then measured apart: `timedPasses` passes over the samples after one warm-up pass.
    public static func run(
        _ samples: [TitleSample], matcher: TitleMatcher, rome: RomeReferential, useDescription: Bool = false,
        timedPasses: Int = 5
    ) -> TitleEvaluationReport {
        let labels = labelSet(matcher.appellations)
        let baseline = WordOverlapRanker(matcher.appellations)
        var ficheOfLabel = [String: String]()
        for appellation in matcher.appellations {
            ficheOfLabel[appellation.label] = appellation.romeCode
            ficheOfLabel[appellation.shortLabel] = ficheOfLabel[appellation.shortLabel] ?? appellation.romeCode
        }
        var outcomes: [TitleEvaluationReport.Outcome] = []
        for sample in samples {
            let found = matcher.matchFiches(sample.title, description: useDescription ? sample.description : nil, top: 5)
            outcomes.append(.init(
                id: sample.id, title: sample.title, romeCode: sample.romeCode,
                appellationRomeCode: sample.appellationLabel.flatMap { ficheOfLabel[$0] } ?? sample.romeCode,
                isFree: !isAppellationLabel(sample.title, labels: labels),
                apparier: found.map(\.romeCode), baseline: baseline.fiches(for: sample.title, top: 5),
                apparierFirst: found.first.map { "\($0.romeCode) \($0.libelle)" }))
        }
        let free = outcomes.filter(\.isFree)
        let durations = queryTimes(samples, matcher: matcher, useDescription: useDescription, passes: timedPasses).sorted()
        return TitleEvaluationReport(
            groups: [summary("titres libres", free, rome), summary("toutes les offres", outcomes, rome)],
            queries: durations.count, medianQueryMicroseconds: median(durations),
            p95QueryMicroseconds: durations.isEmpty ? 0 : durations[min(durations.count - 1, durations.count * 95 / 100)],
            outcomes: outcomes)
    }

    /// Microseconds of each `matchFiches` call over `passes` passes on the samples (the evaluation pass
    /// before serves as the warm-up).
    static func queryTimes(_ samples: [TitleSample], matcher: TitleMatcher, useDescription: Bool, passes: Int) -> [Double] {
        var durations: [Double] = []
        durations.reserveCapacity(samples.count * passes)
        for _ in 0..<passes {
            for sample in samples {
                let start = DispatchTime.now().uptimeNanoseconds
                let found = matcher.matchFiches(sample.title, description: useDescription ? sample.description : nil, top: 5)
                durations.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
                precondition(found.count <= 5)   // keeps the call from being optimised away
            }
        }
        return durations
    }

    static func summary(_ name: String, _ outcomes: [TitleEvaluationReport.Outcome], _ rome: RomeReferential) -> TitleEvaluationReport.Group {
        func rates(_ ranking: KeyPath<TitleEvaluationReport.Outcome, [String]>, _ label: String) -> TitleEvaluationReport.Rates {
            func share(_ k: Int, _ truth: KeyPath<TitleEvaluationReport.Outcome, String>, family: Bool) -> Double {
                guard !outcomes.isEmpty else { return 0 }
                let hits = outcomes.filter { outcome in
                    outcome[keyPath: ranking].prefix(k).contains { sameFiche($0, outcome[keyPath: truth], rome, family: family) }
                }
                return Double(hits.count) / Double(outcomes.count)
            }
            return .init(ranker: label, top1: share(1, \.romeCode, family: false), top5: share(5, \.romeCode, family: false),
                         appellationTop1: share(1, \.appellationRomeCode, family: false),
                         appellationTop5: share(5, \.appellationRomeCode, family: false),
                         familyTop1: share(1, \.romeCode, family: true), familyTop5: share(5, \.romeCode, family: true))
        }
        return .init(name: name, offers: outcomes.count,
                     rankers: [rates(\.apparier, "apparier"), rates(\.baseline, "recouvrement de mots")])
    }

    /// The same fiche, or with `family`, two fiches of the same parent.
    static func sameFiche(_ a: String, _ b: String, _ rome: RomeReferential, family: Bool) -> Bool {
        if a == b { return true }
        guard family, let i = rome.ficheIndex[a], let j = rome.ficheIndex[b] else { return false }
        return rome.parent[Int(i)] == rome.parent[Int(j)]
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

/// What ``TitleEvaluation/run(_:matcher:rome:useDescription:)`` measured.
public struct TitleEvaluationReport: Sendable, Codable {
    public struct Rates: Sendable, Codable {
        public var ranker: String
        /// Hits on the fiche the offer is coded with.
        public var top1, top5: Double
        /// Hits on the fiche under which ROME 4.0 v60 files the appellation the offer is coded with.
        public var appellationTop1, appellationTop5: Double
        /// Hits on the offer's fiche or a fiche of the same parent.
        public var familyTop1, familyTop5: Double
    }

    public struct Group: Sendable, Codable {
        public var name: String
        public var offers: Int
        public var rankers: [Rates]
    }

    public struct Outcome: Sendable, Codable {
        public var id, title, romeCode: String
        /// The fiche of the offer's coded appellation in this ROME version (its `romeCode` when the label is gone).
        public var appellationRomeCode: String
        public var isFree: Bool
        /// The first five fiches of each ranker.
        public var apparier, baseline: [String]
        public var apparierFirst: String?

        /// The fiche of the offer's appellation is not the matcher's first.
        public var isMiss: Bool { apparier.first != appellationRomeCode }
    }

    public var groups: [Group]
    /// Queries timed, and their median and 95th percentile.
    public var queries: Int
    public var medianQueryMicroseconds: Double
    public var p95QueryMicroseconds: Double
    public var outcomes: [Outcome]
}

/// The plain ranking the matcher is measured against: Jaccard overlap between the title's words and an
/// appellation's (long and short labels), words being lower-case runs of letters without accents.
struct WordOverlapRanker {
    let words: [Set<String>]
    let fiches: [String]

    init(_ appellations: [Appellation]) {
        words = appellations.map { Self.words($0.label).union(Self.words($0.shortLabel)) }
        fiches = appellations.map(\.romeCode)
    }

    static func words(_ text: String) -> Set<String> {
        Set(TitleText.fold(text).split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count > 1 })
    }

    func fiches(for title: String, top: Int) -> [String] {
        let query = Self.words(title)
        var scored: [(score: Double, index: Int)] = []
        for (index, label) in words.enumerated() {
            let shared = label.intersection(query).count
            if shared > 0 { scored.append((Double(shared) / Double(label.union(query).count), index)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        var result: [String] = []
        for entry in scored where !result.contains(fiches[entry.index]) {
            result.append(fiches[entry.index])
            if result.count == top { break }
        }
        return result
    }
}
