public import Foundation
public import MatchCore

/// Reads offers and candidates from a JSON or CSV file (docs/formats.md) and checks every record against
/// the rules and the referentials (``RecordRules``): what `apparier import` stores and what
/// `apparier shortlist --offers/--candidates` matches come through here, so both accept the same files and
/// report the same problems, each at its `file:line: field`.
///
///     let offers = try RecordFiles.readOffers(at: URL(fileURLWithPath: "offres.csv"), model: model)
package enum RecordReader {
    /// The offers of a file whose format is found from its name or its first byte. A whole-file error (not
    /// JSON, no header…) refuses the file.
    package static func offers(_ data: Data, file: String) throws -> (ParsedFile<JobOffer>, ImportFormat) {
        let (windows, format) = try offerWindows(data, file: file, windowBytes: .max)
        return (try refusing(file) { try windows.read(0) }, format)
    }

    /// The candidates of a file; see ``offers(_:file:)``.
    package static func candidates(_ data: Data, file: String) throws -> (ParsedFile<Candidate>, ImportFormat) {
        let (windows, format) = try candidateWindows(data, file: file, windowBytes: .max)
        return (try refusing(file) { try windows.read(0) }, format)
    }

    /// The offers of a file in windows of about `windowBytes` bytes (``RecordWindows``); a whole-file error
    /// found before the records (not UTF-8, no header…) refuses the file.
    package static func offerWindows(_ data: Data, file: String, windowBytes: Int) throws -> (RecordWindows<JobOffer>, ImportFormat) {
        try windows(data, file: file, json: { JSONRecords.offerWindows(data, file: file, windowBytes: windowBytes) },
                    csv: { try CSVRecords.offerWindows($0, windowBytes: windowBytes) })
    }

    /// The candidates of a file in windows; see ``offerWindows(_:file:windowBytes:)``.
    package static func candidateWindows(_ data: Data, file: String, windowBytes: Int) throws -> (RecordWindows<Candidate>, ImportFormat) {
        try windows(data, file: file, json: { JSONRecords.candidateWindows(data, file: file, windowBytes: windowBytes) },
                    csv: { try CSVRecords.candidateWindows($0, windowBytes: windowBytes) })
    }

    /// The windows of a JSON or a CSV file, its format found from its name or its first byte.
    private static func windows<Record>(_ data: Data, file: String, json: () -> RecordWindows<Record>,
                                        csv: (CSVReader) throws -> RecordWindows<Record>) throws -> (RecordWindows<Record>, ImportFormat) {
        let format = ImportFormat.detect(fileName: file, data: data)
        let windows = try refusing(file) { format == .json ? json() : try csv(CSVReader(data: data, file: file)) }
        return (windows, format)
    }

    /// Moves the offers that break a rule to the problems; returns the warnings of those kept.
    /// ROME codes are read in any case first (`d1106` is `D1106`), and a workplace given by name or
    /// postcode becomes its INSEE code when one commune fits (``JobOffer/resolveCommune(in:)``).
    package static func check(_ parsed: inout ParsedFile<JobOffer>, model: MatchModel, ids: IdRegister = IdRegister()) -> [ImportProblem] {
        for i in parsed.records.indices {
            parsed.records[i].canonicaliseRomeCodes()
            parsed.records[i].resolveCommune(in: model.communes)
            parsed.records[i].resolveCompetenceLabels(in: model.rome)
        }
        let rules = RecordRules(rome: model.rome, communes: model.communes)
        return parsed.check(id: \.id, problems: { rules.problems(of: $0) }, warning: rules.warning(of:), ids: ids)
    }

    /// Moves the candidates that break a rule to the problems (ROME codes and communes read as for offers),
    /// on all cores: a regional file holds hundreds of thousands. `ids`: those of the file's windows already
    /// checked.
    package static func check(_ parsed: inout ParsedFile<Candidate>, model: MatchModel, ids: IdRegister = IdRegister()) -> [ImportProblem] {
        let communes = model.communes
        parallelUpdate(&parsed.records) { c in
            c.canonicaliseRomeCodes()
            c.resolveCommune(in: communes)
        }
        let rules = RecordRules(rome: model.rome, communes: model.communes)
        return parsed.check(id: \.id, problems: { rules.problems(of: $0) }, ids: ids)
    }

    /// The file's bytes; a missing or unreadable file is refused.
    package static func read(_ url: URL, file: String) throws -> Data {
        do {
            // Mapped, not read: the readers give back the pages they have read (``MappedPages``), so a
            // 500 MB file does not stay in memory beside its records. (A file cut short by another program
            // while it is imported would end the process: nothing is lost, the import is one transaction.)
            // A pipe or a device cannot be mapped: it is read.
            return try (try? Data(contentsOf: url, options: .alwaysMapped)) ?? Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "cannot read the file" : "no such file"
            throw MatchError.refused(file: file, problems: [MatchError(.unreadableFile, file: file, message: reason)], total: 1)
        }
    }

    /// Runs `body`; a whole-file error (not JSON, no header…) refuses the file.
    package static func refusing<T>(_ file: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as MatchError {
            throw MatchError.refused(file: file, problems: [error], total: 1)
        }
    }

    /// Refuses the file when a record was refused (unless `skipInvalid`), or when nothing explains a
    /// whole-file error. `importing`: the words say that nothing was imported (else: that the file was not used).
    package static func refuseIfNeeded<R>(_ parsed: ParsedFile<R>, file: String, skipInvalid: Bool, importing: Bool) throws {
        try refuseIfNeeded(problems: parsed.problems, unexplained: parsed.unexplained, file: file, skipInvalid: skipInvalid,
                           importing: importing)
    }

    /// The same, for the problems of every window of a file.
    package static func refuseIfNeeded(problems: [ImportProblem], unexplained: MatchError?, file: String, skipInvalid: Bool,
                                       importing: Bool) throws {
        if problems.isEmpty, let unexplained {
            throw MatchError.refused(file: file, problems: [unexplained], total: 1, importing: importing)
        }
        guard !problems.isEmpty, !skipInvalid else { return }
        throw MatchError.refused(file: file, problems: problems.prefix(20).map { $0.error(in: file) },
                                 total: problems.count, importing: importing)
    }
}

