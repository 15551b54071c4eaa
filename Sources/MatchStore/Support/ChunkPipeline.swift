import Dispatch
import Foundation

/// Runs `produce` on chunk k + 1 on a background thread while `consume` handles chunk k on the caller's
/// thread: an import reads and checks the next window of its file while SQLite writes the current one.
///
///     try ChunkPipeline.run(count: windows, produce: { k in read(k) }) { k, window in
///         try write(window)
///     }
///
/// Chunks are consumed in order. The producer runs at most `ahead` chunks ahead of the consumer, so that
/// no more than `ahead + 1` chunks are held at once, whatever the speed of either side. If `consume`
/// throws, production stops after the chunk in progress.
enum ChunkPipeline {
    static func run<Value: Sendable>(count: Int, ahead: Int = 1, produce: @escaping @Sendable (Int) -> Value,
                                     consume: (Int, Value) throws -> Void) throws {
        guard count > 0 else { return }
        let slots = Slots<Value>(count: count, ahead: max(1, ahead))
        DispatchQueue.global(qos: .userInitiated).async {
            for k in 0..<count {
                slots.waitForRoom()
                if slots.isCancelled { break }
                slots.put(k, produce(k))
            }
        }
        defer { slots.cancel() }
        for k in 0..<count { try consume(k, slots.take(k)) }
    }

    /// One slot per chunk, filled by the producer and emptied by the consumer.
    private final class Slots<Value: Sendable>: @unchecked Sendable {
        private var values: [Value?]
        private let ready: [DispatchSemaphore]
        /// Chunks the producer may still make before the consumer takes one.
        private let room: DispatchSemaphore
        private let lock = NSLock()
        private var cancelled = false

        init(count: Int, ahead: Int) {
            values = Array(repeating: nil, count: count)
            ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
            // Made at 0 and raised, not made at `ahead`: libdispatch stops the process when a semaphore is
            // freed below its initial value, which a producer stopped after it took room would leave.
            room = DispatchSemaphore(value: 0)
            for _ in 0..<ahead { room.signal() }
        }

        var isCancelled: Bool { lock.withLock { cancelled } }

        /// Stops the producer, waking it if it waits for room.
        func cancel() {
            lock.withLock { cancelled = true }
            room.signal()
        }

        func waitForRoom() { room.wait() }

        func put(_ k: Int, _ value: Value) {
            lock.withLock { values[k] = value }
            ready[k].signal()
        }

        func take(_ k: Int) -> Value {
            ready[k].wait()
            defer { room.signal() }
            return lock.withLock {
                defer { values[k] = nil }
                return values[k]!
            }
        }
    }
}
