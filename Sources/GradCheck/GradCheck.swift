import Autograd
import Dispatch

/// Checks the gradients of `function` at `inputs` against numerical derivatives and
/// returns everything it found (PyTorch's `torch.autograd.gradcheck`, extended).
///
/// For every output and every input that requires grad, the analytical Jacobian
/// (from backward passes) is compared elementwise with the numerical one:
/// `|analytical - numerical| <= atol + rtol·|numerical| + safety·estimate`, where
/// `estimate` is the method's own error estimate (0 for `central`). Then:
/// the function must not modify its inputs, outputs must keep their shape and dtype
/// under perturbation, backward must be reentrant (within `nondetTol`), and a zero
/// output gradient must give zero input gradients. Where Jacobians disagree, the
/// report tells a non-differentiable point (a kink) from a wrong gradient.
///
/// Throws what the function itself throws, and for options it cannot run with
/// (`GradCheckOptions.validate()`); failed checks are in the report.
public func gradcheckReport(
    _ function: @escaping ([Tensor]) throws -> [Tensor],
    inputs: [Tensor],
    options: GradCheckOptions = GradCheckOptions()
) throws -> GradCheckReport {
    let start = DispatchTime.now().uptimeNanoseconds
    var report = GradCheckReport(method: options.method, fastMode: options.fastMode)
    try options.validate()
    let checked = CheckedFunction(function, inputs: inputs)
    guard inputs.contains(where: \.requiresGrad) else {
        report.fail(.noInputRequiresGrad, "gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.")
        return report
    }
    // Perturbing one element of an expanded input would move every element sharing its
    // memory: PyTorch refuses such inputs, and so does GradLab.
    for (i, x) in inputs.enumerated() where x.requiresGrad && x.hasSharedElements {
        report.fail(.overlappingInput, "The \(i)th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping to be able to compute the numerical gradients correctly. You should call .contiguous on the input before passing it to gradcheck.")
        return report
    }
    for (i, x) in inputs.enumerated() where x.requiresGrad && x.dtype != .float64 {
        report.warnings.append("Input #\(i) requires gradient and is not a double precision floating point. This check will likely fail if all the inputs are not of double precision floating point; use float64 inputs.")
    }
    let before = try InputSnapshot(inputs)
    let outputs: [Tensor]
    // The first call is the caller's own: what it throws is thrown to the caller.
    do { outputs = try checked() } catch let failure as ForwardFailure { throw failure.underlying }
    var checker = Checker(function: checked, outputs: outputs, differentiable: inputs.indices.filter { inputs[$0].requiresGrad },
                          options: options)
    do {
        try before.verify(inputs, after: "the function's first call")
        if options.fastMode {
            try checker.compareProjections()
            if checker.failed {
                // Fast mode only says that something is wrong; slow mode says where.
                checker.findings = []
                checker.comparisons = []
                report.fastMode = false
                report.warnings.append("Fast mode found a mismatch; the report below is from slow mode.")
                try checker.compareJacobians()
            }
        } else {
            try checker.compareJacobians()
        }
        if !report.fastMode { report.taylor = try checker.taylorTests() }
        try checker.explainWrongDerivatives(taylor: report.taylor)
        if !checker.failed {
            try checker.checkBackwardProperties()
        }
    } catch let failure as GradCheckFailure {
        checker.findings.append(GradCheckFinding(kind: failure.kind, message: failure.message))
    } catch let failure as ForwardFailure {
        // The function ran on the given inputs but threw at a perturbed point, at every step tried.
        checker.findings.append(GradCheckFinding(kind: .forwardFailed, message:
            "The function threw in a forward evaluation at perturbed inputs: \(failure.underlying). gradcheck evaluates it at points within the step of the inputs, shrinking the step where it throws; keep the inputs inside its domain or declare its edges in GradCheckOptions.domainEdges."))
    } catch let error as AutogradError {
        // The forward ran; an autograd error now comes from backward (a gradient of the
        // wrong shape, a freed graph): that is a failed check, not a failed call.
        checker.findings.append(GradCheckFinding(kind: error.kind == .shapeMismatch ? .wrongGradientShape : .backwardFailed,
                                                 message: "Backward failed: \(error.message)"))
    }
    report.comparisons = checker.comparisons
    report.kinks = checker.kinks
    report.findings += checker.findings
    report.functionEvaluations = checked.evaluations
    report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return report
}

