import Autograd

/// The values an op's sample inputs may take.
public enum SampleDomain: Sendable {
    /// Any real value in [-2, 2], kept at least 0.1 away from 0 (kinks of abs, relu, sign).
    case real
    /// Positive values in [0.5, 2.5] (log, sqrt, non-integer powers, denominators).
    case positive
}

/// One sample: the inputs an op is checked at, with a label for reports.
public struct OpSample: @unchecked Sendable, CustomStringConvertible {
    /// What the sample exercises, e.g. `[2, 3] + [3] (broadcast)`.
    public let label: String
    /// The inputs (float64, requiring grad where the op is differentiated).
    public let inputs: [Tensor]
    /// The label.
    public var description: String { label }
}

/// An op's entry in the gradient-check database (PyTorch's OpInfo): how to call
/// it on a list of inputs and the shapes and domains to sample it at.
public struct OpInfo: Sendable, CustomStringConvertible {
    /// The op of the Autograd table this entry checks.
    public let op: Op
    /// A readable name, e.g. `mul`.
    public let name: String
    /// Shapes of the inputs of each sample, with a label.
    let shapes: [(label: String, shapes: [[Int]])]
    /// The domain of every input.
    public let domain: SampleDomain
    /// Step and tolerances that override every method's defaults (nil: the method's own).
    /// Only ops whose output is float32 need them.
    public let eps: Double?, atol: Double?, rtol: Double?
    /// Whether second derivatives are checked too (PyTorch's `supports_gradgrad`).
    public let supportsGradgrad: Bool
    /// The op applied to the inputs: its (first) output.
    public let function: @Sendable ([Tensor]) throws -> Tensor
    /// For an op with several outputs (`unbind`, `split`), all of them; nil for single-output ops.
    public var allOutputs: (@Sendable ([Tensor]) throws -> [Tensor])?
    /// Picks what gradcheck compares from the op's outputs (PyTorch's
    /// `output_process_fn_grad`); all of them by default.
    public var outputProcess: @Sendable ([Tensor]) throws -> [Tensor] = { $0 }
    /// How far two backward passes may differ (PyTorch's per-op `gradcheck_nondet_tol`).
    public var nondetTol: Double = 0
    /// Fast or slow mode for this op; nil: the suite's default (see `Docs/GradCheck.md`).
    public var fastMode: Bool?

    /// The name.
    public var description: String { name }

    /// `options` with this entry's overrides applied.
    public func options(_ options: GradCheckOptions = GradCheckOptions()) -> GradCheckOptions {
        var result = options
        if let eps, options.method == .central { result.eps = eps }
        if let atol { result.atol = atol }
        if let rtol { result.rtol = rtol }
        if let fastMode { result.fastMode = fastMode }
        result.nondetTol = Swift.max(result.nondetTol, nondetTol)
        return result
    }

    /// What gradcheck checks: every output (or `function`'s one), through `outputProcess`.
    public var checkedFunction: @Sendable ([Tensor]) throws -> [Tensor] {
        { [allOutputs, function, outputProcess] xs in try outputProcess(allOutputs?(xs) ?? [function(xs)]) }
    }

    /// The sample inputs, drawn deterministically from `seed`.
    public func samples(seed: UInt64 = 0) -> [OpSample] {
        var generator = SplitMix64(seed: seed &+ UInt64(abs(name.hashValueStable)))
        return shapes.map { entry in
            OpSample(
                label: entry.label,
                inputs: entry.shapes.map { shape in
                    let values = (0..<shape.reduce(1, *)).map { _ in domain.draw(&generator) }
                    return try! Tensor(shape: shape, values: values, dtype: .float64, requiresGrad: true)
                })
        }
    }
}

extension SampleDomain {
    func draw(_ generator: inout SplitMix64) -> Double {
        switch self {
        case .positive:
            return 0.5 + 2 * generator.nextUnit()
        case .real:
            let magnitude = 0.1 + 1.9 * generator.nextUnit()
            return generator.nextUnit() < 0.5 ? -magnitude : magnitude
        }
    }
}

extension String {
    /// A hash that is the same in every run (Swift's `hashValue` is seeded per process).
    package var hashValueStable: Int {
        Int(truncatingIfNeeded: utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
    }
}
