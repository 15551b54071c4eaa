import Foundation
public import MatchCore
import MatchData
import MatchStore
import Synchronization

/// What the service answers from: the candidate pool (a ``LivePool``), the offers, and the generation of
/// the store they stand for. A value: a request takes one and answers from it to the end, whatever
/// writes happen meanwhile.
public struct ServiceView: Sendable {
    public var pool: LivePool
    public var offers: [String: JobOffer]
    /// The store's candidate generation the pool stands for.
    public var generation: Int64
    /// The store's offer generation the offers stand for.
    public var offerGeneration: Int64
    /// Changes applied in memory since the service started (imports, erasures, compactions).
    public var changes: Int
    /// The pool's reference date.
    public var referenceDate: Day { pool.referenceDate }
}

extension ServiceView {
    /// Offers by id (the last of a duplicated id wins, as in the store).
    static func offersById(_ offers: [JobOffer]) -> [String: JobOffer] {
        Dictionary(offers.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }
}

/// The current view, swapped whole by the writer: readers never wait for a write, and never see half of one.
final class ViewHolder: Sendable {
    private let current: Mutex<ServiceView>

    init(_ view: ServiceView) { current = Mutex(view) }

    /// The view to answer one request from.
    var view: ServiceView { current.withLock { $0 } }

    func publish(_ view: ServiceView) { current.withLock { $0 = view } }
}

/// Every write of the service, one at a time, on a thread of its own at a lower priority than the
/// readers (``WriteThread``): the store's transaction first, then the new view published. Between the two
/// a reader still gets the state before; after, the state after — never a mix. An import of thousands of
/// candidates takes longer this way, and shortlists answered meanwhile wait less for a core.
final class StateWriter: @unchecked Sendable {
    // @unchecked: the mutable state below is only touched by jobs of `thread`, one at a time.
    let store: Store
    let model: MatchModel
    let holder: ViewHolder
    let titles: TitleMatcher
    private let thread = WriteThread(niceness: 10)
    /// Whether a check of the store (``watchStore(every:)``) is queued.
    private let watchPending = Mutex(false)
    /// Writes so far: a compaction scheduled after a write runs only if no write came after it.
    private var writes = 0
    /// Whether an erasure came since the store file was last vacuumed.
    private var erasedSinceVacuum = false
    /// Quiet time after an import before the pool is compacted and the snapshot rewritten (after an
    /// erasure, or when the pool has changed a lot: ``LivePool/needsCompaction``, one second).
    let quietTimeAfterImport: Duration

    init(store: Store, model: MatchModel, holder: ViewHolder, titles: TitleMatcher, quietTimeAfterImport: Duration = .seconds(5)) {
        self.store = store; self.model = model; self.holder = holder; self.titles = titles
        self.quietTimeAfterImport = quietTimeAfterImport
    }

    /// Imports an offer or candidate file's bytes, all-or-nothing, then follows the change in memory.
    /// `strict`: offers without a ROME code are refused instead of given the fiche of their title.
    func importFile(_ data: Data, kind: ImportKind, file: String, actor: String, strict: Bool = false) async throws -> ImportSummary {
        try await thread.run { try self.importNow(data, kind: kind, file: file, actor: actor, strict: strict) }
    }

    /// Erases candidate `id` from the store and the pool (the snapshot goes with it; a new one is written by
    /// the compaction that follows).
    func erase(id: String, actor: String) async throws -> ErasureReceipt {
        try await thread.run {
            let receipt = try self.store.eraseCandidate(id: id, by: actor, compacting: false)
            self.erasedSinceVacuum = true
            try self.follow(bumped: true, compactAfter: .seconds(1)) { try $0.removing([id]) }
            return receipt
        }
    }

    private func importNow(_ data: Data, kind: ImportKind, file: String, actor: String, strict: Bool) throws -> ImportSummary {
        var options = ImportOptions(actor: actor, displayName: file)
        options.keepsChangedRecords = true
        let titles = titles
        options.romeInference = RomeInference(strict: strict) { titles }
        switch kind {
        case .offers:
            let summary = try store.importOffers(data, file: file, model: model, options: options)
            var view = holder.view
            for offer in summary.changedOffers { view.offers[offer.id] = offer }
            let generation = try store.offerGeneration()
            if generation != view.offerGeneration + (summary.changedOffers.isEmpty ? 0 : 1) {
                // Another process imported offers too: read them all again.
                view.offers = try ServiceView.offersById(store.offers())
            }
            view.offerGeneration = generation
            view.changes += 1
            holder.publish(view)
            return summary
        case .candidates:
            let summary = try store.importCandidates(data, file: file, model: model, options: options)
            let bumped = !summary.changedCandidates.isEmpty
            try follow(bumped: bumped, compactAfter: quietTimeAfterImport) { try $0.upserting(summary.changedCandidates) }
            return summary
        }
    }

