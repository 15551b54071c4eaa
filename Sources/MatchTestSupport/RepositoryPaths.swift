public import Foundation

/// Folders of the repository the tests run from, found by walking up from a source file to the folder
/// holding `Package.swift`.
///
///     let data = RepositoryPaths.dataDirectory()   // …/data, with the shipped referentials
public enum RepositoryPaths {
    /// The folder holding `Package.swift` above `file`.
    public static func root(file: String = #filePath) -> URL {
        var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appending(path: "Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }

    /// The repository's `data/` folder.
    public static func dataDirectory(file: String = #filePath) -> URL { root(file: file).appending(path: "data") }
}
