import Foundation

/// From an employer's words to ROME: ranks the appellations of the referential for a job title.
///
/// A title is read word by word (``TitleText``): accents, case, `H/F`, inclusive endings and elisions
/// are set aside; feminine and plural forms become the masculine singular the labels use; a word of
/// five letters or more that the labels do not know is read as the closest known word (one or two
/// edits); an abbreviation of the trades (``TitleAbbreviation``) adds what it stands for; words that
/// qualify the post rather than name it (``qualifiers``: contract, working time, urgency, level) and
/// a place after `à` are left out.
///
/// The ranking is BM25 on three fields, each scaled to its best document for the query:
/// - the appellation's own labels (long and short), weight 1;
/// - its fiche's label and the labels of all the fiche's appellations, weight ``ficheWeight``;
/// - the labels of the fiche's compétences and savoirs, weight ``skillWeight``;
/// and, when an offer description is given, its words against the two fiche fields, weight
/// ``descriptionWeight``. The title's first word, its head noun in French ("**Technicien** qualité"),
/// weighs ``headWeight``, and an appellation without it (in its labels or its fiche's) loses a fifth of
/// its score; a label whose words are all in the title gains up to ``coverageWeight``. docs/titles.md
/// gives every rule and the measured accuracy.
///
///     let matcher = try TitleMatcher(appellations: appellations, rome: rome, abbreviations: abbreviations)
///     let best = matcher.match("Vendeuse en boulangerie H/F", top: 3)
///     best[0].romeCode   // "D1106"
///     best[0].matched    // ["vendeuse → vendeur", "boulangerie"]
public struct TitleMatcher: Sendable {
    public let appellations: [Appellation]
    /// Words dropped from titles: they qualify the post (`cdi`, `urgent`, `partiel`…), not the job.
    public let qualifiers: Set<String>
    public let abbreviations: [TitleAbbreviation]

    static let ficheWeight: Float = 0.3
    static let skillWeight: Float = 0.15
    static let descriptionWeight: Float = 0.2
    static let headWeight: Float = 1.5
    static let coverageWeight: Float = 0.3
    static let missingHeadFactor: Float = 0.8
    static let principalBonus: Float = 0.02
    static let generalFicheBonus: Float = 0.04
    static let rarePenalty: Float = 0.05
    static let ficheLabelRepeat: Float = 3

    let vocabulary: TitleVocabulary
    let termIds: [String: Int32]
    let ficheCodes: [String]
    let ficheLabels: [String]
    let ficheOfAppellation: [Int32]
    /// The fiche is its own parent: one of the 532 general fiches rather than a finer one.
    let isGeneralFiche: [Bool]
    let appellationField: BM25Field
    let ficheField: BM25Field
    let skillField: BM25Field
    /// Abbreviation (folded) → its entry and the terms of its meaning.
    let abbreviationTerms: [String: (entry: TitleAbbreviation, terms: [Int32])]

