import Foundation
import MatchStore

/// Who read which candidates, written to the store's audit log in batches: one transaction per request
/// would queue every reader behind the writer. ``flush()`` runs every ``interval`` and before an
/// erasure (so that the erasure also reaches the reads still queued) and at shutdown.
actor AccessLog {
    private let store: Store
    private var pending: [Store.Access] = []
    private var flushScheduled = false
    let interval: Duration

    init(store: Store, interval: Duration = .milliseconds(250)) {
        self.store = store
        self.interval = interval
    }

    func record(_ access: Store.Access) {
        pending.append(access)
        guard !flushScheduled else { return }
        flushScheduled = true
        Task {
            try? await Task.sleep(for: interval)
            flush()
        }
    }

    /// Writes what is queued.
    func flush() {
        flushScheduled = false
        let batch = pending
        pending = []
        do { try store.recordAccesses(batch) } catch {
            pending = batch + pending   // kept for the next flush, never dropped
            FileHandle.standardError.write(Data("apparier serve: audit log not written yet: \(error)\n".utf8))
        }
    }
}
