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

/// Changes every element of `array` in place on all cores, without the copy of the array that
/// ``parallelMap(_:workers:_:)`` would make (an import's 500,000 candidates).
///
///     var counts = [1, 2, 3]
///     parallelUpdate(&counts) { $0 *= 10 }   // [10, 20, 30]
public func parallelUpdate<T>(_ array: inout [T], workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                              _ update: @Sendable (inout T) -> Void) {
    let workers = max(1, min(workers, array.count))
    array.withUnsafeMutableBufferPointer { buffer in
        // Each worker changes only its own elements.
        let shared = DisjointAccess(buffer)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: shared.value.count, by: workers) { update(&shared.value[i]) }
        }
    }
}

/// Hands buffers to concurrent workers that each use a disjoint part of them.
struct DisjointAccess<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
