import ApparierCommandSupport
import Foundation
import MatchData

/// The user's settings file: who sends the lists to employers. JSON, in
/// `$APPARIER_CONFIG`, else `$XDG_CONFIG_HOME/apparier/apparier.json`, else
/// `~/.config/apparier/apparier.json`:
///
///     {"plateforme": {"nom": "Proch'emploi Arras", "contact": "03 21 00 00 00 · arras@prochemploi.fr"}}
///
/// A missing file is allowed (the employer's export then names no platform, and a note says how to set
/// one); a file that cannot be read is an error naming it and the field.
struct ExportConfig: Decodable {
    struct Platform: Decodable {
        var nom: String
        var contact: String?
    }

    var plateforme: Platform?

    /// The sender printed on employer exports, if the settings file names one.
    var sender: ShortlistReport.Sender? {
        plateforme.map { ShortlistReport.Sender(name: $0.nom, contact: $0.contact ?? "") }
    }

    /// Where the settings file is looked for.
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment["APPARIER_CONFIG"], !path.isEmpty { return URL(fileURLWithPath: path) }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return URL(fileURLWithPath: xdg).appending(path: "apparier/apparier.json") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home).appending(path: ".config/apparier/apparier.json")
    }

    /// The settings, or none when the file does not exist.
    static func load() throws -> ExportConfig? {
        let url = path()
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            let config = try JSONDecoder().decode(ExportConfig.self, from: Data(contentsOf: url))
            if let name = config.plateforme?.nom, name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw CommandFailure("\(url.path) : champ plateforme.nom : le nom de la plateforme est vide")
            }
            return config
        } catch let failure as CommandFailure {
            throw failure
        } catch let error as DecodingError {
            let field = error.fieldPath.map { " : champ \($0)" } ?? ""
            throw CommandFailure("\(url.path)\(field) : fichier de réglages illisible (attendu : {\"plateforme\": {\"nom\": …, \"contact\": …}})")
        } catch {
            throw CommandFailure("\(url.path) : fichier de réglages illisible : \(error.localizedDescription)")
        }
    }

    /// The sender for an employer export; without one, a note says how to name the platform.
    static func senderForEmployerExport() throws -> ShortlistReport.Sender? {
        let sender = try load()?.sender
        if sender == nil {
            note("Note : l'export pour l'employeur ne nomme pas votre plateforme ; indiquez-la dans \(path().path) : {\"plateforme\": {\"nom\": \"…\", \"contact\": \"…\"}}")
        }
        return sender
    }
}
