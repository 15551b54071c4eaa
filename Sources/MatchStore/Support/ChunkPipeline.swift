import Dispatch
import Foundation

/// Runs `produce` on chunk k + 1 on a background thread while `consume` handles chunk k on the caller's
/// thread: an import computes vectors and row values on one core while SQLite writes on the other.
///
///     try ChunkPipeline.run(count: n, chunkSize: 4_096, produce: { range in prepare(range) }) { range, prepared in
///         try write(range, prepared)
///     }
///
/// Chunks are consumed in order. If `consume` throws, production stops after the chunk in progress.
enum ChunkPipeline {
    static func run<Value: Sendable>(count: Int, chunkSize: Int, produce: @escaping @Sendable (Range<Int>) -> Value,
                                     consume: (Range<Int>, Value) throws -> Void) throws {
        let chunks = (count + chunkSize - 1) / chunkSize
        guard chunks > 0 else { return }
        func range(_ k: Int) -> Range<Int> { (k * chunkSize)..<min(count, (k + 1) * chunkSize) }
        let slots = Slots<Value>(count: chunks)
        DispatchQueue.global(qos: .userInitiated).async {
            for k in 0..<chunks where !slots.isCancelled {
                slots.put(k, produce((k * chunkSize)..<min(count, (k + 1) * chunkSize)))
            }
        }
        defer { slots.cancel() }
        for k in 0..<chunks { try consume(range(k), slots.take(k)) }
    }

    /// One slot per chunk, filled by the producer and emptied by the consumer.
    private final class Slots<Value: Sendable>: @unchecked Sendable {
        private var values: [Value?]
        private let ready: [DispatchSemaphore]
        private let lock = NSLock()
        private var cancelled = false

        init(count: Int) {
            values = Array(repeating: nil, count: count)
            ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        }

        var isCancelled: Bool { lock.withLock { cancelled } }
        func cancel() { lock.withLock { cancelled = true } }

        func put(_ k: Int, _ value: Value) {
            lock.withLock { values[k] = value }
            ready[k].signal()
        }

        func take(_ k: Int) -> Value {
            ready[k].wait()
            return lock.withLock {
                defer { values[k] = nil }
                return values[k]!
            }
        }
    }
}
