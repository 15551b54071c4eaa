import Foundation
import MatchCore
import Testing
@testable import MatchData

/// The repository's `data/` folder: walk up from this file to the folder holding `Package.swift`.
private func repositoryDataDirectory(file: String = #filePath) throws -> URL {
    var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    while folder.path != "/" {
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            return folder.appendingPathComponent("data")
        }
        folder = folder.deletingLastPathComponent()
    }
    throw MatchError(.invalidRecord, file: file, message: "no Package.swift above the test file")
}

/// Writes `text` to a fresh file in the temporary directory.
private func temporaryFile(_ text: String, name: String = "travel.csv") throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("apparier-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}

/// Runs `body`, which must throw a ``MatchError``, and returns it.
private func dataFileError(_ body: () throws -> Void) -> MatchError? {
    do {
        try body()
        Issue.record("expected a MatchError, nothing was thrown")
    } catch let error as MatchError {
        return error
    } catch {
        Issue.record("expected a MatchError, got \(error)")
    }
    return nil
}

@Suite struct ReferentialLoaderTests {
    // MARK: ROME

    @Test func romeFichesAndParents() throws {
        let rome = try ReferentialLoader.loadRome(from: repositoryDataDirectory())
        #expect(rome.fiches.count == 1584)
        #expect(rome.version == "ROME 4.0 version 60 - 25M09")
        let m1612 = try #require(rome.ficheIndex["M1612"])
        #expect(rome.fiches[Int(rome.parent[Int(m1612)])].code == "M1607")
        let m1607 = try #require(rome.ficheIndex["M1607"])
        #expect(rome.parent[Int(m1607)] == m1607)
        #expect(rome.fiches[Int(m1607)].domaineCode == "M16")
        #expect(Set(rome.fiches.filter { $0.parentCode == $0.code }.map(\.code)).count == 532)
    }

    @Test func romeMobility() throws {
        let rome = try ReferentialLoader.loadRome(from: repositoryDataDirectory())
        let a1101 = try #require(rome.ficheIndex["A1101"])
        let a1102 = try #require(rome.ficheIndex["A1102"])
        #expect(rome.mobility[Int(a1101)].contains(a1102))
        #expect(rome.mobility[Int(a1102)].contains(a1101))
    }

    @Test func romeItemsCoverOfferCompetencesAndExcludeContextes() throws {
        let rome = try ReferentialLoader.loadRome(from: repositoryDataDirectory())
        // 100341 "Procédures d'encaissement" is a competence code of a real France Travail offer.
        let index = try #require(rome.itemIndex["100341"])
        let item = rome.items[Int(index)]
        #expect(item.label == "Procédures d'encaissement")
        #expect(item.kind == .savoir)
        #expect(rome.itemIndex["100023"].map { rome.items[Int($0)].kind } == .savoirFaire)
        #expect(rome.items.count == 33_850 - 179)
        #expect(!rome.items.contains { $0.kind == .contexte })
        #expect(rome.ficheCoreItems.contains { !$0.isEmpty })
        #expect(rome.ficheItems.allSatisfy { !$0.isEmpty })
    }

    @Test func romeMissingFileIsNamed() throws {
        let folder = try temporaryFile("", name: "placeholder").deletingLastPathComponent()
        let error = dataFileError { _ = try ReferentialLoader.loadRome(from: folder) }
        #expect(error?.file?.hasSuffix(ReferentialLoader.Files.romeDomaines) == true)
        #expect(error?.message == "file not found")
    }

    // MARK: Communes

    @Test func communesOfHautsDeFrance() throws {
        let communes = try ReferentialLoader.loadCommunes(from: repositoryDataDirectory())
        #expect(communes.count == 3787)
        #expect(communes["60694"] == nil)  // no coordinates in the source
        #expect(communes.communes.map(\.code) == communes.communes.map(\.code).sorted())
        let lille = try #require(communes["59350"])
        #expect(lille.name == "Lille")
        #expect(abs(lille.location.latitude - 50.63) < 0.05)
        #expect(abs(lille.location.longitude - 3.06) < 0.05)
        #expect(lille.population > 200_000)
        #expect(lille.workingAgePopulation > lille.unemployed && lille.unemployed > 0)
        #expect(lille.zoneEmploi == "3216")
        #expect(lille.epci == "200093201")  // Métropole Européenne de Lille
        #expect(communes["02311"]?.epci == nil)  // merged into a commune nouvelle before the 2025 EPCI table
        #expect(communes["02001"]?.code == "02001")
    }

    // MARK: Travel matrix

    @Test func travelMatrixLoads() throws {
        let url = try temporaryFile("""
            from,to,mode,minutes
            59350,59009,car,14.5
            59350,59009,transport_en_commun,22
            59350,59009,VELO,31
            2001,59009,marche,120

            59009,75056,walk,0
            """)
        let communes = CommuneDirectory([
            Commune(code: "02001", name: "Abbécourt", location: GeoPoint(latitude: 49.6, longitude: 3.18)),
        ])
        let matrix = try ReferentialLoader.loadTravelMatrix(from: url, communes: communes)
        #expect(matrix.count == 5)
        #expect(matrix.minutes(from: "59350", to: "59009", mode: .car) == 14.5)
        #expect(matrix.minutes(from: "59350", to: "59009", mode: .transit) == 22)
        #expect(matrix.minutes(from: "59350", to: "59009", mode: .bike) == 31)
        #expect(matrix.minutes(from: "02001", to: "59009", mode: .walk) == 120)
        #expect(matrix.minutes(from: "59009", to: "75056", mode: .walk) == 0)  // outside the directory: kept
    }

    @Test func travelMatrixBadMinutesNamesLineAndField() throws {
        let url = try temporaryFile("from,to,mode,minutes\n59350,59009,car,14\n59350,59009,transit,abc\n")
        let error = try #require(dataFileError { _ = try ReferentialLoader.loadTravelMatrix(from: url, communes: nil) })
        #expect(error.file == url.path)
        #expect(error.line == 3)
        #expect(error.field == "minutes")
        #expect(error.description.hasPrefix("\(url.path):3: champ minutes : "))
    }

    @Test(arguments: [
        ("59350,59009,car,-1", "minutes"), ("59350,59009,car,inf", "minutes"), ("59350,59009,car,nan", "minutes"),
        ("59350,59009,plane,10", "mode"), ("5935,59009,car,10", "from"), ("59350,,car,10", "to"),
    ])
    func travelMatrixRejectsBadValues(row: String, field: String) throws {
        let url = try temporaryFile("from,to,mode,minutes\n\(row)\n")
        let error = dataFileError { _ = try ReferentialLoader.loadTravelMatrix(from: url, communes: nil) }
        #expect(error?.line == 2)
        #expect(error?.field == field)
    }

    @Test func travelMatrixStructuralErrors() throws {
        let missingColumn = try temporaryFile("from,to,minutes\n59350,59009,10\n")
        let column = dataFileError { _ = try ReferentialLoader.loadTravelMatrix(from: missingColumn, communes: nil) }
        #expect(column?.line == 1 && column?.field == "mode")

        let shortRow = try temporaryFile("from,to,mode,minutes\n59350,59009,car\n")
        #expect(dataFileError { _ = try ReferentialLoader.loadTravelMatrix(from: shortRow, communes: nil) }?.line == 2)

        let conflict = try temporaryFile("from,to,mode,minutes\n59350,59009,car,10\n59350,59009,voiture,12\n")
        #expect(dataFileError { _ = try ReferentialLoader.loadTravelMatrix(from: conflict, communes: nil) }?.line == 3)

        let empty = try temporaryFile("")
        #expect(dataFileError { _ = try ReferentialLoader.loadTravelMatrix(from: empty, communes: nil) }?.line == 1)

        let missing = empty.deletingLastPathComponent().appendingPathComponent("absent.csv")
        let notFound = dataFileError { _ = try ReferentialLoader.loadTravelMatrix(from: missing, communes: nil) }
        #expect(notFound?.description == "\(missing.path): file not found")
    }

    @Test func lineNumbersFollowQuotedLineBreaksAndInvalidUTF8() throws {
        let url = try temporaryFile("from,to,mode,minutes\n\"59350\",\"59009\",\"car\",\"1\"\n\"593\n50\",59009,car,2\n")
        let error = dataFileError { _ = try ReferentialLoader.loadTravelMatrix(from: url, communes: nil) }
        #expect(error?.line == 3 && error?.field == "from")

        var bytes = Data("from,to,mode,minutes\n59350,59009,car,1\n59350,".utf8)
        bytes.append(contentsOf: [0xFF, 0xFE])
        let invalid = try temporaryFile("")
        try bytes.write(to: invalid)
        let decoding = dataFileError { _ = try ReferentialLoader.loadTravelMatrix(from: invalid, communes: nil) }
        #expect(decoding?.line == 3 && decoding?.message == "pas en UTF-8 valide")
    }

    @Test func errorDescriptionOmitsAbsentParts() {
        #expect(MatchError(.invalidRecord, file: "a.csv", line: 3, field: "minutes", message: "bad").description
            == "a.csv:3: champ minutes : bad")
        #expect(MatchError(.invalidRecord, file: "a.csv", message: "file not found").description == "a.csv: file not found")
        #expect(MatchError(.invalidRecord, file: "a.csv", field: "x", message: "bad").description == "a.csv: champ x : bad")
    }
}

@Suite struct ShippedPolicyTests {
    /// The file the tools load and the policy the tests use must be one and the same.
    @Test func shippedPolicyFileIsTheStandardPolicy() throws {
        let models = try repositoryDataDirectory().deletingLastPathComponent().appendingPathComponent("models")
        let shipped = try ModelStore.loadPolicy(at: models.appendingPathComponent(ModelStore.policyFileName))
        var rules = shipped
        rules.provenance = nil   // where the weights come from; the rules themselves must be the same
        #expect(rules == ScoringPolicy.standard)
        let previous = try ModelStore.loadPolicy(at: models.appendingPathComponent("policy-v1.json"))
        #expect(previous.version == "policy-v1")
        #expect(previous != shipped)
        // Files written before the silence rule still load, without it.
        for version in ["policy-v3", "policy-v4"] {
            let old = try ModelStore.loadPolicy(at: models.appendingPathComponent("\(version).json"))
            #expect(old.version == version && old.inference != nil && old.inference?.silenceWeight == nil)
        }
        #expect(shipped.inference?.silenceWeight == 1)
    }
}
