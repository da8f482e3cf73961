import ArgumentParser
import Autograd
import Exercises
import Figures
import Foundation
import GradCheck

/// The `gradlab` command line: run the labs, check gradients, verify everything.
@main
struct GradLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradlab",
        abstract: "Verify gradients and learn how they work.",
        subcommands: [
            Verify.self, Labs.self, Run.self, GraphCommand.self, Check.self, Accuracy.self, SensitivityCommand.self, AuditCommand.self, Grade.self,
            GradeClass.self, ExercismRun.self, GradescopeRun.self, ExercismTrackCommand.self,
        ],
        defaultSubcommand: Verify.self
    )
}

/// `gradlab verify` (the default): every lab against PyTorch's transcript, every op through gradcheck.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every lab against PyTorch's transcript and gradcheck every op (the default).")

    func run() throws {
        let labResults = try LabRunner.compareAll()
        let opResults = OpChecker.checkAll(names: nil)
        let failedLabs = labResults.filter { !$0.passed }.count
        let failedOps = opResults.filter { !$0.passed }.count
        let passed = labResults.count - failedLabs + opResults.count - failedOps
        let failed = failedLabs + failedOps
        print("")
        let fromPyTorch = labResults.filter { $0.lab.ownExpectation == nil }.count
        print(
            "labs: \(labResults.count - failedLabs)/\(labResults.count) match their expected transcripts (\(fromPyTorch) printed by PyTorch); ops: \(opResults.count - failedOps)/\(opResults.count) pass gradcheck and gradgradcheck"
        )
        print("matrix products: \(BLASKernel.description)")
        print("verify: \(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode.failure }
    }
}

/// `gradlab labs`: the list of labs.
struct Labs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the labs with the article each comes from and its title.")

    func run() {
        for lab in LabCatalog.all {
            print("\(lab.id.padding(46))  \(lab.article.shortTitle.padding(32))  \(lab.title)")
        }
    }
}

/// `gradlab run <id>` or `--all`: print what a lab prints.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a lab and print its transcript.")

    @Argument(help: "The lab id (see `gradlab labs`).")
    var id: String?

    @Flag(help: "Run every lab.")
    var all = false

    @Option(
        help: ArgumentHelp(
            "Also draw the lab's figure (loss, fitted line, loss landscape) to PATH.svg and PATH.png with gnuplot.",
            discussion:
                "The figure's numbers go to PATH.dat and its gnuplot script to PATH.gp, to restyle and draw again; without gnuplot only those two are written.",
            valueName: "PATH"))
    var plot: String?

    @Flag(
        help: ArgumentHelp(
            "Also print a backward pass node by node: what reached each node, its local derivative, what it passed on.",
            discussion: "The first backward pass the lab runs, unless --pass names another."))
    var trace = false

    @Option(help: "Which backward pass --trace prints (1 is the first).")
    var pass = 1

    @Option(
        help: ArgumentHelp(
            "Add float sums in the order PyTorch's AVX2 or AVX512 kernels do (default: what PyTorch picks on this CPU).",
            discussion:
                "PyTorch's float sums depend on its CPU kernels' vector width, so a last digit can differ between machines; `python -c 'import torch; print(torch.backends.cpu.get_cpu_capability())'` says which one a PyTorch run used.",
            valueName: "AVX2|AVX512"))
    var summationOrder: PyTorchCPUCapability = .ofThisMachine

    func validate() throws {
        if id == nil && !all { throw ValidationError("give a lab id or --all") }
        if trace && all { throw ValidationError("--trace follows one lab: give its id instead of --all") }
        if pass < 1 { throw ValidationError("--pass counts from 1") }
        if id != nil && all { throw ValidationError("give a lab id or --all, not both") }
        if let id, LabCatalog.lab(id) == nil {
            throw ValidationError("no lab '\(id)'; `gradlab labs` lists them")
        }
        if plot != nil && all { throw ValidationError("--plot draws one lab: give its id instead of --all") }
    }

    func run() throws {
        let labs = all ? LabCatalog.all : [LabCatalog.lab(id!)!]
        for lab in labs {
            if all { print("== \(lab.id)") }
            let (transcript, recording) = try withSummationOrder(of: summationOrder) {
                try BackwardRecorder.record(graphs: 0, traces: trace ? pass : 0) { try lab.runForPlot() }
            }
            transcript.lines.forEach { print($0) }
            if trace {
                print("")
                guard recording.traces.count >= pass else {
                    print(recording.missing(pass: pass, lab: lab.id, toDo: "trace"))
                    throw ExitCode.failure
                }
                print("Backward pass \(pass) of \(recording.passCount), node by node, in the order the engine ran them:")
                print(recording.traces[pass - 1])
            }
            if let plot {
                let figure = try LabFigure.figure(for: transcript, title: lab.id)
                print(try FigureRenderer.write(figure, to: plot).summary)
            }
        }
    }
}

/// `gradlab check [--op NAME] [--method M] [--fast] [--json]`: gradcheck and gradgradcheck
/// over the OpInfo database.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check every op's gradients against numerical derivatives.")

    @Option(name: .long, help: "Only ops whose name contains this text, or with this grad_fn name (repeatable).")
    var op: [String] = []

    @Option(help: "How numerical derivatives are computed: central, gsl or richardson.")
    var method: DifferenceMethod = .central

    @Flag(help: "Compare random projections vᵀJu instead of whole Jacobians.")
    var fast = false

    @Flag(help: "Print the results as JSON instead of a table.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Draw each failure's pictures in DIR: heatmaps of the Jacobians and the error against the step.",
            valueName: "DIR"))
    var plot: String?

    func run() throws {
        let options = GradCheckOptions(method: method, fastMode: fast)
        let results = OpChecker.checkAll(names: op.isEmpty ? nil : op, options: options, quiet: json, plotDirectory: plot)
        if results.isEmpty { throw ValidationError("no op matches \(op)") }
        let failed = results.filter { !$0.passed }.count
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            print("check: \(results.count - failed) passed, \(failed) failed")
        }
        if failed > 0 { throw ExitCode.failure }
    }
}

extension DifferenceMethod: ExpressibleByArgument {}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(0, width - count)) }
}

extension PyTorchCPUCapability: ExpressibleByArgument {}
