/// In-place operations with PyTorch's rules:
///
/// - a leaf that requires grad (or a view of one) cannot be modified while grad
///   mode is on; inside `noGrad` it can (the manual SGD step);
/// - every in-place write bumps the storage's version, so a backward that needs
///   a value saved before the write fails with PyTorch's message;
/// - a non-leaf modified in place takes the new op as its `gradFn` (its history
///   is rebased), so gradients still flow through the write.
extension Tensor {
    /// Throws PyTorch's error when an in-place write on this tensor is not allowed.
    func checkInPlaceAllowed() throws {
        if isGradEnabled {
            if let base = viewBase, base.isLeaf && base.requiresGrad {
                throw AutogradError(.leafInPlace, "a view of a leaf Variable that requires grad is being used in an in-place operation.")
            }
            if isLeaf && requiresGrad {
                throw AutogradError(.leafInPlace, "a leaf Variable that requires grad is being used in an in-place operation.")
            }
        }
        // An expanded tensor (stride 0 along a dimension longer than 1) has elements that
        // share memory: a write would land on one element several times.
        if hasSharedElements { throw AutogradError.writeToSharedElements }
    }

    /// Throws PyTorch's error when a result of `resultType` cannot be stored in this tensor.
    private func requireCastable(from resultType: DType) throws {
        guard resultType.canCast(to: dtype) else {
            throw AutogradError(
                .dtypeMismatch,
                "result type \(resultType.scalarTypeName) can't be cast to the desired output type \(dtype.scalarTypeName)")
        }
    }

    /// Runs `compute` on a snapshot of this tensor and writes the result into this
    /// tensor's memory; when the result was recorded, this tensor takes its history.
    private func modifyInPlace(broadcasting other: Tensor? = nil, _ compute: (Tensor) throws -> Tensor) throws {
        try checkInPlaceAllowed()
        if let other { try requireBroadcastable(other) }
        // Recording ops must not see the values we are about to overwrite: give them a copy.
        let input = isGradEnabled ? try clone() : self
        let result = try compute(input)
        try requireCastable(from: result.dtype)
        try writeResult(result.to(dtype))
    }

    /// `self = kernel(self, other)` in place, for `add_`, `sub_`, `mul_` and `div_`: straight
    /// into this tensor's memory when nothing records and the result needs no conversion,
    /// otherwise through `compute` (the recorded out-of-place op) and a write-back.
    private func modifyInPlace<K: BinaryKernel>(
        with other: Tensor, _ kernel: K,
        _ compute: (Tensor) throws -> Tensor
    ) throws {
        let recording = isGradEnabled && (requiresGrad || other.requiresGrad)
        guard !recording, tangent == nil, other.tangent == nil, canCombineInPlace(with: other) else {
            return try modifyInPlace(broadcasting: other, compute)
        }
        try checkInPlaceAllowed()
        try requireBroadcastable(other)
        try Tensor.combine(self, other, kernel, dtype: dtype, into: self)
        storage.version += 1
    }

    /// Whether `kernel(self, other)` written straight into this tensor's memory gives the
    /// out-of-place op's values: a floating result of this tensor's own dtype, contiguous
    /// memory to write, and an operand that does not read from it.
    private func canCombineInPlace(with other: Tensor) -> Bool {
        dtype.isFloatingPoint && DType.resultType(self, other) == dtype && isContiguous && other.storage !== storage
    }

    /// Writes `result` into this tensor's memory, bumps the version and rebases history.
    private func writeResult(_ result: Tensor) throws {
        guard result.shape == shape else {
            throw AutogradError(
                .shapeMismatch,
                "output with shape \(Shape.list(shape)) doesn't match the broadcast shape \(Shape.list(result.shape))")
        }
        if result.requiresGrad && isGradEnabled && viewBase != nil {
            throw AutogradError(
                .unsupported,
                "GradLab does not support recorded in-place operations on views; use an out-of-place operation instead")
        }
        try assignValues(from: result)
        storage.version += 1
        if result.requiresGrad && isGradEnabled {
            gradFn = result.gradFn
            outputNr = result.outputNr
            requiresGradFlag = false
        }
        // Forward mode: this tensor's tangent becomes the result's (the in-place op's rule).
        // A view's tangent is a view of its base's: written in place, so that the base's
        // tangent changes with its values, as in PyTorch.
        if let newTangent = result.tangent {
            if viewBase != nil, let existing = tangent, existing.shape == newTangent.shape {
                try existing.assignValues(from: newTangent)
            } else {
                setTangent(newTangent, level: ThreadState.withCurrent { $0.dualLevel })
            }
        }
    }

    /// Checks that `other` broadcasts to this tensor's shape (for `add_` and friends).
    private func requireBroadcastable(_ other: Tensor) throws {
        let common = try Shape.broadcast(shape, other.shape)
        guard common == shape else {
            throw AutogradError(
                .shapeMismatch,
                "output with shape \(Shape.list(shape)) doesn't match the broadcast shape \(Shape.list(common))")
        }
    }

