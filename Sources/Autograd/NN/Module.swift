/// A layer or model: PyTorch's `nn.Module`.
///
/// A module owns parameters (tensors that require grad) and child modules, and
/// maps an input to an output in `forward`. Call it like a function: `model(x)`.
///
/// ```swift
/// final class TwoLayer: Module {
///     var isTraining = true
///     let hidden = Linear(3, 16), out = Linear(16, 1)
///     var children: [(String, any Module)] { [("hidden", hidden), ("out", out)] }
///     func forward(_ x: Tensor) throws -> Tensor { try out(hidden(x).relu()) }
/// }
/// ```
public protocol Module: AnyObject, CustomStringConvertible {
    /// Whether the module is in training mode (dropout active); see `train()` and `eval()`.
    var isTraining: Bool { get set }
    /// The module's own parameters, with their names (not its children's).
    var ownParameters: [(String, Tensor)] { get }
    /// Direct submodules, with their names.
    var children: [(String, any Module)] { get }
    /// Direct submodules, in the order of `children`, without their names: what `modules()`,
    /// `train()` and `parameters()` walk, so that a training loop that calls `train()`
    /// every epoch builds no name strings. Defaults to `children`'s modules.
    var childModules: [any Module] { get }
    /// Computes the output.
    func forward(_ input: Tensor) throws -> Tensor
    /// The module's settings inside its printed form (`Linear`'s
    /// `in_features=3, out_features=16, bias=True`; PyTorch's `extra_repr`), empty by default.
    var extraRepr: String { get }
}

extension Module {
    /// No own parameters by default.
    public var ownParameters: [(String, Tensor)] { [] }
    /// No children by default.
    public var children: [(String, any Module)] { [] }
    /// The modules of `children`, in order.
    public var childModules: [any Module] { children.map(\.1) }

    /// No settings to print by default.
    public var extraRepr: String { "" }

    /// The module as PyTorch prints it: its type, its settings, and each child on its own
    /// line, indented (`print(model)`).
    public var description: String {
        let name = String(describing: type(of: self))
        var lines = extraRepr.isEmpty ? [] : extraRepr.split(separator: "\n").map(String.init)
        for (childName, child) in children {
            let text = child.description.replacingOccurrences(of: "\n", with: "\n  ")
            lines.append("(\(childName)): \(text)")
        }
        guard !children.isEmpty || lines.count > 1 else { return "\(name)(\(lines.first ?? ""))" }
        return "\(name)(\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\n)"
    }

    /// `forward(input)`, so that a module reads as a function: `model(x)`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor { try forward(input) }

    /// Every parameter with its dotted name (`network.0.weight`), each tensor once.
    public func namedParameters() -> [(String, Tensor)] {
        var seen = IdentitySet()
        var result: [(String, Tensor)] = []
        for (prefix, module) in namedModules() {
            for (name, tensor) in module.ownParameters where seen.insert(tensor) {
                result.append((prefix.isEmpty ? name : prefix + "." + name, tensor))
            }
        }
        return result
    }

    /// This module and every descendant with its dotted path, depth first, each module once
    /// (`named_modules()`): a module that contains itself or an ancestor is visited once, not forever.
    public func namedModules() -> [(String, any Module)] {
        var seen = IdentitySet()
        var result: [(String, any Module)] = []
        var stack: [(String, any Module)] = [("", self)]
        while let (path, module) = stack.popLast() {
            guard seen.insert(module) else { continue }
            result.append((path, module))
            for (name, child) in module.children.reversed() {
                stack.append((path.isEmpty ? name : path + "." + name, child))
            }
        }
        return result
    }

    /// Every parameter, each once (`parameters()`), in `namedParameters()`'s order.
    public func parameters() -> [Tensor] {
        var seen = IdentitySet()
        var result: [Tensor] = []
        for module in modules() {
            for (_, tensor) in module.ownParameters where seen.insert(tensor) {
                result.append(tensor)
            }
        }
        return result
    }

    /// The total number of parameter elements (`sum(p.numel() for p in model.parameters())`).
    public var parameterCount: Int { parameters().reduce(0) { $0 &+ $1.count } }

    /// This module and every descendant, depth first, each once (`modules()`): the modules
    /// of `namedModules()`, in its order, found without building their paths.
    public func modules() -> [any Module] {
        var seen = IdentitySet()
        var result: [any Module] = []
        var stack: [any Module] = [self]
        while let module = stack.popLast() {
            guard seen.insert(module) else { continue }
            result.append(module)
            stack.append(contentsOf: module.childModules.reversed())
        }
        return result
    }

    /// Sets training mode on this module and its descendants (`train()`).
    public func train(_ mode: Bool = true) {
        for module in modules() { module.isTraining = mode }
    }

    /// Sets evaluation mode (`eval()`).
    public func eval() { train(false) }

    /// Clears every parameter's gradient (`zero_grad()`): to nil, or to zeros in place.
    public func zeroGrad(setToNone: Bool = true) {
        for parameter in parameters() { parameter.zeroGrad(setToNone: setToNone) }
    }
}

/// A leaf tensor that requires grad: a trainable parameter (`nn.Parameter`). As in
/// PyTorch, only a floating-point tensor can require grad: an integer one throws unless
/// `requiresGrad` is false.
public func Parameter(_ tensor: Tensor, requiresGrad: Bool = true) throws -> Tensor {
    guard !requiresGrad || tensor.dtype.isFloatingPoint else {
        throw AutogradError(.dtypeMismatch, "Only Tensors of floating point and complex dtype can require gradients")
    }
    let parameter = tensor.detach()
    parameter.requiresGradFlag = requiresGrad
    return parameter
}
