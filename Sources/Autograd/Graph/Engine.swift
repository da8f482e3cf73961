import Synchronization

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
        let scratch = ThreadState.withCurrent { $0.engineScratch.take() } ?? Scratch()
        var run = Run(retainGraph: retainGraph, createGraph: createGraph, captures: captures, scratch: scratch)
        defer {
            let kept = run.finish()
            ThreadState.withCurrent { $0.engineScratch = kept }
        }
        // Without captures every node runs, and discovery counts each node's consumers as
        // it goes; with captures only those that lead to a captured node count.
        run.pass.discover(from: roots.lazy.map { $0.edge.node }, countingDependencies: captures == nil)
        if let captures {
            let nodes = run.pass.reachedNodes
            run.needed = neededNodes(nodes, reaching: Set(captures.map(\.node)))
            for node in nodes where run.runs(node) {
                for case let next? in node.inputEdges where run.runs(next.node) {
                    run.pass.withState(of: next.node) { $0.dependencies += 1 }
                }
            }
        }

        return try withGradMode(createGraph) {
            for root in roots where run.runs(root.edge.node) {
                try run.pass.receive(root.gradient, at: root.edge)
                let enqueue = run.pass.withState(of: root.edge.node) { state in
                    defer { state.isQueued = true }
                    return state.dependencies == 0 && !state.isQueued
                }
                if enqueue { run.ready.push(root.edge.node) }
            }
            // Every node the pass reaches stays alive until it returns (the roots hold the
            // graph, and nothing in a pass removes an edge), so the work lists hold them
            // unretained and each runs through a borrowed reference: no reference counting
            // per node for the lists.
            while let next = run.ready.pop() {
                try next._withUnsafeGuaranteedRef { try run.process($0) }
            }
            return run.captured
        }
    }

    /// One backward pass in progress: its bookkeeping, its ready nodes and what it captures.
    struct Run {
        let retainGraph: Bool
        let createGraph: Bool
        /// Outputs whose gradients `grad()` returns (nil for `backward()`).
        let captures: Set<OutputKey>?
        /// With captures, the nodes that lead to a captured one (the others do not run).
        var needed: Set<ObjectIdentifier>?
        var pass: Pass
        /// Nodes whose inputs have all arrived; the most recently created runs first, as in PyTorch.
        var ready: ReadyQueue
        var captured: [OutputKey: Tensor] = [:]
        /// The recorder that traces this pass node by node (nil when none does).
        let tracer: BackwardRecorder?

        init(retainGraph: Bool, createGraph: Bool, captures: Set<OutputKey>?, scratch: Scratch) {
            self.retainGraph = retainGraph
            self.createGraph = createGraph
            self.captures = captures
            pass = Pass(reached: scratch.reached, stack: scratch.stack)
            ready = ReadyQueue(heap: scratch.heap)
            let recorder = ThreadState.withCurrent { $0.backwardRecorder }
            tracer = recorder?.tracesNodes == true ? recorder : nil
        }

        /// Ends the pass (see `Pass.finish`) and returns its emptied lists for the next pass
        /// on this thread, or nil when they grew past `Scratch.largestKept`.
        mutating func finish() -> Scratch? {
            let (reached, stack) = pass.finish()
            let scratch = Scratch(reached: reached, stack: stack, heap: ready.emptied())
            return scratch.isSmall ? scratch : nil
        }

        /// Whether `node` runs in this pass (with captures, only the nodes leading to one do).
        func runs(_ node: Node) -> Bool { needed?.contains(ObjectIdentifier(node)) ?? true }

        /// Runs one ready node and passes its input gradients on.
        mutating func process(_ node: Node) throws {
            guard var gradients = pass.withState(of: node, { $0.gradients.take() }) else {
                // Nothing reached this node: it does not run, but the nodes after it
                // still count it as done, or a gradient reaching them another way is lost.
                for case let next? in node.inputEdges where runs(next.node) {
                    if pass.completeDependency(of: next.node) { ready.push(next.node) }
                }
                return
            }

            if captures != nil || node.retainedTensors != nil {
                for outputNr in 0..<gradients.count {
                    guard let gradient = gradients[outputNr] else { continue }
                    if let captures {
                        let key = OutputKey(Edge(node: node, outputNr: outputNr))
                        if captures.contains(key) { captured[key] = try accumulate(captured[key], gradient) }
                    } else if let retained = node.retainedTensors?[outputNr]?.tensor {
                        try retain(gradient, into: retained, createGraph: createGraph)
                    }
                }
            }

            // In grad(), a captured node whose inputs lead to no other capture stops here.
            if captures != nil && !node.edges.contains(where: { $0.node.map(runs) ?? false }) {
                return
            }

            // A traced pass notes what reached the node and its local derivatives before it
            // runs (while its saved tensors are there), and what it passed on after.
            let observation = tracer?.observe(node, gradients)
            var inputGradients: SmallList<Tensor?>
            if let accumulator = node as? AccumulateGrad {
                // Moved out of its slot, so that a gradient nobody else holds can become
                // the leaf's `grad` without a copy.
                if captures == nil, let gradient = gradients.take(0) {
                    try accumulator.accumulate(consume gradient, createGraph: createGraph)
                }
                inputGradients = []
            } else {
                inputGradients = try node.apply(consume gradients)
                if !retainGraph { node.releaseSavedTensors() }
            }
            if let tracer, let observation { tracer.report(node, observation, outgoing: inputGradients) }

            // By index, reading each edge in place (no `Edge` made per input), and moving
            // each gradient out of the list into the next node's slot.
            for index in 0..<Swift.min(node.edges.count, inputGradients.count) {
                guard let reference = node.edges.unretainedNode(at: index) else { continue }
                try reference._withUnsafeGuaranteedRef { next in
                    guard runs(next) else { return }
                    try pass.receive(inputGradients.take(index), at: next, outputNr: node.edges[index].outputNr)
                    if pass.completeDependency(of: next) { ready.push(next) }
                }
            }
        }
    }

    /// The lists a backward pass works in, kept by each thread between passes, so that a
    /// small backward (Lab 4's has seven nodes) allocates none of them. A nested pass (a
    /// backward inside a custom function's backward) finds none kept and makes its own.
    struct Scratch {
        var reached: [Unmanaged<Node>] = []
        var stack: [Unmanaged<Node>] = []
        var heap: [(sequenceNumber: Int, node: Unmanaged<Node>)] = []

        /// The most entries a kept list may have room for: the lists of a huge graph's
        /// pass are freed rather than kept.
        static let largestKept = 4096

        /// Lists with room for a small graph from the start (growing them from empty
        /// reallocated each several times per backward).
        init() {
            reached.reserveCapacity(32)
            stack.reserveCapacity(32)
            heap.reserveCapacity(16)
        }

        init(reached: [Unmanaged<Node>], stack: [Unmanaged<Node>], heap: [(sequenceNumber: Int, node: Unmanaged<Node>)]) {
            (self.reached, self.stack, self.heap) = (reached, stack, heap)
        }

        /// Whether every list is small enough to keep.
        var isSmall: Bool {
            Swift.max(reached.capacity, stack.capacity, heap.capacity) <= Self.largestKept
        }
    }

    /// What one backward pass keeps about a node: how many of its consumers have yet to
    /// run, the gradients that reached it (nil until one did), and whether it is queued.
    struct NodeState {
        var dependencies = 0
        var gradients: GradientSlots?
        var isQueued = false
    }

    /// One backward pass's bookkeeping. Each node it reaches is claimed for the pass, and
    /// the node's state lives in the node itself (no hashing on the way); a node that
    /// another pass on another thread holds at the same moment (a leaf shared by graphs
    /// being differentiated concurrently) keeps its state in this pass's table instead.
    struct Pass {
        let id = Pass.nextID.wrappingAdd(1, ordering: .relaxed).newValue
        /// Every node the pass reached (claimed or kept in `elsewhere`), unretained: the
        /// roots keep them alive for the whole pass.
        private var reached: [Unmanaged<Node>]
        /// Discovery's work list (empty between walks).
        private var stack: [Unmanaged<Node>]
        private var elsewhere: [ObjectIdentifier: NodeState] = [:]
        private static let nextID = Atomic<Int>(0)

        /// A pass whose lists start from `reached` and `stack` (empty, with room kept from an
        /// earlier pass on this thread).
        init(reached: [Unmanaged<Node>], stack: [Unmanaged<Node>]) {
            self.reached = reached
            self.stack = stack
        }

        /// Reaches every node reachable from `roots`, each once, claimed for this pass where
        /// free; with `countingDependencies`, each node's state counts the edges that lead to it.
        mutating func discover<Roots: Sequence<Node>>(from roots: Roots, countingDependencies: Bool) {
            for root in roots where claim(root) { stack.append(.passUnretained(root)) }
            while let top = stack.popLast() {
                top._withUnsafeGuaranteedRef { node in
                    for index in 0..<node.edges.count {
                        guard let next = node.edges.unretainedNode(at: index) else { continue }
                        next._withUnsafeGuaranteedRef { next in
                            if claim(next) { stack.append(.passUnretained(next)) }
                            if countingDependencies { withState(of: next) { $0.dependencies += 1 } }
                        }
                    }
                }
            }
        }

        /// Every node `discover` reached (grad()'s captures walk them).
        var reachedNodes: [Node] { reached.map { $0.takeUnretainedValue() } }

        /// Claims `node` for this pass with a fresh state (in the node, or in `elsewhere` when
        /// another pass holds the node); false when the pass reached it before.
        private mutating func claim(_ node: Node) -> Bool {
            if node.engineOwner.compareExchange(expected: 0, desired: id, ordering: .acquiring).exchanged {
                node.engineState = NodeState()
            } else if node.engineOwner.load(ordering: .relaxed) == id || elsewhere[ObjectIdentifier(node)] != nil {
                return false
            } else {
                elsewhere[ObjectIdentifier(node)] = NodeState()
            }
            reached.append(.passUnretained(node))
            return true
        }

        /// Runs `body` on `node`'s state for this pass.
        mutating func withState<Result>(of node: Node, _ body: (inout NodeState) throws -> Result) rethrows -> Result {
            if node.engineOwner.load(ordering: .relaxed) == id { return try body(&node.engineState) }
            return try body(&elsewhere[ObjectIdentifier(node), default: NodeState()])
        }

        /// Adds `gradient` (if any) to the slot of `edge`, creating the node's slots on first use.
        mutating func receive(_ gradient: Tensor?, at edge: Edge) throws {
            try receive(gradient, at: edge.node, outputNr: edge.outputNr)
        }

        /// Adds `gradient` (if any) to output `outputNr`'s slot of `node`.
        /// The gradient is taken over: the first to reach a slot is moved in, not copied.
        mutating func receive(_ gradient: consuming Tensor?, at node: Node, outputNr: Int) throws {
            try withState(of: node) { state in
                if state.gradients == nil { state.gradients = GradientSlots(count: node.outputCount) }
                guard let incoming = gradient.take() else { return }
                // `accumulate`'s sum, written out so that both tensors move (through a call
                // taking them as `consuming`, the compiler still copied them: 14 more retains
                // and releases per Lab 4 epoch).
                if let existing = state.gradients!.take(outputNr) {
                    state.gradients![outputNr] = try existing + incoming
                } else {
                    state.gradients![outputNr] = consume incoming
                }
            }
        }

        /// Counts one consumer of `node` as done; true when it was the last (the node is ready).
        mutating func completeDependency(of node: Node) -> Bool {
            withState(of: node) { state in
                state.dependencies -= 1
                return state.dependencies == 0
            }
        }

        /// Frees the gradients still held and hands the claimed nodes back; returns the
        /// pass's lists, emptied, for reuse.
        mutating func finish() -> (reached: [Unmanaged<Node>], stack: [Unmanaged<Node>]) {
            for reference in reached {
                reference._withUnsafeGuaranteedRef { node in
                    guard node.engineOwner.load(ordering: .relaxed) == id else { return }
                    node.engineState = NodeState()
                    node.engineOwner.store(0, ordering: .releasing)
                }
            }
            elsewhere = [:]
            reached.removeAll(keepingCapacity: true)
            stack.removeAll(keepingCapacity: true)
            return (reached, stack)
        }
    }

    /// Ready nodes, the most recently created (highest sequence number) first: a binary heap
    /// of sequence numbers beside unretained nodes (the pass keeps every node alive).
    struct ReadyQueue {
        private var heap: [(sequenceNumber: Int, node: Unmanaged<Node>)]

        /// A queue over `heap`, an empty list (with room kept from an earlier pass).
        init(heap: [(sequenceNumber: Int, node: Unmanaged<Node>)]) {
            self.heap = heap
        }

        /// The queue's list, emptied, for reuse.
        mutating func emptied() -> [(sequenceNumber: Int, node: Unmanaged<Node>)] {
            heap.removeAll(keepingCapacity: true)
            return heap
        }

        /// Adds a node that became ready.
        mutating func push(_ node: Node) {
            heap.append((node.sequenceNumber, .passUnretained(node)))
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[parent].sequenceNumber < heap[child].sequenceNumber else { break }
                heap.swapAt(parent, child)
                child = parent
            }
        }

        /// Removes and returns the most recently created ready node (nil when none is left).
        mutating func pop() -> Unmanaged<Node>? {
            guard !heap.isEmpty else { return nil }
            heap.swapAt(0, heap.count - 1)
            let top = heap.removeLast().node
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var largest = parent
                if left < heap.count && heap[left].sequenceNumber > heap[largest].sequenceNumber { largest = left }
                if right < heap.count && heap[right].sequenceNumber > heap[largest].sequenceNumber { largest = right }
                guard largest != parent else { return top }
                heap.swapAt(parent, largest)
                parent = largest
            }
        }
    }

    /// Sums a gradient into a buffer (a new tensor, so that buffers never alias user tensors).
    private static func accumulate(_ existing: Tensor?, _ gradient: Tensor) throws -> Tensor {
        guard let existing else { return gradient }
        return try existing + gradient
    }

    /// Stores a non-leaf's gradient for `retainGrad()`: a copy of the first gradient (as
    /// PyTorch's retain-grad hook clones it; under `createGraph` the copy is recorded), so
    /// that the retained gradient never is a tensor another node or the caller holds.
    private static func retain(_ gradient: Tensor, into tensor: Tensor, createGraph: Bool) throws {
        let value = createGraph ? gradient : gradient.detach()
        if let existing = tensor.gradValue {
            tensor.gradValue = try existing + value
        } else {
            tensor.gradValue = try value.clone()
        }
    }

    /// The nodes from which some node in `targets` can be reached (targets included):
    /// a walk from the targets along reversed edges, with an explicit stack, so that
    /// the depth of the graph costs no stack depth.
    private static func neededNodes(_ nodes: [Node], reaching targets: Set<ObjectIdentifier>) -> Set<ObjectIdentifier> {
        var consumers: [ObjectIdentifier: [ObjectIdentifier]] = [:]
        for node in nodes {
            for next in node.edges.compactMap(\.node) {
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
