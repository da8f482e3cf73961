extension Tensor {
    /// Matrix product with PyTorch's `matmul` rules: 1-D·1-D is a dot product,
    /// 2-D·1-D a matrix-vector product, 1-D·2-D a vector-matrix product, 2-D·2-D
    /// a matrix product, and higher ranks a batched product with broadcast batch dims.
    ///
    /// Derivative: for C = A·B, ∂/∂A = G·Bᵀ and ∂/∂B = Aᵀ·G, summed over broadcast batch dimensions.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank >= 1 && other.rank >= 1 else {
            throw AutogradError(
                .shapeMismatch,
                "both arguments to matmul need to be at least 1D, but they are \(rank)D and \(other.rank)D")
        }
        switch (rank, other.rank) {
        case (1, 1): return try dot(other)
        case (2, 1): return try mv(other)
        case (1, 2): return try unsqueeze(0).mm(other).squeeze(0)
        case (2, 2): return try mm(other)
        case (_, 1): return try batchedMatmul(other.unsqueeze(1), folding: .matrixVector).squeeze(-1)
        case (1, _): return try unsqueeze(0).batchedMatmul(other, folding: .leftMatrix).squeeze(-2)
        case (_, 2): return try batchedMatmul(other, folding: .rightMatrix)
        case (2, _): return try batchedMatmul(other, folding: .leftMatrix)
        default: return try batchedMatmul(other, folding: .none)
        }
    }

    /// `a @ b`: `matmul`.
    public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a.matmul(b) }

    /// The dot product of two vectors (`dot`).
    ///
    /// Derivative: ∂(a·b)/∂a = b, ∂/∂b = a.
    public func dot(_ other: Tensor) throws -> Tensor {
        guard rank == 1 && other.rank == 1 else {
            throw AutogradError(.shapeMismatch, "1D tensors expected, but got \(rank)D and \(other.rank)D tensors")
        }
        guard dtype == other.dtype else {
            throw AutogradError(
                .dtypeMismatch,
                "dot : expected both vectors to have same dtype, but found \(dtype.scalarTypeName) and \(other.dtype.scalarTypeName)")
        }
        if dtype == .bool { throw dtype.notImplemented("dot") }
        guard shape == other.shape else {
            throw AutogradError(
                .shapeMismatch,
                "inconsistent tensor size, expected tensor [\(count)] and src [\(other.count)] to have the same number of elements, but got \(count) and \(other.count) elements respectively"
            )
        }
        let out = try Tensor.gemm(try detach().reshape([1, count]), try other.detach().reshape([count, 1])).makeScalarView()
        return try Tensor.record(.dot, inputs: OpInputs(self, other), output: out, saving: SmallList(self, other)) { ctx in
            try SmallList(ctx.gradOutput * ctx.saved(1), ctx.gradOutput * ctx.saved(0))
        } forward: { f in
            try f.total(f.tangent(0).map { try $0.dot(other) }, f.tangent(1).map { try self.dot($0) })
        }
    }

    /// Matrix times vector (`mv`).
    ///
    /// Derivative: for y = A·v, ∂/∂A = g·vᵀ and ∂/∂v = Aᵀ·g.
    public func mv(_ vector: Tensor) throws -> Tensor {
        guard rank == 2 && vector.rank == 1 && shape[1] == vector.shape[0] else {
            throw AutogradError(
                .shapeMismatch,
                "size mismatch, got input (\(shape.first ?? 0)), mat (\(shape.map(String.init).joined(separator: "x"))), vec (\(vector.shape.first ?? 0))")
        }
        guard dtype == vector.dtype else {
            // PyTorch's addmv names the result (the vector's dtype), the matrix and the vector.
            throw AutogradError(
                .dtypeMismatch,
                "addmv input tensors must have the same dtype, but got \(vector.dtype.scalarTypeName), \(dtype.scalarTypeName), and \(vector.dtype.scalarTypeName)"
            )
        }
        if dtype == .bool { throw dtype.notImplemented("addmv_impl_cpu") }
        let out = try Tensor.gemm(detach(), vector.detach().reshape([vector.count, 1])).reshape([shape[0]])
        return try Tensor.record(.mv, inputs: OpInputs(self, vector), output: out, saving: SmallList(self, vector)) { ctx in
            let (a, v) = (try ctx.saved(0), try ctx.saved(1))
            return try SmallList(
                ctx.needsGradient(0) ? ctx.gradOutput.unsqueeze(1) * v.unsqueeze(0) : nil,
                ctx.needsGradient(1) ? a.t().mv(ctx.gradOutput) : nil,
            )
        } forward: { f in
            try f.total(f.tangent(0).map { try $0.mv(vector) }, f.tangent(1).map { try self.mv($0) })
        }
    }

    /// Matrix times matrix (`mm`).
    ///
    /// Derivative: for C = A·B, ∂/∂A = G·Bᵀ and ∂/∂B = Aᵀ·G.
    public func mm(_ other: Tensor) throws -> Tensor {
        guard rank == 2 else { throw AutogradError(.shapeMismatch, "mm: self must be a matrix, got \(rank)-D tensor") }
        guard other.rank == 2 else { throw AutogradError(.shapeMismatch, "mm: mat2 must be a matrix, got \(other.rank)-D tensor") }
        guard shape[1] == other.shape[0] else {
            throw AutogradError(
                .shapeMismatch,
                "mm: mat1 and mat2 shapes cannot be multiplied (\(shape[0])x\(shape[1]) and \(other.shape[0])x\(other.shape[1]))")
        }
        guard dtype == other.dtype else {
            throw AutogradError(
                .dtypeMismatch,
                "expected m1 and m2 to have the same dtype, but got: \(dtype.cName) != \(other.dtype.cName)")
        }
        if dtype == .bool { throw dtype.notImplemented("addmm_impl_cpu_") }
        let out = try Tensor.gemm(self, other)
        return try Tensor.record(.mm, inputs: OpInputs(self, other), output: out, saving: SmallList(self, other)) { ctx in
            let (a, b) = (try ctx.saved(0), try ctx.saved(1))
            return try SmallList(
                ctx.needsGradient(0) ? Tensor.productGradientLeft(ctx.gradOutput, a, b) : nil,
                ctx.needsGradient(1) ? Tensor.productGradientRight(ctx.gradOutput, a, b) : nil,
            )
        } forward: { f in
            try f.total(f.tangent(0).map { try $0.mm(other) }, f.tangent(1).map { try self.mm($0) })
        }
    }

    /// `beta · input + alpha · (mat1 @ mat2)` in one BLAS call (`torch.addmm`), with `input`
    /// broadcast to the product's shape: how `Linear` computes `x Wᵀ + b`, recorded as
    /// PyTorch records it (`AddmmBackward0`). With `beta` 0, `input`'s values are ignored
    /// (NaN included), as in PyTorch.
    ///
    /// Derivative: for β·input + α·A·B: ∂/∂input = β·G (summed to its shape), ∂/∂A = α·G·Bᵀ, ∂/∂B = α·Aᵀ·G.
    public static func addmm(_ input: Tensor, _ mat1: Tensor, _ mat2: Tensor, beta: Double = 1, alpha: Double = 1) throws -> Tensor {
        guard mat1.rank == 2 else { throw AutogradError(.shapeMismatch, "addmm: self must be a matrix, got \(mat1.rank)-D tensor") }
        guard mat2.rank == 2 else { throw AutogradError(.shapeMismatch, "addmm: mat2 must be a matrix, got \(mat2.rank)-D tensor") }
        guard mat1.shape[1] == mat2.shape[0] else {
            throw AutogradError(
                .shapeMismatch,
                "addmm: mat1 and mat2 shapes cannot be multiplied (\(mat1.shape[0])x\(mat1.shape[1]) and \(mat2.shape[0])x\(mat2.shape[1]))")
        }
        guard mat1.dtype == mat2.dtype else {
            throw AutogradError(
                .dtypeMismatch,
                "mat1 and mat2 must have the same dtype, but got \(mat1.dtype.scalarTypeName) and \(mat2.dtype.scalarTypeName)")
        }
        guard input.dtype == mat2.dtype else {
            throw AutogradError(
                .dtypeMismatch,
                "self and mat2 must have the same dtype, but got \(input.dtype.scalarTypeName) and \(mat2.dtype.scalarTypeName)")
        }
        if mat1.dtype == .bool { throw mat1.dtype.notImplemented("addmm_impl_cpu_") }
        let productShape = DimensionList(mat1.shape[0], mat2.shape[1])
        // The output starts as the broadcast input (a copy: BLAS adds the product into it).
        let broadcastInput = try input.detach().expand(productShape)
        let out: Tensor
        if beta == 0 {
            out = try Tensor(zerosOf: productShape, dtype: mat1.dtype)
        } else {
            out = try broadcastInput.contiguousCopy()
        }
        try Tensor.gemm(mat1, mat2, into: out, alpha: alpha, beta: beta == 0 ? 0 : beta)
        return try Tensor.record(.addmm, inputs: OpInputs(input, mat1, mat2), output: out, saving: SmallList(mat1, mat2)) { ctx in
            let (a, b) = (try ctx.saved(0), try ctx.saved(1))
            let g = ctx.gradOutput
            // The engine sums input's gradient back to its (broadcast) shape.
            return try SmallList(
                ctx.needsGradient(0) ? Tensor.scaled(g, by: beta) : nil,
                ctx.needsGradient(1) ? Tensor.scaled(Tensor.productGradientLeft(g, a, b), by: alpha) : nil,
                ctx.needsGradient(2) ? Tensor.scaled(Tensor.productGradientRight(g, a, b), by: alpha) : nil,
            )
        } forward: { f in
            let product = try f.total(f.tangent(1).map { try $0.mm(mat2) }, f.tangent(2).map { try mat1.mm($0) })
            return try f.total(beta == 0 ? nil : f.tangent(0).map { try scaled($0, by: beta) }, product.map { try scaled($0, by: alpha) })
        }
    }

    /// `tensor · factor`, skipping the multiplication when the factor is 1.
    private static func scaled(_ tensor: Tensor, by factor: Double) throws -> Tensor {
        factor == 1 ? tensor : try tensor * factor
    }

    /// The gradient of `a` in `a @ b` given the product's gradient `g`, laid out like `a`, as
    /// PyTorch's mm backward does: for a transposed input (Linear's `weight.t()`) it is
    /// computed transposed, so that after TBackward the weight's gradient is contiguous and
    /// AccumulateGrad keeps it without a copy.
    static func productGradientLeft(_ g: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        a.isTransposedMatrix ? try b.mm(g.t()).t() : try g.mm(b.t())
    }

    /// The gradient of `b` in `a @ b` given the product's gradient `g`, laid out like `b`.
    static func productGradientRight(_ g: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        b.isTransposedMatrix ? try g.t().mm(a).t() : try a.t().mm(g)
    }

    /// True for a 2-D tensor stored column by column (such as `w.t()` of a contiguous `w`).
    var isTransposedMatrix: Bool {
        rank == 2 && strides[0] == 1 && strides[1] >= Swift.max(1, shape[0]) && shape[0] > 1 && shape[1] > 1
    }

    /// How PyTorch's `matmul` folds a batched product into a 2-D one, which decides the
    /// text of its dtype error (mv's, mm's with its operands in either order, or bmm's).
    private enum Folding { case matrixVector, rightMatrix, leftMatrix, none }

    /// PyTorch's error for operands of different dtypes, as the kernel `folding` leads to names it.
    private func mixedDTypeError(_ other: Tensor, folding: Folding) -> AutogradError {
        let text =
            switch folding {
            case .matrixVector:
                "addmv input tensors must have the same dtype, but got \(other.dtype.scalarTypeName), \(dtype.scalarTypeName), and \(other.dtype.scalarTypeName)"
            case .rightMatrix:
                "expected m1 and m2 to have the same dtype, but got: \(dtype.cName) != \(other.dtype.cName)"
            case .leftMatrix:
                "expected m1 and m2 to have the same dtype, but got: \(other.dtype.cName) != \(dtype.cName)"
            case .none:
                "expected scalar type \(dtype.scalarTypeName) but found \(other.dtype.scalarTypeName)"
            }
        return AutogradError(.dtypeMismatch, text)
    }

    /// Batched matrix product over the last two dims, broadcasting the batch dims.
    private func batchedMatmul(_ other: Tensor, folding: Folding) throws -> Tensor {
        guard dtype == other.dtype else { throw mixedDTypeError(other, folding: folding) }
        let (m, k) = (shape[rank - 2], shape[rank - 1])
        let (k2, n) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        let batch = try Shape.broadcast(DimensionList(shape.dropLast(2)), DimensionList(other.shape.dropLast(2)))
        guard k == k2 else {
            throw AutogradError(
                .shapeMismatch,
                "Expected size for first two dimensions of batch2 tensor to be: \(Shape.list([Shape.count(batch), k])) but got: \(Shape.list([Shape.count(batch), k2]))."
            )
        }
        if dtype == .bool { throw dtype.notImplemented("bmm") }
        let a = try detach().expand(batch + [m, k])
        let b = try other.detach().expand(batch + [k, n])
        let out = try Tensor(zerosOf: batch + [m, n], dtype: dtype)
        let batchCount = Shape.count(batch)
        let flatA = try a.reshape([batchCount, m, k]), flatB = try b.reshape([batchCount, k, n])
        let flatOut = try out.view([batchCount, m, n])
        for i in 0..<batchCount {
            try flatOut.select(0, i).assignValues(from: Tensor.gemm(try flatA.select(0, i), try flatB.select(0, i)))
        }
        let (shapeA, shapeB) = (shape, other.shape)
        return try Tensor.record(.bmm, inputs: OpInputs(self, other), output: out, saving: SmallList(self, other)) { ctx in
            let (x, y) = (try ctx.saved(0), try ctx.saved(1))
            return try SmallList(
                ctx.needsGradient(0) ? ctx.gradOutput.matmul(y.transpose(-1, -2)).sumTo(shapeA) : nil,
                ctx.needsGradient(1) ? x.transpose(-1, -2).matmul(ctx.gradOutput).sumTo(shapeB) : nil,
            )
        } forward: { f in
            try f.total(f.tangent(0).map { try $0.matmul(other) }, f.tangent(1).map { try self.matmul($0) })
        }
    }

    /// This one-element tensor as a 0-dimensional tensor over the same storage.
    func makeScalarView() -> Tensor {
        Tensor(storage: storage, shape: [], strides: [], offset: offset, dtype: dtype)
    }
}
