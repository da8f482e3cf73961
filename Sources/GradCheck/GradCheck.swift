import Autograd
import CKernels
import Dispatch

/// Checks the gradients of `function` at `inputs` against numerical derivatives and
/// returns everything it found (PyTorch's `torch.autograd.gradcheck`, extended).
///
/// For every output that requires grad (others, and non-float ones, are left out) and
/// every input that requires grad, the analytical Jacobian (from backward passes) is
/// compared elementwise with the numerical one:
/// `|analytical - numerical| <= atol + rtol·|numerical| + safety·estimate`, where
/// `estimate` is the method's own error estimate (0 for `central`). Each failing element
/// is diagnosed (wrong derivative, finite-difference noise, a kink under the
/// `kinkPolicy`, outside the domain) and a wrong derivative gets its likely mistake, the
/// graph node where it starts and a Taylor-remainder order. Then: the function and its
/// backward must not modify the inputs, outputs must keep their shape and dtype under
/// perturbation, backward must be reentrant (within `nondetTol`), a zero output
/// gradient must give zero input gradients, and undefined output gradients must be
/// handled. A function with no output that requires grad must not depend on its inputs.
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
    guard inputs.contains(where: \.requiresGrad) else {
        report.fail(.noInputRequiresGrad, "gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.")
        return report
    }
    // Perturbing one element of an expanded input would move every element sharing its
    // memory: PyTorch refuses such inputs, and so does GradLab.
    for (i, x) in inputs.enumerated() where x.requiresGrad && x.hasSharedElements {
        report.fail(
            .overlappingInput,
            "The \(i)th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping to be able to compute the numerical gradients correctly. You should call .contiguous on the input before passing it to gradcheck."
        )
        return report
    }
    for (i, x) in inputs.enumerated() where x.requiresGrad && x.dtype != .float64 {
        report.warnings.append(
            "Input #\(i) requires gradient and is not a double precision floating point. This check will likely fail if all the inputs are not of double precision floating point; use float64 inputs."
        )
    }
    let before = try InputSnapshot(inputs)
    // The first call is the caller's own: what it throws is thrown to the caller.
    let all = try function(inputs)
    // As in PyTorch, only outputs that require grad are checked; GradLab also leaves out
    // non-float outputs (a mask, indices), which PyTorch would try to differentiate.
    let positions = all.indices.filter { all[$0].requiresGrad && all[$0].dtype.isFloatingPoint }
    let floats = all.indices.filter { all[$0].dtype.isFloatingPoint }
    let selected = positions.isEmpty ? floats : positions
    let checked = CheckedFunction(
        { xs in
            let outputs = try function(xs)
            guard outputs.count == all.count else {
                throw GradCheckFailure(.outputChanged, "The number of outputs changed under perturbation: \(all.count) before, \(outputs.count) after.")
            }
            return selected.map { outputs[$0] }
        }, inputs: inputs)
    let outputs = checked.adopt(selected.map { all[$0] })
    let differentiable = inputs.indices.filter { inputs[$0].requiresGrad }
    var checker = Checker(
        function: checked, outputs: outputs, differentiable: differentiable, options: options,
        outputPositions: selected)
    checker.inputSnapshot = before
    do {
        try before.verify(inputs, after: "the function's first call")
        if positions.isEmpty {
            try checker.checkNoDifferentiableOutputs()
        } else if options.fastMode {
            try checker.compareProjections()
            if checker.failed { try checker.explainFastModeFailure() }
        } else {
            try checker.compareJacobians()
        }
        if !positions.isEmpty {
            if !report.fastMode { report.taylor = try checker.taylorTests() }
            try checker.explainWrongDerivatives(taylor: report.taylor)
            if !checker.failed {
                try checker.checkBackwardProperties()
            }
            if options.checkForwardAD && !checker.failed { try checker.checkForwardMode() }
        }
    } catch let failure as GradCheckFailure {
        checker.findings.append(GradCheckFinding(kind: failure.kind, message: failure.message))
    } catch let failure as ForwardFailure {
        // The function ran on the given inputs but threw at a perturbed point, at every step tried.
        checker.findings.append(
            GradCheckFinding(
                kind: .forwardFailed,
                message:
                    "The function threw in a forward evaluation at perturbed inputs: \(failure.underlying). gradcheck evaluates it at points within the step of the inputs, shrinking the step where it throws; keep the inputs inside its domain or declare its edges in GradCheckOptions.domainEdges."
            ))
    } catch let error as AutogradError {
        // The forward ran; an autograd error now comes from backward (a gradient of the
        // wrong shape, a freed graph): that is a failed check, not a failed call.
        checker.findings.append(
            GradCheckFinding(
                kind: error.kind == .shapeMismatch ? .wrongGradientShape : .backwardFailed,
                message: "Backward failed: \(error.message)"))
    }
    report.comparisons = checker.comparisons
    report.kinks = checker.kinks
    report.findings += checker.findings
    report.functionEvaluations = checked.evaluations
    report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    // Drawn after the count and the time: the pictures' evaluations are not the check's.
    if let directory = options.plotDirectory, !report.passed {
        GradCheckPictures.draw(&report, function: checked, options: options, in: directory)
    }
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
    try report.throwFirstFailure()
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
    try gradcheck(
        { [try function($0)] }, inputs: inputs,
        options: GradCheckOptions(method: method, eps: eps, atol: atol, rtol: rtol, nondetTol: nondetTol, fastMode: fastMode))
}