    /// Indexes `appellations` with their fiches' labels and items from `rome`.
    ///
    /// - Throws: ``MatchError`` when an appellation or abbreviation names a fiche `rome` does not have.
    public init(
        appellations: [Appellation], rome: RomeReferential, abbreviations: [TitleAbbreviation] = [],
        qualifiers: Set<String> = []
    ) throws {
        self.appellations = appellations
        self.abbreviations = abbreviations
        self.qualifiers = Set(qualifiers.map(TitleText.fold))
        ficheCodes = rome.fiches.map(\.code)
        ficheLabels = rome.fiches.map(\.label)
        isGeneralFiche = rome.fiches.map { $0.code == $0.parentCode }
        ficheOfAppellation = try appellations.map { appellation in
            guard let fiche = rome.ficheIndex[appellation.romeCode] else {
                throw MatchError(.invalidReferential, message: "appellation \(appellation.code): unknown fiche \(appellation.romeCode)")
            }
            return fiche
        }
        for entry in abbreviations where rome.ficheIndex[entry.romeCode] == nil {
            throw MatchError(.invalidReferential, message: "abbreviation \(entry.abbreviation): unknown fiche \(entry.romeCode)")
        }
        let itemWords = rome.items.map { TitleText.words($0.label) }
        vocabulary = TitleVocabulary(
            labels: appellations.flatMap { [$0.label, $0.shortLabel] } + rome.fiches.map(\.label),
            shortened: appellations.map { ($0.label, $0.shortLabel) },
            extraWords: itemWords + abbreviations.map { TitleText.words($0.meaning) })

        var builder = TermBuilder(vocabulary: vocabulary)
        let appellationDocuments = appellations.map { builder.terms(of: [$0.label, $0.shortLabel]) }
        var ficheDocuments = rome.fiches.map { builder.termCounts(of: TitleText.words($0.label)).mapValues { $0 * Self.ficheLabelRepeat } }
        for (index, terms) in appellationDocuments.enumerated() {
            for term in terms { ficheDocuments[Int(ficheOfAppellation[index])][term, default: 0] += 1 }
        }
        let itemTerms = itemWords.map { builder.termCounts(of: $0) }
        let skillDocuments = rome.ficheItems.map { items in
            items.reduce(into: [Int32: Float]()) { bag, item in bag.merge(itemTerms[Int(item)], uniquingKeysWith: +) }
        }
        var abbreviationTerms = [String: (entry: TitleAbbreviation, terms: [Int32])]()
        for entry in abbreviations {
            let terms = Array(builder.termCounts(of: TitleText.words(entry.meaning)).keys).sorted()
            abbreviationTerms[TitleText.fold(entry.abbreviation)] = (entry, terms)
        }
        self.abbreviationTerms = abbreviationTerms
        termIds = builder.ids
        appellationField = BM25Field(documents: appellationDocuments.map { Dictionary(uniqueKeysWithValues: $0.map { ($0, 1) }) }, terms: builder.ids.count)
        ficheField = BM25Field(documents: ficheDocuments, terms: builder.ids.count)
        skillField = BM25Field(documents: skillDocuments, terms: builder.ids.count)
    }

    // MARK: Queries

    /// The `top` appellations for `title`, best first; an offer `description` adds evidence. With
    /// `completingLastWord` (suggestions while a person types), a last word the labels do not know is
    /// also read as the start of the known words it begins ("vendeuse boul" → `boulangerie`…).
    public func match(_ title: String, description: String? = nil, top: Int = 5, completingLastWord: Bool = false) -> [TitleMatch] {
        let query = read(title, completingLastWord: completingLastWord)
        let scores = score(query, description: description)
        return best(scores, top: top, distinctFiches: false).map { answer($0, score: scores[$0], query: query) }
    }

    /// The `top` fiches for `title`, each with its best appellation, best first.
    public func matchFiches(_ title: String, description: String? = nil, top: Int = 5) -> [TitleMatch] {
        let query = read(title)
        let scores = score(query, description: description)
        return best(scores, top: top, distinctFiches: true).map { answer($0, score: scores[$0], query: query) }
    }

    /// The words of `title` as the matcher reads them, with their reading when it is not the word
    /// itself: what ``TitleMatch/matched`` reports for a title.
    public func reading(of title: String) -> [String] { read(title).map(\.display) }

    // MARK: Reading a title

    struct QueryTerm {
        var term: Int32
        var weight: Float
        var display: String
        /// The term comes from the title's first recognised word.
        var isHead = false
    }

    /// How many known words an unfinished last word may stand for, and the weight of each.
    static let completions = 5
    static let completionWeight: Float = 0.8

    func read(_ title: String, completingLastWord: Bool = false) -> [QueryTerm] {
        var terms: [QueryTerm] = []
        var isHead = true
        func add(_ term: Int32, _ weight: Float, _ display: String) {
            let entry = QueryTerm(term: term, weight: weight, display: display, isHead: isHead)
            if let i = terms.firstIndex(where: { $0.term == term }) {
                if terms[i].weight < weight { terms[i] = entry }
            } else {
                terms.append(entry)
            }
        }
        let words = TitleText.words(title)
        for (position, word) in words.enumerated() {
            let text = word.text
            isHead = terms.isEmpty
            if word.followsPreposition && !vocabulary.recognises(text) { break }   // "… à Annonay"
            let canonical = vocabulary.canonical(text)
            if qualifiers.contains(text) || qualifiers.contains(canonical) { continue }
            if let abbreviation = abbreviationTerms[text] {
                if let own = termIds[canonical] { add(own, isHead ? Self.headWeight : 1, text) }
                for term in abbreviation.terms { add(term, 0.7, "\(text) → \(abbreviation.entry.meaning)") }
            } else if let term = termIds[canonical] {
                add(term, isHead ? Self.headWeight : 1, canonical == text ? text : "\(text) → \(canonical)")
            } else if completingLastWord, position == words.count - 1,
                      case let completions = vocabulary.completions(of: text, limit: Self.completions), !completions.isEmpty {
                for completion in completions {
                    if let term = termIds[completion] { add(term, Self.completionWeight, "\(text)… → \(completion)") }
                }
            } else if !word.followsPreposition, let fix = vocabulary.correction(of: text), let term = termIds[fix.word] {
                add(term, (isHead ? Self.headWeight : 1) * (1 - 0.2 * Float(fix.edits)), "\(text) → \(fix.word)")
            }
        }
        return terms
    }

