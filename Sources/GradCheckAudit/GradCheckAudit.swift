import Autograd
import Dispatch
import GradCheck

/// The audit behind gradcheck's claims: every wrong rule of `WrongRule.catalog` must fail
/// and every op of `HardOp.catalog` must pass, for each method, at every seed.
public enum GradCheckAudit {
    /// One check of the audit: a case at a seed, and what gradcheck said.
    public struct Verdict: Sendable, Codable {
        /// The case's name (a wrong rule's or a hard op's).
        public let name: String
        /// Whether the case is a wrong rule (it must fail) or a hard op (it must pass).
        public let wrongRule: Bool
        /// The audit seed.
        public let seed: UInt64
        /// Whether gradcheck passed it.
        public let passed: Bool
        /// The first failure's kind, if it failed.
        public let kind: FindingKind?
    }

    /// One configuration's results over all seeds.
    public struct Row: Sendable {
        /// The method.
        public let method: DifferenceMethod
        /// Whether fast mode was on.
        public let fastMode: Bool
        /// Wrong rules checked (rule × seed), and how many failed as they should.
        public var wrongChecked = 0, caught = 0
        /// Checks of wrong rules that the method misses by design (below its tolerance).
        public var missedByDesign = 0
        /// Wrong rules that passed although the method should catch them: wrong verdicts.
        public var wrongVerdicts: [String] = []
        /// Hard ops checked (op × seed), and those that failed: false alarms.
        public var hardChecked = 0
        /// The false alarms, with the first line of their message.
        public var falseAlarms: [String] = []
        /// The kinds of failure seen on wrong rules, with counts.
        public var kinds: [FindingKind: Int] = [:]
        /// Wall-clock seconds.
        public var seconds = 0.0
        /// Every check's verdict, in order.
        public var verdicts: [Verdict] = []
    }

    /// One case's inputs at one seed, as the side-by-side script rebuilds them in PyTorch.
    public struct Sample: Sendable, Codable {
        /// The case's name.
        public let name: String
        /// Whether the case is a wrong rule.
        public let wrongRule: Bool
        /// Its family in the audit's table: a wrong rule's class of mistake, or a hard
        /// op's (`WrongRule.Mistake`'s name for the twins of a family's wrong rules).
        public let family: String
        /// Whether it is checked with gradgradcheck.
        public let secondOrder: Bool
        /// The audit seed.
        public let seed: UInt64
        /// Each input's shape.
        public let shapes: [[Int]]
        /// Each input's values in row-major order of its shape.
        public let values: [[Double]]
        /// Whether each input is the transpose of a contiguous matrix.
        public let transposed: [Bool]
        /// Each input's dtype (`float64` or `float32`).
        public let dtypes: [String]
    }

    /// Every case's inputs for `seeds`.
    public static func samples(seeds: Range<UInt64>) throws -> [Sample] {
        var samples: [Sample] = []
        for seed in seeds {
            for rule in WrongRule.catalog {
                let inputs = try rule.sample(seed: seed)
                samples.append(
                    Sample(
                        name: rule.name, wrongRule: true, family: rule.mistake.rawValue, secondOrder: rule.secondOrder, seed: seed,
                        shapes: inputs.map { Array($0.shape) }, values: try inputs.map { try $0.toArray() },
                        transposed: rule.inputs.map(\.transposed), dtypes: rule.inputs.map(\.dtype.dtype.rawValue)))
            }
            for op in HardOp.catalog {
                let inputs = try op.sample(seed: seed)
                samples.append(
                    Sample(
                        name: op.name, wrongRule: false, family: op.family, secondOrder: false, seed: seed,
                        shapes: inputs.map { Array($0.shape) }, values: try inputs.map { try $0.toArray() },
                        transposed: op.inputs.map(\.transposed), dtypes: op.inputs.map(\.dtype.dtype.rawValue)))
            }
        }
        return samples
    }

    /// Runs the audit over `seeds` for each method (and fast mode with Richardson).
    public static func run(
        seeds: Range<UInt64>, methods: [DifferenceMethod] = DifferenceMethod.allCases,
        fastMode: Bool = true
    ) throws -> [Row] {
        var configurations = methods.map { ($0, false) }
        if fastMode { configurations.append((.richardson, true)) }
        return try configurations.map { method, fast in
            let start = DispatchTime.now().uptimeNanoseconds
            var row = Row(method: method, fastMode: fast)
            var options = GradCheckOptions(method: method, fastMode: fast)
            options.threads = 1  // the nondeterministic rule counts its calls
            for seed in seeds {
                for rule in WrongRule.catalog {
                    let report = try rule.check(seed: seed, options: options)
                    row.verdicts.append(
                        Verdict(
                            name: rule.name, wrongRule: true, seed: seed, passed: report.passed,
                            kind: report.findings.first(where: \.isFailure)?.kind))
                    row.wrongChecked += 1
                    if let kind = report.findings.first(where: \.isFailure)?.kind {
                        row.caught += 1
                        row.kinds[kind, default: 0] += 1
                    } else if rule.missedBy.contains(method) || (fast && rule.fastModeMayMiss) {
                        row.missedByDesign += 1
                    } else {
                        row.wrongVerdicts.append("\(rule.name), seed \(seed)")
                    }
                }
                for op in HardOp.catalog {
                    let report = try op.check(seed: seed, options: options)
                    row.verdicts.append(
                        Verdict(
                            name: op.name, wrongRule: false, seed: seed, passed: report.passed,
                            kind: report.findings.first(where: \.isFailure)?.kind))
                    row.hardChecked += 1
                    if let failure = report.failures.first {
                        row.falseAlarms.append("\(op.name), seed \(seed): \(failure.prefix { $0 != "\n" })")
                    }
                }
            }
            row.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return row
        }
    }
}
