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

    /// The optimizer's parameter groups (`param_groups`): GradLab's optimizers have one,
    /// so `optimizer.paramGroups[0].lr = 0.01` sets the learning rate as in PyTorch.
    public var paramGroups: [ParamGroup] { [ParamGroup(optimizer: self)] }
}

/// A group of parameters and its learning rate (an entry of PyTorch's `param_groups`);
/// setting `lr` sets the optimizer's.
public struct ParamGroup {
    /// The optimizer the group belongs to.
    public let optimizer: any Optimizer

    /// The parameters of the group (`group['params']`).
    public var params: [Tensor] { optimizer.parameters }

    /// The group's learning rate (`group['lr']`).
    public var lr: Double {
        get { optimizer.learningRate }
        nonmutating set { optimizer.learningRate = newValue }
    }
}

/// One optimizer's update of a whole parameter, written once for both precisions.
protocol ElementUpdate {
    /// Updates the `count` elements of the parameter and its state; `v[0]` is the
    /// parameter, `v[1]` its gradient, the rest the optimizer's state tensors.
    func applyAll<T: TensorScalar>(count: Int, _ v: UnsafeBufferPointer<UnsafeMutablePointer<T>>)
}

/// An update written element by element in Swift (the optimizers without a C kernel).
protocol PerElementUpdate: ElementUpdate {
    /// Updates element `k` of the parameter and its state (`v` as in `applyAll`).
    func apply<T: TensorScalar>(_ k: Int, _ v: UnsafeBufferPointer<UnsafeMutablePointer<T>>)
}

extension PerElementUpdate {
    func applyAll<T: TensorScalar>(count: Int, _ v: UnsafeBufferPointer<UnsafeMutablePointer<T>>) {
        for k in 0..<count { apply(k, v) }
    }
}

extension UnsafeMutablePointer {
    /// The same address typed as `Other` (the element type a C kernel takes, which the
    /// caller has checked `Pointee` to be).
    func retyped<Other>(_: Other.Type) -> UnsafeMutablePointer<Other> {
        UnsafeMutableRawPointer(self).assumingMemoryBound(to: Other.self)
    }
}

/// Per-parameter state tensors (moments, momentum buffers, sums), made on a parameter's
/// first update, as PyTorch fills `optimizer.state` lazily.
struct OptimizerState {
    private var slots: [[Tensor]?]

    /// Empty state for `parameterCount` parameters.
    init(parameterCount: Int) { slots = Array(repeating: nil, count: parameterCount) }

    /// True until parameter `index` has been updated once.
    func isEmpty(_ index: Int) -> Bool { slots[index] == nil }

    /// The `count` state tensors of parameter `index`, created on first use with the
    /// parameter's shape and dtype, filled with `initial`.
    mutating func tensors(for index: Int, like parameter: Tensor, count: Int, initial: Double = 0) throws -> [Tensor] {
        if let existing = slots[index] { return existing }
        let made = try (0..<count).map { _ in try Tensor.full(parameter.shape, initial, dtype: parameter.dtype) }
        slots[index] = made
        return made
    }
}

/// Elementwise update loops over a parameter, its gradient and its state, in one dtype.
enum Update {
    /// Runs `update` over every element of `parameter`, its gradient and its state tensors,
    /// in the parameter's precision.
    ///
    /// The state must have the parameter's shape: a parameter resized after its first
    /// update gets PyTorch's size-mismatch error, never a write past the state. A
    /// non-contiguous parameter is updated through a contiguous copy written back in place.
    static func each<U: ElementUpdate>(_ parameter: Tensor, gradient: Tensor, state: [Tensor], _ update: U) throws {
        // An expanded parameter's elements share memory: an update would write each several times.
        if parameter.hasSharedElements { throw AutogradError.writeToSharedElements }
        for tensor in state where tensor.dtype != parameter.dtype {
            throw AutogradError(
                .dtypeMismatch,
                "optimizer state of dtype \(tensor.dtype) cannot update a parameter that is now \(parameter.dtype); make a new optimizer after changing a parameter's dtype"
            )
        }
        for tensor in state where tensor.shape != parameter.shape {
            _ = try Shape.broadcast(tensor.shape, parameter.shape)
            throw AutogradError(
                .shapeMismatch,
                "optimizer state of shape \(Shape.list(tensor.shape)) cannot be updated with a parameter of shape \(Shape.list(parameter.shape))")
        }
        let target = parameter.isContiguous ? parameter : try parameter.contiguousCopy()
        // The parameter, its gradient and its state, as element pointers on the stack (an
        // array of them cost three allocations per parameter and step).
        func run<T: TensorScalar>(_: T.Type) {
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<T>.self, capacity: 2 + state.count) { pointers in
                func elements(_ tensor: Tensor) -> UnsafeMutablePointer<T> { tensor.storage.pointer(T.self) + tensor.offset }
                pointers.initializeElement(at: 0, to: elements(target))
                pointers.initializeElement(at: 1, to: elements(gradient))
                for (k, tensor) in state.enumerated() { pointers.initializeElement(at: 2 + k, to: elements(tensor)) }
                update.applyAll(count: target.count, UnsafeBufferPointer(pointers))
            }
        }
        if parameter.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        if target !== parameter { try parameter.assignValues(from: target) }
        // The parameter and the state are written; the gradient is only read.
        parameter.storage.version += 1
        for tensor in state { tensor.storage.version += 1 }
    }

    /// Throws unless every parameter is a floating-point leaf.
    static func validate(_ parameters: [Tensor], optimizer: String) throws {
        guard !parameters.isEmpty else { throw AutogradError(.invalidArgument, "optimizer got an empty parameter list") }
        for (i, p) in parameters.enumerated() {
            guard p.dtype.isFloatingPoint else {
                throw AutogradError(.dtypeMismatch, "\(optimizer): parameter \(i) has dtype \(p.dtype); only float32 and float64 can be optimized")
            }
            guard p.isLeaf else { throw AutogradError(.invalidArgument, "can't optimize a non-leaf Tensor") }
        }
    }

    /// The parameter's gradient as a contiguous tensor of its dtype, or nil when it has none.
    static func gradient(of parameter: Tensor) throws -> Tensor? {
        guard let g = parameter.gradValue else { return nil }
        guard g.shape == parameter.shape else {
            throw AutogradError(.shapeMismatch, "gradient of shape \(Shape.list(g.shape)) for a parameter of shape \(Shape.list(parameter.shape))")
        }
        let typed = g.dtype == parameter.dtype ? g : try g.converted(to: parameter.dtype)
        return typed.isContiguous ? typed : try typed.contiguousCopy()
    }
}
