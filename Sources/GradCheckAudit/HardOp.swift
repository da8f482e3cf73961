import Autograd
import GradCheck

/// A correct op at inputs where numerical differentiation is hard: magnitudes up to
/// 1e12, points near singularities and domain edges, saturation, large logits, kinks.
/// The audit proves that gradcheck raises no false alarm on any of them.
public struct HardOp: Sendable, CustomStringConvertible {
    /// What is hard about it, e.g. `sqrt near 0 (1e-8 to 1e-4)`.
    public let name: String
    /// The inputs.
    public let inputs: [AuditInput]
    /// The (correct) function.
    public let function: @Sendable ([Tensor]) throws -> Tensor
    /// Its family in the audit's table: "hard op", or the family of the wrong rules it
    /// is the correct twin of (`largeMagnitude`, `undefinedGradient`).
    public let family: String

    /// The name.
    public var description: String { name }

    init(_ name: String, _ inputs: [AuditInput], family: String = "hard op", _ function: @escaping @Sendable ([Tensor]) throws -> Tensor) {
        (self.name, self.inputs, self.family, self.function) = (name, inputs, family, function)
    }

    /// The inputs for audit seed `seed`.
    public func sample(seed: UInt64) throws -> [Tensor] { try AuditInput.draw(inputs, name: name, seed: seed) }

    /// The report of checking it at `seed` with `options`.
    public func check(seed: UInt64, options: GradCheckOptions) throws -> GradCheckReport {
        try gradcheckReport({ [try function($0)] }, inputs: try sample(seed: seed), options: options)
    }

