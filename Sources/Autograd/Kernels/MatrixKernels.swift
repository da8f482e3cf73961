import CBLAS
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// A matrix operand for BLAS: its storage pointer offset, leading dimension and
/// whether BLAS should read it transposed. Transposed views need no copy.
struct BLASMatrix {
    let tensor: Tensor
    let leadingDimension: Int
    let transposed: Bool

    /// Describes a 2-D tensor for gemm, copying it only when its strides don't fit.
    init(_ matrix: Tensor) throws {
        let (rows, cols) = (matrix.shape[0], matrix.shape[1])
        // A dimension of size 1 is never stepped along, so its stride does not matter;
        // BLAS takes 32-bit leading dimensions.
        let rowStride = rows == 1 ? Swift.max(1, cols) : matrix.strides[0]
        let colStride = cols == 1 ? Swift.max(1, rows) : matrix.strides[1]
        let fits = { (ld: Int) in ld <= Int(Int32.max) }
        if (cols == 1 || matrix.strides[1] == 1) && rowStride >= Swift.max(1, cols) && fits(rowStride) {
            tensor = matrix
            leadingDimension = rowStride
            transposed = false
        } else if (rows == 1 || matrix.strides[0] == 1) && colStride >= Swift.max(1, rows) && fits(colStride) {
            tensor = matrix
            leadingDimension = colStride
            transposed = true
        } else {
            let copy = try matrix.contiguousCopy()
            tensor = copy
            leadingDimension = Swift.max(1, cols)
            transposed = false
        }
    }
}

extension Tensor {
    /// `a @ b` for 2-D tensors of one floating dtype, through OpenBLAS gemm.
    static func gemm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        try checkBLASSizes(m, k, n)
        // gemm with beta 0 writes every element, unless k is 0 (then the product is zeros).
        let shape = DimensionList(m, n)
        let out = k > 0 ? try Tensor(uninitialized: shape, dtype: a.dtype) : try Tensor(zerosOf: shape, dtype: a.dtype)
        try gemm(a, b, into: out, alpha: 1, beta: 0)
        return out
    }

    /// `out = alpha · (a @ b) + beta · out` for 2-D tensors of one floating dtype, where
    /// `out` is a fresh contiguous `[m, n]` tensor (beta 0 ignores what it held).
    ///
    /// `splitting: false` keeps the product in one call (for the test that compares split
    /// products with one call's).
    static func gemm(
        _ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Double, beta: Double,
        splitting: Bool = true
    ) throws {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        try checkBLASSizes(m, k, n)
        guard m > 0 && n > 0 && k > 0 else {
            // No products to sum: what remains is beta · out.
            if beta != 1 { out.scaleStorage(by: beta) }
            return
        }
        if a.dtype == .int64 {
            integerProduct(a, b, into: out, alpha: DType.int64Value(alpha), beta: DType.int64Value(beta))
            return
        }
        BLASKernel.ensureSuitable()
        let lhs = try BLASMatrix(a), rhs = try BLASMatrix(b)
        if a.dtype == .float32 {
            BLASThreads.split(rows: m, columns: n, depth: k, enabled: splitting) { rows in
                multiply(Float.self, lhs, rhs, rows: rows, n: n, k: k, alpha: alpha, beta: beta, out: out)
            }
        } else {
            BLASThreads.split(rows: m, columns: n, depth: k, enabled: splitting) { rows in
                multiply(Double.self, lhs, rhs, rows: rows, n: n, k: k, alpha: alpha, beta: beta, out: out)
            }
        }
    }

    /// `out = alpha · (a @ b) + beta · out` in exact int64 arithmetic, wrapping on overflow
    /// as PyTorch's integer products do (BLAS has no integer gemm; integer products are small).
    private static func integerProduct(_ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Int64, beta: Int64) {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let (pa, pb, po) = (a.storage.integers, b.storage.integers, out.storage.integers + out.offset)
        for i in 0..<m {
            for j in 0..<n {
                var sum: Int64 = 0
                for p in 0..<k {
                    sum = sum &+ pa[a.offset + i * a.strides[0] + p * a.strides[1]] &* pb[b.offset + p * b.strides[0] + j * b.strides[1]]
                }
                let previous = beta == 0 ? 0 : beta &* po[i * n + j]
                po[i * n + j] = alpha &* sum &+ previous
            }
        }
    }

    /// Rows `rows` of `out = alpha · (lhs @ rhs) + beta · out`, in one single-threaded gemm call.
    private static func multiply<T: TensorScalar>(
        _: T.Type, _ lhs: BLASMatrix, _ rhs: BLASMatrix, rows: Range<Int>, n: Int, k: Int,
        alpha: Double, beta: Double, out: Tensor
    ) {
        // Row i of the left operand starts i·ld elements in, or i elements in when it is
        // stored transposed (column by column).
        let lhsStart = lhs.tensor.offset + rows.lowerBound * (lhs.transposed ? 1 : lhs.leadingDimension)
        let transA = lhs.transposed ? CblasTrans : CblasNoTrans
        let transB = rhs.transposed ? CblasTrans : CblasNoTrans
        let (m, ldA, ldB) = (Int32(rows.count), Int32(lhs.leadingDimension), Int32(rhs.leadingDimension))
        if T.self == Float.self {
            cblas_sgemm(
                CblasRowMajor, transA, transB, m, Int32(n), Int32(k), Float(alpha),
                lhs.tensor.storage.pointer(Float.self) + lhsStart, ldA,
                rhs.tensor.storage.pointer(Float.self) + rhs.tensor.offset, ldB,
                Float(beta), out.storage.pointer(Float.self) + rows.lowerBound * n, Int32(n))
        } else {
            cblas_dgemm(
                CblasRowMajor, transA, transB, m, Int32(n), Int32(k), alpha,
                lhs.tensor.storage.pointer(Double.self) + lhsStart, ldA,
                rhs.tensor.storage.pointer(Double.self) + rhs.tensor.offset, ldB,
                beta, out.storage.pointer(Double.self) + rows.lowerBound * n, Int32(n))
        }
    }

    /// BLAS takes 32-bit sizes.
    private static func checkBLASSizes(_ m: Int, _ k: Int, _ n: Int) throws {
        guard [m, k, n].allSatisfy({ $0 <= Int(Int32.max) }) else {
            throw AutogradError(.unsupported, "matrix sizes \(m)x\(k) and \(k)x\(n) exceed what BLAS can multiply (2^31 - 1 per dimension)")
        }
    }
}

