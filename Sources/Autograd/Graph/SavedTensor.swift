/// A tensor kept by a node for its backward rule, with the version it had when saved.
///
/// Inputs are kept as they are. An op's own output is kept as a detached alias
/// (to avoid a reference cycle through `gradFn`) and reconnected to the node when
/// unpacked, so that a `createGraph` backward can differentiate through it.
struct SavedTensor {
    private var value: Tensor?
    private let savedVersion: Int
    private let isOutput: Bool
    private let wasLeaf: Bool

    /// A saved output is kept as a detached alias that carries the output's forward-mode
    /// tangent and level (backward rules run on dual tensors in forward-over-reverse), so
    /// that the tangent needs no field of its own in every saved slot.
    init(_ tensor: consuming Tensor, isOutput: Bool) {
        savedVersion = tensor.storage.version
        self.isOutput = isOutput
        wasLeaf = tensor.isLeaf && !isOutput
        if isOutput {
            let alias = tensor.detach()
            alias.setTangent(tensor.tangentValue, level: tensor.tangentLevel)
            value = alias
        } else {
            value = tensor
        }
    }

    mutating func release() { value = nil }

    /// Moves the saved tensor out (for `Teardown`), leaving this one released.
    mutating func take() -> Tensor? { value.take() }

    var isReleased: Bool { value == nil }

    /// The saved tensor as it is kept, without a version check (for pictures of the graph);
    /// nil once released.
    var peek: Tensor? { value }

    /// The saved tensor, checked against its version; `node` is the node that saved it.
    func unpack(for node: Node) throws -> Tensor {
        guard let tensor = value else {
            throw AutogradError(.graphFreed, AutogradError.graphFreedMessage)
        }
        let current = tensor.storage.version
        if current != savedVersion {
            let described = "[\(tensor.dtype.legacyTypeName) \(Shape.list(tensor.shape))]"
            var producer = ""
            if isOutput {
                producer = ", which is output 0 of \(Self.opName(node.name)),"
            } else if !wasLeaf, let fn = tensor.gradFn {
                producer = ", which is output \(tensor.outputNr) of \(Self.opName(fn.name)),"
            }
            throw AutogradError(
                .versionMismatch,
                "one of the variables needed for gradient computation has been modified by an inplace operation: \(described)\(producer) is at version \(current); expected version \(savedVersion) instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
            )
        }
        guard isOutput else { return tensor }
        let reconnected = tensor.detach()
        reconnected.setTangent(tensor.tangentValue, level: tensor.tangentLevel)
        if isGradEnabled {
            reconnected.gradFn = node
        }
        return reconnected
    }

    /// `ExpBackward0` → `Exp`, as PyTorch names the producing op in version errors.
    private static func opName(_ nodeName: String) -> String {
        let marker = Array("Backward")
        let characters = Array(nodeName)
        guard characters.count >= marker.count else { return nodeName }
        for start in stride(from: characters.count - marker.count, through: 0, by: -1)
        where Array(characters[start..<start + marker.count]) == marker {
            return String(characters[..<start])
        }
        return nodeName
    }
}
