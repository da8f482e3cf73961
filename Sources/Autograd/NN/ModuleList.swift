/// A list of modules whose parameters belong to the model that holds it (`nn.ModuleList`):
/// index it, loop over it, append to it. Children are named `0`, `1`, ... It has no
/// `forward` of its own: the model that holds it decides how its layers are called.
public final class ModuleList: Module, RandomAccessCollection {
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

    /// Adds a module at the end (`append`).
    public func append(_ module: any Module) { modules.append(module) }

    /// The first position.
    public var startIndex: Int { modules.startIndex }
    /// One past the last position.
    public var endIndex: Int { modules.endIndex }
    /// The module at `position` (`layers[i]`).
    public subscript(position: Int) -> any Module { modules[position] }

    /// PyTorch's error: a `ModuleList` is a container, not a layer to call.
    public func forward(_ input: Tensor) throws -> Tensor {
        throw AutogradError(.unsupported, "Module [ModuleList] is missing the required \"forward\" function")
    }
}
