import Autograd
import GradCheck

extension WrongRule {
    /// The audit's wrong rules: every class of mistake the issue tracker has seen, each
    /// with inputs where it shows.
    public static let catalog: [WrongRule] = [
        // Constant factors and signs.
        WrongRule("sign flipped (exp)", .sign, [AuditInput([4])]) { try ExpSignFlipped.apply($0) },
        WrongRule("factor 1/2 missing (sqrt)", .constantFactor, [AuditInput([4], .uniform(0.5, 2.5))]) { try SqrtMissingHalf.apply($0) },
        WrongRule("doubled (sum)", .constantFactor, [AuditInput([2, 3])]) { try SumDoubled.apply($0) },
        WrongRule("1/N missing (mean)", .constantFactor, [AuditInput([5])]) { try MeanMissingScale.apply($0) },
        WrongRule("factor 2 missing (sum of squares)", .constantFactor, [AuditInput([4])]) { xs in
            try withGradient(of: (xs[0] * xs[0] * 0.5).sum(), value: (xs[0] * xs[0]).sum())
        },
        WrongRule("factor 2 extra (square)", .constantFactor, [AuditInput([4])]) { xs in
            try withGradient(of: xs[0] * xs[0] * 2, value: xs[0] * xs[0])
        },
        WrongRule("1/N missing (mean over a dim)", .constantFactor, [AuditInput([3, 4])]) { xs in
            try withGradient(of: xs[0].sum(dim: 1), value: xs[0].mean(dim: 1))
        },
        WrongRule("sign missing (cos' = sin)", .sign, [AuditInput([4])]) { xs in try withGradient(of: -(xs[0].cos()), value: xs[0].cos()) },
        WrongRule("sign missing (1/x)", .sign, [AuditInput([4], .uniform(0.5, 2.5))]) { xs in
            try withGradient(of: -(1 / xs[0]), value: 1 / xs[0])
        },
        WrongRule("sign flipped for the denominator (div)", .sign, [AuditInput([3], .uniform(0.5, 2.5)), AuditInput([3], .uniform(0.5, 2.5))]) {
            try DivDenominatorSignFlipped.apply($0)
        },
        WrongRule("sign inside (tanh 1 + y²)", .sign, [AuditInput([4])]) { try TanhWrongSign.apply($0) },
        // Wrong functions.
        WrongRule("factor missing (mul)", .wrongFunction, [AuditInput([2, 3]), AuditInput([2, 3])]) { try MulFactorMissing.apply($0) },
        WrongRule("factor missing (sigmoid)", .wrongFunction, [AuditInput([4])]) { try SigmoidMissingFactor.apply($0) },
        WrongRule("wrong power (log 1/x²)", .wrongFunction, [AuditInput([4], .uniform(0.5, 2.5))]) { try LogSquaredDenominator.apply($0) },
        WrongRule("wrong power (x³ → 3x)", .wrongFunction, [AuditInput([4])]) { try CubeWrongPower.apply($0) },
        WrongRule("wrong power (x³ → 3x³)", .wrongFunction, [AuditInput([4])]) { xs in
            try withGradient(of: xs[0] ** 4 * 0.75, value: xs[0] ** 3)
        },
        WrongRule("wrong function (sin' = sin)", .wrongFunction, [AuditInput([4])]) { try SinUsesSin.apply($0) },
        WrongRule("wrong function (softplus' = exp)", .wrongFunction, [AuditInput([4])]) { try SoftplusWrongDerivative.apply($0) },
        WrongRule("square missing (tanh' = 1 - y)", .wrongFunction, [AuditInput([4])]) { xs in
            let logCosh = try ((xs[0].exp() + (-xs[0]).exp()) * 0.5).log()
            return try withGradient(of: xs[0] - logCosh, value: xs[0].tanh())
        },
        WrongRule("1 - s missing (sigmoid' = s)", .wrongFunction, [AuditInput([4])]) { xs in
            try withGradient(of: (xs[0].exp() + 1).log(), value: xs[0].sigmoid())
        },
        WrongRule("sqrt' = 1/(2x)", .wrongFunction, [AuditInput([4], .uniform(0.5, 2.5))]) { xs in
            try withGradient(of: xs[0].log() * 0.5, value: xs[0].sqrt())
        },
        WrongRule("division missing (norm)", .wrongFunction, [AuditInput([4])]) { try NormMissingDivision.apply($0) },
        WrongRule("biased divisor (var: N for N - 1)", .wrongFunction, [AuditInput([5])]) { try VarianceBiasedBackward.apply($0) },
        WrongRule("subtraction missing (softmax)", .wrongFunction, [AuditInput([2, 4])]) { try SoftmaxMissingSubtraction.apply($0) },
        WrongRule("clamp bounds ignored", .wrongFunction, [AuditInput([6])]) { try ClampIgnoresBounds.apply($0) },
        WrongRule("max spreads its gradient", .wrongFunction, [AuditInput([5])]) { try MaxSpreadsGradient.apply($0) },
        // Transposes, broadcasting, shapes, swapped inputs.
        WrongRule("transposed matmul gradient (left)", .transpose, [AuditInput([3, 3]), AuditInput([3, 3])]) { try MatmulTransposedLeft.apply($0) },
        WrongRule("transposed matmul gradient (right)", .transpose, [AuditInput([3, 3]), AuditInput([3, 3])]) { try MatmulTransposedRight.apply($0) },
        WrongRule("gradient transposed", .transpose, [AuditInput([3, 3])]) { try TransposedGradient.apply($0) },
        WrongRule("permutation not inverted", .transpose, [AuditInput([2, 2, 2])]) { try PermuteNotInverted.apply($0) },
        WrongRule("wrong un-broadcast (mean for sum)", .broadcast, [AuditInput([2, 3]), AuditInput([3])]) { try AddWrongUnbroadcast.apply($0) },
        WrongRule("gradient with its dimensions swapped", .wrongShape, [AuditInput([2, 3])]) { try GradientDimensionsSwapped.apply($0) },
        WrongRule("gradient of the wrong shape", .wrongShape, [AuditInput([3, 2])]) { try GradientOfWrongShape.apply($0) },
        WrongRule("gradients swapped (div)", .swappedInputs, [AuditInput([3], .uniform(0.5, 2.5)), AuditInput([3], .uniform(0.5, 2.5))]) {
            try DivGradientsSwapped.apply($0)
        },
        WrongRule("saved tensors swapped (mul: x for y)", .swappedInputs, [AuditInput([3]), AuditInput([3])]) { xs in
            try withGradient(of: (xs[0] * xs[0] + xs[1] * xs[1]) * 0.5, value: xs[0] * xs[1])
        },
        // Wrong only somewhere.
        WrongRule("wrong at a single element (sin)", .someElementsOnly, [AuditInput([2, 3])]) { try SinWrongAtOneElement.apply($0) },
        WrongRule("wrong only for negative inputs (x²)", .someElementsOnly, [AuditInput([6], .realBothSigns)]) { try SquareWrongForNegatives.apply($0) },
        WrongRule("wrong only for negative inputs (leaky slope)", .someElementsOnly, [AuditInput([6], .realBothSigns)]) {
            try LeakyWrongNegativeSlope.apply($0)
        },
        // Small errors: below the central method's tolerance by design.
        WrongRule("off by 1e-6 relative (exp)", .smallError, [AuditInput([4])], missedBy: [.central]) { try ExpOffByOneMillionth.apply($0) },
        WrongRule("additive 5e-6 (x³)", .smallError, [AuditInput([4])], missedBy: [.central]) { try CubeSmallAdditiveError.apply($0) },
        WrongRule("epsilon in a denominator (norm)", .smallError, [AuditInput([4])], missedBy: [.central]) { try NormEpsilonInDenominator.apply($0) },
        WrongRule("epsilon 1e-3 in a denominator (log)", .smallError, [AuditInput([4], .uniform(0.5, 2.5))], missedBy: [.central]) { xs in
            try withGradient(of: (xs[0] + 1e-3).log(), value: xs[0].log())
        },
        WrongRule("float32 inside the backward (exp)", .float32, [AuditInput([4])], missedBy: [.central, .gsl], fastModeMayMiss: true) {
            try ExpFloat32Backward.apply($0)
        },
        // Mistakes the engine must be designed to see.
        WrongRule("wrong only for a strided layout", .layoutOnly, [AuditInput([6, 6], transposed: true)]) { try WrongOnlyWhenStrided.apply($0) },
        WrongRule("backward corrupts a saved input", .savedInputCorruption, [AuditInput([4])]) { try CorruptsSavedInput.apply($0) },
        WrongRule("grad_output ignored (exp)", .gradOutputIgnored, [AuditInput([4])]) { try ExpIgnoresGradOutput.apply($0) },
        WrongRule("nonzero gradient for a zero output gradient", .gradOutputIgnored, [AuditInput([3])]) { try NonzeroForZeroGradient.apply($0) },
        WrongRule("gradient dropped (mul, second input)", .droppedGradient, [AuditInput([3]), AuditInput([3])]) { try MulDropsSecondGradient.apply($0) },
        WrongRule("nondeterministic backward", .nondeterministic, [AuditInput([3])]) { try NondeterministicBackward.apply($0) },
        WrongRule("double backward wrong in grad_output", .secondOrder, [AuditInput([3])], secondOrder: true) { try SineWithWrongDoubleBackward.apply($0) },
        WrongRule("double backward detached", .secondOrder, [AuditInput([3])], secondOrder: true) { try SineDetachedInBackward.apply($0) },
        // Near zero and at domain edges: the probes must stay inside.
        WrongRule("gradient zeroed near 0 (|x| < 1e-3)", .nearZeroBranch, [AuditInput([4], .logUniform(1e-6, 5e-4))]) { xs in
            try withGradient(of: Tensor.where(xs[0].abs() < 1e-3, xs[0] * 0, xs[0]), value: xs[0])
        },
        WrongRule("epsilon inside sqrt' near 0", .domainEdge, [AuditInput([4], .logUniform(1e-9, 1e-7))]) { xs in
            try withGradient(of: (xs[0] + 1e-8).sqrt(), value: xs[0].sqrt())
        },
        WrongRule("log' = 1/(x + 1e-6) near 0", .domainEdge, [AuditInput([4], .logUniform(1e-7, 1e-5))]) { xs in
            try withGradient(of: (xs[0] + 1e-6).log(), value: xs[0].log())
        },
        WrongRule("x^1.5 with the exponent's factor missing near 0", .domainEdge, [AuditInput([4], .logUniform(1e-5, 1e-3))]) { xs in
            try withGradient(of: xs[0] ** 1.5 / 1.5, value: xs[0] ** 1.5)
        },
        WrongRule("abs'(0) = 2", .atAKink, [AuditInput([4], .realWithZero)]) { try AbsTwoAtZero.apply($0) },
        // Wrong only at large magnitudes, where a step scaled to |x| alone is far longer
        // than the function's own scale and a kink made of it hides the mistake.
        WrongRule("halved at large magnitudes (exp(x - 1e6) at 1e6)", .largeMagnitude, [AuditInput([4], .uniform(999_999.5, 1_000_000.5))]) { xs in
            try withGradient(of: (xs[0] - 1e6).exp() * 0.5, value: (xs[0] - 1e6).exp())
        },
        WrongRule("1% too large at large magnitudes (sin at 1e5 to 1e6)", .largeMagnitude, [AuditInput([4], .uniform(1e5, 1e6))]) { xs in
            try withGradient(of: xs[0].sin() * 1.01, value: xs[0].sin())
        },
        WrongRule(
            "5% too large at large magnitudes (cos at 1e7 to 1e9)", .largeMagnitude, [AuditInput([4], .logUniform(1e7, 1e9))],
            fastModeMayMiss: true
        ) { xs in
            try withGradient(of: xs[0].cos() * 1.05, value: xs[0].cos())
        },
        WrongRule(
            "1% too large at large magnitudes (1e12·log x at 1e12)", .largeMagnitude, [AuditInput([4], .uniform(1e12, 2e12))],
            fastModeMayMiss: true
        ) { xs in
            try withGradient(of: xs[0].log() * 1.01e12, value: xs[0].log() * 1e12)
        },
        // An epsilon near a domain edge other than 0: sqrt(1 - x²)' as -x / sqrt(1 - x² + δ),
        // δ = 2e-5 (1 - x²), a relative error of 1e-5, at 1 - x in [1e-3, 2e-3].
        WrongRule(
            "epsilon in sqrt(1 - x²)' near 1", .domainEdge, [AuditInput([4], .uniform(1 - 2e-3, 1 - 1e-3))], missedBy: [.central],
            fastModeMayMiss: true
        ) { xs in
            let body = try 1 - xs[0] * xs[0]
            return try withGradient(of: (body + (body * 2e-5).detach()).sqrt(), value: body.sqrt())
        },
        // Wrong rules checked on float32 inputs, where a step of 1e-6 is below the input's
        // spacing and the function's rounding: steps follow the precision (`ProbeLine`).
        // A projection can cancel a 1% error (fast mode may miss those).
        WrongRule("1% too large on float32 inputs (sin)", .float32Inputs, [AuditInput([4], dtype: .float32)], fastModeMayMiss: true) { xs in
            try withGradient(of: xs[0].sin() * 1.01, value: xs[0].sin())
        },
        WrongRule("1% too small on float32 inputs (tanh)", .float32Inputs, [AuditInput([4], dtype: .float32)], fastModeMayMiss: true) { xs in
            try withGradient(of: xs[0].tanh() * 0.99, value: xs[0].tanh())
        },
        WrongRule(
            "5% too large on float32 inputs (log at 0.1 to 10)", .float32Inputs, [AuditInput([4], .logUniform(0.1, 10), dtype: .float32)],
            fastModeMayMiss: true
        ) { xs in
            try withGradient(of: xs[0].log() * 1.05, value: xs[0].log())
        },
        WrongRule("halved on float32 inputs (matmul)", .float32Inputs, [AuditInput([3, 4], dtype: .float32), AuditInput([4, 2], dtype: .float32)]) { xs in
            try withGradient(of: xs[0].matmul(xs[1]) * 0.5, value: xs[0].matmul(xs[1]))
        },
        // A custom function that opted out of materialised gradients and gives up on nil.
        WrongRule("no gradient when another output's is undefined (two outputs)", .undefinedGradient, [AuditInput([4])]) { xs in
            try SquareAndCubeGivingUp.apply(xs)[0]
        },
    ]
}
