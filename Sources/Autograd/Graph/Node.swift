import CKernels
import Synchronization

/// Where a gradient goes: a node and which of its outputs the gradient is for
/// (PyTorch's `Edge`, shown in `next_functions` as `(node, output_nr)`).
public struct Edge {
    /// The node that receives the gradient.
    public let node: Node
    /// Which of the node's outputs the gradient belongs to (0 for single-output nodes).
    public let outputNr: Int
}

/// An `Edge?` as one struct (`node` nil where the input needs no gradient): the form a
/// node keeps its edges in, which copies without calls into the runtime (an optional
/// `Edge` inside an optional list slot did not).
struct InputEdge {
    /// The node that receives the gradient, or nil.
    let node: Node?
    /// Which of the node's outputs the gradient belongs to.
    let outputNr: Int

    /// Where gradients for `tensor` flow (its `gradientEdge`), without an `Edge` in between.
    @inline(__always)
    init(gradientOf tensor: Tensor) {
        if let fn = tensor.gradFn {
            node = fn
            outputNr = tensor.outputNr
        } else {
            node = tensor.requiresGradFlag ? tensor.gradientAccumulator() : nil
            outputNr = 0
        }
    }

    /// The edge, or nil where the input needs no gradient.
    var edge: Edge? {
        guard let node else { return nil }
        return Edge(node: node, outputNr: outputNr)
    }
}

/// A step of the recorded graph: PyTorch's `grad_fn` object.
///
/// Each node knows the nodes that produced its inputs (`nextEdges`) and computes, from
/// the gradients of its outputs (one per output; most ops have one), the gradients of
/// its inputs. Subclasses: `FunctionNode` for recorded operations and custom functions,
/// `AccumulateGrad` for leaves.
public class Node: CustomStringConvertible {
    /// PyTorch's class name, e.g. `MulBackward0` or `AccumulateGrad`.
    public let name: String
    /// Where each input's gradient goes, kept inline for the one or two inputs of most ops.
    @exclusivity(unchecked) var edges: SmallList<InputEdge>
    /// Where each input's gradient goes (nil for an input that needs none), without a copy.
    var inputEdges: LazyMapSequence<SmallList<InputEdge>, Edge?> { edges.lazy.map { $0.edge } }
    /// Where each input's gradient goes (nil for an input that needs none).
    public var nextEdges: [Edge?] { edges.map(\.edge) }
    /// The nodes that receive this node's input gradients, one per input (nil for an input that needs none).
    public var nextFunctions: [Node?] { edges.map(\.node) }
    /// How many outputs the node has (`num_outputs`): tensors with this `gradFn` have
    /// `outputNr` below it.
    public let outputCount: Int
    /// Non-leaf outputs that asked to keep their gradient (`retainGrad()`), by output number;
    /// nil until one asks (so that making a node builds no dictionary).
    @exclusivity(unchecked) var retainedTensors: [Int: WeakTensor]?
    /// Order of creation (increasing within a thread; see `NodeLedger`): later nodes run
    /// first when both are ready.
    let sequenceNumber: Int
    /// The backward pass that holds this node's `engineState` (0: none), so that the
    /// engine keeps its bookkeeping in the node instead of a table keyed by node.
    let engineOwner = Atomic<Int>(0)
    /// The engine's bookkeeping for this node, during the pass that `engineOwner` names.
    @exclusivity(unchecked) var engineState = Engine.NodeState()
    /// The ledger of the thread that made the node (unretained: see `NodeLedger`).
    private unowned(unsafe) let ledger: NodeLedger
    /// Bit `i` is set when input `i` (below 64) has a node to receive its gradient: what
    /// rules ask for every input, answered without copying (and so retaining) the edge.
    private let inputsWithNodes: UInt64

    /// A node whose edges lead to where `inputs`' gradients flow. The edges are made in
    /// place: built elsewhere and passed in, each was copied into the node and the
    /// original released.
    @inline(__always)
    init(name: String, inputs: borrowing OpInputs, outputCount: Int) {
        self.name = name
        var withNodes: UInt64 = 0
        var position = 0
        edges = inputs.mapInline { input in
            let edge = InputEdge(gradientOf: input)
            if edge.node != nil && position < 64 { withNodes |= 1 << position }
            position += 1
            return edge
        }
        inputsWithNodes = withNodes
        self.outputCount = outputCount
        // The ledger is read unretained both here and in deinit: returning it from the
        // closure as a reference would retain it and release it again, for every node.
        let ledger = ThreadState.withCurrent { Unmanaged.passUnretained($0.nodeLedger) }
        self.ledger = ledger.takeUnretainedValue()
        sequenceNumber = ledger._withUnsafeGuaranteedRef { $0.recordCreation() }
    }

