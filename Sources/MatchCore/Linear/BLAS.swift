import CBLAS
import Foundation

/// Thin, bounds-checked wrappers over the CBLAS calls Apparier uses. Row-major throughout.
///
/// Pointer code stays inside these functions: callers pass arrays or buffer slices and sizes.
public enum BLAS {
    /// `y[0..<rows] = alpha · A[rows × cols] · x + beta · y`, A row-major with leading dimension `lda`.
    ///
    ///     BLAS.gemv(rows: 2, cols: 2, a: [1, 2, 3, 4], lda: 2, x: [1, 1], y: &y)   // y = [3, 7]
    public static func gemv(
        rows: Int, cols: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        guard rows > 0, cols > 0 else { return }
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(cols), alpha, a, Int32(lda),
                    x, 1, beta, y, 1)
    }

    public static func gemv(rows: Int, cols: Int, a: [Float], lda: Int, x: [Float], y: inout [Float]) {
        precondition(a.count >= (rows - 1) * lda + cols && x.count >= cols && y.count >= rows)
        a.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { y in
                    gemv(rows: rows, cols: cols, a: a.baseAddress!, lda: lda, x: x.baseAddress!, y: y.baseAddress!)
                }
            }
        }
    }

    /// `C[m × n] = alpha · op(A) · op(B) + beta · C`, all row-major.
    /// `op(A)` is m × k (A is k × m when `transposeA`), `op(B)` is k × n (B is n × k when `transposeB`).
    public static func gemm(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    public static func gemm(
        m: Int, n: Int, k: Int, a: [Float], transposeA: Bool = false, b: [Float], transposeB: Bool = false,
        c: inout [Float]
    ) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    gemm(m: m, n: n, k: k, a: a.baseAddress!, lda: transposeA ? m : k, transposeA: transposeA,
                         b: b.baseAddress!, ldb: transposeB ? k : n, transposeB: transposeB,
                         c: c.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// Runs `body` with OpenBLAS limited to `threads` threads (no effect with other libraries), then
    /// restores the previous count. For code that splits the cores itself: OpenBLAS's idle threads spin
    /// and would compete with the caller's workers.
    public static func withThreads<T>(_ threads: Int, _ body: () throws -> T) rethrows -> T {
        typealias Get = @convention(c) () -> Int32
        typealias Set = @convention(c) (Int32) -> Void
        guard let handle = dlopen(nil, RTLD_NOW), let get = dlsym(handle, "openblas_get_num_threads"),
              let set = dlsym(handle, "openblas_set_num_threads") else { return try body() }
        let previous = unsafeBitCast(get, to: Get.self)()
        unsafeBitCast(set, to: Set.self)(Int32(threads))
        defer { unsafeBitCast(set, to: Set.self)(previous) }
        return try body()
    }

    /// Which BLAS library the process loaded and how many threads it uses, for benchmark reports.
    public static var implementation: Implementation { Implementation.current }

    public struct Implementation: Sendable, CustomStringConvertible {
        /// "OpenBLAS" with its build configuration, or "reference BLAS (netlib)" when the process
        /// resolved CBLAS to Debian's reference library.
        public let name: String
        /// OpenBLAS's thread count, nil for other libraries.
        public let threads: Int?

        public var description: String { threads.map { "\(name), \($0) threads" } ?? name }

        /// Looks the OpenBLAS entry points up in the symbols the process has loaded.
        static var current: Implementation {
            typealias ThreadCount = @convention(c) () -> Int32
            typealias Config = @convention(c) () -> UnsafePointer<CChar>?
            guard let handle = dlopen(nil, RTLD_NOW),
                  let threadsSymbol = dlsym(handle, "openblas_get_num_threads") else {
                return Implementation(name: "reference BLAS (netlib)", threads: nil)
            }
            var name = "OpenBLAS"
            if let configSymbol = dlsym(handle, "openblas_get_config"),
               let config = unsafeBitCast(configSymbol, to: Config.self)() {
                name = String(cString: config)
            }
            return Implementation(name: name, threads: Int(unsafeBitCast(threadsSymbol, to: ThreadCount.self)()))
        }
    }
}
