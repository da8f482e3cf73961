extension Tensor {
    /// Picks `a` where `condition` is true and `b` elsewhere, with broadcasting (`torch.where`).
    ///
    /// Derivative: g goes to `a` where the condition holds and to `b` elsewhere.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard condition.dtype == .bool else {
            throw AutogradError(
                .dtypeMismatch,
                "where expected condition to be a boolean tensor, but got a tensor with dtype \(condition.dtype.scalarTypeName)")
        }
        let outShape = try Shape.broadcast(Shape.broadcast(condition.shape, a.shape), b.shape)
        let dtype = DType.resultType(a, b)
        let mask = try condition.operand(for: outShape, dtype: .float64)
        let lhs = try a.operand(for: outShape, dtype: dtype)
        let rhs = try b.operand(for: outShape, dtype: dtype)
        let out = try Tensor(zerosOf: outShape, dtype: dtype)
        func index(_ operand: Operand, _ i: Int) -> Int { operand.tensor.offset + (operand.isScalar ? 0 : i) }
        for i in 0..<out.count {
            let chosen = mask.tensor.element(at: index(mask, i)) != 0 ? lhs : rhs
            if dtype == .int64 {
                out.setIntegerElement(at: i, chosen.tensor.integerElement(at: index(chosen, i)))
            } else {
                out.setElement(at: i, chosen.tensor.element(at: index(chosen, i)))
            }
        }
        let (shapeA, shapeB) = (a.shape, b.shape)
        return try record(.where, inputs: OpInputs(a, b), output: out, saving: SmallList(condition)) { ctx in
            let cond = try ctx.saved(0)
            let zero = try Tensor.zeros(like: ctx.gradOutput)
            return try SmallList(
                ctx.needsGradient(0) ? Tensor.where(cond, ctx.gradOutput, zero).sumTo(shapeA) : nil,
                ctx.needsGradient(1) ? Tensor.where(cond, zero, ctx.gradOutput).sumTo(shapeB) : nil,
            )
        } forward: { f in
            // Each side's tangent where it is chosen (zeros for a side without one).
            let zero = try Tensor.zeros(like: f.output)
            return try Tensor.where(condition, f.tangent(0) ?? zero, f.tangent(1) ?? zero)
        }
    }

    /// The elementwise larger of two tensors (`torch.maximum`); ties share the gradient
    /// equally, and where either is NaN both receive it whole, as in PyTorch.
    ///
    /// Derivative: g to the larger input, g/2 to each on a tie.
    public func maximum(_ other: Tensor) throws -> Tensor {
        try extremum(other, op: .maximum, takeSelf: { try $0.gt($1) }, loses: { try $0.lt($1) })
    }

    /// The elementwise smaller of two tensors (`torch.minimum`); ties share the gradient
    /// equally, and where either is NaN both receive it whole, as in PyTorch.
    ///
    /// Derivative: g to the smaller input, g/2 to each on a tie.
    public func minimum(_ other: Tensor) throws -> Tensor {
        try extremum(other, op: .minimum, takeSelf: { try $0.lt($1) }, loses: { try $0.gt($1) })
    }

    /// `maximum`/`minimum`: `takeSelf(a, b)` is where `a` wins; `loses(a, b)` where `a`
    /// gets no gradient (PyTorch's rule: `where(a == b, g / 2, g)` zeroed where `a` loses).
    private func extremum(
        _ other: Tensor, op: Op, takeSelf: @escaping (Tensor, Tensor) throws -> Tensor,
        loses: @escaping (Tensor, Tensor) throws -> Tensor
    ) throws -> Tensor {
        let (a, b) = (detach(), other.detach())
        let nan = try a.ne(a).logicalOr(b.ne(b))
        let chosen = try Tensor.where(try takeSelf(a, b).logicalOr(a.ne(a)), a, b)
        let out = try Tensor.where(nan, try a + b, chosen)
        let (ls, rs) = (shape, other.shape)
        return try Tensor.record(op, inputs: OpInputs(self, other), output: out, saving: SmallList(self, other)) { ctx in
            let (x, y) = (try ctx.saved(0).detach(), try ctx.saved(1).detach())
            let g = ctx.gradOutput
            let shared = try Tensor.where(x.eq(y), try g * 0.5, g)
            let zero = try Tensor.zeros(like: g)
            return try SmallList(
                Tensor.where(loses(x, y), zero, shared).sumTo(ls),
                Tensor.where(loses(y, x), zero, shared).sumTo(rs),
            )
        } forward: { f in
            // Each side's tangent with the weight its gradient gets: 1 where it wins, 1/2 at a
            // tie, 0 where it loses (both 1 where either is NaN).
            func weighted(_ t: Tensor, _ mine: Tensor, _ theirs: Tensor) throws -> Tensor {
                let shared = try Tensor.where(mine.eq(theirs), try t * 0.5, t)
                return try Tensor.where(try loses(mine, theirs), Tensor.zeros(like: shared), shared)
            }
            return try f.total(f.tangent(0).map { try weighted($0, a, b) }, f.tangent(1).map { try weighted($0, b, a) })
        }
    }
}
