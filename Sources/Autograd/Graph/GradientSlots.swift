/// The gradients arriving at a node, one slot per output; nil where none arrived.
///
/// Most nodes have one output: its slot is stored inline, so that the engine allocates
/// nothing per node for it; only multi-output nodes keep an array for the others.
public struct GradientSlots {
    private var first: Tensor?
    private var rest: [Tensor?]

    /// `count` empty slots.
    init(count: Int) {
        first = nil
        rest = count > 1 ? [Tensor?](repeating: nil, count: count - 1) : []
    }

    /// One slot holding `gradient`.
    init(_ gradient: Tensor?) {
        first = gradient
        rest = []
    }

    /// The number of slots (the node's outputs).
    public var count: Int { rest.count + 1 }

    /// The gradient of output `index`.
    public subscript(index: Int) -> Tensor? {
        get { index == 0 ? first : rest[index - 1] }
        set {
            if index == 0 { first = newValue } else { setRest(index - 1, to: newValue) }
        }
    }

    /// Writes the slot of an output past the first; not inlined, for the reason
    /// `SmallList`'s `setOverflow` gives (no copy of the empty array for one-output nodes).
    @inline(never)
    private mutating func setRest(_ position: Int, to newValue: Tensor?) {
        rest[position] = newValue
    }

    /// Moves the gradient of output `index` out, leaving its slot empty: the engine hands
    /// a leaf's gradient over this way, so that it is the gradient's only holder.
    mutating func take(_ index: Int) -> Tensor? {
        if index == 0 { return first.take() }
        return rest[index - 1].take()
    }

    /// Every slot, in output order.
    public var all: [Tensor?] { [first] + rest }

    /// Whether no slot holds a gradient.
    var isEmpty: Bool { first == nil && !rest.contains { $0 != nil } }
}
