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

        enum State: String, Codable, Sendable { case queued, running, done, failed }
    }

    private var jobs: [String: Job] = [:]
    private var order: [String] = []
    private var next = 1
    private var queue: Task<Void, Never>?

    /// Queues a batch over the candidates and offers `inputs` gives when it starts.
    func start(_ request: BatchRun.Request, by actor: String, model: MatchModel,
               inputs: @escaping @Sendable () throws -> (offers: [JobOffer], candidates: [Candidate], date: Day)) -> Job {
        let id = String(format: "B%06d", next)
        next += 1
        let job = Job(id: id, request: request, requestedBy: actor, createdAt: Date(), state: .queued)
        jobs[id] = job
        order.append(id)
        let previous = queue
        queue = Task.detached { [self] in
            await previous?.value
            await self.run(id, model: model, inputs: inputs)
        }
        return job
    }

    func job(_ id: String) -> Job? { jobs[id] }

    private func run(_ id: String, model: MatchModel,
                     inputs: @escaping @Sendable () throws -> (offers: [JobOffer], candidates: [Candidate], date: Day)) async {
        guard let request = jobs[id]?.request else { return }
        jobs[id]?.state = .running
        let progress = Mutex<Double>(0)
        let watcher = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                self.setProgress(id, progress.withLock { $0 })
            }
        }
        let outcome = await Task.detached { () -> Result<Data, any Error> in
            Result {
                let (offers, candidates, date) = try inputs()
                return try BatchRun(model: model, request: request)
                    .run(offers: offers, candidates: candidates, referenceDate: date) { done, total in
                        progress.withLock { $0 = total > 0 ? Double(done) / Double(total) : 0 }
                    }
                    .json()
            }
        }.value
        watcher.cancel()
        switch outcome {
        case .success(let data): jobs[id]?.state = .done; jobs[id]?.result = data; jobs[id]?.progress = 1
        case .failure(let error as MatchError): jobs[id]?.state = .failed; jobs[id]?.error = error.message
        case .failure(let error): jobs[id]?.state = .failed; jobs[id]?.error = "\(error)"
        }
        jobs[id]?.finishedAt = Date()
    }

    private func setProgress(_ id: String, _ value: Double) {
        if jobs[id]?.state == .running { jobs[id]?.progress = value }
    }
}
