import Autograd

/// How small a gradient error each numerical method can detect without false alarms.
///
/// A gradient error of relative size δ is planted in a correct op without touching
/// its forward: `y + δ·(y - y.detach())` has the value `y` and the gradient
/// `(1 + δ)·J`. The sweep lowers δ by factors of 10 until some op's error goes
/// unnoticed.
public enum Sensitivity {
    /// The ops the sweep plants errors in: every entry with a nonzero float64 Jacobian.
    public static var entries: [OpInfo] {
        OpDatabase.entries.filter { ![.fill, .toCopy, .sign].contains($0.op) }
    }

    /// `function` with its gradient scaled by `1 + delta`.
    public static func planted(_ function: @escaping @Sendable ([Tensor]) throws -> Tensor, delta: Double) -> ([Tensor]) throws -> Tensor {
        { xs in
            let y = try function(xs)
            return try y + (y - y.detach()) * delta
        }
    }

    /// The correct samples that `options` flags (false alarms), over `seeds`.
    public static func falseAlarms(
        options: GradCheckOptions, seeds: Range<UInt64>,
        progress: (String) -> Void = { _ in }
    ) throws -> [String] {
        var alarms: [String] = []
        for seed in seeds {
            defer { progress("seed \(seed) checked") }
            for entry in OpDatabase.entries {
                let entryOptions = entry.options(options)
                for sample in entry.samples(seed: seed) {
                    let report = try gradcheckReport({ [try entry.function($0)] }, inputs: sample.inputs, options: entryOptions)
                    if !report.passed { alarms.append("\(entry.name) \(sample.label) seed \(seed): \(report.failures[0].prefix(200))") }
                }
            }
        }
        return alarms
    }

    /// The smallest δ in 1e-1, 1e-2, ... that `options` detects in every op's first sample.
    public static func smallestDetected(
        options: GradCheckOptions, floor: Int = 14,
        progress: (String) -> Void = { _ in }
    ) throws -> Double? {
        var smallest: Double?
        guard floor >= 1 else { throw AutogradError(.invalidArgument, "floor must be at least 1, got \(floor)") }
        for exponent in 1...floor {
            // Parsed from text, so that δ is exactly the literal 1e-k.
            let delta = Double("1e-\(exponent)")!
            defer { progress("errors of 1e-\(exponent) planted") }
            for entry in entries {
                let inputs = entry.samples()[0].inputs
                let report = try gradcheckReport({ [try planted(entry.function, delta: delta)($0)] }, inputs: inputs, options: options)
                if report.passed { return smallest }
            }
            smallest = delta
        }
        return smallest
    }
}
