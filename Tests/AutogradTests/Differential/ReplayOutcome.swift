@testable import Autograd

/// What GradLab did with a differential program: the counterpart of PyTorch's "expect".
enum ReplayOutcome {
    /// Making input `index` threw `message`.
    case inputError(index: Int, message: String)
    /// Op `index` threw `message`.
    case opError(index: Int, message: String)
    /// The program uses an op (or an op variant) that GradLab's API does not have.
    case unsupported(op: String)
    /// The program ran to its end.
    case result(ReplayResult)
    /// The fixture does not follow the format (a fixture or harness bug, not a GradLab one).
    case invalidFixture(String)
}

/// The result tensor of a program that ran, and what backward did with it.
struct ReplayResult {
    /// The result's shape.
    let shape: [Int]
    /// The result's dtype.
    let dtype: DType
    /// The result's values in row-major order.
    let values: [Double]
    /// An int64 result's values exactly (`values` rounds those above 2^53); nil for other dtypes.
    let integers: [Int64]?
    /// The name of the result's `gradFn`, or nil for a leaf.
    let gradFn: String?
    /// Whether the result requires grad.
    let requiresGrad: Bool
    /// What backward did; nil when the result does not require grad (backward is not run).
    let backward: BackwardOutcome?
}

/// What `backward` did.
enum BackwardOutcome {
    /// It ran; per input, the values of its `grad`, or nil when the input does not require grad or has none.
    case grads([[Double]?])
    /// It threw `message`.
    case error(String)
}

/// The message of an error GradLab threw: `AutogradError.message` (PyTorch's text), else the error's description.
func replayMessage(of error: any Error) -> String {
    if let error = error as? AutogradError { return error.message }
    return String(describing: error)
}