    /// The audit's hard ops.
    public static let catalog: [HardOp] = [
        HardOp("exp of large values (20 to 30)", [AuditInput([4], .uniform(20, 30))]) { try $0[0].exp() },
        HardOp("exp of very negative values (-30 to -20)", [AuditInput([4], .uniform(-30, -20))]) { try $0[0].exp() },
        HardOp("log near 0 (1e-6 to 1e-3)", [AuditInput([4], .logUniform(1e-6, 1e-3))]) { try $0[0].log() },
        HardOp("log of huge values (1e6 to 1e12)", [AuditInput([4], .logUniform(1e6, 1e12))]) { try $0[0].log() },
        HardOp("sqrt near 0 (1e-8 to 1e-4)", [AuditInput([4], .logUniform(1e-8, 1e-4))]) { try $0[0].sqrt() },
        HardOp("sqrt of huge values (1e6 to 1e12)", [AuditInput([4], .logUniform(1e6, 1e12))]) { try $0[0].sqrt() },
        HardOp("1/x near its pole (1e-4 to 1e-2)", [AuditInput([4], .logUniform(1e-4, 1e-2))]) { try 1 / $0[0] },
        HardOp("1/sqrt(x) near 0 (1e-5 to 1e-3)", [AuditInput([4], .logUniform(1e-5, 1e-3))]) { try 1 / $0[0].sqrt() },
        HardOp("x^1.5 near 0 (1e-5 to 1e-3)", [AuditInput([4], .logUniform(1e-5, 1e-3))]) { try $0[0] ** 1.5 },
        HardOp("x² of huge values (1e6 to 1e12)", [AuditInput([4], .logUniform(1e6, 1e12))]) { try $0[0] * $0[0] },
        HardOp("x·y of huge values (1e6 to 1e12)", [AuditInput([3], .logUniform(1e6, 1e12)), AuditInput([3], .logUniform(1e6, 1e12))]) {
            try $0[0] * $0[1]
        },
        HardOp("x / y with a small denominator (1e-3 to 1e-2)", [AuditInput([3]), AuditInput([3], .logUniform(1e-3, 1e-2))]) {
            try $0[0] / $0[1]
        },
        HardOp("tanh saturating (5 to 15)", [AuditInput([4], .uniform(5, 15))]) { try $0[0].tanh() },
        HardOp("sigmoid saturating (-30 to -15)", [AuditInput([4], .uniform(-30, -15))]) { try $0[0].sigmoid() },
        HardOp("softmax of large logits (-50 to 50)", [AuditInput([2, 5], .uniform(-50, 50))]) { try $0[0].softmax(dim: 1) },
        HardOp("cross-entropy of large logits", [AuditInput([2, 5], .uniform(-20, 20))]) { xs in
            try -(xs[0].softmax(dim: 1).log().sum())
        },
        HardOp("sin of large arguments (1e3 to 1e4)", [AuditInput([4], .uniform(1e3, 1e4))]) { try $0[0].sin() },
        HardOp("cos near pi/2", [AuditInput([4], .uniform(1.5707, 1.5709))]) { try $0[0].cos() },
        HardOp("matmul of entries up to 1e3", [AuditInput([3, 3], .uniform(-1e3, 1e3)), AuditInput([3, 3], .uniform(-1e3, 1e3))]) {
            try $0[0].matmul($0[1])
        },
        HardOp("norm of tiny values (1e-8 to 1e-6)", [AuditInput([4], .logUniform(1e-8, 1e-6))]) { try $0[0].norm() },
        HardOp("mean of large values (1e8 to 1e9)", [AuditInput([5], .uniform(1e8, 1e9))]) { try $0[0].mean() },
        HardOp("variance with a large offset (1e4 to 1e4 + 1)", [AuditInput([5], .uniform(1e4, 1e4 + 1))]) { try $0[0].variance() },
        HardOp("log(1 + x) of tiny x (1e-10 to 1e-6)", [AuditInput([4], .logUniform(1e-10, 1e-6))]) { try ($0[0] + 1).log() },
        HardOp("x³ of tiny values (1e-8 to 1e-6)", [AuditInput([4], .logUniform(1e-8, 1e-6))]) { try $0[0] ** 3 },
        HardOp("tanh of tiny values (1e-8 to 1e-6)", [AuditInput([4], .logUniform(1e-8, 1e-6))]) { try $0[0].tanh() },
        HardOp("Gaussian near 0 (-1e-3 to 1e-3)", [AuditInput([4], .uniform(-1e-3, 1e-3))]) { try (-($0[0] * $0[0])).exp() },
        HardOp("abs at its kink (0)", [AuditInput([4], .realWithZero)]) { try $0[0].abs() },
        HardOp("relu at its kink (0)", [AuditInput([4], .realWithZero)]) { try $0[0].relu() },
        HardOp("clamp across its bounds", [AuditInput([6])]) { try $0[0].clamp(min: -1, max: 1) },
        HardOp("max of distinct values", [AuditInput([5])]) { try $0[0].max() },
        HardOp("two-layer tanh network", [AuditInput([2, 3]), AuditInput([3, 4]), AuditInput([4, 2])]) { xs in
            try xs[0].matmul(xs[1]).tanh().matmul(xs[2])
        },
        HardOp("sin of a strided (transposed) input", [AuditInput([5, 5], transposed: true)]) { try $0[0].sin() },
        // The correct twins of the wrong rules at domain edges, at large magnitudes, with
        // undefined gradients and on float32 inputs.
        HardOp("sqrt(1 - x²) near 1 (1 - x in 1e-3 to 2e-3)", [AuditInput([4], .uniform(1 - 2e-3, 1 - 1e-3))], family: "domainEdge") {
            try (1 - $0[0] * $0[0]).sqrt()
        },
        HardOp("exp(x - 1e6) at 1e6", [AuditInput([4], .uniform(999_999.5, 1_000_000.5))], family: "largeMagnitude") { try ($0[0] - 1e6).exp() },
        HardOp("sin at 1e5 to 1e6", [AuditInput([4], .uniform(1e5, 1e6))], family: "largeMagnitude") { try $0[0].sin() },
        HardOp("cos at 1e7 to 1e9", [AuditInput([4], .logUniform(1e7, 1e9))], family: "largeMagnitude") { try $0[0].cos() },
        HardOp("1e12·log x at 1e12", [AuditInput([4], .uniform(1e12, 2e12))], family: "largeMagnitude") { try $0[0].log() * 1e12 },
        HardOp("sin on float32 inputs", [AuditInput([4], dtype: .float32)], family: "float32Inputs") { try $0[0].sin() },
        HardOp("tanh on float32 inputs", [AuditInput([4], dtype: .float32)], family: "float32Inputs") { try $0[0].tanh() },
        HardOp("log on float32 inputs (0.1 to 10)", [AuditInput([4], .logUniform(0.1, 10), dtype: .float32)], family: "float32Inputs") {
            try $0[0].log()
        },
        HardOp("matmul on float32 inputs", [AuditInput([3, 4], dtype: .float32), AuditInput([4, 2], dtype: .float32)], family: "float32Inputs") {
            try $0[0].matmul($0[1])
        },
        HardOp("x³ on float32 inputs (-3 to 3)", [AuditInput([4], .uniform(-3, 3), dtype: .float32)], family: "float32Inputs") { try $0[0] ** 3 },
        HardOp("two outputs, an undefined gradient handled as zero", [AuditInput([4])], family: "undefinedGradient") {
            try SquareAndCube.apply($0)[0]
        },
    ]
}
