public import Foundation

/// `(0..<count).map(transform)` on `workers` threads, results in index order: worker w computes the
/// indices i ≡ w (mod workers), so a caller that gives each worker its own state (as the batch does) knows
/// which worker computes which index.
///
///     let squares = parallelMap(4, workers: 2) { $0 * $0 }   // [0, 1, 4, 9]
public func parallelMap<T>(_ count: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                           _ transform: @Sendable (Int) -> T) -> [T] {
    let workers = max(1, min(workers, count))
    guard workers > 1 else { return (0..<count).map(transform) }
    var slots = [T?](repeating: nil, count: count)
    slots.withUnsafeMutableBufferPointer { buffer in
        // Each worker writes only its own slots.
        let shared = DisjointAccess(buffer)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: count, by: workers) { shared.value[i] = transform(i) }
        }
    }
    return slots.map { $0! }
}

/// Hands buffers to concurrent workers that each use a disjoint part of them.
struct DisjointAccess<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
