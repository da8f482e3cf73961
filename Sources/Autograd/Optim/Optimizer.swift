/// Updates parameters from their gradients: PyTorch's `torch.optim.Optimizer`.
///
/// Every optimizer here follows PyTorch's single-tensor CPU implementation formula
/// for formula, in the parameters' precision, with the fused multiply-adds PyTorch's
/// kernels use, so float32 trajectories follow PyTorch's.
public protocol Optimizer: AnyObject {
    /// The parameters it updates.
    var parameters: [Tensor] { get }
    /// The learning rate (schedulers change it).
    var learningRate: Double { get set }
    /// Applies one update from the current gradients; parameters without a gradient are skipped.
    func step() throws
}

extension Optimizer {
    /// Clears the gradients (`zero_grad(set_to_none=True)` by default).
    public func zeroGrad(setToNone: Bool = true) {
        for parameter in parameters { parameter.zeroGrad(setToNone: setToNone) }
    }
}

/// One optimizer's per-element formula, written once for both precisions.
protocol ElementUpdate {
    /// Updates element `k` of the parameter and its state; `v[0]` is the parameter,
    /// `v[1]` its gradient, the rest the optimizer's state tensors.
    func apply<T: TensorScalar>(_ k: Int, _ v: [UnsafeMutablePointer<T>])
}

/// Elementwise update loops over contiguous tensors of one dtype.
enum Update {
    /// Runs `update` over every element of a parameter and its state tensors, in their precision.
    static func each<U: ElementUpdate>(_ tensors: [Tensor], _ update: U) {
        func run<T: TensorScalar>(_: T.Type) {
            let pointers = tensors.map { $0.storage.pointer(T.self) + $0.offset }
            for k in 0..<tensors[0].count { update.apply(k, pointers) }
        }
        if tensors[0].dtype == .float32 { run(Float.self) } else { run(Double.self) }
        // The parameter and the state are written; the gradient (index 1) is only read.
        for (index, tensor) in tensors.enumerated() where index != 1 { tensor.storage.version += 1 }
    }

    /// A contiguous copy of `tensor` (so that update loops can index it linearly).
    static func contiguous(_ tensor: Tensor) -> Tensor {
        tensor.isContiguous ? tensor : tensor.contiguousCopy()
    }

    /// Throws unless every parameter is a contiguous floating-point leaf.
    static func validate(_ parameters: [Tensor], optimizer: String) throws {
        guard !parameters.isEmpty else { throw AutogradError(.invalidArgument, "optimizer got an empty parameter list") }
        for (i, p) in parameters.enumerated() {
            guard p.dtype.isFloatingPoint else {
                throw AutogradError(.dtypeMismatch, "\(optimizer): parameter \(i) has dtype \(p.dtype); only float32 and float64 can be optimized")
            }
            guard p.isLeaf else { throw AutogradError(.invalidArgument, "can't optimize a non-leaf Tensor") }
            guard p.isContiguous else {
                throw AutogradError(.invalidArgument, "\(optimizer): parameter \(i) is not contiguous; pass contiguous leaf tensors")
            }
        }
    }

    /// The parameter's gradient as a contiguous tensor of its dtype, or nil when it has none.
    static func gradient(of parameter: Tensor) throws -> Tensor? {
        guard let g = parameter.gradValue else { return nil }
        guard g.shape == parameter.shape else {
            throw AutogradError(.shapeMismatch, "gradient of shape \(Shape.list(g.shape)) for a parameter of shape \(Shape.list(parameter.shape))")
        }
        return contiguous(g.dtype == parameter.dtype ? g : g.converted(to: parameter.dtype))
    }
}
