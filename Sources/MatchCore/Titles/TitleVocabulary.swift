import Foundation

/// The words of the ROME labels and what the labels teach about them: which feminine form goes with
/// which masculine one ("Vendeur / Vendeuse" → `vendeuse` is `vendeur`), which plural with which
/// singular, which word a short label abbreviates ("… en ind alimentaire" → `ind` is `industrie`), and
/// which known word a misspelt one was meant to be.
///
///     let vocabulary = TitleVocabulary(labels: ["Vendeur / Vendeuse en boulangerie", "Cariste"])
///     vocabulary.canonical("vendeuses")          // "vendeur"
///     vocabulary.correction(of: "carsite")       // ("cariste", 1)
struct TitleVocabulary: Sendable {
    /// Every word met in the labels, as written (folded).
    let known: Set<String>
    /// Feminine form → masculine form, from the labels written "masculin / féminin".
    let masculine: [String: String]
    /// Abbreviation → the word it shortens, from short labels set against their long label.
    let expansions: [String: String]
    /// Canonical form of every known word, computed once.
    private let canonicalOfKnown: [String: String]
    /// Label words in alphabetical order, each with how many labels use it: completion of a word being typed.
    private let sorted: [(word: String, uses: Int)]
    /// Known words of five letters or more by length, for typo correction; each with how many labels use it.
    private let byLength: [Int: [(word: String, letters: [UInt8], counts: LetterCounts, uses: Int)]]

    /// - Parameters:
    ///   - labels: every label (appellations long and short, fiches).
    ///   - shortened: (long label, short label) pairs, where short labels abbreviate words.
    ///   - extraWords: words known without being job names (competences, abbreviations' meanings).
    init(labels: [String], shortened: [(long: String, short: String)] = [], extraWords: [[TitleWord]] = []) {
        var known = Set<String>(), uses = [String: Int](), masculine = [String: String]()
        for label in labels {
            let words = TitleText.words(label)
            for word in Set(words.map(\.text)) { known.insert(word); uses[word, default: 0] += 1 }
            Self.learnGenders(label, into: &masculine)
        }
        for words in extraWords { for word in words { known.insert(word.text) } }
        self.known = known
        self.masculine = masculine
        let expansions = Self.learnExpansions(shortened)
        self.expansions = expansions
        var canonical = [String: String](minimumCapacity: known.count)
        for word in known { canonical[word] = Self.derive(word, known: known, masculine: masculine, expansions: expansions) }
        canonicalOfKnown = canonical
        sorted = uses.map { ($0.key, $0.value) }.sorted { $0.word < $1.word }
        var byLength = [Int: [(word: String, letters: [UInt8], counts: LetterCounts, uses: Int)]]()
        for (word, count) in uses where word.utf8.count >= 4 {
            byLength[word.utf8.count, default: []].append((word, Array(word.utf8), LetterCounts(word.utf8), count))
        }
        self.byLength = byLength.mapValues { $0.sorted { ($0.uses, $1.word) > ($1.uses, $0.word) } }
    }

    /// The form under which a word is indexed: the masculine singular when the labels know it.
    func canonical(_ word: String) -> String {
        canonicalOfKnown[word] ?? Self.derive(word, known: known, masculine: masculine, expansions: expansions)
    }

    /// Whether `word`, or a plural or feminine form of a word the labels use, is known.
    func recognises(_ word: String) -> Bool {
        canonicalOfKnown[word] != nil || known.contains(canonical(word))
    }

    /// The known word closest to an unknown one of five letters or more: one edit allowed up to seven
    /// letters, two from eight (an edit inserts, deletes or replaces a letter, or swaps two neighbours).
    /// Ties go to the word more labels use.
    func correction(of word: String) -> (word: String, edits: Int)? {
        let letters = Array(word.utf8)
        guard letters.count >= 5 else { return nil }
        let limit = letters.count >= 8 ? 2 : 1
        let counts = LetterCounts(letters)
        var best: (word: String, edits: Int)?
        for length in (letters.count - limit)...(letters.count + limit) {
            for entry in byLength[length] ?? [] {
                // One edit changes the letters' counts by 2 at most: most words are ruled out here.
                guard counts.difference(entry.counts) <= 2 * limit else { continue }
                // Only a strictly closer word replaces the best one; one edit cannot be beaten.
                let bound = best.map { $0.edits - 1 } ?? limit
                if bound < 1 { return (canonical(best!.word), best!.edits) }
                if let edits = EditDistance.bounded(letters, entry.letters, limit: bound) { best = (entry.word, edits) }
            }
        }
        return best.map { (canonical($0.word), $0.edits) }
    }

