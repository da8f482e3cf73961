import Autograd
import GradCheck

// Deliberately wrong backward rules for the audit (`WrongRule.catalog`). Each forward is
// right; each backward has one classic bug. gradcheck must catch every one.

enum ExpSignFlipped: CustomFunction {
    static let name = "ExpSignFlippedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].exp()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try -(g * ctx.savedTensors()[0].exp())] }
}

enum MulFactorMissing: CustomFunction {
    static let name = "MulFactorMissingBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0], x[1])
        return try x[0] * x[1]
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let a = try ctx.savedTensors()[0]
        return [g, try g * a]
    }
}

enum SigmoidMissingFactor: CustomFunction {
    static let name = "SigmoidMissingFactorBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].sigmoid()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g * ctx.savedTensors()[0].sigmoid()] }
}

enum TanhWrongSign: CustomFunction {
    static let name = "TanhWrongSignBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].tanh()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let y = try ctx.savedTensors()[0].tanh()
        return [try g * (1 + y * y)]
    }
}

enum LogSquaredDenominator: CustomFunction {
    static let name = "LogSquaredDenominatorBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].log()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try g / (x * x)]
    }
}

enum SqrtMissingHalf: CustomFunction {
    static let name = "SqrtMissingHalfBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].sqrt()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g / ctx.savedTensors()[0].sqrt()] }
}

enum CubeWrongPower: CustomFunction {
    static let name = "CubeWrongPowerBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0] ** 3
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g * ctx.savedTensors()[0] * 3] }
}

enum AddWrongUnbroadcast: CustomFunction {
    static let name = "AddWrongUnbroadcastBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0] + x[1] }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [g, try g.mean(dim: 0)] }
}

enum MatmulTransposedLeft: CustomFunction {
    static let name = "MatmulTransposedLeftBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0], x[1])
        return try x[0].matmul(x[1])
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let s = try ctx.savedTensors()
        return [try g.matmul(s[1]), try s[0].t().matmul(g)]
    }
}

enum MatmulTransposedRight: CustomFunction {
    static let name = "MatmulTransposedRightBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0], x[1])
        return try x[0].matmul(x[1])
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let s = try ctx.savedTensors()
        return [try g.matmul(s[1].t()), try s[0].matmul(g)]
    }
}

enum ExpOffByOneMillionth: CustomFunction {
    static let name = "ExpOffByOneMillionthBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].exp()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g * ctx.savedTensors()[0].exp() * (1 + 1e-6)] }
}

enum SinWrongAtOneElement: CustomFunction {
    static let name = "SinWrongAtOneElementBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].sin()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        var mask = [Double](repeating: 1, count: x.count)
        mask[x.count - 1] = 0
        return [try g * x.cos() * Tensor(shape: x.shape, values: mask, dtype: .float64)]
    }
}

enum SquareWrongForNegatives: CustomFunction {
    static let name = "SquareWrongForNegativesBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0] * x[0]
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g * ctx.savedTensors()[0].abs() * 2] }
}

enum SumDoubled: CustomFunction {
    static let name = "SumDoubledBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.values["rows"] = Double(x[0].shape[0])
        ctx.values["cols"] = Double(x[0].shape[1])
        return try x[0].sum()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        [try (g * 2).expand([Int(ctx.values["rows"]!), Int(ctx.values["cols"]!)])]
    }
}

enum MeanMissingScale: CustomFunction {
    static let name = "MeanMissingScaleBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.values["n"] = Double(x[0].count)
        return try x[0].mean()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g.expand([Int(ctx.values["n"]!)])] }
}

enum DivDenominatorSignFlipped: CustomFunction {
    static let name = "DivDenominatorSignFlippedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0], x[1])
        return try x[0] / x[1]
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let s = try ctx.savedTensors()
        return [try g / s[1], try g * s[0] / (s[1] * s[1])]
    }
}

enum SinUsesSin: CustomFunction {
    static let name = "SinUsesSinBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].sin()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g * ctx.savedTensors()[0].sin()] }
}

