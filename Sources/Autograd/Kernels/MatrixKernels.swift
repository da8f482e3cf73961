import CBLAS

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
            tensor = matrix; leadingDimension = rowStride; transposed = false
        } else if (rows == 1 || matrix.strides[0] == 1) && colStride >= Swift.max(1, rows) && fits(colStride) {
            tensor = matrix; leadingDimension = colStride; transposed = true
        } else {
            let copy = try matrix.contiguousCopy()
            tensor = copy; leadingDimension = Swift.max(1, cols); transposed = false
        }
    }
}

extension Tensor {
    /// `a @ b` for 2-D tensors of one floating dtype, through OpenBLAS gemm.
    static func gemm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        try checkBLASSizes(m, k, n)
        // gemm with beta 0 writes every element, unless k is 0 (then the product is zeros).
        let out = k > 0 ? try Tensor(uninitialized: [m, n], dtype: a.dtype) : try Tensor(zerosOf: [m, n], dtype: a.dtype)
        try gemm(a, b, into: out, alpha: 1, beta: 0)
        return out
    }

    /// `out = alpha · (a @ b) + beta · out` for 2-D tensors of one floating dtype, where
    /// `out` is a fresh contiguous `[m, n]` tensor (beta 0 ignores what it held).
    static func gemm(_ a: Tensor, _ b: Tensor, into out: Tensor, alpha: Double, beta: Double) throws {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        try checkBLASSizes(m, k, n)
        guard m > 0 && n > 0 && k > 0 else {
            // No products to sum: what remains is beta · out.
            if beta != 1 { out.scaleStorage(by: beta) }
            return
        }
        let lhs = try BLASMatrix(a), rhs = try BLASMatrix(b)
        let transA = lhs.transposed ? CblasTrans : CblasNoTrans
        let transB = rhs.transposed ? CblasTrans : CblasNoTrans
        if a.dtype == .float32 {
            cblas_sgemm(CblasRowMajor, transA, transB, Int32(m), Int32(n), Int32(k), Float(alpha),
                        lhs.tensor.storage.pointer(Float.self) + lhs.tensor.offset, Int32(lhs.leadingDimension),
                        rhs.tensor.storage.pointer(Float.self) + rhs.tensor.offset, Int32(rhs.leadingDimension),
                        Float(beta), out.storage.pointer(Float.self), Int32(n))
        } else {
            cblas_dgemm(CblasRowMajor, transA, transB, Int32(m), Int32(n), Int32(k), alpha,
                        lhs.tensor.storage.pointer(Double.self) + lhs.tensor.offset, Int32(lhs.leadingDimension),
                        rhs.tensor.storage.pointer(Double.self) + rhs.tensor.offset, Int32(rhs.leadingDimension),
                        beta, out.storage.pointer(Double.self), Int32(n))
        }
        // int64 products are computed in float64; beyond int64's range they become its minimum.
        if !a.dtype.isFloatingPoint { out.canonicalizeInPlace() }
    }

    /// BLAS takes 32-bit sizes.
    private static func checkBLASSizes(_ m: Int, _ k: Int, _ n: Int) throws {
        guard [m, k, n].allSatisfy({ $0 <= Int(Int32.max) }) else {
            throw AutogradError(.unsupported, "matrix sizes \(m)x\(k) and \(k)x\(n) exceed what BLAS can multiply (2^31 - 1 per dimension)")
        }
    }
}