    deinit {
        let ledger = Unmanaged.passUnretained(ledger)
        let byOwner = ThreadState.withCurrent { Unmanaged.passUnretained($0.nodeLedger).toOpaque() } == ledger.toOpaque()
        ledger._withUnsafeGuaranteedRef { $0.recordRelease(byOwner: byOwner) }
        edges.removeEach { slot in
            var next = slot.take()?.node
            Teardown.deferRelease(&next)
        }
        Teardown.drain()
    }

    /// Whether input `index` has a node to receive its gradient (false past the last input).
    @inline(__always)
    func inputHasNode(_ index: Int) -> Bool {
        guard index < 64 else { return edges.hasNode(at: index) }
        return index >= 0 && inputsWithNodes & (1 << UInt64(index)) != 0
    }

    /// `<MulBackward0>`, as PyTorch prints a grad_fn inside a tensor.
    public var description: String { "<\(name)>" }

    /// Computes the gradients of the inputs from the outputs' gradients (one per output,
    /// nil for an output that received none), which it takes over.
    func apply(_ gradOutputs: consuming GradientSlots) throws -> SmallList<Tensor?> { [] }

    /// Frees what was saved for backward (after a backward without `retainGraph`).
    func releaseSavedTensors() {}
}

/// A weak reference to a tensor (a node must not keep its outputs alive).
struct WeakTensor {
    weak var tensor: Tensor?
}

/// The node at a leaf: adds the incoming gradient into the leaf's `grad` (PyTorch's `AccumulateGrad`).
///
/// A leaf keeps its accumulator for as long as the leaf lives, and the accumulator refers
/// back to the leaf without keeping it alive (PyTorch has it the other way round, and makes
/// a new accumulator for each graph once the last one is freed). A graph that outlives its
/// leaf still holds the accumulator; the gradients that reach it then have no `grad` to go
/// to, and nobody could read them.
public final class AccumulateGrad: Node {
    /// The leaf, unretained; the leaf's deinit clears it (`forgetLeaf()`), under `leafLock`.
    ///
    /// Not a weak reference: the first weak reference to an object moves its reference
    /// counts to a side table, after which every retain and release of the leaf (each op
    /// that reads a weight makes some) takes the Swift runtime's slow path. While `leaf` is
    /// set, the leaf's memory is still allocated, so `variable` can ask the runtime for a
    /// strong reference, which it refuses once the leaf's deinit has begun.
    @exclusivity(unchecked) private var leaf: Unmanaged<Tensor>?

    /// Guards `leaf` of every accumulator. Nothing is released while it is held, so a
    /// leaf's deinit, which takes it, can run anywhere (under ``lock`` too).
    private static let leafLock = Lock()

    /// The leaf whose gradient this node accumulates; nil once the leaf is being freed.
    public var variable: Tensor? {
        Self.leafLock.withLock {
            guard let leaf, swift_tryRetain(leaf.toOpaque()) != nil else { return nil }
            return leaf.takeRetainedValue()
        }
    }

    init(variable: Tensor) {
        leaf = .passUnretained(variable)
        super.init(name: "AccumulateGrad", inputs: OpInputs(), outputCount: 1)
    }

    /// Lets go of the leaf: called by the leaf's deinit, before its memory is freed.
    func forgetLeaf() {
        Self.leafLock.withLock { leaf = nil }
    }

    /// Adds `gradient` into the leaf's `grad`; under `createGraph` the sum stays differentiable.
    ///
    /// The first gradient is stored as it is when nothing else can see it and no graph is
    /// being made (as PyTorch steals a gradient whose only reference is the engine's);
    /// otherwise it is copied (under `createGraph`, a recorded copy, PyTorch's
    /// `CloneBackward0`), so that `grad` never is or shares memory with another tensor.
    func accumulate(_ gradient: consuming Tensor, createGraph: Bool) throws {
        // Backward passes on several threads may reach one leaf: accumulate one at a
        // time, as PyTorch locks its gradient accumulator.
        // The gradient moves through an optional so that `add` can still find it unshared.
        var incoming: Tensor? = consume gradient
        try AccumulateGrad.lock.withLock {
            guard let moved = incoming.take() else { return }
            try add(consume moved, createGraph: createGraph)
        }
    }

    /// The lock every accumulation into a leaf's gradient holds (one for the process,
    /// as the leaf's accumulator is shared by every graph that uses the leaf). Under
    /// `createGraph` the sum it guards is recorded, and recording asks for accumulators:
    /// those are made under ``creationLock``, never under this one.
    static let lock = Lock()

