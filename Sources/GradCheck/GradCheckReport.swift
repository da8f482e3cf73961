import Autograd

/// A point where the function has no derivative: its left and right derivatives
/// (GSL's `gsl_deriv_backward` and `gsl_deriv_forward`) disagree beyond their error estimates.
public struct Kink: Sendable, Codable, Equatable {
    /// The output index.
    public let output: Int
    /// The input index.
    public let input: Int
    /// The input element (a multi-index).
    public let element: [Int]
    /// The output element (a multi-index).
    public let outputElement: [Int]
    /// The input element's value.
    public let x: Double
    /// The left (backward) derivative.
    public let left: Double
    /// The right (forward) derivative.
    public let right: Double
}

/// The comparison of one output's Jacobian with respect to one input.
public struct JacobianComparison: Sendable, Codable {
    /// The output index.
    public let output: Int
    /// The input index.
    public let input: Int
    /// Largest `|analytical - numerical|`.
    public let maxAbsoluteError: Double
    /// Largest `|analytical - numerical| / |numerical|` (over nonzero numerical entries).
    public let maxRelativeError: Double
    /// The input element of the worst entry (a multi-index).
    public let worstInputElement: [Int]
    /// The output element of the worst entry (a multi-index).
    public let worstOutputElement: [Int]
    /// The numerical value of the worst entry.
    public let worstNumerical: Double
    /// The analytical value of the worst entry.
    public let worstAnalytical: Double
    /// Numerical Jacobian, `[inputElement][outputElement]` (in fast mode, the single projection).
    public let numerical: Jacobian
    /// Analytical Jacobian, same layout.
    public let analytical: Jacobian
    /// The numerical method's error estimates, same layout (nil for `central`, which has none).
    public let errorEstimates: Jacobian?
    /// The worst element's row in the Jacobians (the input element's flat position).
    public let worstRow: Int
    /// The worst element's column in the Jacobians (the output element's flat position).
    public let worstColumn: Int
    /// The factor on `atol` this comparison was held to (above 1 for large magnitudes).
    public let toleranceScale: Double
    /// Whether every entry is within tolerance.
    public let passed: Bool
}

/// Everything `gradcheck` found.
public struct GradCheckReport: Sendable, Codable, CustomStringConvertible {
    /// True when every check passed.
    public var passed: Bool { !findings.contains(where: \.isFailure) }
    /// Every finding in the order found: failures, and notes on what was examined and
    /// accepted (a kink within its one-sided derivatives, finite-difference noise).
    public internal(set) var findings: [GradCheckFinding]
    /// One message per failed check; the first names the first failure.
    public var failures: [String] { findings.filter(\.isFailure).map(\.message) }
    /// The notes' messages: irregularities examined and accepted.
    public var notes: [String] { findings.filter { !$0.isFailure }.map(\.message) }
    /// Non-fatal findings about the call (for example float32 inputs).
    public internal(set) var warnings: [String]
    /// One comparison per (output, input requiring grad) pair.
    public internal(set) var comparisons: [JacobianComparison]
    /// Non-differentiable points found (accepted or not).
    public internal(set) var kinks: [Kink]
    /// The Taylor-remainder test of each output (slow mode; nil in fast mode or when the
    /// check stopped before it).
    public internal(set) var taylor: [TaylorTest]
    /// The pictures drawn of a failure (`GradCheckOptions.plotDirectory`): for each, its
    /// gnuplot script, data and, with gnuplot installed, the SVG and PNG.
    public internal(set) var pictures: [String] = []
    /// Function evaluations used, forward passes included.
    public internal(set) var functionEvaluations: Int
    /// Wall-clock seconds.
    public internal(set) var seconds: Double
    /// The numerical method.
    public let method: DifferenceMethod
    /// Whether the comparisons are fast-mode projections.
    public internal(set) var fastMode: Bool

    init(method: DifferenceMethod, fastMode: Bool) {
        (findings, warnings, comparisons, kinks, taylor) = ([], [], [], [], [])
        (functionEvaluations, seconds) = (0, 0)
        self.method = method
        self.fastMode = fastMode
    }

    /// The largest absolute error over all comparisons.
    public var maxAbsoluteError: Double { comparisons.map(\.maxAbsoluteError).max() ?? 0 }
    /// The largest relative error over all comparisons.
    public var maxRelativeError: Double { comparisons.map(\.maxRelativeError).max() ?? 0 }

    /// Throws `GradCheckFailure` for the first failure, with this report.
    func throwFirstFailure() throws {
        if let first = findings.first(where: \.isFailure) { throw GradCheckFailure(first.kind, first.message, report: self) }
    }

    /// Adds a failure of `kind` with `message`.
    mutating func fail(_ kind: FindingKind, _ message: String) {
        findings.append(GradCheckFinding(kind: kind, message: message))
    }

    /// A summary, then the failures, then the notes.
    public var description: String {
        let head =
            "gradcheck (\(method.rawValue)\(fastMode ? ", fast" : "")): \(passed ? "passed" : "FAILED"); max abs error \(NumberFormat.scientific(maxAbsoluteError, 2)), max rel error \(NumberFormat.scientific(maxRelativeError, 2)), \(functionEvaluations) evaluations, \(NumberFormat.fixed(seconds * 1000, 1)) ms"
        return ([head] + warnings.map { "warning: \($0)" } + failures + notes.map { "note: \($0)" }).joined(separator: "\n")
    }
}

/// A gradient check that failed: its message names the output, the input, the worst
/// element and its two values, then the Jacobians; the report has everything.
public struct GradCheckFailure: Error, CustomStringConvertible, Sendable {
    /// What failed.
    public let kind: FindingKind
    /// The first failure's message.
    public let message: String
    /// The full report.
    public let report: GradCheckReport?
    /// The message.
    public var description: String { message }

    init(_ kind: FindingKind, _ message: String, report: GradCheckReport? = nil) {
        self.kind = kind
        self.message = message
        self.report = report
    }
}
