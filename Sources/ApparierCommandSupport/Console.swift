public import ArgumentParser
import Foundation
public import MatchCore

/// What every command shares: notes on standard error, the actor named in the audit log, one-line failures,
/// dates as arguments.

extension Day: ArgumentParser.ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// A failure reported to the user as one line, exit status 1.
package struct CommandFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ message: String) { description = message }
}

extension Day {
    /// The current day (UTC).
    package static var today: Day {
        Day(ordinal: Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// Runs `body`; a `MatchError` it throws is reported to the user as a one-line failure.
///
///     let receipt = try reportingFailures { try store.eraseCandidate(id: id, by: actor) }
package func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as MatchError { throw CommandFailure(error.description) }
}

/// Prints progress notes to standard error, so standard output stays clean for JSON and CSV.
package func note(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Who is acting, for the audit log: `--by`, else the login name.
package func actorName(_ by: String?) -> String {
    if let by, !by.trimmingCharacters(in: .whitespaces).isEmpty { return by }
    let env = ProcessInfo.processInfo.environment
    return env["USER"] ?? env["LOGNAME"] ?? ProcessInfo.processInfo.userName
}