/// Checks second derivatives and returns the report (PyTorch's `gradgradcheck`): gradcheck
/// of the map `(inputs, v) -> vᵀJ(inputs)` built with `createGraph`, differentiated with
/// respect to the inputs and to the output gradients `v`.
///
/// `gradOutputs` has one entry per differentiable output (outputs that require grad and
/// are float): a tensor of the output's shape, or nil for a random one drawn from a private
/// generator (`options.seed`; non-contiguous with `options.nonContiguousGradOutputs`).
/// Entries that require grad (random ones do) are inputs of the checked map, after the
/// function's inputs, as in PyTorch; entries that do not are constants.
public func gradgradcheckReport(
    _ function: @escaping ([Tensor]) throws -> [Tensor],
    inputs: [Tensor],
    gradOutputs: [Tensor?]? = nil,
    options: GradCheckOptions = GradCheckOptions()
) throws -> GradCheckReport {
    let probe = try function(inputs)
    let differentiableOutputs = probe.indices.filter { probe[$0].requiresGrad && probe[$0].dtype.isFloatingPoint }
    if let gradOutputs, gradOutputs.count != differentiableOutputs.count {
        throw AutogradError(
            .invalidArgument,
            "gradOutputs has \(gradOutputs.count) entries, but the function has \(differentiableOutputs.count) outputs that require grad")
    }
    var generator = SplitMix64(seed: options.seed)
    let vs: [Tensor] = try differentiableOutputs.enumerated().map { k, position in
        let output = probe[position]
        if let given = gradOutputs?[k] {
            guard given.shape == output.shape else {
                throw AutogradError(
                    .shapeMismatch,
                    "Mismatch in shape: grad_output[\(k)] has shape \(given.shape) and output[\(k)] has shape \(output.shape).")
            }
            return given
        }
        let values = generator.symmetricUnits(output.count)
        let dtype: FloatDType = output.dtype == .float64 ? .float64 : .float32
        let v =
            options.nonContiguousGradOutputs
            ? try Tensor.nonContiguous(shape: output.shape, values: values, dtype: dtype)
            : try Tensor(shape: output.shape, values: values, dtype: dtype)
        return try v.requiresGrad_()
    }
    // The output gradients that require grad are inputs of the checked map, as in PyTorch:
    // a double backward that is wrong in its grad_output part is caught, not only one wrong in x.
    let variable = vs.indices.filter { vs[$0].requiresGrad }
    return try gradcheckReport(
        { xs in
            let arguments = Array(xs.prefix(inputs.count))
            var v = vs
            for (slot, k) in variable.enumerated() { v[k] = xs[inputs.count + slot] }
            let ys = try function(arguments)
            guard ys.count == probe.count else {
                throw GradCheckFailure(.outputChanged, "The number of outputs changed under perturbation: \(probe.count) before, \(ys.count) after.")
            }
            let differentiable = arguments.filter(\.requiresGrad)
            let grads = try grad(
                outputs: differentiableOutputs.map { ys[$0] }, inputs: differentiable, gradOutputs: v,
                createGraph: true, allowUnused: true)
            return grads.compactMap { $0 }
        }, inputs: inputs + variable.map { vs[$0] }, options: options)
}

