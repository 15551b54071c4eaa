import Foundation
package import MatchCore

/// The checks every imported record passes, whatever its format: the records' own rules
/// (``Candidate/problems(rome:communes:)``, ``JobOffer/problems(rome:communes:)``, in MatchCore) against the
/// referentials, so that anything in the store can be matched.
///
///     let rules = RecordRules(rome: model.rome, communes: model.communes)
///     rules.problem(of: candidate)   // ("experiences[0].romeCode", "unknown ROME code \"Z9999\"")
package struct RecordRules {
    let rome: RomeReferential
    let communes: CommuneDirectory

    init(rome: RomeReferential, communes: CommuneDirectory) { self.rome = rome; self.communes = communes }

    typealias Problem = (field: String, message: String)

    func problem(of c: Candidate) -> Problem? { first(c.problems(rome: rome, communes: communes)) }

    func problem(of o: JobOffer) -> Problem? { first(o.problems(rome: rome, communes: communes)) }

    /// An offer stored but that cannot be matched until it has coordinates.
    func warning(of o: JobOffer) -> Problem? { first(o.warnings(communes: communes)) }

    private func first(_ problems: [RecordProblem]) -> Problem? { problems.first.map { ($0.field, $0.description) } }
}

extension ParsedFile {
    /// Applies `problem` and the id rules (not empty, unique in the file) to every record: a record that
    /// fails is moved to `problems`; `warning` adds to the returned warnings.
    mutating func check(id: (Record) -> String, problem: (Record) -> RecordRules.Problem?,
                        warning: (Record) -> RecordRules.Problem? = { _ in nil }) -> [ImportProblem] {
        var kept = [Record](), keptIndices = [Int](), warnings = [ImportProblem]()
        var firstIndex = [String: Int]()
        kept.reserveCapacity(records.count)
        for (record, index) in zip(records, indices) {
            let key = id(record)
            if let first = firstIndex[key] {
                let line = places.problem(record: first, field: "id", message: "").line.map { " à la ligne \($0)" } ?? ""
                problems.append(places.problem(record: index, field: "id",
                                               message: "identifiant « \(key) » en double (déjà pris par l'enregistrement \(first)\(line))"))
                continue
            }
            if let (field, message) = problem(record) {
                problems.append(places.problem(record: index, field: field, message: message))
                continue
            }
            firstIndex[key] = index
            if let (field, message) = warning(record) { warnings.append(places.problem(record: index, field: field, message: message)) }
            kept.append(record)
            keptIndices.append(index)
        }
        records = kept
        indices = keptIndices
        problems.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        return warnings
    }
}
