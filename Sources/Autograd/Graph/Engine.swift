/// The backward pass: a topological walk of the graph that sums gradients
/// into each node's input buffer, applies the node, and passes results on.
enum Engine {
    /// A node's output, as a dictionary key (captures and captured gradients).
    struct OutputKey: Hashable {
        let node: ObjectIdentifier
        let outputNr: Int

        init(_ edge: Edge) {
            node = ObjectIdentifier(edge.node)
            outputNr = edge.outputNr
        }
    }

    /// Runs backward from `roots` (edges with their output gradients; a nil gradient is an
    /// *undefined* one: the node still runs, and a custom function sees it as PyTorch's
    /// `UndefinedGrad` would show it).
    ///
    /// - `captures`: outputs whose incoming gradient is returned instead of
    ///   accumulated (`grad(outputs:inputs:)`); when non-nil, leaves' `grad`
    ///   is left alone and only nodes leading to a captured node run.
    /// - Returns the captured gradients, keyed by output.
    static func run(
        roots: [(edge: Edge, gradient: Tensor?)],
        retainGraph: Bool,
        createGraph: Bool,
        captures: Set<OutputKey>? = nil
    ) throws -> [OutputKey: Tensor] {
        let nodes = reachableNodes(from: roots.map(\.edge.node))
        let needed = captures.map { neededNodes(nodes, reaching: Set($0.map(\.node))) }
        func runs(_ node: Node) -> Bool { needed?.contains(ObjectIdentifier(node)) ?? true }

        var dependencies: [ObjectIdentifier: Int] = [:]
        for node in nodes where runs(node) {
            for next in node.nextEdges.compactMap({ $0?.node }) where runs(next) {
                dependencies[ObjectIdentifier(next), default: 0] += 1
            }
        }

        // Each node's gradients, one slot per output; a node runs once something reached it.
        var buffers: [ObjectIdentifier: GradientSlots] = [:]
        var ready: [Node] = []
        var captured: [OutputKey: Tensor] = [:]


        return try withGradMode(createGraph) {
            for root in roots where runs(root.edge.node) {
                try receive(root.gradient, at: root.edge, into: &buffers)
                let id = ObjectIdentifier(root.edge.node)
                if dependencies[id, default: 0] == 0 && !ready.contains(where: { $0 === root.edge.node }) {
                    ready.append(root.edge.node)
                }
            }
            while !ready.isEmpty {
                // Among ready nodes, run the most recently created first, as PyTorch does.
                let pick = ready.indices.max { ready[$0].sequenceNumber < ready[$1].sequenceNumber }!
                let node = ready.remove(at: pick)
                let id = ObjectIdentifier(node)
                guard let gradients = buffers.removeValue(forKey: id) else {
                    // Nothing reached this node: it does not run, but the nodes after it
                    // still count it as done, or a gradient reaching them another way is lost.
                    for next in node.nextEdges.compactMap({ $0 }) where runs(next.node) {
                        let nextID = ObjectIdentifier(next.node)
                        dependencies[nextID, default: 0] -= 1
                        if dependencies[nextID] == 0 { ready.append(next.node) }
                    }
                    continue
                }

                for outputNr in 0..<gradients.count {
                    guard let gradient = gradients[outputNr] else { continue }
                    let key = OutputKey(Edge(node: node, outputNr: outputNr))
                    if let captures, captures.contains(key) {
                        captured[key] = try accumulate(captured[key], gradient)
                    }
                    if captures == nil, let retained = node.retainedTensors[outputNr]?.tensor {
                        try retain(gradient, into: retained, createGraph: createGraph)
                    }
                }

                // In grad(), a captured node whose inputs lead to no other capture stops here.
                if captures != nil && !node.nextEdges.contains(where: { $0.map { runs($0.node) } ?? false }) {
                    continue
                }

                let inputGradients: [Tensor?]
                if let accumulator = node as? AccumulateGrad {
                    if captures == nil, let gradient = gradients[0] {
                        try accumulator.accumulate(consume gradient, createGraph: createGraph)
                    }
                    inputGradients = []
                } else {
                    inputGradients = try node.apply(gradients)
                    if !retainGraph { node.releaseSavedTensors() }
                }

                for (next, grad) in zip(node.nextEdges, inputGradients) {
                    guard let next, runs(next.node) else { continue }
                    let nextID = ObjectIdentifier(next.node)
                    if let grad { try receive(grad, at: next, into: &buffers) }
                    dependencies[nextID, default: 0] -= 1
                    if dependencies[nextID] == 0 {
                        ready.append(next.node)
                    }
                }
            }
            return captured
        }
    }

    /// Adds `gradient` (if any) to the slot of `edge` in `buffers`, creating the node's
    /// slots on first use. An `inout` parameter rather than a captured variable, so that
    /// no access to the buffers is checked at run time.
    private static func receive(_ gradient: Tensor?, at edge: Edge, into buffers: inout [ObjectIdentifier: GradientSlots]) throws {
        let id = ObjectIdentifier(edge.node)
        if buffers[id] == nil { buffers[id] = GradientSlots(count: edge.node.outputCount) }
        if let gradient {
            let existing = buffers[id]![edge.outputNr]
            buffers[id]![edge.outputNr] = try accumulate(existing, gradient)
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
            stack.append(contentsOf: node.nextEdges.compactMap { $0?.node })
        }
        return order
    }

    /// The nodes from which some node in `targets` can be reached (targets included):
    /// a walk from the targets along reversed edges, with an explicit stack, so that
    /// the depth of the graph costs no stack depth.
    private static func neededNodes(_ nodes: [Node], reaching targets: Set<ObjectIdentifier>) -> Set<ObjectIdentifier> {
        var consumers: [ObjectIdentifier: [ObjectIdentifier]] = [:]
        for node in nodes {
            for next in node.nextEdges.compactMap({ $0?.node }) {
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
