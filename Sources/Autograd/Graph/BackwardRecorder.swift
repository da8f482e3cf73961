/// Watches the backward passes run on this thread inside `record`: it counts them, keeps
/// a picture of the graph of the first few (`ComputationGraph`, leaves read again after the
/// pass, so that their gradients show) and a node-by-node trace (`BackwardTrace`).
///
/// ```swift
/// let (_, recording) = try BackwardRecorder.record {
///     try loss.backward()
/// }
/// print(recording.traces[0])
/// ```
public final class BackwardRecorder {
    /// What a recording saw.
    public struct Recording: Sendable {
        /// How many backward passes (`backward()` and `grad(...)`) ran.
        public internal(set) var passCount = 0
        /// The graphs of the first passes, as they were when each pass began, leaves read
        /// again when it ended.
        public internal(set) var graphs: [ComputationGraph] = []
        /// The traces of the first passes.
        public internal(set) var traces: [BackwardTrace] = []
    }

    private let graphLimit: Int
    private let traceLimit: Int
    private var recording = Recording()
    /// How deep the current backward call is (a backward inside a custom rule is not traced).
    private var depth = 0
    /// Whether the outermost pass under way is traced and drawn.
    private var tracing = false
    private var drawing = false

    private init(graphLimit: Int, traceLimit: Int) {
        self.graphLimit = graphLimit
        self.traceLimit = traceLimit
    }

    /// Runs `body`, recording the graphs of its first `graphs` backward passes and the
    /// traces of its first `traces`; restores whatever recorder was installed before.
    public static func record<Result>(
        graphs: Int = 1, traces: Int = 1,
        _ body: () throws -> Result
    ) throws -> (Result, Recording) {
        let state = ThreadState.current
        let previous = state.backwardRecorder
        let recorder = BackwardRecorder(graphLimit: max(graphs, 0), traceLimit: max(traces, 0))
        state.backwardRecorder = recorder
        defer { state.backwardRecorder = previous }
        let result = try body()
        return (result, recorder.recording)
    }

    // MARK: - Called by backward and the engine

    /// A backward pass from `outputs` is about to run.
    func willBackward(from outputs: [Tensor]) {
        depth += 1
        guard depth == 1 else { return }
        recording.passCount += 1
        drawing = recording.graphs.count < graphLimit
        tracing = recording.traces.count < traceLimit
        if drawing { recording.graphs.append(ComputationGraph(of: outputs)) }
        if tracing { recording.traces.append(BackwardTrace(roots: outputs.map(\.description))) }
    }

    /// The pass begun by the matching `willBackward` has ended (or thrown).
    func didBackward() {
        depth -= 1
        guard depth == 0 else { return }
        if drawing { recording.graphs[recording.graphs.count - 1].refreshLeaves() }
        drawing = false
        tracing = false
    }

    /// Whether the engine should report its nodes (the outermost pass, when traced).
    var tracesNodes: Bool { tracing && depth == 1 }

    /// What reached a node and its local derivatives, noted before the node runs.
    struct Observation {
        let incoming: [String]
        let probes: [(derivative: String, elementwise: Bool)?]
    }

    /// Notes the gradients that reached `node` and, for an operation, probes its local derivatives.
    func observe(_ node: Node, _ gradients: GradientSlots) -> Observation {
        let incoming = gradients.all.map { $0?.description ?? "None" }
        guard !(node is AccumulateGrad) else { return Observation(incoming: incoming, probes: []) }
        return Observation(incoming: incoming, probes: Self.probe(node, outputs: gradients.all.map { $0.map { ($0.shape, $0.dtype) } }))
    }

