/// What the engine did in one backward pass, node by node, in the order it ran them:
/// the gradient each node received, its local derivative, and what it passed on.
///
/// Tensors are printed as PyTorch prints them, at the moment the engine saw them. Made by
/// `BackwardRecorder.record`; `description` is the text `gradlab run LAB --trace` prints.
public struct BackwardTrace: Sendable, CustomStringConvertible {
    /// A gradient a node sends on, and the node that receives it.
    public struct Handoff: Sendable, Equatable {
        /// The receiving node's name (`AccumulateGrad` for a leaf).
        public let to: String
        /// The gradient, printed; `nil` when the node sent nothing along this edge.
        public let gradient: String?
    }

    /// One node's turn.
    public struct Step: Sendable {
        /// The node's name (`MulBackward0`, `AccumulateGrad`).
        public let node: String
        /// The gradient that reached each of its outputs (`None` for one that got none).
        public let incoming: [String]
        /// The derivative of the node's output with respect to each input, worked out by
        /// running the node's rule on unit gradients: a tensor of the input's shape when the
        /// output has one element or the op is elementwise, else the Jacobian (rows: output
        /// elements). `nil` where it is not shown: custom functions (their code would run
        /// again), outputs of more than `BackwardTrace.probedElements` elements.
        public let localDerivatives: [String?]
        /// Whether each local derivative is elementwise (the Jacobian's diagonal).
        public let isElementwise: [Bool]
        /// What the node sent along each input edge that leads somewhere.
        public let passedOn: [Handoff]
        /// For `AccumulateGrad`: the leaf's shape and its `grad` after this step.
        public let leaf: (shape: [Int], grad: String)?
    }

    /// The node's outputs are probed for a local derivative up to this many elements.
    public static let probedElements = 16

    /// The tensors backward started from, printed.
    public let roots: [String]
    /// The nodes, in the order the engine ran them.
    public internal(set) var steps: [Step] = []

    /// The trace as `gradlab run LAB --trace` prints it.
    public var description: String {
        var lines = ["backward from \(Self.indented(roots.joined(separator: ", "), by: 14))"]
        for (number, step) in steps.enumerated() {
            let heading = step.leaf.map { "\(step.node) (leaf of shape \(Shape.list($0.shape)))" } ?? step.node
            lines.append("[\(number + 1)] \(heading)")
            let incoming = step.incoming.count == 1 ? step.incoming[0] : "(" + step.incoming.joined(separator: ", ") + ")"
            lines.append("    gradient in: \(Self.indented(incoming, by: 17))")
            for (index, derivative) in step.localDerivatives.enumerated() {
                guard let derivative else { continue }
                let label = "    local derivative, input \(index)\(step.isElementwise[index] ? " (elementwise)" : ""): "
                lines.append(label + Self.indented(derivative, by: label.count))
            }
            for handoff in step.passedOn {
                let label = "    passes to \(handoff.to): "
                lines.append(label + Self.indented(handoff.gradient ?? "nothing", by: label.count))
            }
            if let leaf = step.leaf {
                lines.append("    .grad is now \(Self.indented(leaf.grad, by: 18))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A printed tensor's later lines indented under its first.
    static func indented(_ text: String, by width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n" + String(repeating: " ", count: width))
    }
}