enum SoftplusWrongDerivative: CustomFunction {
    static let name = "SoftplusWrongDerivativeBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try (x[0].exp() + 1).log()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g * ctx.savedTensors()[0].exp()] }
}

enum LeakyWrongNegativeSlope: CustomFunction {
    static let name = "LeakyWrongNegativeSlopeBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try Tensor.where(x[0] > 0, x[0], x[0] * 0.1)
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try Tensor.where(x > 0, g, g * 0.2)]
    }
}

enum NormMissingDivision: CustomFunction {
    static let name = "NormMissingDivisionBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].norm()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g * ctx.savedTensors()[0]] }
}

enum VarianceBiasedBackward: CustomFunction {
    static let name = "VarianceBiasedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].variance()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try g * (x - x.mean()) * (2 / Double(x.count))]
    }
}

enum CubeSmallAdditiveError: CustomFunction {
    static let name = "CubeSmallAdditiveErrorBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0] ** 3
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try g * (x * x * 3 + 5e-6)]
    }
}

enum PermuteNotInverted: CustomFunction {
    static let name = "PermuteNotInvertedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0].permute(2, 0, 1).contiguous() }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g.permute(2, 0, 1)] }
}

enum GradientOfWrongShape: CustomFunction {
    static let name = "GradientOfWrongShapeBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0] * 2 }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try (g * 2).sum(dim: 0, keepdim: true)] }
}

enum NondeterministicBackward: CustomFunction {
    nonisolated(unsafe) static var calls = 0  // the nondeterminism itself; the audit runs it on one thread
    static let name = "NondeterministicBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0] * 2 }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        calls += 1
        return try [g * (2 + Double(calls % 2) * 1e-3)]
    }
}

enum NonzeroForZeroGradient: CustomFunction {
    static let name = "NonzeroForZeroGradientBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0] * 2
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        // Right for every nonzero output gradient, wrong (ones) when it is zero.
        [try g * 2 + g.abs().sum().eq(0).to(.float64)]
    }
}

enum DivGradientsSwapped: CustomFunction {
    static let name = "DivGradientsSwappedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0], x[1])
        return try x[0] / x[1]
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let s = try ctx.savedTensors()
        return [try -(g * s[0] / (s[1] * s[1])), try g / s[1]]
    }
}

enum GradientDimensionsSwapped: CustomFunction {
    static let name = "GradientDimensionsSwappedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0] * 2 }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try (g * 2).t()] }
}

enum SoftmaxMissingSubtraction: CustomFunction {
    static let name = "SoftmaxMissingSubtractionBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        let y = try x[0].softmax(dim: -1)
        ctx.saveForBackward(y)
        return y
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g * ctx.savedTensors()[0]] }
}

enum ExpFloat32Backward: CustomFunction {
    static let name = "ExpFloat32Backward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].exp()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        [try (g * ctx.savedTensors()[0].exp()).to(.float32).to(.float64)]
    }
}

enum NormEpsilonInDenominator: CustomFunction {
    static let name = "NormEpsilonInDenominatorBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].norm()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try g * x / (x.norm() + 1e-6)]
    }
}

enum ExpIgnoresGradOutput: CustomFunction {
    static let name = "ExpIgnoresGradOutputBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].exp()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try ctx.savedTensors()[0].exp()] }
}

enum MulDropsSecondGradient: CustomFunction {
    static let name = "MulDropsSecondGradientBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0], x[1])
        return try x[0] * x[1]
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [try g * ctx.savedTensors()[1], nil] }
}

enum TransposedGradient: CustomFunction {
    static let name = "TransposedGradientBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0] * x[0]
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        [try (g * ctx.savedTensors()[0] * 2).t().contiguous()]
    }
}

enum ClampIgnoresBounds: CustomFunction {
    static let name = "ClampIgnoresBoundsBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor { try x[0].clamp(min: -1, max: 1) }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] { [g] }
}