    /// The canonical forms of the label words that begin with `prefix` (three letters or more), those more
    /// labels use first: what a person typing "boul" may be writing.
    ///
    ///     vocabulary.completions(of: "boul", limit: 3)   // ["boulanger", "boulangerie", …]
    func completions(of prefix: String, limit: Int) -> [String] {
        guard prefix.count >= 3 else { return [] }
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].word < prefix { low = middle + 1 } else { high = middle }
        }
        var found: [(word: String, uses: Int)] = []
        while low < sorted.count, sorted[low].word.hasPrefix(prefix) { found.append(sorted[low]); low += 1 }
        var seen = Set<String>()
        return found.sorted { $0.uses != $1.uses ? $0.uses > $1.uses : $0.word < $1.word }
            .map { canonical($0.word) }.filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    /// `Chauffeur routier / Chauffeuse routière …`: the words on either side of the slash, in order, are
    /// the two genders of one word when they share their first three letters and the feminine is not the
    /// shorter (a label written the other way round teaches nothing, so no word maps back and forth).
    static func learnGenders(_ label: String, into masculine: inout [String: String]) {
        guard let slash = label.range(of: " / ") else { return }
        let left = TitleText.words(String(label[..<slash.lowerBound])).map(\.text)
        let right = TitleText.words(String(label[slash.upperBound...])).map(\.text)
        for (male, female) in zip(left, right) where male != female {
            guard male.commonPrefix(with: female).count >= 3 else { break }
            guard female.count >= male.count, masculine[male] == nil, masculine[female] == nil else { continue }
            masculine[female] = male
        }
    }

    /// Words of short labels that are not words of any long label but begin exactly one word of their
    /// own long label ("Adjoint(e) … en ind du bois" beside "… en industrie du bois"): `ind` →
    /// `industrie`, the word most pairs give.
    static func learnExpansions(_ pairs: [(long: String, short: String)]) -> [String: String] {
        let longWords = Set(pairs.flatMap { TitleText.words($0.long).map(\.text) })
        var votes = [String: [String: Int]]()
        for pair in pairs {
            let long = Set(TitleText.words(pair.long).map(\.text))
            for word in Set(TitleText.words(pair.short).map(\.text)) where word.count >= 3 && !longWords.contains(word) {
                let fuller = long.filter { $0.count > word.count && $0.hasPrefix(word) }
                if fuller.count == 1 { votes[word, default: [:]][fuller.first!, default: 0] += 1 }
            }
        }
        return votes.mapValues { counts in counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key }
    }

    /// Feminine endings and their masculine, tried on a word the labels do not know.
    static let feminineEndings: [(String, String)] = [
        ("euse", "eur"), ("rice", "eur"), ("iere", "ier"), ("ere", "er"), ("ive", "if"), ("enne", "en"),
        ("elle", "el"), ("ette", "et"), ("esse", "e"), ("ee", "e"), ("e", ""),
    ]

    static func derive(_ word: String, known: Set<String>, masculine: [String: String], expansions: [String: String] = [:]) -> String {
        if let full = expansions[word] { return derive(full, known: known, masculine: masculine) }
        if let male = masculine[word] { return singular(male, known: known) }
        if known.contains(word) { return singular(word, known: known) }
        let singularForm = singular(word, known: known)
        if singularForm != word { return masculine[singularForm].map { singular($0, known: known) } ?? singularForm }
        for base in [word, dropping(word, "s")].compactMap({ $0 }) {
            for (ending, replacement) in feminineEndings {
                guard let stem = dropping(base, ending) else { continue }
                let candidate = stem + replacement
                if candidate.count >= 2, known.contains(candidate) { return singular(candidate, known: known) }
            }
        }
        return word
    }

    /// `services` → `service`, `bureaux` → `bureau`, `generaux` → `general`, when the labels know the
    /// singular; otherwise the word itself.
    static func singular(_ word: String, known: Set<String>) -> String {
        if let stem = dropping(word, "aux"), known.contains(stem + "al") { return stem + "al" }
        for ending in ["s", "x"] {
            if let stem = dropping(word, ending), stem.count >= 2, known.contains(stem) { return stem }
        }
        return word
    }

    static func dropping(_ word: String, _ ending: String) -> String? {
        word.hasSuffix(ending) && word.count > ending.count ? String(word.dropLast(ending.count)) : nil
    }
}

/// How many times each letter a–z occurs in a word (other bytes in one more bin): a lower bound of the edit
/// distance is half the difference of two words' counts.
struct LetterCounts: Sendable {
    private var bins: [UInt8]

    init(_ bytes: some Sequence<UInt8>) {
        bins = [UInt8](repeating: 0, count: 27)
        for byte in bytes {
            let bin = (97...122).contains(byte) ? Int(byte - 97) : 26
            bins[bin] &+= 1
        }
    }

    /// Σ |a − b| over the bins.
    func difference(_ other: LetterCounts) -> Int {
        var total = 0
        for i in 0..<27 { total += abs(Int(bins[i]) - Int(other.bins[i])) }
        return total
    }
}

/// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of neighbours),
/// computed only up to a bound: typo correction compares one word against thousands.
///
///     EditDistance.bounded(Array("shortlsit".utf8), Array("shortlist".utf8), limit: 2)   // 1
public enum EditDistance {
    /// The distance between `a` and `b`, or `nil` when it exceeds `limit`.
    public static func bounded(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        let n = b.count
        var before = [Int](repeating: 0, count: n + 1)
        var previous = Array(0...n)
        var current = [Int](repeating: 0, count: n + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(n, 1) where n > 0 {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, before[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return nil }
            (before, previous, current) = (previous, current, before)
        }
        let distance = a.isEmpty ? n : previous[n]
        return distance <= limit ? distance : nil
    }
}
