import Foundation
@testable import MatchCore
import MatchTestSupport
import Testing
@testable import MatchData

/// The shipped referential and title files, loaded once for the suite.
enum TitleFixture {
    static let data = RepositoryPaths.dataDirectory()
    static let rome = try! ReferentialLoader.loadRome(from: data)
    static let matcher = try! ReferentialLoader.loadTitleMatcher(from: data, rome: rome)

    static func firstFiche(_ title: String) -> String? { matcher.matchFiches(title, top: 1).first?.romeCode }
    static func fiches(_ title: String, top: Int = 5) -> [String] { matcher.matchFiches(title, top: top).map(\.romeCode) }
}

@Suite("Job titles: normalisation")
struct TitleTextTests {
    func words(_ text: String) -> [String] { TitleText.words(text).map(\.text) }

    @Test("Case, accents and ligatures fold; H/F and its variants go")
    func foldingAndGenderMarks() {
        #expect(words("Éducateur Spécialisé H/F") == ["educateur", "specialise"])
        #expect(words("Manœuvre de chantier (F/H)") == ["manoeuvre", "chantier"])
        #expect(words("Adjoint-e Responsable de Boutique H/F/X") == ["adjoint", "responsable", "boutique"])
        #expect(words("Livreur / Livreuse (H/F)") == ["livreur", "livreuse"])
        #expect(words("Femme/Homme de ménage") == ["menage"])   // the gender, written as a noun
    }

    @Test("Inclusive forms keep the word: (e), (se), (ère), .rice, -e, -fe, (trice)")
    func inclusiveForms() {
        #expect(words("Serveur(se)") == ["serveur"])
        #expect(words("Aide-soignant(e)") == ["aide", "soignant"])
        #expect(words("Aide Boulanger(ère)") == ["aide", "boulanger"])
        #expect(words("Animateur.rice enfance") == ["animateur", "enfance"])
        #expect(words("Chef-fe d'équipe") == ["chef", "equipe"])
        #expect(words("Directeur (trice) de camping") == ["directeur", "camping"])
        #expect(words("Assistant(e) administratif(ve) et comptable") == ["assistant", "administratif", "comptable"])
    }

    @Test("Elisions, digits and function words are left out; a word after « à » is marked")
    func elisionsAndPlaces() {
        #expect(words("Chef d'équipe l'atelier") == ["chef", "equipe", "atelier"])
        #expect(words("Secrétaire médical Privas CDI 50% 07130") == ["secretaire", "medical", "privas", "cdi"])
        let marked = TitleText.words("Agent d'entretien à Arras")
        #expect(marked.map(\.followsPreposition) == [false, false, true])
        #expect(!TitleText.words("Prêt-à-porter")[1].followsPreposition)
    }
}

@Suite("Job titles: the vocabulary the labels teach")
struct TitleVocabularyTests {
    let vocabulary = TitleVocabulary(labels: [
        "Vendeur / Vendeuse en boulangerie", "Chauffeur routier / Chauffeuse routière", "Agent / Agente des services hospitaliers",
        "Aide-soignant / Aide-soignante", "Cariste", "Animateur / Animatrice", "Chef de service", "Aide hospitalier",
    ])

    @Test("Feminine forms from « masculin / féminin » labels, then from the usual endings")
    func genders() {
        #expect(vocabulary.canonical("vendeuse") == "vendeur")
        #expect(vocabulary.canonical("routiere") == "routier")
        #expect(vocabulary.canonical("agente") == "agent")
        #expect(vocabulary.canonical("cariste") == "cariste")
        // Not in a label as such: the ending rules (-rice → -eur, -ière → -ier) find the masculine.
        #expect(vocabulary.canonical("animatrices") == "animateur")
    }

    @Test("Plurals become the singular the labels use, when they use it")
    func plurals() {
        #expect(TitleVocabulary(labels: ["Agent des services"]).canonical("services") == "services")
        #expect(vocabulary.canonical("services") == "service")
        #expect(vocabulary.canonical("hospitaliers") == "hospitalier")
        #expect(vocabulary.canonical("vendeurs") == "vendeur")
    }