/// How matrix products use the cores. OpenBLAS's own threads spin between calls (a whole
/// core for a while after each product, taken from whatever else runs: the training
/// loop's elementwise work, threaded gradcheck's workers), so GradLab sets OpenBLAS to one
/// thread and splits a large product's rows over `ProductWorker`s, which spin briefly and
/// then sleep between calls. Blocks start at multiples of `rowAlignment` rows, a multiple
/// of every kernel's tile. float64 products come out bit for bit as one call computes them; float32 ones can
/// differ in the last bits (OpenBLAS picks its float32 kernel by the block's size), as they
/// did under OpenBLAS's own threads, and are the same from run to run on a machine
/// (SplitProductTests checks both). Products below `splitThreshold`, every lab's among
/// them, are one call.
enum BLASThreads {
    /// Products with fewer multiply-adds than this run on the calling thread alone: below
    /// it, handing a block to another thread costs more than it saves.
    static let splitThreshold = 1 << 23
    /// Every block but the last has a multiple of this many rows.
    static let rowAlignment = 64

    /// The cores available, read once (and OpenBLAS set to one thread).
    static let cores: Int = {
        openblas_set_num_threads(1)
        return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()

    /// Runs `body` over `rows` split into up to one block per core when splitting is
    /// `enabled`, the product `rows × depth × columns` is large enough and the calling
    /// thread is not inside `withUnsplitProducts`, else once over all.
    static func split(rows: Int, columns: Int, depth: Int, enabled: Bool = true, _ body: @Sendable (Range<Int>) -> Void) {
        let work = rows.multipliedReportingOverflow(by: columns).partialValue.multipliedReportingOverflow(by: depth)
        let blocks = Swift.min(cores, rows / rowAlignment)
        guard enabled, blocks > 1, work.overflow || work.partialValue >= splitThreshold,
            ThreadState.withCurrent({ $0.splitsProducts })
        else {
            body(0..<rows)
            return
        }
        let perBlock = ((rows + blocks - 1) / blocks + rowAlignment - 1) / rowAlignment * rowAlignment
        let ranges = stride(from: 0, to: rows, by: perBlock).map { $0..<Swift.min(rows, $0 + perBlock) }
        // The workers hold `body` only until `finish()` returns, before this call does.
        withoutActuallyEscaping(body) { body in
            // Blocks after the first go to the workers this call can claim; the rest, and
            // the first, run here.
            var posted: [ProductWorker] = []
            var here: [Range<Int>] = [ranges[0]]
            var workers = ProductWorker.pool.makeIterator()
            for range in ranges.dropFirst() {
                if let worker = workers.next(), worker.claim() {
                    worker.post { body(range) }
                    posted.append(worker)
                } else {
                    here.append(range)
                }
            }
            for range in here { body(range) }
            for worker in posted { worker.finish() }
        }
    }
}

/// Runs `body` with this thread's matrix products computed on this thread alone, never
/// split over the product workers: for code that already runs one thread per core
/// (GradCheck's parallel Jacobians), where a split would put a third thread on two cores.
package func withUnsplitProducts<Result>(_ body: () throws -> Result) rethrows -> Result {
    let state = ThreadState.current
    let previous = state.splitsProducts
    state.splitsProducts = false
    defer { state.splitsProducts = previous }
    return try body()
}
