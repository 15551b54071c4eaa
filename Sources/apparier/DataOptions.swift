import ArgumentParser
import Foundation
import MatchCore
import MatchData

/// Where offers and candidates come from: the user's files, or the demo data set.
struct DataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Offers file: France Travail JSON ({\"resultats\": […]}) or an array of offers.", valueName: "file"))
    var offers: String?

    @Option(help: ArgumentHelp("Candidates file: JSON array in Apparier's format (docs/formats.md).", valueName: "file"))
    var candidates: String?

    @Option(help: ArgumentHelp("Reference date for priority publics and availability (YYYY-MM-DD). Default: today, or the demo's build date.", valueName: "date"))
    var date: Day?

    @Option(name: .customLong("travel-matrix"), help: ArgumentHelp("Real travel times, CSV `from,to,mode,minutes`; preferred over the estimate.", valueName: "file"))
    var travelMatrix: String?

    @Option(help: ArgumentHelp("Folder for the demo data set. Default: $APPARIER_CACHE, else ~/.cache/apparier.", valueName: "dir"))
    var cache: String?

    /// Offers, candidates and the reference date, reading the demo set only for what no file gives.
    func load(workspace: Workspace, log: (String) -> Void) throws -> Inputs {
        var demo: DemoDataset?
        func demoSet() throws -> DemoDataset {
            if let demo { return demo }
            let cacheURL = cache.map { URL(fileURLWithPath: $0) } ?? DemoDataset.defaultCache()
            let set = try DemoDataset.open(workspace: workspace, cache: cacheURL, today: Day.today)
            log(set.created ? "Demo data built in \(set.directory.path) (first run)." : "Using demo data in \(set.directory.path).")
            demo = set
            return set
        }
        let offerList: [JobOffer], candidateList: [Candidate]
        if let offers { offerList = try RecordFiles.loadOffers(at: URL(fileURLWithPath: offers)) } else { offerList = try demoSet().offers }
        if let candidates {
            candidateList = try RecordFiles.loadCandidates(at: URL(fileURLWithPath: candidates))
        } else {
            candidateList = try demoSet().candidates
        }
        let referenceDate = date ?? demo?.manifest.referenceDate ?? Day.today
        return Inputs(offers: offerList, candidates: candidateList, referenceDate: referenceDate,
                      offersFile: offers, candidatesFile: candidates)
    }

    func workspace() throws -> Workspace {
        try Workspace.load(travelMatrix: travelMatrix.map { URL(fileURLWithPath: $0) })
    }
}

struct Inputs {
    var offers: [JobOffer]
    var candidates: [Candidate]
    var referenceDate: Day
    var offersFile: String?
    var candidatesFile: String?

    /// Builds the matcher; a candidate naming an unknown commune or ROME code is reported with its file and line.
    func matcher(_ workspace: Workspace) throws -> Matcher {
        do {
            return try workspace.matcher(candidates: candidates, referenceDate: referenceDate)
        } catch let error as CandidateIndex.BuildError {
            throw located(error.message, field: error.field, record: candidates.firstIndex { $0.id == error.candidateId },
                          file: candidatesFile, rootKey: "candidats", what: "candidate \(error.candidateId)")
        }
    }

    func offer(id: String) throws -> JobOffer {
        guard let offer = offers.first(where: { $0.id == id }) else {
            throw CommandFailure("\(offersFile ?? "demo data"): no offer with id \(id) (\(offers.count) offers; e.g. \(offers.prefix(3).map(\.id).joined(separator: ", ")))")
        }
        return offer
    }

    /// Runs `body`, reporting an invalid offer with its file and line.
    func withOfferContext<T>(_ offer: JobOffer, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as OfferQuery.InvalidOffer {
            throw located(error.message, field: error.field, record: offers.firstIndex { $0.id == offer.id },
                          file: offersFile, rootKey: "resultats", what: "offer \(offer.id)")
        }
    }

    private func located(_ message: String, field: String, record: Int?, file: String?, rootKey: String?, what: String) -> CommandFailure {
        guard let file, let record, let data = FileManager.default.contents(atPath: file) else {
            return CommandFailure("\(what): field \(field): \(message)")
        }
        let location = RecordFiles.location(ofRecord: record, field: field, in: data, file: file, rootKey: rootKey)
        return CommandFailure("\(file):\(location.line.map(String.init) ?? "?"): field \(location.field ?? field): \(message)")
    }
}

extension Day {
    static var today: Day {
        Day(ordinal: Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// Prints progress notes to standard error, so standard output stays clean for JSON and CSV.
func note(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
