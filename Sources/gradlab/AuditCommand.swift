import ArgumentParser
import Foundation
import Autograd
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

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
    }

    func run() throws {
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
            print("\(label.padding(19)) \("\(row.caught)/\(row.wrongChecked)".padding(20)) \(String(row.missedByDesign).padding(18)) \(String(row.wrongVerdicts.count).padding(16)) \("\(row.falseAlarms.count)/\(row.hardChecked)".padding(14)) \(NumberFormat.fixed(row.seconds, 1))")
            (row.wrongVerdicts + row.falseAlarms).prefix(5).forEach { print("     \($0)") }
        }
        let kinds = rows.flatMap { $0.kinds }.reduce(into: [FindingKind: Int]()) { $0[$1.key, default: 0] += $1.value }
        print("failure kinds seen on wrong rules: " + kinds.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
        if let json {
            let document = AuditDocument(samples: try GradCheckAudit.samples(seeds: seedRange),
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