    @Test("Words of five letters or more tolerate one edit (two from eight letters); shorter ones none")
    func typos() {
        #expect(vocabulary.correction(of: "carsite")?.word == "cariste")        // two letters swapped
        #expect(vocabulary.correction(of: "soigante")?.word == "soignant")      // one letter missing, then canonical
        #expect(vocabulary.correction(of: "chaufeur")?.edits == 1)
        #expect(vocabulary.correction(of: "vandeur")?.word == "vendeur")
        #expect(vocabulary.correction(of: "cariz") == nil)                       // 5 letters, two edits away
        #expect(vocabulary.correction(of: "agnt") == nil)                        // too short to correct
    }

    @Test("The bounded edit distance agrees with a plain one on every pair of a word list")
    func editDistanceAgainstReference() {
        func plain(_ a: [UInt8], _ b: [UInt8]) -> Int {
            var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { d[i][0] = i }
            for j in 0...b.count { d[0][j] = j }
            for i in stride(from: 1, through: a.count, by: 1) {
                for j in stride(from: 1, through: b.count, by: 1) {
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                }
            }
            return d[a.count][b.count]
        }
        let words = ["cariste", "carsite", "caristes", "soignant", "soigante", "vendeur", "vendeuse", "", "a", "ab", "ba", "boulanger"]
        for a in words {
            for b in words {
                let x = Array(a.utf8), y = Array(b.utf8)
                for limit in 0...3 {
                    let expected = plain(x, y)
                    #expect(EditDistance.bounded(x, y, limit: limit) == (expected <= limit ? expected : nil), "\(a) / \(b) / \(limit)")
                }
            }
        }
    }
}

@Suite("Job titles to ROME over the shipped referential")
struct TitleMatcherTests {
    @Test("On the real labels, a short label's inclusive forms and abbreviations read as its long label's words")
    func realLabelsInclusiveForms() throws {
        let vocabulary = TitleFixture.matcher.vocabulary
        func terms(_ label: String) -> Set<String> { Set(TitleText.words(label).map { vocabulary.canonical($0.text) }) }
        // Short labels with an inclusive form "(se)", "(trice)", "(ère)"… and no abbreviation.
        let inclusive = TitleFixture.matcher.appellations.filter { a in
            a.shortLabel != a.label && a.shortLabel.contains("(") && !a.shortLabel.contains(".")
                && a.shortLabel.count >= a.label.count - a.label.split(separator: "/").last!.count
        }
        #expect(inclusive.count > 1_000)
        // Short labels drop words of the long one, but every word they keep is a word of the long label.
        let same = inclusive.filter { terms($0.shortLabel).isSubset(of: terms($0.label)) }
        #expect(Double(same.count) / Double(inclusive.count) > 0.9, "\(same.count) of \(inclusive.count)")
        // Examples written in the file as such.
        let accastilleur = try #require(TitleFixture.matcher.appellations.first { $0.code == "10202" })
        #expect(accastilleur.shortLabel == "Accastilleur(se)-monteur(se) électronique de marine")
        #expect(terms(accastilleur.shortLabel) == terms(accastilleur.label))
        // "Soudeur marin / Soudeuse marine" makes `marine` the feminine of `marin`, in labels and titles alike.
        #expect(terms(accastilleur.label) == ["accastilleur", "monteur", "electronique", "marin"])
    }

    @Test("An employer's words find the fiche, with the words that matched")
    func employerWords() throws {
        let best = try #require(TitleFixture.matcher.match("vendeuse boulangerie", top: 3).first)
        #expect(best.romeCode == "D1106")
        #expect(best.libelle.contains("boulangerie"))
        #expect(best.matched.contains("vendeuse → vendeur") && best.matched.contains("boulangerie"))
        #expect(TitleFixture.firstFiche("Aide-soignant(e) de nuit") == "J1501")
        #expect(TitleFixture.firstFiche("Serveur(se) en restauration") == "G1803")
        #expect(TitleFixture.firstFiche("Femme de ménage") != "J1104")   // not "sage-femme"
    }

    @Test("Suggestions while typing: an unfinished last word stands for the known words it begins")
    func completion() throws {
        let typed = try #require(TitleFixture.matcher.match("vendeuse boul", top: 1, completingLastWord: true).first)
        #expect(typed.romeCode == "D1106", "\(typed)")
        #expect(typed.matched.contains { $0.hasPrefix("boul… → ") }, "\(typed.matched)")
        // Without completion, "boul" is no word: the title is just "vendeuse".
        #expect(TitleFixture.matcher.reading(of: "vendeuse boul") == ["vendeuse → vendeur"])
        #expect(TitleFixture.matcher.match("aide soi", top: 1, completingLastWord: true).first?.romeCode == "J1501")
    }

