/// The backward pass: a topological walk of the graph that sums gradients
/// into each node's input buffer, applies the node, and passes results on.
enum Engine {
    /// Runs backward from `roots` (tensors with their output gradients).
    ///
    /// - `captures`: nodes whose incoming gradient is returned instead of
    ///   accumulated (`grad(outputs:inputs:)`); when non-nil, leaves' `grad`
    ///   is left alone and only nodes leading to a captured node run.
    /// - Returns the captured gradients, keyed by node.
    static func run(
        roots: [(node: Node, gradient: Tensor)],
        retainGraph: Bool,
        createGraph: Bool,
        captures: Set<ObjectIdentifier>? = nil
    ) throws -> [ObjectIdentifier: Tensor] {
        let nodes = reachableNodes(from: roots.map(\.node))
        let needed = captures.map { neededNodes(nodes, reaching: $0) }
        func runs(_ node: Node) -> Bool { needed?.contains(ObjectIdentifier(node)) ?? true }

        var dependencies: [ObjectIdentifier: Int] = [:]
        for node in nodes where runs(node) {
            for next in node.nextFunctions.compactMap({ $0 }) where runs(next) {
                dependencies[ObjectIdentifier(next), default: 0] += 1
            }
        }

        var buffers: [ObjectIdentifier: Tensor] = [:]
        var ready: [Node] = []
        var captured: [ObjectIdentifier: Tensor] = [:]

        return try withGradMode(createGraph) {
            for root in roots where runs(root.node) {
                let id = ObjectIdentifier(root.node)
                buffers[id] = try accumulate(buffers[id], root.gradient)
                if dependencies[id, default: 0] == 0 && !ready.contains(where: { $0 === root.node }) {
                    ready.append(root.node)
                }
            }
            while !ready.isEmpty {
                // Among ready nodes, run the most recently created first, as PyTorch does.
                let pick = ready.indices.max { ready[$0].sequenceNumber < ready[$1].sequenceNumber }!
                let node = ready.remove(at: pick)
                let id = ObjectIdentifier(node)
                guard let gradient = buffers.removeValue(forKey: id) else { continue }

                if let captures, captures.contains(id) {
                    captured[id] = try accumulate(captured[id], gradient)
                }
                if let retained = node.retainedTensor, captures == nil {
                    try retain(gradient, into: retained, createGraph: createGraph)
                }

                // In grad(), a captured node whose inputs lead to no other capture stops here.
                if captures != nil && !node.nextFunctions.contains(where: { $0.map(runs) ?? false }) {
                    continue
                }

                let inputGradients: [Tensor?]
                if let accumulator = node as? AccumulateGrad {
                    if captures == nil {
                        try accumulator.accumulate(consume gradient, createGraph: createGraph)
                    }
                    inputGradients = []
                } else {
                    inputGradients = try node.apply(gradient)
                    if !retainGraph { node.releaseSavedTensors() }
                }

                for (next, grad) in zip(node.nextFunctions, inputGradients) {
                    guard let next, runs(next) else { continue }
                    let nextID = ObjectIdentifier(next)
                    if let grad {
                        buffers[nextID] = try accumulate(buffers[nextID], grad)
                    }
                    dependencies[nextID, default: 0] -= 1
                    if dependencies[nextID] == 0 {
                        ready.append(next)
                    }
                }
            }
            return captured
        }
    }

    /// Sums a gradient into a buffer (a new tensor, so that buffers never alias user tensors).
    private static func accumulate(_ existing: Tensor?, _ gradient: Tensor) throws -> Tensor {
        guard let existing else { return gradient }
        return try existing + gradient
    }

    /// Stores a non-leaf's gradient for `retainGrad()`.
    private static func retain(_ gradient: Tensor, into tensor: Tensor, createGraph: Bool) throws {
        let value = createGraph ? gradient : gradient.detach()
        if let existing = tensor.gradValue {
            tensor.gradValue = try existing + value
        } else {
            tensor.gradValue = createGraph ? value : try value.clone()
        }
    }

    /// Every node reachable from `roots`, each once.
    private static func reachableNodes(from roots: [Node]) -> [Node] {
        var seen = Set<ObjectIdentifier>()
        var order: [Node] = []
        var stack = roots
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            order.append(node)
            stack.append(contentsOf: node.nextFunctions.compactMap { $0 })
        }
        return order
    }

    /// The nodes from which some node in `targets` can be reached (targets included):
    /// a walk from the targets along reversed edges, with an explicit stack, so that
    /// the depth of the graph costs no stack depth.
    private static func neededNodes(_ nodes: [Node], reaching targets: Set<ObjectIdentifier>) -> Set<ObjectIdentifier> {
        var consumers: [ObjectIdentifier: [ObjectIdentifier]] = [:]
        for node in nodes {
            for next in node.nextFunctions.compactMap({ $0 }) {
                consumers[ObjectIdentifier(next), default: []].append(ObjectIdentifier(node))
            }
        }
        let present = Set(nodes.map(ObjectIdentifier.init))
        var needed = Set<ObjectIdentifier>()
        var stack = Array(targets.filter(present.contains))
        while let id = stack.popLast() {
            guard needed.insert(id).inserted else { continue }
            stack.append(contentsOf: consumers[id] ?? [])
        }
        return needed
    }
}
