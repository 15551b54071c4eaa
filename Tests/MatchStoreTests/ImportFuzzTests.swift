import Foundation
import MatchCore
import MatchData
@testable import MatchStore
import Testing

/// The importers under a seeded mutation loop: valid JSON and CSV files of offers and candidates, mutated
/// byte by byte (flips, insertions of syntax characters, deletions, duplications, splices between files,
/// huge numbers, deep nesting), are read and checked as `apparier import` reads them; some are imported into
/// a filled store. Nothing may crash (a crash ends the test process), every refusal is a ``MatchError``,
/// and a refused import leaves the store's content digest as it was.
///
/// A mutation loop, not libFuzzer: it runs inside `swift test` with no second build of every module with
/// `-sanitize=fuzzer`, which would add minutes to each CI run. Bounded by `APPARIER_FUZZ_SECONDS` (default
/// 20 s) and reproducible from `APPARIER_FUZZ_SEED` (default 1).
@Suite("Importers under a seeded mutation loop", .serialized)
struct ImportFuzzTests {
    static let offersCSV = """
    id;intitule;romeCode;lieuTravail.commune;lieuTravail.latitude;lieuTravail.longitude;typeContrat;nombrePostes;competences;permis;experienceExige
    F-1;Vendeuse en boulangerie;D1106;Arras;;;CDI;2;300504:E,100341;B:E;Débutant accepté
    F-2;Cariste;n1101;62041;50.29;2.78;CDD;1;;CACES R489 3:E;E
    """

    static let candidatesCSV = """
    id;commune;metiersRecherches;experiences;competences;niveauDiplome;langues;permis;mobilite.modes;mobilite.tempsMaxMinutes;contrats;dateNaissance;rqth;formation.romeCode;formation.fin
    Q-1;59350;N4101;N4101:24;100341;3;Français:C1;CE;voiture;30;;1990-05-01;0;;
    Q-2;Arras;D1106;;;4;"Français:C1,Anglais:B1";B;voiture,transport_en_commun;45;CDI,CDD;2003-03-03;1;D1106;30/09/2026
    """

    enum Kind { case offers, candidates }

    static var seeds: [(Kind, String, Data)] {
        [(.offers, "offres.json", Data(Fixture.offersJSON.utf8)), (.offers, "offres.csv", Data(offersCSV.utf8)),
         (.candidates, "candidats.json", Data(Fixture.candidatesJSON.utf8)), (.candidates, "candidats.csv", Data(candidatesCSV.utf8))]
    }

    static let syntax = Array("{}[]\",:;\n\r\t\\0123456789-+.eE\"' nulltruefalse".utf8) + [0x00, 0xFF, 0xC3, 0xA9]

    @Test("Mutated files never crash the importers; a refused import changes nothing")
    func mutationLoop() throws {
        let environment = ProcessInfo.processInfo.environment
        let budget = Double(environment["APPARIER_FUZZ_SECONDS"] ?? "") ?? 20
        var rng = SplitMix64(seed: UInt64(environment["APPARIER_FUZZ_SEED"] ?? "") ?? 1)
        let store = try Fixture.filledStore()
        let before = try store.contentDigest()
        let seeds = Self.seeds
        var executions = 0, refused = 0, accepted = 0, imports = 0, importsRefused = 0
        let clock = ContinuousClock(), start = clock.now
        while (clock.now - start) < .seconds(budget) {
            let (kind, file, seed) = seeds[Self.pick(0...(seeds.count - 1), &rng)]
            var data = [UInt8](seed)
            for _ in 0..<Self.pick(1...4, &rng) {
                Self.mutate(&data, rng: &rng, other: [UInt8](seeds[Self.pick(0...(seeds.count - 1), &rng)].2))
            }
            let input = Data(data)
            executions += 1
            do {
                switch kind {
                case .offers: _ = try RecordFiles.readOffers(input, file: file, model: Fixture.model)
                case .candidates:
                    var (parsed, _) = try RecordReader.candidates(input, file: file)
                    _ = RecordReader.check(&parsed, model: Fixture.model)
                    try RecordReader.refuseIfNeeded(parsed, file: file, skipInvalid: false, importing: false)
                }
                accepted += 1
            } catch is MatchError {
                refused += 1
            }
            // One input in fifteen goes into a store: all or nothing.
            guard executions % 15 == 0 else { continue }
            imports += 1
            let copy = try Fixture.filledStore()   // the same content as `store` (a fixed clock): digest `before`
            do {
                switch kind {
                case .offers: try copy.importOffers(input, file: file, model: Fixture.model, options: Fixture.options())
                case .candidates: try copy.importCandidates(input, file: file, model: Fixture.model, options: Fixture.options())
                }
            } catch is MatchError {
                importsRefused += 1
                #expect(try copy.contentDigest() == before, "a refused import changed the store: \(String(decoding: input.prefix(300), as: UTF8.self))")
            }
        }
        #expect(try store.contentDigest() == before)
        #expect(executions > 200, "the loop ran \(executions) times only")
        #expect(refused > 0 && accepted > 0, "the mutations are all fatal or all harmless: the loop shows nothing (\(refused) refused, \(accepted) accepted)")
        print("fuzz: \(executions) inputs in \(String(format: "%.1f", (clock.now - start).seconds)) s — \(accepted) accepted, \(refused) refused; "
              + "\(imports) imported into a store, \(importsRefused) refused with the store unchanged; no crash")
    }

    /// A number drawn from `range`.
    static func pick(_ range: ClosedRange<Int>, _ rng: inout SplitMix64) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// One mutation of `data`, drawn from `rng`; `other` is another seed to splice from.
    static func mutate(_ data: inout [UInt8], rng: inout SplitMix64, other: [UInt8]) {
        let position = data.isEmpty ? 0 : pick(0...(data.count - 1), &rng)
        switch pick(0...7, &rng) {
        case 0: if !data.isEmpty { data[position] ^= UInt8(1 << pick(0...7, &rng)) }
        case 1: data.insert(syntax[pick(0...(syntax.count - 1), &rng)], at: position)
        case 2:
            guard !data.isEmpty else { return }
            data.removeSubrange(position..<(position + min(pick(1...16, &rng), data.count - position)))
        case 3:
            guard !data.isEmpty else { return }
            let copied = data[position..<(position + min(pick(1...64, &rng), data.count - position))]
            data.insert(contentsOf: copied, at: pick(0...(data.count - 1), &rng))
        case 4:
            guard !other.isEmpty else { return }
            let from = pick(0...(other.count - 1), &rng)
            data.insert(contentsOf: other[from..<(from + min(pick(1...80, &rng), other.count - from))], at: position)
        case 5:
            // A digit becomes the start of a huge number.
            if let i = data.indices.dropFirst(position).first(where: { (48...57).contains(data[$0]) }) {
                data.insert(contentsOf: Array("9223372036854775807999".utf8), at: i)
            }
        case 6:
            let bracket = UInt8(ascii: pick(0...1, &rng) == 0 ? "[" : "{")
            data.insert(contentsOf: [UInt8](repeating: bracket, count: pick(10...3_000, &rng)), at: position)
        default:
            // A repeated member or column name.
            if let i = data.indices.dropFirst(position).first(where: { data[$0] == UInt8(ascii: "\"") }) {
                let end = data[(i + 1)...].firstIndex(of: UInt8(ascii: "\"")) ?? i
                data.insert(contentsOf: Array(data[i...end]) + Array(": 1, ".utf8), at: i)
            }
        }
    }
}
