import Dispatch
import Foundation
import MatchStore
import Synchronization

/// Who read which candidates, written to the store's audit log in batches: one transaction per request
/// would queue every reader behind the writer. A request only appends to a buffer (it never waits for
/// the database, even while an import holds the write lock); the buffer is written every ``interval`` on
/// a queue of its own, and at once by ``flush()`` before an erasure (so that the erasure also reaches the
/// reads still queued) and at shutdown.
final class AccessLog: Sendable {
    private let store: Store
    private let pending = Mutex<(accesses: [Store.Access], scheduled: Bool)>(([], false))
    private let queue = DispatchQueue(label: "apparier.audit")
    let interval: DispatchTimeInterval

    init(store: Store, interval: DispatchTimeInterval = .milliseconds(250)) {
        self.store = store
        self.interval = interval
    }

    func record(_ access: Store.Access) {
        let schedule = pending.withLock { state -> Bool in
            state.accesses.append(access)
            defer { state.scheduled = true }
            return !state.scheduled
        }
        if schedule { queue.asyncAfter(deadline: .now() + interval) { self.write() } }
    }

    /// Writes what is queued, and returns once it is written.
    func flush() { queue.sync { write() } }

    /// On the queue: takes the buffer and writes it; on failure keeps it for the next time, never drops it.
    private func write() {
        let batch = pending.withLock { state -> [Store.Access] in
            defer { state = ([], false) }
            return state.accesses
        }
        guard !batch.isEmpty else { return }
        do { try store.recordAccesses(batch) } catch {
            let retry = pending.withLock { state -> Bool in
                state.accesses = batch + state.accesses
                defer { state.scheduled = true }
                return !state.scheduled
            }
            if retry { queue.asyncAfter(deadline: .now() + interval) { self.write() } }
            FileHandle.standardError.write(Data("apparier serve : le journal des accès n'est pas encore écrit (nouvel essai dans un instant) : \(error)\n".utf8))
        }
    }
}
