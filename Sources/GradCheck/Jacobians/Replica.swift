import Autograd

/// The inputs one worker perturbs and differentiates. Worker 0 uses the caller's own
/// tensors (perturbed in place and restored, as PyTorch does); the others get copies
/// with the same values, layouts (strides and offsets) and `requiresGrad` flags, so no
/// two threads write one tensor and every worker runs the backward the caller's layout
/// leads to: the verdict does not depend on how many threads check.
struct Replica: @unchecked Sendable {
    let inputs: [Tensor]
    let windows: [SharedValues]

    init(of inputs: [Tensor], copying: Bool) throws {
        self.inputs =
            copying
            ? try inputs.map { x in
                let copy = try x.layoutPreservingCopy()
                if x.requiresGrad { try copy.requiresGrad_() }
                return copy
            } : inputs
        windows = try self.inputs.map { try $0.sharedWindow }
    }

    /// One replica per worker.
    static func make(for inputs: [Tensor], workers: Int) throws -> [Replica] {
        try (0..<workers).map { try Replica(of: inputs, copying: $0 > 0) }
    }
}
