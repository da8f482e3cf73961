import Autograd
import Dispatch

/// The audit behind gradcheck's claims: every wrong rule of `WrongRule.catalog` must fail
/// and every op of `HardOp.catalog` must pass, for each method, at every seed.
public enum GradCheckAudit {
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
    }

    /// Runs the audit over `seeds` for each method (and fast mode with Richardson).
    public static func run(seeds: Range<UInt64>, methods: [DifferenceMethod] = DifferenceMethod.allCases,
                           fastMode: Bool = true) throws -> [Row] {
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
                    row.wrongChecked += 1
                    if let kind = report.findings.first(where: \.isFailure)?.kind {
                        row.caught += 1
                        row.kinds[kind, default: 0] += 1
                    } else if rule.missedBy.contains(method) {
                        row.missedByDesign += 1
                    } else {
                        row.wrongVerdicts.append("\(rule.name), seed \(seed)")
                    }
                }
                for op in HardOp.catalog {
                    let report = try op.check(seed: seed, options: options)
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
