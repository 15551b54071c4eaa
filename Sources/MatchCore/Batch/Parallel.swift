import Foundation

/// `(0..<count).map(transform)`, the indices shared out over `workers` threads (i ≡ worker mod workers).
func parallelMap<T>(_ count: Int, workers: Int, _ transform: (Int) -> T) -> [T] {
    let workers = max(1, min(workers, count))
    guard workers > 1 else { return (0..<count).map(transform) }
    var slots = [T?](repeating: nil, count: count)
    withoutActuallyEscaping(transform) { transform in
        slots.withUnsafeMutableBufferPointer { buffer in
            // Each worker writes only its own slots; `transform` does not outlive this call.
            let shared = DisjointAccess((buffer, transform))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let (buffer, transform) = shared.value
                for i in stride(from: worker, to: count, by: workers) { buffer[i] = transform(i) }
            }
        }
    }
    return slots.map { $0! }
}

/// Hands buffers to concurrent workers that each use a disjoint part of them.
struct DisjointAccess<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
