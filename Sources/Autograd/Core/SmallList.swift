/// A list that keeps its first two elements inline and allocates only for a third:
/// the inputs, saved tensors, input edges and input gradients of a recorded op, which
/// are one or two for nearly every op.
///
/// Ops build theirs with the initializers of one, two or three elements,
/// `record(.mul, inputs: OpInputs(self, other), ...)`, not with an array literal: the
/// literal's array, even kept on the stack, retains each tensor once more and releases it
/// again element by element (`swift_arrayDestroy`) once the list is made.
struct SmallList<Element>: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    private var first: Element?
    private var second: Element?
    /// The elements from index 2 on.
    private var overflow: [Element]
    /// One past the last index (the element count).
    private(set) var endIndex: Int

    /// The list of `elements`, in order.
    @inline(__always)
    init(_ elements: [Element]) {
        endIndex = elements.count
        first = elements.count > 0 ? elements[0] : nil
        second = elements.count > 1 ? elements[1] : nil
        overflow = elements.count > 2 ? Array(elements[2...]) : []
    }

    @inline(__always)
    init(arrayLiteral elements: Element...) { self.init(elements) }

    // An array literal with a `try` among its elements is built on the heap (the compiler
    // keeps a literal's array on the stack only when no element can throw), so a backward
    // rule, which runs once per node in every backward pass, returns its gradients through
    // these initializers instead.

    /// The list of one element.
    @inline(__always)
    init(_ only: Element) {
        self.init(first: only, second: nil, overflow: [], count: 1)
    }

    /// The list of two elements.
    @inline(__always)
    init(_ first: Element, _ second: Element) {
        self.init(first: first, second: second, overflow: [], count: 2)
    }

    /// The list of three elements.
    @inline(__always)
    init(_ first: Element, _ second: Element, _ third: Element) {
        self.init(first: first, second: second, overflow: [third], count: 3)
    }

    @inline(__always)
    private init(first: Element?, second: Element?, overflow: [Element], count: Int) {
        self.first = first
        self.second = second
        self.overflow = overflow
        endIndex = count
    }

    /// The list of `transform`'s results, made without an intermediate array.
    @inline(__always)
    func mapInline<T>(_ transform: (Element) throws -> T) rethrows -> SmallList<T> {
        SmallList<T>(
            first: try first.map(transform), second: try second.map(transform),
            overflow: endIndex > 2 ? try overflow.map(transform) : [], count: endIndex)
    }

    /// The list of `transform`'s results, each element moved into it (no copy, so a list of
    /// references hands them on without a retain and a release each).
    @inline(__always)
    consuming func mapMoving<T>(_ transform: (consuming Element) throws -> T) rethrows -> SmallList<T> {
        var list = self
        var mappedFirst: T?
        var mappedSecond: T?
        if let element = list.first.take() { mappedFirst = try transform(element) }
        if let element = list.second.take() { mappedSecond = try transform(element) }
        let rest = list.endIndex > 2 ? try list.overflow.map { try transform($0) } : []
        return SmallList<T>(first: mappedFirst, second: mappedSecond, overflow: rest, count: list.endIndex)
    }

    /// Whether some element satisfies `predicate`, read in place.
    @inline(__always)
    func containsInline(where predicate: (Element) throws -> Bool) rethrows -> Bool {
        if let first, try predicate(first) { return true }
        if let second, try predicate(second) { return true }
        return endIndex > 2 ? try overflow.contains(where: predicate) : false
    }

    /// `count` copies of `element`.
    init(repeating element: Element, count: Int) {
        self.init([Element](repeating: element, count: count))
    }

    var startIndex: Int { 0 }

    subscript(index: Int) -> Element {
        @inline(__always) get {
            switch index {
            case 0: return first!
            case 1: return second!
            default: return overflow[index - 2]
            }
        }
        @inline(__always) set {
            precondition(index >= 0 && index < endIndex, "SmallList index out of range")
            switch index {
            case 0: first = newValue
            case 1: second = newValue
            default: setOverflow(index - 2, to: newValue)
            }
        }
    }

    /// Writes an element past the inline two. Not inlined: inlined, the array write let the
    /// compiler make `overflow` unique ahead of every loop that sets elements, which
    /// allocated a copy of the shared empty array for lists that never use it.
    @inline(never)
    private mutating func setOverflow(_ position: Int, to newValue: Element) {
        overflow[position] = newValue
    }

    /// Empties the list, handing each element to `body` in a slot it can move the element
    /// out of, so that `body` can hold the last reference (teardown frees deep graphs so).
    mutating func removeEach(_ body: (inout Element?) -> Void) {
        body(&first)
        body(&second)
        first = nil
        second = nil
        while !overflow.isEmpty {
            var element: Element? = overflow.removeLast()
            body(&element)
        }
        endIndex = 0
    }
}

extension SmallList {
    /// Moves the element at `index` out, leaving nil in its place (for lists of optionals,
    /// such as a rule's gradients, which the engine hands on without copying them).
    @inline(__always)
    mutating func take<Wrapped>(_ index: Int) -> Wrapped? where Element == Wrapped? {
        switch index {
        case 0:
            let value = first.take()
            first = .some(nil)
            return value ?? nil
        case 1:
            let value = second.take()
            second = .some(nil)
            return value ?? nil
        default:
            return takeOverflow(index - 2)
        }
    }

    /// `take` past the inline two; not inlined, for the reason `setOverflow` gives.
    @inline(never)
    private mutating func takeOverflow<Wrapped>(_ position: Int) -> Wrapped? where Element == Wrapped? {
        overflow[position].take()
    }
}

extension SmallList where Element == InputEdge {
    /// The node of input `index` (nil where the input needs no gradient), unretained: for
    /// the engine, which keeps every node of a pass alive by other means.
    @inline(__always)
    func unretainedNode(at index: Int) -> Unmanaged<Node>? {
        switch index {
        case 0: return first?.node.map { .passUnretained($0) }
        case 1: return second?.node.map { .passUnretained($0) }
        default: return overflow[index - 2].node.map { .passUnretained($0) }
        }
    }

    /// Whether input `index` has a node to receive its gradient (false past the end).
    @inline(__always)
    func hasNode(at index: Int) -> Bool {
        switch index {
        case 0: return first?.node != nil
        case 1: return second?.node != nil
        default: return index < endIndex && overflow[index - 2].node != nil
        }
    }
}
