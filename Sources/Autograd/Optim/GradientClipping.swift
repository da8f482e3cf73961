import RealModule

/// Scales gradients so that their joint norm is at most `maxNorm` (`clip_grad_norm_`);
/// returns the norm before clipping.
@discardableResult
public func clipGradNorm_(_ parameters: [Tensor], maxNorm: Double, normType: Double = 2) throws -> Double {
    let grads = parameters.compactMap(\.gradValue)
    guard !grads.isEmpty else { return 0 }
    return try noGrad {
        let norms: [Double]
        if normType.isInfinite {
            norms = try grads.map { try $0.abs().max().item() }
        } else {
            norms = try grads.map { try ($0.abs() ** normType).sum().item() }
        }
        let total = normType.isInfinite ? (norms.max() ?? 0) : Double.pow(norms.reduce(0, +), 1 / normType)
        let coefficient = Swift.min(maxNorm / (total + 1e-6), 1)
        for g in grads { try g.mul_(coefficient) }
        return total
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