    /// The lock under which a leaf's one accumulator is made.
    static let creationLock = Lock()

    private func add(_ gradient: consuming Tensor, createGraph: Bool) throws {
        guard let variable else { return }
        if let existing = variable.gradValue {
            if createGraph || existing.requiresGrad {
                variable.gradValue = try existing + gradient
            } else {
                try noGrad { try existing.addInPlaceStorage(gradient) }
            }
        } else if createGraph {
            // A recorded copy, never the incoming tensor itself (the caller's `gradient:`):
            // as PyTorch's copy that obeys the gradient layout contract, into a fresh tensor
            // shaped as the leaf (CopyBackwards), or a clone when the leaf overlaps itself.
            let overlaps = zip(variable.shape, variable.strides).contains { $0 > 1 && $1 == 0 }
            variable.gradValue =
                overlaps
                ? try gradient.clone()
                : try Tensor(zerosOf: variable.shape, dtype: gradient.dtype).copy_(gradient)
        } else {
            var incoming = consume gradient
            variable.gradValue = Tensor.isUnobservable(&incoming) ? incoming : try incoming.detach().clone()
        }
    }
}

extension Tensor {
    /// True when `tensor` (passed inout so that its references can be counted) holds
    /// the only reference to itself and to its storage, spans its whole storage
    /// contiguously, and has no history: then nobody else can observe it.
    ///
    /// A view keeps its base alive (`viewBase`); a base that only this view holds and
    /// that has no history is let go first, so that a transposed-back gradient (mm's
    /// gradient after TBackward) can be kept too.
    static func isUnobservable(_ tensor: inout Tensor) -> Bool {
        guard tensor.gradFn == nil, !tensor.requiresGradFlag, isKnownUniquelyReferenced(&tensor) else { return false }
        while tensor.viewBase != nil, isKnownUniquelyReferenced(&tensor.viewBase!),
            tensor.viewBase!.gradFn == nil, !tensor.viewBase!.requiresGradFlag
        {
            tensor.viewBase = tensor.viewBase!.viewBase
        }
        return tensor.viewBase == nil && tensor.offset == 0 && tensor.isContiguous
            && tensor.count == tensor.storage.count && tensor.holdsStorageAlone
    }
}

extension Tensor {
    /// Where gradients for this tensor flow: its `gradFn` and `outputNr`, or for a leaf
    /// that requires grad its (shared) gradient accumulator.
    var gradientEdge: Edge? {
        if let fn = gradFn { return Edge(node: fn, outputNr: outputNr) }
        guard requiresGradFlag else { return nil }
        return Edge(node: gradientAccumulator(), outputNr: 0)
    }

    /// The leaf's gradient accumulator, made on first use and kept for the leaf's life.
    func gradientAccumulator() -> AccumulateGrad {
        // Graphs built on several threads may share this leaf: read or make its one
        // accumulator under a lock of its own (an accumulation in progress may be recording).
        AccumulateGrad.creationLock.withLock {
            if let existing = accumulator { return existing }
            let created = AccumulateGrad(variable: self)
            accumulator = created
            return created
        }
    }
}

/// Diagnostics of the recorded graph.
public enum GraphDiagnostics {
    /// The number of graph nodes created on the calling thread that are still alive.
    ///
    /// Storing `loss` in a list keeps its whole graph alive and this number grows;
    /// storing `loss.item()` or `loss.detach()` does not ("6.2.4 Autograd", Exercise 4).
    public static var liveNodeCount: Int { ThreadState.withCurrent { $0.nodeLedger.live } }

    /// The most graph nodes created on the calling thread that were alive at once since
    /// ``resetPeakLiveNodeCount()``: a loop that keeps every epoch's loss tensor makes it
    /// grow with the number of epochs, even when the list is freed before the loop returns.
    public static var peakLiveNodeCount: Int { ThreadState.withCurrent { $0.nodeLedger.peak } }

    /// Starts a new peak at the current live-node count.
    public static func resetPeakLiveNodeCount() {
        ThreadState.withCurrent { $0.nodeLedger.resetPeak() }
    }

    /// The number of distinct nodes reachable from `tensor.gradFn` (0 for a leaf).
    public static func reachableNodeCount(from tensors: [Tensor]) -> Int {
        var seen = Set<ObjectIdentifier>()
        var stack = tensors.compactMap(\.gradFn)
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append(contentsOf: node.edges.compactMap(\.node))
        }
        return seen.count
    }
}
