import MatchCore
public import Foundation

/// Finds Apparier's shipped files (`data/` and `models/`) whatever the working directory:
/// `APPARIER_HOME` when set, else the first ancestor of the running executable that holds them
/// (a build tree `.build/release/apparier`, or an install `PREFIX/bin/apparier` with
/// `PREFIX/share/apparier/`).
///
///     let root = try ResourceLocator.root()
///     let data = root.appending(path: "data")
public enum ResourceLocator {
    static let marker = "data/rome/unix_referentiel_code_rome_v460_utf8.csv"

    public static func root(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let home = environment["APPARIER_HOME"], !home.isEmpty {
            let url = URL(fileURLWithPath: home)
            guard holdsResources(url) else {
                throw MatchError(.unreadableFile, file: url.path,
                                 message: "APPARIER_HOME ne contient pas \(marker)")
            }
            return url
        }
        for start in [executableURL(), sourceTreeURL()].compactMap({ $0 }) {
            var dir = start.deletingLastPathComponent()
            while dir.path != "/" {
                if holdsResources(dir) { return dir }
                let share = dir.appending(path: "share/apparier")
                if holdsResources(share) { return share }
                dir = dir.deletingLastPathComponent()
            }
        }
        throw MatchError(.unreadableFile, file: "data/",
                         message: "dossier de données d'Apparier introuvable près de l'exécutable ; définissez APPARIER_HOME sur le dossier qui contient data/ et models/")
    }

    /// `data/` of ``root(environment:)``: the referentials.
    public static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        try root(environment: environment).appending(path: "data")
    }

    static func holdsResources(_ dir: URL) -> Bool {
        FileManager.default.fileExists(atPath: dir.appending(path: marker).path)
    }

    static func executableURL() -> URL? {
        let link = "/proc/self/exe"
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: link) { return URL(fileURLWithPath: path) }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    /// The source checkout this module was compiled from, when it still exists (development builds).
    static func sourceTreeURL() -> URL? { URL(fileURLWithPath: #filePath) }
}
