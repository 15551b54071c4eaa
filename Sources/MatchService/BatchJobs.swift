import Foundation
import MatchCore
import MatchData
import MatchStore
import Synchronization

/// Batches run as jobs: `POST /api/v1/batch` starts one and answers its id at once; its progress and then
/// its result are read by id. One job runs at a time (a batch uses the whole machine); others wait their
/// turn, queued.
actor BatchJobs {
    struct Job: Sendable {
        var id: String
        var request: BatchRun.Request
        var requestedBy: String
        var createdAt: Date
        var state: State
        var progress: Double = 0
        var result: Data?
        var error: String?
        var finishedAt: Date?

        enum State: String, Codable, Sendable {
            case queued, running, done, failed

            /// The state as the API's messages say it.
            var wording: String {
                switch self {
                case .queued: "en attente"
                case .running: "en cours"
                case .done: "terminé"
                case .failed: "en échec"
                }
            }
        }
    }

    /// The scoring's progress of a running job, written by the batch, read by ``job(_:)``.
    private final class Progress: Sendable {
        let fraction = Mutex(0.0)
    }

    private var jobs: [String: Job] = [:]
    private var running: [String: Progress] = [:]
    private var next = 1
    private var queue: Task<Void, Never>?

    /// Queues a batch over the candidates and offers `inputs` gives when it starts.
    func start(_ request: BatchRun.Request, by actor: String, model: MatchModel,
               inputs: @escaping @Sendable () throws -> (offers: [JobOffer], candidates: [Candidate], date: Day)) -> Job {
        let id = String(format: "B%06d", next)
        next += 1
        let job = Job(id: id, request: request, requestedBy: actor, createdAt: Date(), state: .queued)
        jobs[id] = job
        let previous = queue
        queue = Task.detached { [self] in
            await previous?.value
            await self.run(id, model: model, inputs: inputs)
        }
        return job
    }

    /// The job `id`, with its progress as of now.
    func job(_ id: String) -> Job? {
        guard var job = jobs[id] else { return nil }
        if let progress = running[id] { job.progress = progress.fraction.withLock { $0 } }
        return job
    }

    private func run(_ id: String, model: MatchModel,
                     inputs: @escaping @Sendable () throws -> (offers: [JobOffer], candidates: [Candidate], date: Day)) async {
        guard let request = jobs[id]?.request else { return }
        jobs[id]?.state = .running
        let progress = Progress()
        running[id] = progress
        let outcome = await Task.detached { () -> Result<Data, any Error> in
            Result {
                let (offers, candidates, date) = try inputs()
                return try BatchRun(model: model, request: request)
                    .run(offers: offers, candidates: candidates, referenceDate: date) { done, total in
                        progress.fraction.withLock { $0 = total > 0 ? Double(done) / Double(total) : 0 }
                    }
                    .json()
            }
        }.value
        running[id] = nil
        switch outcome {
        case .success(let data): jobs[id]?.state = .done; jobs[id]?.result = data; jobs[id]?.progress = 1
        case .failure(let error as MatchError): jobs[id]?.state = .failed; jobs[id]?.error = error.message
        case .failure(let error): jobs[id]?.state = .failed; jobs[id]?.error = "\(error)"
        }
        jobs[id]?.finishedAt = Date()
    }
}
