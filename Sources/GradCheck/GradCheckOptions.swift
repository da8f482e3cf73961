import Autograd
import Foundation

/// How `gradcheck` compares gradients.
///
/// Tolerances default by method: the central method uses PyTorch's defaults
/// (`atol` 1e-5, `rtol` 1e-3); `gsl` and `richardson` use much tighter ones and
/// add a multiple of the method's own error estimate, so they can detect far
/// smaller gradient errors without false alarms.
public struct GradCheckOptions: Sendable {
    /// The finite-difference step (the method's `defaultStep` when nil).
    public var eps: Double?
    /// Absolute tolerance (method default when nil).
    public var atol: Double?
    /// Relative tolerance (method default when nil).
    public var rtol: Double?
    /// How far two backward passes may differ (PyTorch's `nondet_tol`).
    public var nondetTol: Double = 0
    /// How the numerical Jacobian is computed.
    public var method: DifferenceMethod = .central
    /// Compare random projections `vᵀJu` instead of whole Jacobians.
    public var fastMode = false
    /// Multiple of the method's error estimate added to the tolerance.
    public var estimateSafety: Double = 4
    /// Seed of the private generator used by fast mode and gradgradcheck.
    public var seed: UInt64 = 0
    /// Threads that slow mode spreads the Jacobians' rows over; nil means one per core.
    ///
    /// With more than one, the function is called concurrently on copies of the inputs,
    /// so it must compute from the tensors it is passed and be safe to call from
    /// several threads (pure functions of their arguments are). gradcheck notices a
    /// function whose outputs do not depend on the copies and fails with a message
    /// saying so; set 1 for a function with side effects.
    public var threads: Int?
    /// Points no probe crosses: zero, and whatever edges the function's domain has
    /// (add 1 and -1 for `asin`). Every step stays a small share of the distance to the
    /// nearest one (see `ProbeLine`).
    public var domainEdges: [Double] = [0]
    /// What a gradient at a non-differentiable point must be (see `KinkPolicy`).
    public var kinkPolicy: KinkPolicy = .interval
    /// Check that backward handles undefined output gradients (PyTorch's `check_undefined_grad`).
    public var checkUndefinedGrad = true
    /// Also check forward-mode rules (PyTorch's `check_forward_ad`): each Jacobian from dual
    /// passes against the numerical one, and forward against reverse by the dot-product test.
    public var checkForwardAD = false
    /// A folder to draw a failed check's pictures in (nil: none): for each failing Jacobian,
    /// heatmaps of the analytical and numerical Jacobians and their difference with the
    /// failing elements circled, and the error of a central difference against its step
    /// for the worst element (see `GradCheckPictures`). Their paths are in `GradCheckReport.pictures`.
    public var plotDirectory: String?
    /// For `gradgradcheck`: draw the output gradients with a non-contiguous layout
    /// (PyTorch's `gen_non_contig_grad_outputs`).
    public var nonContiguousGradOutputs = false

    /// Options with the given values; nil means the method's default.
    public init(
        method: DifferenceMethod = .central, eps: Double? = nil, atol: Double? = nil, rtol: Double? = nil,
        nondetTol: Double = 0, fastMode: Bool = false, seed: UInt64 = 0
    ) {
        self.method = method
        self.eps = eps
        self.atol = atol
        self.rtol = rtol
        self.nondetTol = nondetTol
        self.fastMode = fastMode
        self.seed = seed
    }

    /// Throws naming the first setting a check cannot run with: a step that is not a
    /// positive finite number, a negative or non-finite tolerance, fewer than one thread.
    public func validate() throws {
        if let eps, !(eps.isFinite && eps > 0) {
            throw AutogradError(.invalidArgument, "eps must be a positive finite number, got \(eps)")
        }
        let tolerances: [(String, Double?)] = [("atol", atol), ("rtol", rtol), ("nondetTol", nondetTol), ("estimateSafety", estimateSafety)]
        for case let (name, value?) in tolerances where !(value.isFinite && value >= 0) {
            throw AutogradError(.invalidArgument, "\(name) must be a non-negative finite number, got \(value)")
        }
        if let edge = domainEdges.first(where: { !$0.isFinite }) {
            throw AutogradError(.invalidArgument, "domainEdges must be finite numbers, got \(edge)")
        }
        if let threads, threads < 1 {
            throw AutogradError(.invalidArgument, "threads must be at least 1, got \(threads)")
        }
    }

    /// The absolute tolerance in force.
    public var effectiveAtol: Double {
        atol ?? (method == .central ? 1e-5 : method == .gsl ? 1e-9 : 1e-12)
    }

    /// The relative tolerance in force.
    public var effectiveRtol: Double {
        rtol ?? (method == .central ? 1e-3 : method == .gsl ? 1e-7 : 1e-10)
    }

    /// Workers for a Jacobian with `rows` rows: `threads` (or one per core), but never
    /// more than one per 32 rows, since small checks are done before threads would start.
    func workers(rows: Int) -> Int {
        let available = threads ?? Self.cores
        return Swift.max(1, Swift.min(available, rows / 32))
    }

    /// The cores this process may use, read once (Foundation reads the cgroup's files on
    /// every call, which cost fast mode a twentieth of its time).
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// The largest allowed `|analytical - numerical|` for a numerical value with an error estimate.
    func allowed(numerical: Double, estimate: Double, scale: Double = 1) -> Double {
        tolerance(scale: scale).allowed(numerical: numerical, estimate: estimate)
    }

    /// The tolerance in force, with `atol` multiplied by `scale`.
    func tolerance(scale: Double = 1) -> Tolerance {
        Tolerance(absolute: effectiveAtol * scale, relative: effectiveRtol, safety: estimateSafety)
    }
}

/// `|analytical - numerical|` may be at most `absolute + relative·|numerical| + safety·estimate`.
struct Tolerance: Sendable {
    let absolute: Double
    let relative: Double
    let safety: Double

    @inline(__always)
    func allowed(numerical: Double, estimate: Double) -> Double {
        absolute + relative * Swift.abs(numerical) + safety * estimate
    }
}

/// What gradcheck accepts at a non-differentiable point (a kink: the left and right
/// derivatives differ, as for `abs` at 0 or `relu` at 0).
public enum KinkPolicy: String, Sendable, Codable {
    /// Any value between the left and right derivatives passes, with a note in the report
    /// (PyTorch's conventions are such values: abs'(0) = 0, relu'(0) = 0, and so are
    /// subgradients in general). A value outside fails as a wrong derivative at a
    /// non-differentiable point.
    case interval
    /// The value must match the mean of the one-sided derivatives, which is what a
    /// central difference measures: the verdict PyTorch's `gradcheck` gives at a kink
    /// (abs'(0) = 0 passes, relu'(0) = 0 does not).
    case strict
}
