import Foundation
import Testing

@Suite("RGPD erasure and crash safety, through the command")
struct StoreSafetyCLITests {
    @Test("erase --candidate removes the candidate everywhere: the saved list keeps an 'effacé' line, the files no byte")
    func erase() throws {
        let cli = try CLIRunner()
        _ = try StoreFixture.filled(cli)
        #expect(try cli.run(["shortlist", "--offer", "LIL-C", "--save", "--date", "2026-11-23"]).status == 0)
        let result = try cli.run(["erase", "--candidate", "P-C-FAR-OK", "--by", "DPO"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Candidat P-C-FAR-OK effacé") && result.stdout.contains("1 ligne de listes enregistrées remplacée par « effacé »"))
        let shown = try cli.run(["shortlist", "--show", "1"])
        #expect(shown.stdout.contains("effacé (RGPD)") && !shown.stdout.contains("P-C-FAR-OK"), "\(shown.stdout)")
        let json = try cli.run(["shortlist", "--show", "1", "--format", "json"])
        let entries = ((json.json as? [String: Any])?["candidates"] as? [[String: Any]]) ?? []
        #expect(entries.count == 2 && entries.filter { $0["erased"] as? Bool == true }.count == 1)
        #expect(try cli.run(["shortlists"]).stdout.contains("2 (1 effacé)"))
        let files = try FileManager.default.contentsOfDirectory(at: cli.workingDirectory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("apparier.sqlite") }
        #expect(!files.isEmpty)
        for file in files {
            #expect(try Data(contentsOf: file).range(of: Data("P-C-FAR-OK".utf8)) == nil, "\(file.lastPathComponent) still holds the id")
        }
        let again = try cli.run(["erase", "--candidate", "P-C-FAR-OK"])
        #expect(again.status == 1 && again.stderr.contains("rien à effacer"))
    }

    @Test("An import killed midway (SIGKILL) leaves the store exactly as before, and usable",
          .enabled(if: FileManager.default.isExecutableFile(atPath: CLIRunner.terminalWrapper)))
    func killedImport() throws {
        let cli = try CLIRunner()
        _ = try StoreFixture.filled(cli)
        let before = try StoreFixture.status(cli, digest: true)
        let big = try cli.write(StoreSafetyCLITests.bigCSV(count: 25_000), to: "gros.csv")

        // On a terminal, the import shows its bar from inside its transaction: kill it at the first one.
        let (wrapper, output) = try cli.startInTerminal(["import", "candidates", big])
        var seen = ""
        while !seen.contains("/25\u{202F}000"), wrapper.isRunning {   // the total, as French has it
            let chunk = output.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(wrapper.isRunning, "the import finished before it could be killed: \(seen)")
        let importer = try #require(CLIRunner.childProcess(of: wrapper.processIdentifier))
        kill(importer, SIGKILL)
        wrapper.waitUntilExit()
        #expect(wrapper.terminationStatus == 128 + SIGKILL, "the import died of SIGKILL")
        #expect(seen.contains("gros.csv : import") && !seen.contains("candidats lus"), "\(seen)")

        let after = try StoreFixture.status(cli, digest: true)
        #expect(after["contentDigest"] as? String == before["contentDigest"] as? String, "the store is exactly as before")
        #expect(after["integrity"] as? String == "ok")
        #expect((after["rows"] as? [String: Int])?["candidate"] == 4)
        // And the store still works: the same import, run to the end, stores everything.
        let retry = try cli.run(["import", "candidates", big])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try StoreFixture.rows(cli, "candidate") == 25_004)
    }

    /// `count` valid candidates, as CSV.
    static func bigCSV(count: Int) -> String {
        var text = "id;commune;metiersRecherches;competences;permis;mobilite.modes;mobilite.tempsMaxMinutes\n"
        let communes = ["59350", "59009", "59183", "62041", "80021", "60057", "02691"]
        for i in 0..<count {
            text += "K\(i);\(communes[i % communes.count]);N1103;100341,300374,102405;B;voiture,marche;\(20 + i % 40)\n"
        }
        return text
    }
}
