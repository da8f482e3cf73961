/// The inputs of an op being recorded, held unretained.
///
/// `record` reads an op's inputs (which need gradients, and where those gradients go) and
/// lets go of them before it returns: a node keeps edges to the inputs' nodes, never the
/// inputs. The op that records keeps each input alive for the whole call (they are its
/// `self` and its arguments), so the list needs no reference of its own. A list of strong
/// references retained each input and released it again for every op recorded.
///
/// Build it only from tensors the caller holds for the whole call, never from a
/// temporary made inside the list's own expression.
struct OpInputs {
    private let references: SmallList<Unmanaged<Tensor>>

    /// No inputs (a leaf's gradient accumulator).
    init() { references = [] }

    /// One input.
    @inline(__always)
    init(_ only: Tensor) { references = SmallList(.passUnretained(only)) }

    /// Two inputs, in the op's order.
    @inline(__always)
    init(_ first: Tensor, _ second: Tensor) {
        references = SmallList(.passUnretained(first), .passUnretained(second))
    }

    /// Three inputs, in the op's order.
    @inline(__always)
    init(_ first: Tensor, _ second: Tensor, _ third: Tensor) {
        references = SmallList(.passUnretained(first), .passUnretained(second), .passUnretained(third))
    }

    /// The tensors of `tensors`, in order (the array is the caller's, and holds them).
    init(_ tensors: [Tensor]) {
        references = SmallList(tensors.map { .passUnretained($0) })
    }

    /// The number of inputs.
    var count: Int { references.count }

    /// Input `index`.
    subscript(index: Int) -> Tensor { references[index].takeUnretainedValue() }

    /// Whether some input satisfies `predicate`, each read in place.
    @inline(__always)
    func contains(where predicate: (Tensor) throws -> Bool) rethrows -> Bool {
        try references.containsInline { try $0._withUnsafeGuaranteedRef(predicate) }
    }

    /// `transform` of each input, in order, as a small list.
    @inline(__always)
    func mapInline<T>(_ transform: (Tensor) throws -> T) rethrows -> SmallList<T> {
        try references.mapInline { try $0._withUnsafeGuaranteedRef(transform) }
    }

    /// The inputs as an array of (strong) references.
    var tensors: [Tensor] { references.map { $0.takeUnretainedValue() } }
}