    /// Adds `node`'s step to the trace: what `observe` noted and what it passed on (`outgoing`),
    /// or, for a leaf's `AccumulateGrad`, the leaf's gradient now.
    func report(_ node: Node, _ observation: Observation, outgoing: SmallList<Tensor?>) {
        let step: BackwardTrace.Step
        if let accumulator = node as? AccumulateGrad {
            let leaf = accumulator.variable
            step = BackwardTrace.Step(
                node: node.name, incoming: observation.incoming, localDerivatives: [], isElementwise: [], passedOn: [],
                leaf: (leaf.map { Array($0.shape) } ?? [], leaf?.grad?.description ?? "None"))
        } else {
            var handoffs: [BackwardTrace.Handoff] = []
            for (index, edge) in node.nextEdges.enumerated() {
                guard let edge else { continue }
                let gradient = index < outgoing.count ? outgoing[index] : nil
                handoffs.append(BackwardTrace.Handoff(to: edge.node.name, gradient: gradient?.description))
            }
            step = BackwardTrace.Step(
                node: node.name, incoming: observation.incoming, localDerivatives: observation.probes.map { $0?.derivative },
                isElementwise: observation.probes.map { $0?.elementwise ?? false }, passedOn: handoffs, leaf: nil)
        }
        recording.traces[recording.traces.count - 1].steps.append(step)
    }

    /// The derivative of `node`'s outputs with respect to each input, from its rule run on
    /// unit gradients (one per output element); nil for an input it cannot show.
    static func probe(_ node: Node, outputs: [(shape: DimensionList, dtype: DType)?]) -> [(derivative: String, elementwise: Bool)?] {
        let inputCount = node.edges.count
        guard let function = node as? FunctionNode, !function.runsWithUndefinedGradients,
            outputs.allSatisfy({ $0 != nil })
        else { return Array(repeating: nil, count: inputCount) }
        let outputElements = outputs.reduce(0) { $0 + Shape.count($1!.shape) }
        guard outputElements > 0, outputElements <= BackwardTrace.probedElements else {
            return Array(repeating: nil, count: inputCount)
        }
        // rows[i][r]: the gradient input i gets from a unit gradient on output element r.
        var rows = [[Tensor?]](repeating: [], count: inputCount)
        let probed: Bool = noGrad {
            for (outputNr, output) in outputs.enumerated() {
                let (shape, dtype) = output!
                for element in 0..<Shape.count(shape) {
                    guard let unit = try? Tensor.zeros(shape, dtype: dtype) else { return false }
                    unit.setElement(at: element, 1)
                    var slots = GradientSlots(count: outputs.count)
                    slots[outputNr] = unit
                    guard let grads = try? function.apply(slots), grads.count == inputCount else { return false }
                    for input in 0..<inputCount { rows[input].append(grads[input]) }
                }
            }
            return true
        }
        guard probed else { return Array(repeating: nil, count: inputCount) }
        let outputShape = outputs.count == 1 ? outputs[0]!.shape : nil
        return rows.map { row in Self.derivative(rows: row, outputShape: outputShape) }
    }

    /// The rows of one input's Jacobian, shown as simply as they allow.
    private static func derivative(rows: [Tensor?], outputShape: DimensionList?) -> (derivative: String, elementwise: Bool)? {
        guard let shape = rows.compactMap({ $0 }).first?.shape,
            let dtype = rows.compactMap({ $0 }).first?.dtype
        else { return nil }
        let width = Shape.count(shape)
        var values: [[Double]] = []
        for row in rows {
            guard let row, row.shape == shape, let array = try? row.toArray() else {
                values.append(Array(repeating: 0, count: width))
                continue
            }
            values.append(array)
        }
        func printed(_ shape: DimensionList, _ flat: [Double]) -> String? {
            (try? Tensor.make(shape: shape, values: flat, dtype: dtype))?.description
        }
        if values.count == 1 { return printed(shape, values[0]).map { ($0, false) } }
        if let outputShape, outputShape == shape {
            let isDiagonal = values.enumerated().allSatisfy { r, row in
                row.enumerated().allSatisfy { c, value in c == r || value == 0 }
            }
            if isDiagonal { return printed(shape, values.enumerated().map { $1[$0] }).map { ($0, true) } }
        }
        guard width <= BackwardTrace.probedElements else { return nil }
        return printed([values.count, width], values.flatMap { $0 }).map { ($0, false) }
    }
}