/// Checks gradients and throws `GradCheckFailure` (with the report) on the first failure;
/// returns true otherwise (PyTorch's `gradcheck` with `raise_exception=True`).
@discardableResult
public func gradcheck(
    _ function: @escaping ([Tensor]) throws -> [Tensor],
    inputs: [Tensor],
    options: GradCheckOptions = GradCheckOptions()
) throws -> Bool {
    let report = try gradcheckReport(function, inputs: inputs, options: options)
    if let first = report.findings.first(where: \.isFailure) { throw GradCheckFailure(first.kind, first.message, report: report) }
    return true
}

/// `gradcheck` for a single-output function, with PyTorch's argument names.
@discardableResult
public func gradcheck(
    _ function: @escaping ([Tensor]) throws -> Tensor,
    inputs: [Tensor],
    eps: Double? = nil,
    atol: Double? = nil,
    rtol: Double? = nil,
    nondetTol: Double = 0,
    method: DifferenceMethod = .central,
    fastMode: Bool = false
) throws -> Bool {
    try gradcheck({ [try function($0)] }, inputs: inputs,
                  options: GradCheckOptions(method: method, eps: eps, atol: atol, rtol: rtol, nondetTol: nondetTol, fastMode: fastMode))
}

/// Checks second derivatives and returns the report: gradcheck of the map
/// `(inputs, v) -> vᵀ J(inputs)` built with `createGraph`, at a random `v` from a private
/// generator, differentiated with respect to the inputs and to `v` (PyTorch's
/// `gradgradcheck`). In the report, input `inputs.count` is `v`.
public func gradgradcheckReport(
    _ function: @escaping ([Tensor]) throws -> Tensor,
    inputs: [Tensor],
    options: GradCheckOptions = GradCheckOptions()
) throws -> GradCheckReport {
    let probe = try function(inputs)
    var generator = SplitMix64(seed: options.seed)
    // The output gradient is an input of the checked map too, as in PyTorch: a double
    // backward that is wrong in its grad_output part is caught, not only one wrong in x.
    let v = try Tensor(shape: probe.shape,
                       values: (0..<probe.count).map { _ in generator.nextUnit() * 2 - 1 },
                       dtype: probe.dtype == .float64 ? .float64 : .float32, requiresGrad: true)
    return try gradcheckReport({ xs in
        let (arguments, gradOutput) = (Array(xs.dropLast()), xs[xs.count - 1])
        let y = try function(arguments)
        let differentiable = arguments.filter(\.requiresGrad)
        let grads = try grad(outputs: [y], inputs: differentiable, gradOutputs: [gradOutput], createGraph: true, allowUnused: true)
        return try zip(grads, differentiable).map { g, x in try g ?? Tensor.zeros(like: x) }
    }, inputs: inputs + [v], options: options)
}

/// `gradgradcheckReport` that throws `GradCheckFailure` on the first failure.
@discardableResult
public func gradgradcheck(
    _ function: @escaping ([Tensor]) throws -> Tensor,
    inputs: [Tensor],
    options: GradCheckOptions = GradCheckOptions()
) throws -> Bool {
    let report = try gradgradcheckReport(function, inputs: inputs, options: options)
    if let first = report.findings.first(where: \.isFailure) { throw GradCheckFailure(first.kind, first.message, report: report) }
    return true
}

/// `gradgradcheck` with PyTorch's argument names.
@discardableResult
public func gradgradcheck(
    _ function: @escaping ([Tensor]) throws -> Tensor,
    inputs: [Tensor],
    eps: Double? = nil,
    atol: Double? = nil,
    rtol: Double? = nil,
    method: DifferenceMethod = .central,
    fastMode: Bool = false
) throws -> Bool {
    try gradgradcheck(function, inputs: inputs,
                      options: GradCheckOptions(method: method, eps: eps, atol: atol, rtol: rtol, fastMode: fastMode))
}

/// A small deterministic generator (SplitMix64), private to GradCheck so that the
/// user's random state is never touched.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform value in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A random direction of `count` components with unit Euclidean length.
    mutating func unitVector(_ count: Int) -> [Double] {
        var v = (0..<count).map { _ in nextUnit() * 2 - 1 }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { v = v.map { $0 / norm } } else if count > 0 { v[0] = 1 }
        return v
    }
}