enum MaxSpreadsGradient: CustomFunction {
    static let name = "MaxSpreadsGradientBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.values["n"] = Double(x[0].count)
        return try x[0].max()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let n = Int(ctx.values["n"]!)
        return [try (g / Double(n)).expand([n])]
    }
}

enum AbsTwoAtZero: CustomFunction {
    static let name = "AbsTwoAtZeroBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].abs()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try g * (x.sign() + x.eq(0).to(.float64) * 2)]
    }
}

/// sin, whose backward clamps its saved input to [-0.5, 0.5] through a window the
/// version counter does not see: the numerical Jacobian would be taken at the corrupted
/// point and agree with the analytical one, unless the inputs are verified after backward.
enum CorruptsSavedInput: CustomFunction {
    static let name = "CorruptsSavedInputBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].sin()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        let window = try x.detach().numpy()
        for k in 0..<window.count { try window.set(Swift.min(Swift.max(try window[k], -0.5), 0.5), at: k) }
        return [try g * x.cos()]
    }
}

/// sin, whose backward is right for contiguous inputs and off by a factor of 2 for others.
enum WrongOnlyWhenStrided: CustomFunction {
    static let name = "WrongOnlyWhenStridedBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].sin()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try g * x.cos() * (x.isContiguous ? 1.0 : 2.0)]
    }
}

/// `g · cos(x)` whose double backward doubles the output-gradient part.
enum ScaledByCosWrongInGradOutput: CustomFunction {
    static let name = "ScaledByCosWrongInGradOutputBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0], x[1])
        return try x[0] * x[1].cos()
    }
    static func backward(_ ctx: FunctionContext, _ grad: Tensor) throws -> [Tensor?] {
        let saved = try ctx.savedTensors()
        return [try grad * saved[1].cos() * 2.0, try -(grad * saved[0] * saved[1].sin())]
    }
}

/// sin, whose backward multiplies by cos through `ScaledByCosWrongInGradOutput`: right in
/// first order, wrong in the double backward's output-gradient part.
enum SineWithWrongDoubleBackward: CustomFunction {
    static let name = "SineWithWrongDoubleBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].sin()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        [try ScaledByCosWrongInGradOutput.apply(g, ctx.savedTensors()[0])]
    }
}

/// sin, whose backward detaches cos(x): right in first order, with no second derivative in x.
enum SineDetachedInBackward: CustomFunction {
    static let name = "SineDetachedInBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(x[0])
        return try x[0].sin()
    }
    static func backward(_ ctx: FunctionContext, _ g: Tensor) throws -> [Tensor?] {
        [try g * ctx.savedTensors()[0].cos().detach()]
    }
}

/// x² and x³ with `setMaterializeGrads(false)`, whose backward returns no gradient as
/// soon as one output's gradient is undefined: right only when both outputs reach the loss.
enum SquareAndCubeGivingUp: MultiOutputFunction {
    static let name = "SquareAndCubeGivingUpBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        ctx.setMaterializeGrads(false)
        ctx.saveForBackward(x[0])
        return [try x[0] * x[0], try x[0] * x[0] * x[0]]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        guard let g0 = g[0], let g1 = g[1] else { return [nil] }
        let x = try ctx.savedTensors()[0]
        return [try g0 * 2 * x + g1 * 3 * x * x]
    }
}

/// The same, treating an undefined gradient as zero, as it must: the audit's correct twin.
enum SquareAndCube: MultiOutputFunction {
    static let name = "SquareAndCubeBackward"
    static func forward(_ ctx: FunctionContext, _ x: [Tensor]) throws -> [Tensor] {
        ctx.setMaterializeGrads(false)
        ctx.saveForBackward(x[0])
        return [try x[0] * x[0], try x[0] * x[0] * x[0]]
    }
    static func backward(_ ctx: FunctionContext, _ g: [Tensor?]) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        var total: Tensor?
        if let g0 = g[0] { total = try g0 * 2 * x }
        if let g1 = g[1] { total = try total.map { try $0 + g1 * 3 * x * x } ?? (g1 * 3 * x * x) }
        return [total]
    }
}