    // MARK: Scoring

    func score(_ query: [QueryTerm], description: String?) -> [Float] {
        let weighted = query.map { ($0.term, $0.weight) }
        let byLabel = appellationField.scores(weighted).scaledToMaximum()
        let byFiche = ficheField.scores(weighted).scaledToMaximum()
        let bySkills = skillField.scores(weighted).scaledToMaximum()
        var byDescription = [Float](repeating: 0, count: ficheCodes.count)
        if let description, !description.isEmpty {
            let words = Set(TitleText.words(description).map { vocabulary.canonical($0.text) })
            let terms = words.compactMap { termIds[$0] }.map { ($0, Float(1)) }
            let fiche = ficheField.scores(terms).scaledToMaximum(), skills = skillField.scores(terms).scaledToMaximum()
            for i in byDescription.indices { byDescription[i] = fiche[i] + skills[i] }
        }
        let coverage = appellationField.coverage(weighted.map(\.0))
        let hasHead = headPresence(query)
        var scores = byLabel
        for i in scores.indices {
            let fiche = Int(ficheOfAppellation[i])
            scores[i] += Self.coverageWeight * coverage[i] + Self.ficheWeight * byFiche[fiche]
                + Self.skillWeight * bySkills[fiche] + Self.descriptionWeight * byDescription[fiche]
            guard scores[i] > 0 else { continue }
            if let hasHead, !hasHead.appellations[i], !hasHead.fiches[fiche] { scores[i] *= Self.missingHeadFactor }
            if appellations[i].isPrincipal { scores[i] += Self.principalBonus }
            if isGeneralFiche[fiche] { scores[i] += Self.generalFicheBonus }
            if appellations[i].isRare { scores[i] -= Self.rarePenalty }
        }
        return scores
    }

    /// Which appellations and fiches hold the title's head word (its first recognised word, which names the
    /// job in a French title: "**Technicien** qualité"), in their labels or their fiche's; `nil` for an
    /// empty title.
    func headPresence(_ query: [QueryTerm]) -> (appellations: [Bool], fiches: [Bool])? {
        guard let head = query.first(where: \.isHead)?.term else { return nil }
        var appellations = [Bool](repeating: false, count: self.appellations.count)
        var fiches = [Bool](repeating: false, count: ficheCodes.count)
        for posting in appellationField.postings[Int(head)] { appellations[Int(posting.document)] = true }
        for posting in ficheField.postings[Int(head)] { fiches[Int(posting.document)] = true }
        return (appellations, fiches)
    }

    /// Indices of the best appellations (scores above zero), ties broken by label; with
    /// `distinctFiches`, only the best appellation of each fiche.
    func best(_ scores: [Float], top: Int, distinctFiches: Bool) -> [Int] {
        func isBetter(_ a: Int, _ b: Int) -> Bool {
            scores[a] != scores[b] ? scores[a] > scores[b] : appellations[a].label < appellations[b].label
        }
        var candidates: [Int]
        if distinctFiches {
            var bestOfFiche = [Int](repeating: -1, count: ficheCodes.count)
            for index in scores.indices where scores[index] > 0 {
                let fiche = Int(ficheOfAppellation[index])
                if bestOfFiche[fiche] < 0 || isBetter(index, bestOfFiche[fiche]) { bestOfFiche[fiche] = index }
            }
            candidates = bestOfFiche.filter { $0 >= 0 }
        } else {
            candidates = scores.indices.filter { scores[$0] > 0 }
        }
        // A bounded insertion buffer: k is small and most candidates fall below its last entry.
        var kept: [Int] = []
        kept.reserveCapacity(top + 1)
        for index in candidates {
            if kept.count == top, let last = kept.last, !isBetter(index, last) { continue }
            let position = kept.firstIndex { isBetter(index, $0) } ?? kept.count
            kept.insert(index, at: position)
            if kept.count > top { kept.removeLast() }
        }
        return kept
    }