/// `gradgradcheckReport` of a single-output function.
public func gradgradcheckReport(
    _ function: @escaping ([Tensor]) throws -> Tensor,
    inputs: [Tensor],
    gradOutput: Tensor? = nil,
    options: GradCheckOptions = GradCheckOptions()
) throws -> GradCheckReport {
    try gradgradcheckReport({ [try function($0)] }, inputs: inputs, gradOutputs: gradOutput.map { [$0] }, options: options)
}

/// `gradgradcheckReport` of several outputs that throws `GradCheckFailure` on the first failure.
@discardableResult
public func gradgradcheck(
    _ function: @escaping ([Tensor]) throws -> [Tensor],
    inputs: [Tensor],
    gradOutputs: [Tensor?]? = nil,
    options: GradCheckOptions = GradCheckOptions()
) throws -> Bool {
    let report = try gradgradcheckReport(function, inputs: inputs, gradOutputs: gradOutputs, options: options)
    try report.throwFirstFailure()
    return true
}

/// `gradgradcheckReport` that throws `GradCheckFailure` on the first failure.
@discardableResult
public func gradgradcheck(
    _ function: @escaping ([Tensor]) throws -> Tensor,
    inputs: [Tensor],
    options: GradCheckOptions = GradCheckOptions()
) throws -> Bool {
    let report = try gradgradcheckReport(function, inputs: inputs, options: options)
    try report.throwFirstFailure()
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
    try gradgradcheck(
        function, inputs: inputs,
        options: GradCheckOptions(method: method, eps: eps, atol: atol, rtol: rtol, fastMode: fastMode))
}

/// A small deterministic generator (SplitMix64), private to GradCheck and its audit so
/// that the user's random state is never touched.
package struct SplitMix64 {
    private var state: UInt64
    /// A generator from `seed`.
    package init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform value in [0, 1).
    package mutating func nextUnit() -> Double {
        // 53 bits fit an Int64 exactly: its conversion is one instruction, the UInt64 one is not.
        Double(Int64(bitPattern: next() >> 11)) / Double(1 << 53)
    }

    /// `count` values `nextUnit() * 2 - 1`, uniform in [-1, 1), drawn at once (in C, where
    /// the loop vectorises: GradCheck draws a direction of every input and output's size).
    package mutating func symmetricUnits(_ count: Int) -> [Double] {
        guard count > 0 else { return [] }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            gradlab_splitmix_symmetric_fill(&state, buffer.baseAddress!, count)
            initialized = count
        }
    }

    /// A random direction of `count` components with unit Euclidean length.
    package mutating func unitVector(_ count: Int) -> [Double] {
        var v = symmetricUnits(count)
        let norm = VectorSums.sumOfSquares(v).squareRoot()
        if norm > 0 {
            let scale = 1 / norm
            v.withUnsafeMutableBufferPointer { v in
                for k in v.indices { v[k] *= scale }
            }
        } else if count > 0 {
            v[0] = 1
        }
        return v
    }
}