extension RecordFiles {
    /// The offers of a JSON or CSV file, every one checked as an import checks it (rules and referentials);
    /// any problem refuses the file, naming each record at fault (``MatchError/Code/importRefused``).
    ///
    ///     let offers = try RecordFiles.readOffers(at: URL(fileURLWithPath: "offres.json"), model: model)
    public static func readOffers(at url: URL, model: MatchModel) throws -> [JobOffer] {
        try read(url, model: model, parse: RecordReader.offers) { RecordReader.check(&$0, model: $1) }
    }

    /// The candidates of a JSON or CSV file; see ``readOffers(at:model:)``.
    public static func readCandidates(at url: URL, model: MatchModel) throws -> [Candidate] {
        try read(url, model: model, parse: RecordReader.candidates) { RecordReader.check(&$0, model: $1) }
    }

    /// The offers in `data` (the bytes of a file named `file`: JSON — one offer object too — or CSV), checked
    /// as ``readOffers(at:model:)`` checks them.
    public static func readOffers(_ data: Data, file: String, model: MatchModel) throws -> [JobOffer] {
        let trimmed = data.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let isSingleObject = trimmed.first == UInt8(ascii: "{")
            && (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?.keys.contains(offersRootKey) == false
        return try read(isSingleObject ? Data("[".utf8) + data + Data("]".utf8) : data, file: file, model: model,
                        parse: RecordReader.offers) { RecordReader.check(&$0, model: $1) }
    }

    private static func read<Record>(_ url: URL, model: MatchModel,
                                     parse: (Data, String) throws -> (ParsedFile<Record>, ImportFormat),
                                     check: (inout ParsedFile<Record>, MatchModel) -> [ImportProblem]) throws -> [Record] {
        let file = displayName(of: url)
        return try read(RecordReader.read(url, file: file), file: file, model: model, parse: parse, check: check)
    }

    private static func read<Record>(_ data: Data, file: String, model: MatchModel,
                                     parse: (Data, String) throws -> (ParsedFile<Record>, ImportFormat),
                                     check: (inout ParsedFile<Record>, MatchModel) -> [ImportProblem]) throws -> [Record] {
        var (parsed, _) = try parse(data, file)
        _ = check(&parsed, model)
        try RecordReader.refuseIfNeeded(parsed, file: file, skipInvalid: false, importing: false)
        return parsed.records
    }
}

extension MatchError {
    /// A file refused as a whole: its first problems, and how many there were in all. Nothing from the file
    /// was stored (or used).
    ///
    ///     offres.csv:7: champ lieuTravail.latitude : une latitude de -90 à 90 est attendue, trouvé nan
    ///     1 problème dans offres.csv : rien n'a été importé (corrigez le fichier, ou utilisez --skip-invalid …)
    package static func refused(file: String, problems: [MatchError], total: Int, importing: Bool = true) -> MatchError {
        let noun = total == 1 ? "problème" : "problèmes"
        let consequence = importing
            ? "rien n'a été importé (corrigez le fichier, ou utilisez --skip-invalid pour importer les enregistrements valides et signaler les autres)"
            : "le fichier n'a pas été utilisé (corrigez-le, ou importez-le avec --skip-invalid pour garder les enregistrements valides)"
        return MatchError(.importRefused, message: "\(total) \(noun) dans \(file) : \(consequence)",
                          problems: Array(problems.prefix(10)), problemCount: total)
    }
}
