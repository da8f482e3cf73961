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

/// Elementwise update loops over contiguous tensors of one dtype.
enum Update {
    /// Runs `body(i, pointers...)` over a parameter and state tensors, in their precision.
    static func each(_ tensors: [Tensor], _ body: (_ index: Int, _ values: [UnsafeMutablePointer<Float>]) -> Void,
                     double: (_ index: Int, _ values: [UnsafeMutablePointer<Double>]) -> Void) {
        let count = tensors[0].count
        if tensors[0].dtype == .float32 {
            let pointers = tensors.map { $0.storage.pointer(Float.self) + $0.offset }
            for i in 0..<count { body(i, pointers) }
        } else {
            let pointers = tensors.map { $0.storage.pointer(Double.self) + $0.offset }
            for i in 0..<count { double(i, pointers) }
        }
        for tensor in tensors { tensor.storage.version += 1 }
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
