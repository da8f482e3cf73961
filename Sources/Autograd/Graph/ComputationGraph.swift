/// A picture-ready copy of a tensor's history: the `grad_fn` nodes that backward would
/// run, the leaves they end at, and the tensors each node saved for its rule.
///
/// The graph is read at the moment it is made (PyTorch's torchviz `make_dot` and
/// micrograd's `draw_dot` read theirs the same way); `refreshLeaves()` reads the leaves'
/// values and gradients again, for a picture drawn after `backward()`. `dot` gives the
/// Graphviz text; the `Figures` library's `GraphvizRenderer` draws it.
///
/// ```swift
/// let x = Tensor([1, 2, 3], requiresGrad: true)
/// let loss = try (x * x).sum()
/// var graph = ComputationGraph(of: loss, names: ["x": x, "loss": loss])
/// try loss.backward()
/// graph.refreshLeaves()          // x's box now shows its gradient
/// print(graph.dot)
/// ```
public struct ComputationGraph: Sendable, CustomStringConvertible {
    /// What a vertex of the picture stands for.
    public enum Kind: String, Sendable {
        /// A tensor the graph was made from (drawn green, as torchviz draws outputs).
        case output
        /// A recorded operation's backward node (`MulBackward0`).
        case operation
        /// A leaf that requires grad, with its `AccumulateGrad` node (drawn blue).
        case leaf
        /// A tensor an operation saved for its backward rule (drawn orange).
        case saved
    }

    /// One box of the picture.
    public struct Vertex: Sendable, Equatable {
        /// Its position in `vertices`, used by `Link`.
        public let id: Int
        /// What it stands for.
        public let kind: Kind
        /// The node's name (`MulBackward0`, `AccumulateGrad`), the tensor's name from
        /// `names`, or `saved 0`, `saved 1`, `saved result` for saved tensors.
        public let title: String
        /// The tensor's shape (empty for an operation).
        public let shape: [Int]
        /// The tensor's dtype (nil for an operation).
        public let dtype: DType?
        /// The tensor's values as PyTorch prints them, for tensors of at most
        /// `ComputationGraph.printedElements` elements (nil otherwise, and for operations).
        public var value: String?
        /// A leaf's gradient as PyTorch prints it (`None` before backward reaches it).
        public var grad: String?
    }

    /// An arrow from the vertex that feeds another (an input, or a saved tensor) to it.
    public struct Link: Sendable, Equatable, Hashable {
        /// The vertex the value comes from.
        public let from: Int
        /// The vertex that uses it.
        public let to: Int
        /// Whether `from` is a tensor `to` saved for backward (drawn dashed).
        public let isSaved: Bool
    }

    /// Tensors with more elements are shown by shape and dtype only.
    public static let printedElements = 16

    /// The boxes: outputs first, then nodes in the order a walk from the outputs meets them.
    public private(set) var vertices: [Vertex] = []
    /// The arrows, each once.
    public private(set) var links: [Link] = []
    /// Each leaf vertex's tensor, to read its value and gradient again.
    private var leafTensors: [(vertex: Int, tensor: Tensor)] = []

    /// The graph behind `output`; `names` labels tensors (leaves, the output) as
    /// torchviz's `params` does.
    public init(of output: Tensor, names: [String: Tensor] = [:]) {
        self.init(of: [output], names: names)
    }

    /// The graph behind several outputs, sharing the nodes they share.
    public init(of outputs: [Tensor], names: [String: Tensor] = [:]) {
        var nameOf: [ObjectIdentifier: String] = [:]
        for (name, tensor) in names.sorted(by: { $0.key < $1.key }) { nameOf[ObjectIdentifier(tensor)] = name }
        var vertexOfNode: [ObjectIdentifier: Int] = [:]
        var pending: [Node] = []

        /// The vertex of `node`, made (and queued for its inputs) on first sight.
        func vertex(for node: Node) -> Int {
            if let known = vertexOfNode[ObjectIdentifier(node)] { return known }
            let id: Int
            if let accumulator = node as? AccumulateGrad {
                // A leaf freed while its graph lives is drawn as a leaf without values.
                guard let leaf = accumulator.variable else {
                    id = add(.leaf, "freed leaf", tensor: nil)
                    vertexOfNode[ObjectIdentifier(node)] = id
                    return id
                }
                id = add(.leaf, nameOf[ObjectIdentifier(leaf)] ?? "leaf", tensor: leaf)
                leafTensors.append((id, leaf))
                vertices[id].grad = Self.printed(leaf.grad)
            } else {
                id = add(.operation, node.name, tensor: nil)
                pending.append(node)
            }
            vertexOfNode[ObjectIdentifier(node)] = id
            return id
        }

        for output in outputs {
            let id = add(.output, nameOf[ObjectIdentifier(output)] ?? "output", tensor: output)
            if let node = output.gradFn {
                links.append(Link(from: vertex(for: node), to: id, isSaved: false))
            } else if output.requiresGrad {
                leafTensors.append((id, output))
                vertices[id].grad = Self.printed(output.grad)
            }
        }
        var next = 0
        while next < pending.count {
            let node = pending[next]
            next += 1
            let id = vertexOfNode[ObjectIdentifier(node)]!
            for case let next? in node.nextFunctions {
                let link = Link(from: vertex(for: next), to: id, isSaved: false)
                if !links.contains(link) { links.append(link) }
            }
            guard let function = node as? FunctionNode else { continue }
            for (index, saved) in function.saved.enumerated() {
                guard let tensor = saved.peek else { continue }
                links.append(Link(from: add(.saved, "saved \(index)", tensor: tensor), to: id, isSaved: true))
            }
            if let tensor = function.savedOutput?.peek {
                links.append(Link(from: add(.saved, "saved result", tensor: tensor), to: id, isSaved: true))
            }
        }
    }

    /// Reads every leaf's value and gradient again (after `backward()` or an optimizer step).
    public mutating func refreshLeaves() {
        for (id, tensor) in leafTensors {
            vertices[id].value = Self.printedValue(tensor)
            vertices[id].grad = Self.printed(tensor.grad)
        }
    }

    /// The operations' names, in the order of `vertices`.
    public var operationNames: [String] { vertices.filter { $0.kind == .operation }.map(\.title) }

    /// One line per link, `from -> to`, for reading the graph as text.
    public var description: String {
        links.map { link in
            let arrow = link.isSaved ? "-.->" : "->"
            return "\(vertices[link.from].title) \(arrow) \(vertices[link.to].title)"
        }.joined(separator: "\n")
    }

    private mutating func add(_ kind: Kind, _ title: String, tensor: Tensor?) -> Int {
        let id = vertices.count
        vertices.append(
            Vertex(
                id: id, kind: kind, title: title, shape: tensor.map { Array($0.shape) } ?? [], dtype: tensor?.dtype,
                value: tensor.flatMap(Self.printedValue), grad: nil))
        return id
    }

    /// The tensor's values without its autograd suffix, when it is small enough to show.
    private static func printedValue(_ tensor: Tensor) -> String? {
        tensor.count <= printedElements ? tensor.detach().description : nil
    }

    /// A gradient as PyTorch prints it, `None` when there is none.
    private static func printed(_ grad: Tensor?) -> String {
        guard let grad else { return "None" }
        return printedValue(grad) ?? "\(Shape.list(grad.shape)) \(grad.dtype.rawValue)"
    }
}
