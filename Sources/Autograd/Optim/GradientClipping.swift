import RealModule

/// Scales gradients so that their joint norm is at most `maxNorm` (`clip_grad_norm_`) and
/// returns the norm before clipping as a 0-dimensional tensor, as PyTorch does: the norm
/// of each gradient, the norm of those norms, the factor `maxNorm / (norm + 1e-6)` clamped
/// at 1, each a tensor in the gradients' dtype, and every gradient multiplied by the factor
/// in place. Without gradients it returns `tensor(0.)` and changes nothing.
///
/// `normType` 2 (the Euclidean norm) and `.infinity` (the largest magnitude) are PyTorch's
/// formulas; other orders use `(Σ|g|ᵖ)^(1/p)`. With `errorIfNonfinite` a NaN or infinite
/// norm throws PyTorch's error instead of scaling the gradients by it.
@discardableResult
public func clipGradNorm_(
    _ parameters: [Tensor], maxNorm: Double, normType: Double = 2,
    errorIfNonfinite: Bool = false
) throws -> Tensor {
    let grads = parameters.compactMap(\.gradValue)
    guard !grads.isEmpty else { return Tensor(0.0) }
    return try noGrad {
        let norms = try grads.map { try $0.vectorNorm(normType) }
        let dtype = norms.dropFirst().reduce(norms[0].dtype) { DType.promote($0, $1.dtype) }
        let total = try Tensor.stack(norms.map { try $0.to(dtype) }).vectorNorm(normType)
        if errorIfNonfinite, try !total.item().isFinite {
            throw AutogradError(
                .invalidArgument,
                "The total norm of order \(NumberFormat.pythonRepr(normType)) for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`"
            )
        }
        let coefficient = try (maxNorm / (total + 1e-6)).clamp(max: 1)
        for g in grads { try g.mul_(coefficient.to(g.dtype)) }
        return total
    }
}

extension Tensor {
    /// The `order`-norm of all elements (`linalg.vector_norm(x, ord)`), unrecorded use only.
    fileprivate func vectorNorm(_ order: Double) throws -> Tensor {
        if order == 2 { return try norm() }
        if order.isInfinite { return try abs().max() }
        return try (abs() ** order).sum() ** (1 / order)
    }
}

/// Clamps every gradient element to `[-clipValue, clipValue]` (`clip_grad_value_`).
public func clipGradValue_(_ parameters: [Tensor], clipValue: Double) throws {
    try noGrad {
        for g in parameters.compactMap(\.gradValue) {
            try g.copy_(g.clamp(min: -clipValue, max: clipValue))
        }
    }
}