    func answer(_ index: Int, score: Float, query: [QueryTerm]) -> TitleMatch {
        let appellation = appellations[index]
        let fiche = Int(ficheOfAppellation[index])
        let matched = query.filter { appellationField.contains($0.term, in: index) || ficheField.contains($0.term, in: fiche) }
        return TitleMatch(
            codeOgr: appellation.code, libelle: appellation.label, romeCode: appellation.romeCode,
            ficheLibelle: ficheLabels[fiche], score: (Double(score) * 1000).rounded() / 1000,
            matched: Self.uniqued(matched.map(\.display)))
    }

    static func uniqued(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}

/// Assigns term ids to canonical words while the matcher's fields are built.
struct TermBuilder {
    let vocabulary: TitleVocabulary
    var ids: [String: Int32] = [:]

    mutating func id(_ word: String) -> Int32 {
        let canonical = vocabulary.canonical(word)
        if let id = ids[canonical] { return id }
        let id = Int32(ids.count)
        ids[canonical] = id
        return id
    }

    /// The distinct terms of some labels.
    mutating func terms(of labels: [String]) -> [Int32] {
        var set = Set<Int32>()
        for label in labels { for word in TitleText.words(label) { set.insert(id(word.text)) } }
        return set.sorted()
    }

    mutating func termCounts(of words: [TitleWord]) -> [Int32: Float] {
        var counts = [Int32: Float]()
        for word in words { counts[id(word.text), default: 0] += 1 }
        return counts
    }
}

/// One field of an Okapi BM25 index (k1 = 1.2, b = 0.75): postings per term and document lengths.
struct BM25Field: Sendable {
    static let k1: Float = 1.2
    static let b: Float = 0.75

    /// Term → (document, term frequency), by document.
    let postings: [[(document: Int32, frequency: Float)]]
    let idf: [Float]
    let lengthFactor: [Float]
    /// Per document, Σ idf × frequency over its terms.
    let idfMass: [Float]

    init(documents: [[Int32: Float]], terms: Int) {
        var postings = [[(document: Int32, frequency: Float)]](repeating: [], count: terms)
        var lengths = [Float]()
        lengths.reserveCapacity(documents.count)
        for (index, document) in documents.enumerated() {
            for (term, frequency) in document.sorted(by: { $0.key < $1.key }) {
                postings[Int(term)].append((Int32(index), frequency))
            }
            lengths.append(document.values.reduce(0, +))
        }
        let average = max(lengths.reduce(0, +) / Float(max(documents.count, 1)), 1)
        let count = Float(documents.count)
        self.postings = postings
        idf = postings.map { list in
            let df = Float(list.count)
            return (1 + (count - df + 0.5) / (df + 0.5)).logValue
        }
        lengthFactor = lengths.map { Self.k1 * (1 - Self.b + Self.b * $0 / average) }
        let idf = self.idf
        idfMass = documents.map { document in document.reduce(0) { $0 + idf[Int($1.key)] * $1.value } }
    }

    /// BM25 of every document for weighted query terms.
    func scores(_ query: [(Int32, Float)]) -> [Float] {
        var scores = [Float](repeating: 0, count: lengthFactor.count)
        for (term, weight) in query {
            let factor = weight * idf[Int(term)]
            for (document, frequency) in postings[Int(term)] {
                let d = Int(document)
                scores[d] += factor * frequency * (Self.k1 + 1) / (frequency + lengthFactor[d])
            }
        }
        return scores
    }

    /// For each document, the share of its terms' idf that `terms` hold: 1 when every word of a label
    /// is in the title.
    func coverage(_ terms: [Int32]) -> [Float] {
        var matched = [Float](repeating: 0, count: lengthFactor.count)
        for term in Set(terms) {
            for posting in postings[Int(term)] { matched[Int(posting.document)] += idf[Int(term)] * posting.frequency }
        }
        for d in matched.indices where matched[d] > 0 { matched[d] /= idfMass[d] }
        return matched
    }

    func contains(_ term: Int32, in document: Int) -> Bool {
        postings[Int(term)].contains { Int($0.document) == document }
    }
}

extension Float {
    var logValue: Float { Float(log(Double(self))) }
}

extension Array where Element == Float {
    /// The scores divided by the largest (unchanged when all are zero).
    func scaledToMaximum() -> [Float] {
        guard let top = self.max(), top > 0 else { return self }
        return map { $0 / top }
    }
}
