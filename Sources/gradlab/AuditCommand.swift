import ArgumentParser
import Autograd
import Foundation
import GradCheck
import GradCheckAudit

/// `gradlab audit`: gradcheck against wrong rules it must fail and hard ops it must pass.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check gradcheck itself: every wrong backward rule must fail, every correct-but-hard op must pass, over many seeds.")

    @Option(help: "Seeds per case (0 up to this number).")
    var seeds = 100

    @Option(help: "Write every case's inputs and every verdict to this JSON file (for scripts/gradcheck_vs_pytorch.py).")
    var json: String?

    @Flag(help: "Only check the four functions of the interface comparison with PyTorch (one line each).")
    var interface = false

    @Option(
        help: ArgumentHelp(
            "Instead of the audit, check the wrong rules whose name contains TEXT (seed 0) and draw each failure's pictures in --plot's folder.",
            valueName: "TEXT"))
    var rule: String?

    @Option(help: ArgumentHelp("With --rule: the folder for the pictures (Jacobian heatmaps, error against the step).", valueName: "DIR"))
    var plot: String?

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        if (rule == nil) != (plot == nil) { throw ValidationError("--rule and --plot go together: the rules to check and the folder for their pictures") }
    }

    func run() throws {
        if let rule, let plot {
            let rules = WrongRule.catalog.filter { $0.name.contains(rule) }
            guard !rules.isEmpty else { throw ValidationError("no wrong rule's name contains '\(rule)'") }
            for (position, wrong) in rules.enumerated() {
                var options = GradCheckOptions()
                options.plotDirectory = "\(plot)/rule\(position)"
                let report = try gradcheckReport({ [try wrong.function($0)] }, inputs: try wrong.inputs(seed: 0), options: options)
                print("\(wrong.name): \(report.passed ? "passes (gradcheck missed it)" : "fails")")
                report.failures.prefix(1).forEach { print("  " + $0.replacingOccurrences(of: "\n", with: "\n  ")) }
                report.pictures.filter { $0.hasSuffix(".png") || $0.hasSuffix(".gp") }.forEach { print("  picture: " + $0) }
            }
            return
        }
        if interface {
            for row in try InterfaceRows.run() { print("\(row.function)\t\(row.passed ? "passes" : "fails")\t\(row.message)") }
            return
        }
        let seedRange = 0..<UInt64(seeds)
        print("\(WrongRule.catalog.count) wrong rules and \(HardOp.catalog.count) correct-but-hard ops, \(seeds) seeds each")
        print("method              wrong rules caught   missed by design   wrong verdicts   false alarms   seconds")
        let rows = try GradCheckAudit.run(seeds: seedRange)
        for row in rows {
            let label = row.method.rawValue + (row.fastMode ? " (fast)" : "")
            print(
                "\(label.padding(19)) \("\(row.caught)/\(row.wrongChecked)".padding(20)) \(String(row.missedByDesign).padding(18)) \(String(row.wrongVerdicts.count).padding(16)) \("\(row.falseAlarms.count)/\(row.hardChecked)".padding(14)) \(NumberFormat.fixed(row.seconds, 1))"
            )
            (row.wrongVerdicts + row.falseAlarms).prefix(5).forEach { print("     \($0)") }
        }
        let kinds = rows.flatMap { $0.kinds }.reduce(into: [FindingKind: Int]()) { $0[$1.key, default: 0] += $1.value }
        print("failure kinds seen on wrong rules: " + kinds.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
        if let json {
            let document = AuditDocument(
                samples: try GradCheckAudit.samples(seeds: seedRange),
                configurations: rows.map { AuditDocument.Configuration(row: $0) })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(document).write(toPath: json, what: "the audit's JSON")
            print("wrote \(json)")
        }
        if rows.contains(where: { !$0.wrongVerdicts.isEmpty || !$0.falseAlarms.isEmpty }) { throw ExitCode.failure }
    }
}

/// What `gradlab audit --json` writes.
struct AuditDocument: Codable {
    /// One method's verdicts.
    struct Configuration: Codable {
        let method: String
        let fastMode: Bool
        let seconds: Double
        let verdicts: [GradCheckAudit.Verdict]

        init(row: GradCheckAudit.Row) {
            (method, fastMode, seconds, verdicts) = (row.method.rawValue, row.fastMode, row.seconds, row.verdicts)
        }
    }

    let samples: [GradCheckAudit.Sample]
    let configurations: [Configuration]
}