    /// Follows what another process changed in the store (a command's import or erasure while the service
    /// runs): the offers read again, the index rebuilt from the store. Run every second.
    private func followStore() {
        do {
            var view = holder.view
            let offerGeneration = try store.offerGeneration()
            if offerGeneration != view.offerGeneration {
                view.offerGeneration = offerGeneration
                view.offers = try ServiceView.offersById(store.offers())
                view.changes += 1
                holder.publish(view)
            }
            if try store.generation() != view.generation { try rebuildFromStore() }
        } catch {
            FileHandle.standardError.write(Data("apparier serve : les changements du magasin n'ont pas pu être lus (nouvel essai dans une seconde) : \(error)\n".utf8))
        }
    }

    /// The index rebuilt from the store and published, and saved as the snapshot.
    private func rebuildFromStore() throws {
        var view = holder.view
        let (index, generation) = try store.rebuiltIndex(model: model, referenceDate: view.referenceDate)
        view.pool = try LivePool(model: model, base: index)
        view.generation = generation
        view.changes += 1
        holder.publish(view)
        try store.saveSnapshot(index, generation: generation, model: model)
    }

    /// Checks the store for other processes' changes every `interval`, between the writes (one check
    /// queued at a time), for as long as the service lives.
    func watchStore(every interval: DispatchTimeInterval = .seconds(1)) {
        DispatchQueue.global().asyncAfter(deadline: .now() + interval) { [weak self] in
            guard let self else { return }
            if self.watchPending.withLock({ pending in defer { pending = true }; return !pending }) {
                self.thread.enqueue {
                    self.followStore()
                    self.watchPending.withLock { $0 = false }
                }
            }
            self.watchStore(every: interval)
        }
    }

    /// Publishes the pool `change` makes — or, when the store's generation shows that another process
    /// changed the candidates too (`bumped`: whether this write moved it by one), the index rebuilt from
    /// the store — then schedules a compaction once no write has come for `delay` (one second when the
    /// pool asks for one).
    private func follow(bumped: Bool, compactAfter delay: Duration, _ change: (LivePool) throws -> LivePool) throws {
        var view = holder.view
        let generation = try store.generation()
        if generation != view.generation + (bumped ? 1 : 0) {
            try rebuildFromStore()
        } else {
            view.pool = try change(view.pool)
            view.generation = generation
            view.changes += 1
            holder.publish(view)
        }
        writes += 1
        let mark = writes
        let wait = holder.view.pool.needsCompaction ? min(delay, .seconds(1)) : delay
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(wait / .nanoseconds(1)))) {
            self.thread.enqueue { if self.writes == mark { self.compact() } }
        }
    }

    /// Vacuums the store file after an erasure (no page of the erased rows stays in it or in the WAL), makes
    /// one index of the pool again (``LivePool/compacted()``: a copy of the rows, no candidate read from the
    /// store) and writes it as the snapshot. Writes wait meanwhile; readers do not.
    private func compact() {
        do {
            if erasedSinceVacuum {
                try store.compact()
                erasedSinceVacuum = false
            }
            var view = holder.view
            if !view.pool.added.isEmpty || !view.pool.removed.isEmpty {
                view.pool = try view.pool.compacted()
                view.changes += 1
                holder.publish(view)
            }
            // A snapshot says what the store holds at its generation: never one another process has moved on from.
            guard try store.generation() == view.generation else { return try rebuildFromStore() }
            try store.saveSnapshot(view.pool.base.index, generation: view.generation, model: model)
        } catch {
            // The pool in memory stays right; only the snapshot is behind, and is rebuilt at the next start.
            FileHandle.standardError.write(Data("apparier serve : le compactage de l'index a échoué (l'index en mémoire reste juste ; l'instantané sera refait au prochain démarrage) : \(error)\n".utf8))
        }
    }
}

/// A thread that runs jobs one at a time, in order, at a lower CPU priority (a higher nice value; on Linux
/// a thread's own, inherited by the threads it starts, such as an import's vectorising thread). The thread
/// ends when its owner goes.
final class WriteThread: Sendable {
    /// The jobs, `nil` meaning "stop"; shared with the thread.
    private final class Jobs: Sendable {
        let queue = Mutex<[(@Sendable () -> Void)?]>([])
        let available = DispatchSemaphore(value: 0)

        func add(_ job: (@Sendable () -> Void)?) {
            queue.withLock { $0.append(job) }
            available.signal()
        }

        func next() -> (@Sendable () -> Void)? {
            available.wait()
            return queue.withLock { $0.removeFirst() }
        }
    }

    private let jobs = Jobs()

    init(niceness: Int32) {
        let jobs = self.jobs
        let thread = Thread {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)   // this thread only, on Linux
            while let job = jobs.next() { job() }
        }
        thread.name = "apparier.writer"
        thread.start()
    }

    deinit { jobs.add(nil) }

    func enqueue(_ job: @escaping @Sendable () -> Void) { jobs.add(job) }

    /// Runs `body` on the thread, after the jobs queued before it, and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { continuation.resume(with: Result { try body() }) }
        }
    }
}
