import Foundation
package import MatchCore

/// The checks every imported record passes, whatever its format: the records' own rules
/// (``Candidate/problems(rome:communes:)``, ``JobOffer/problems(rome:communes:)``, in MatchCore) against the
/// referentials, so that anything in the store can be matched.
///
///     let rules = RecordRules(rome: model.rome, communes: model.communes)
///     rules.problems(of: candidate)   // [("experiences[0].romeCode", "code ROME « Z9999 » inconnu…")]
package struct RecordRules {
    let rome: RomeReferential
    let communes: CommuneDirectory

    init(rome: RomeReferential, communes: CommuneDirectory) { self.rome = rome; self.communes = communes }

    typealias Problem = (field: String, message: String)

    /// Every rule the candidate breaks, so that one run reports all of a record's faults.
    func problems(of c: Candidate) -> [Problem] { c.problems(rome: rome, communes: communes).map(pair) }

    /// Every rule the offer breaks; see ``problems(of:)-(Candidate)``.
    func problems(of o: JobOffer) -> [Problem] { o.problems(rome: rome, communes: communes).map(pair) }

    /// An offer stored but that cannot be matched until it has coordinates.
    func warning(of o: JobOffer) -> Problem? { first(o.warnings(communes: communes)) }

    private func first(_ problems: [RecordProblem]) -> Problem? { problems.first.map(pair) }

    private func pair(_ problem: RecordProblem) -> Problem { (problem.field, problem.description) }
}

extension ParsedFile where Record: Sendable {
    /// Applies `problems` (on all cores) and the id rules (not empty, unique in the file: `ids` holds those
    /// of the file's windows already checked) to every record: a record that fails is moved to `problems`,
    /// each of its faults reported; `warning` adds to the returned warnings.
    mutating func check(id: (Record) -> String, problems recordProblems: @Sendable (Record) -> [RecordRules.Problem],
                        warning: (Record) -> RecordRules.Problem? = { _ in nil }, ids: IdRegister = IdRegister()) -> [ImportProblem] {
        var kept = [Record](), keptIndices = [Int](), warnings = [ImportProblem]()
        kept.reserveCapacity(records.count)
        let all = records
        let faultsOf = parallelMap(all.count) { recordProblems(all[$0]) }
        for ((record, index), faults) in zip(zip(records, indices), faultsOf) {
            let key = id(record)
            if let first = ids.firstIndex[key] {
                // The first holder by its line, else by its place in the file as a JSON path says it (`[0]` first).
                let holder = places.problem(record: first, field: "id", message: "").line.map { "à la ligne \($0)" }
                    ?? "par l'enregistrement [\(first)]"
                problems.append(places.problem(record: index, field: "id", message: "identifiant « \(key) » en double (déjà pris \(holder))"))
                continue
            }
            if !faults.isEmpty {
                problems += faults.map { places.problem(record: index, field: $0.field, message: $0.message) }
                continue
            }
            ids.firstIndex[key] = index
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
