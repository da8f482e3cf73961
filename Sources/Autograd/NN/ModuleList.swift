/// A list of modules whose parameters belong to the model that holds it (`nn.ModuleList`):
/// index it, loop over it, append to it. Children are named `0`, `1`, ... It has no
/// `forward` of its own: the model that holds it decides how its layers are called.
public final class ModuleList: Module, Sequence {
    /// Training mode.
    public var isTraining = true
    /// The modules in order.
    public private(set) var modules: [any Module]

    /// A list of modules.
    public init(_ modules: [any Module] = []) { self.modules = modules }
    /// A list of modules, written out.
    public init(_ modules: any Module...) { self.modules = modules }

    /// `("0", first), ("1", second), ...`.
    public var children: [(String, any Module)] { modules.enumerated().map { (String($0.offset), $0.element) } }
    /// The modules, in order.
    public var childModules: [any Module] { modules }

    /// Adds a module at the end (`append`).
    public func append(_ module: any Module) { modules.append(module) }

    /// The number of modules (`len(layers)`).
    public var count: Int { modules.count }

    /// The module at `index` (`layers[i]`; negative counts from the end); throws PyTorch's
    /// error for an index out of range.
    public subscript(_ index: Int) -> any Module {
        get throws { try moduleAt(index, in: modules) }
    }

    /// The modules in order (`for layer in layers`).
    public func makeIterator() -> IndexingIterator<[any Module]> { modules.makeIterator() }

    /// PyTorch's error: a `ModuleList` is a container, not a layer to call.
    public func forward(_ input: Tensor) throws -> Tensor {
        throw AutogradError(.unsupported, "Module [ModuleList] is missing the required \"forward\" function")
    }
}
