/// An error thrown by GradLab; its `message` is PyTorch's text for the same mistake.
///
/// The `kind` lets code branch on the category; `description` is the message
/// alone, so `print("error:", error)` prints what PyTorch prints.
public struct AutogradError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The category of mistake.
    public enum Kind: String, Sendable {
        /// `backward()` through a graph whose saved tensors were freed.
        case graphFreed
        /// `backward()` on a tensor that has no `grad_fn` and does not require grad.
        case noGradFn
        /// `backward()` without a gradient on a tensor with more than one element.
        case nonScalarOutput
        /// Exporting the values of a tensor that requires grad.
        case exportRequiresGrad
        /// An in-place operation on a leaf that requires grad (or a view of one).
        case leafInPlace
        /// A tensor saved for backward was modified in place.
        case versionMismatch
        /// Shapes that cannot be broadcast, multiplied, viewed or concatenated.
        case shapeMismatch
        /// An index or dimension outside the tensor.
        case indexOutOfRange
        /// An argument outside the domain of the operation.
        case invalidArgument
        /// Mixed or unsupported dtypes.
        case dtypeMismatch
        /// A differentiated input was not part of the graph (`grad(..., allowUnused: false)`).
        case unusedInput
        /// An allocation the system cannot meet (PyTorch's "can't allocate memory").
        case outOfMemory
        /// A file that could not be read or written; the message names the path.
        case fileError
        /// A feature that GradLab does not implement; the message says which.
        case unsupported
    }

    /// The category of mistake.
    public let kind: Kind
    /// PyTorch's message for this mistake.
    public let message: String

    /// Creates an error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message alone, as PyTorch's `str(error)`.
    public var description: String { message }
}

extension AutogradError {
    static let graphFreedMessage =
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward."

    /// PyTorch's allocator error for a request the system cannot meet (`count` units of `elementSize` bytes).
    static func cannotAllocate(bytes count: Int, elementSize: Int) -> AutogradError {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        let amount = overflow ? "more than \(Int.max)" : "\(bytes)"
        return AutogradError(
            .outOfMemory,
            "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate \(amount) bytes. Error code 12 (Cannot allocate memory)"
        )
    }

    /// PyTorch's error for writing to a tensor whose elements share memory (`hasSharedElements`).
    static let writeToSharedElements = AutogradError(
        .invalidArgument,
        "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."
    )

    /// The "Dimension out of range" error for `dim` on a tensor of `rank` dimensions.
    static func dimensionOutOfRange(_ dim: Int, rank: Int) -> AutogradError {
        let r = max(rank, 1)
        return AutogradError(
            .indexOutOfRange,
            "Dimension out of range (expected to be in range of [\(-r), \(r - 1)], but got \(dim))")
    }
}