    /// `self += other` in place (`add_`); returns self.
    @discardableResult public func add_(_ other: Tensor) throws -> Tensor {
        try modifyInPlace(with: other, AddKernel()) { try $0.add(other) }
        return self
    }
    /// `self -= other` in place (`sub_`).
    @discardableResult public func sub_(_ other: Tensor) throws -> Tensor {
        try modifyInPlace(with: other, SubKernel()) { try $0.sub(other) }
        return self
    }
    /// `self *= other` in place (`mul_`).
    @discardableResult public func mul_(_ other: Tensor) throws -> Tensor {
        try modifyInPlace(with: other, MulKernel()) { try $0.mul(other) }
        return self
    }
    /// `self /= other` in place (`div_`).
    @discardableResult public func div_(_ other: Tensor) throws -> Tensor {
        try modifyInPlace(with: other, DivKernel()) { try $0.div(other) }
        return self
    }
    /// `self += scalar` in place.
    /// `integral: true` stands for a Python `int` scalar, which keeps an integer tensor an integer.
    @discardableResult public func add_(_ scalar: Double, integral: Bool = false) throws -> Tensor {
        try modifyInPlace { try $0.add(scalar, integral: integral) }
        return self
    }
    /// `self -= scalar` in place.
    /// `integral: true` stands for a Python `int` scalar, which keeps an integer tensor an integer.
    @discardableResult public func sub_(_ scalar: Double, integral: Bool = false) throws -> Tensor {
        try modifyInPlace { try $0.sub(scalar, integral: integral) }
        return self
    }
    /// `self *= scalar` in place.
    /// `integral: true` stands for a Python `int` scalar, which keeps an integer tensor an integer.
    @discardableResult public func mul_(_ scalar: Double, integral: Bool = false) throws -> Tensor {
        try modifyInPlace { try $0.mul(scalar, integral: integral) }
        return self
    }
    /// `self /= scalar` in place.
    @discardableResult public func div_(_ scalar: Double) throws -> Tensor {
        try modifyInPlace { try $0.div(scalar) }
        return self
    }

    /// Sets every element to `value` (`fill_`); the gradient through it is zero.
    @discardableResult public func fill_(_ value: Double) throws -> Tensor {
        try checkInPlaceAllowed()
        if !(isGradEnabled && requiresGrad) {
            // Nothing to record (zeroing a gradient, say): write the value straight in.
            fillStorage(value)
            storage.version += 1
            return self
        }
        let filled = try Tensor.full(shape, value, dtype: dtype)
        let shape = self.shape
        try writeResult(
            Tensor.record(.fill, inputs: OpInputs(self), output: filled) { ctx in
                try SmallList(Tensor.zeros(like: ctx.gradOutput).expand(shape))
            } forward: { _ in
                nil
            })
        return self
    }

    /// Sets every element to zero (`zero_`).
    @discardableResult public func zero_() throws -> Tensor { try fill_(0) }

    /// Copies `source` (broadcast and converted) into this tensor (`copy_`); the gradient flows to `source`.
    @discardableResult public func copy_(_ source: Tensor) throws -> Tensor {
        try checkInPlaceAllowed()
        try requireBroadcastable(source)
        let copied = try source.detach().expand(shape).contiguousCopy().to(dtype)
        let (sourceShape, sourceDType, shape) = (source.shape, source.dtype, self.shape)
        try writeResult(
            Tensor.record(.copy, inputs: OpInputs(self, source), output: copied) { ctx in
                try SmallList(Tensor.zeros(like: ctx.gradOutput).expand(shape), ctx.gradOutput.sumTo(sourceShape).to(sourceDType))
            } forward: { f in
                try f.tangent(1)?.expand(shape)
            })
        return self
    }

    /// In-place addition.
    public static func += (lhs: Tensor, rhs: Tensor) throws { try lhs.add_(rhs) }
    /// In-place subtraction.
    public static func -= (lhs: Tensor, rhs: Tensor) throws { try lhs.sub_(rhs) }
    /// In-place multiplication.
    public static func *= (lhs: Tensor, rhs: Tensor) throws { try lhs.mul_(rhs) }
    /// In-place division.
    public static func /= (lhs: Tensor, rhs: Tensor) throws { try lhs.div_(rhs) }
    /// In-place addition of a scalar.
    public static func += (lhs: Tensor, rhs: Double) throws { try lhs.add_(rhs) }
    /// In-place subtraction of a scalar.
    public static func -= (lhs: Tensor, rhs: Double) throws { try lhs.sub_(rhs) }
    /// In-place multiplication by a scalar.
    public static func *= (lhs: Tensor, rhs: Double) throws { try lhs.mul_(rhs) }
    /// In-place division by a scalar.
    public static func /= (lhs: Tensor, rhs: Double) throws { try lhs.div_(rhs) }

    /// Adds `other` into this tensor's memory without any checks or recording (gradient accumulation).
    func addInPlaceStorage(_ other: Tensor) throws {
        if other.shape == shape, canCombineInPlace(with: other) {
            try Tensor.combine(self, other, AddKernel(), dtype: dtype, into: self)
        } else {
            try assignValues(from: try detach().add(other.detach()))
        }
        storage.version += 1
    }
}
