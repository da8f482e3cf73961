/// One piece of work that GradLab's benchmarks time, written the same way in
/// `compare_pytorch.py` so that both libraries do the same thing.
public struct Workload: Sendable {
    /// The key shared with `compare_pytorch.py`, such as `lab4-201-epochs`.
    public let name: String
    /// What one run does, in a sentence.
    public let summary: String
    /// Floating-point operations per run, for workloads reported in GFLOP/s.
    public let flops: Double?
    /// True for a workload long enough that one run, without a warm-up, is the measurement.
    public let runsOnce: Bool
    /// Builds the state a run needs (data, models) and returns the run itself, so that
    /// set-up stays out of the measurement.
    public let prepare: @Sendable () throws -> () throws -> Void

    /// A workload named `name`.
    public init(
        _ name: String, _ summary: String, flops: Double? = nil, runsOnce: Bool = false,
        prepare: @escaping @Sendable () throws -> () throws -> Void
    ) {
        self.name = name
        self.summary = summary
        self.flops = flops
        self.runsOnce = runsOnce
        self.prepare = prepare
    }
}

/// Every workload, in the order of the issue that asked for them.
public enum Workloads {
    /// All workloads: eager small-tensor training, the MLP, matmul, gradcheck, graphs, forward mode
    /// and Lab 4 in Swift's compiled AD.
    public static let all: [Workload] =
        EagerWorkloads.all + [MLPWorkload.workload] + MatmulWorkloads.all + GradCheckWorkloads.all
        + GraphWorkloads.all + ForwardModeWorkloads.all + CompiledADWorkloads.all

    /// The workload called `name`, if there is one.
    public static func named(_ name: String) -> Workload? { all.first { $0.name == name } }
}