    @Test("Typos in long words: « carsite », « aide soigante »")
    func typos() {
        #expect(TitleFixture.firstFiche("carsite caces 3") == "N1101")
        #expect(TitleFixture.firstFiche("aide soigante") == "J1501")
        let reading = TitleFixture.matcher.reading(of: "carsite")
        #expect(reading == ["carsite → cariste"])
    }

    @Test("Qualifying words (contract, time, urgency, a town after « à », a CACES category) do not move the answer")
    func qualifiers() {
        for (plain, qualified) in [
            ("Vendeuse en boulangerie", "Vendeuse en boulangerie CDI urgent temps partiel"),
            ("Cariste", "Cariste CACES 3 à Arras"),
            ("Agent de sécurité", "Agent de sécurité H/F à Saint-Omer - poste débutant accepté"),
            ("Magasinier", "Magasinier en intérim, horaires de journée"),
        ] {
            let expected = TitleFixture.firstFiche(plain)
            #expect(expected != nil, "\(plain) finds a fiche")
            #expect(TitleFixture.firstFiche(qualified) == expected, "\(qualified)")
        }
    }

    @Test("Every entry of titres/sigles.csv names a fiche of the referential and, alone, finds it in the first five")
    func abbreviationFile() throws {
        let entries = TitleFixture.matcher.abbreviations
        #expect(entries.count >= 30)
        for entry in entries {
            #expect(TitleFixture.rome.ficheIndex[entry.romeCode] != nil, "\(entry.abbreviation)")
            #expect(!entry.source.isEmpty && !entry.meaning.isEmpty)
            #expect(TitleFixture.fiches(entry.abbreviation).contains(entry.romeCode),
                    "\(entry.abbreviation) → \(TitleFixture.fiches(entry.abbreviation))")
        }
        for required in ["SPL", "PL", "VL", "ASH", "AESH", "ATSEM", "AVS", "IDE", "CACES", "SSIAP", "BTP", "TP", "RH", "ADV"] {
            #expect(entries.contains { $0.abbreviation == required }, "\(required)")
        }
    }

    @Test("Abbreviations in titles: Chauffeur SPL, ASH, ATSEM")
    func abbreviationsInTitles() {
        #expect(TitleFixture.fiches("Chauffeur SPL", top: 3).contains("N4101"))
        #expect(TitleFixture.firstFiche("ASH H/F") == "J1301")
        #expect(TitleFixture.firstFiche("ATSEM remplaçante") == "K1308")
    }

    @Test("A bad abbreviation file is refused with its file, line and column")
    func badAbbreviationFile() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "apparier-titres-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appending(path: "sigles.csv")
        try Data("sigle,sens,code_rome,source\nSPL,super poids lourd,N4101,Code de la route\nXYZ,inconnu,Z9999,nulle part\n".utf8).write(to: file)
        do {
            _ = try ReferentialLoader.readAbbreviations(file, fiches: Set(TitleFixture.rome.fiches.map(\.code)))
            Issue.record("an unknown fiche was accepted")
        } catch let error as MatchError {
            #expect(error.line == 3 && error.field == "code_rome", "\(error)")
        }
    }

    @Test("A fiche's checklist: core items first, then by how few fiches share them, as a plain sort says")
    func checklist() throws {
        let rome = TitleFixture.rome
        let items = try #require(rome.checklist(for: "D1102"))
        let fiche = Int(rome.ficheIndex["D1102"]!)
        #expect(items.count == rome.ficheItems[fiche].count)
        #expect(items.filter(\.isCore).count == rome.ficheCoreItems[fiche].count)
        let firstOther = items.firstIndex { !$0.isCore } ?? items.count
        #expect(items[..<firstOther].allSatisfy(\.isCore) && items[firstOther...].allSatisfy { !$0.isCore })
        var sharing = [String: Int]()
        for list in rome.ficheItems { for item in list { sharing[rome.items[Int(item)].code, default: 0] += 1 } }
        for item in items { #expect(item.fichesSharing == sharing[item.code]) }
        for group in [Array(items[..<firstOther]), Array(items[firstOther...])] {
            #expect(zip(group, group.dropFirst()).allSatisfy { $0.fichesSharing <= $1.fichesSharing })
        }
        #expect(rome.checklist(for: "Z9999") == nil)
    }
}
