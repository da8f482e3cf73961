import ArgumentParser
import Exercises
import Foundation
import ReferenceSolutions

/// Options shared by `grade` and `grade-class`.
struct GradingOptions: ParsableArguments {
    @Option(help: "Seconds each exercise may run (default 20, Exercism's window).")
    var timeout: Double = 20

    @Option(help: "Memory each exercise may use, in MiB.")
    var memory: Int = 2048

    @Option(help: "Bytes of output (stdout and stderr) each exercise may print, in KiB.")
    var outputLimit: Int = 4096

    @Option(help: "The grading seed the unseen inputs are drawn from (default: a new one each run).")
    var seed: UInt64?

    @Option(help: "A directory of instructor-only checks (JSON), outside the students' tree.")
    var hidden: String?

    func validate() throws {
        do {
            try limits().validate()
        } catch {
            throw ValidationError("--timeout, --memory, --output-limit: \(error)")
        }
        if let hidden, !FileManager.default.fileExists(atPath: hidden) {
            throw ValidationError("--hidden: no directory \(hidden)")
        }
    }

    /// The limits these options ask for.
    func limits() -> ProcessLimits {
        var limits = ProcessLimits()
        limits.seconds = timeout
        limits.memoryBytes = UInt64(min(max(memory, 0), 1 << 30)) << 20  // at most 1 PiB: no overflow
        limits.outputBytes = min(max(outputLimit, 0), 1 << 40) << 10
        return limits
    }

    /// A grader with these options for `runner`.
    func grader(runner: [String], packageRoot: String, alsoHide: [String]) throws -> Grader {
        let seed = seed ?? UInt64.random(in: 0...UInt64.max)
        var grader = Grader(runner: runner, reference: ReferenceRunner(referenceSolutions), seed: seed)
        grader.limits = limits()
        try grader.limits.validate()
        if let hidden { grader.hiddenChecks = try HiddenChecks.load(from: hidden) }
        grader.hiddenPaths = [packageRoot] + [hidden].compactMap { $0 }.map(absolute) + alsoHide.map(absolute)
        return grader
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

/// The results file formats.
enum ResultFormat: String, ExpressibleByArgument, CaseIterable {
    case exercism, gradescope
}

/// `gradlab grade`: builds the runner with your solutions, grades each exercise in its own
/// confined process, prints a points table and writes results.json.
struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grade your solutions (Sources/StudentSolutions) with points and feedback.",
        discussion: """
            Exit status: 0 when every check passes, 1 when a check fails or is not attempted,
            2 when your solutions do not compile, 3 when the grader itself could not run.
            """)

    @OptionGroup var options: GradingOptions

    @Option(help: "Write results.json to this path.")
    var json: String?

    @Option(help: "The results.json format: exercism (test-runner interface v3) or gradescope.")
    var format: ResultFormat = .exercism

    @Option(help: "A runner already built (skips the build), e.g. a platform's image.")
    var runner: String?

    @Option(help: "Grade only the exercise with this id (e.g. autograd.lab4); repeat for several.")
    var exercise: [String] = []

    func validate() throws {
        let known = Set(ExerciseCatalog.all.map(\.id))
        for id in exercise where !known.contains(id) {
            throw ValidationError("no exercise \(id); the exercises are \(ExerciseCatalog.all.map(\.id).joined(separator: ", "))")
        }
    }

    func run() throws {
        let root = SolutionBuild.packageRoot(above: SolutionBuild.currentExecutable) ?? FileManager.default.currentDirectoryPath
        let runnerPath: String
        if let runner {
            runnerPath = runner
        } else {
            print("building your solutions…")
            switch try SolutionBuild.build(packageRoot: root) {
            case .built(let path): runnerPath = path
            case .compileError(let message):
                print("Your solutions do not compile:\n\(message)")
                if let json { try write(compileError: message, to: json) }
                throw ExitCode(2)
            }
        }
        guard FileManager.default.isExecutableFile(atPath: runnerPath) else {
            print("The grader could not run: no runner at \(runnerPath) (check --runner, or build with swift build --product gradlab-runner).")
            throw ExitCode(3)
        }
        let grader: Grader
        do {
            grader = try options.grader(
                runner: [runnerPath], packageRoot: root,
                alsoHide: [json].compactMap { $0 }.map { ($0 as NSString).deletingLastPathComponent }.filter { !$0.isEmpty })
        } catch let error as GradingError {
            print("The grader could not run: \(error)")
            throw ExitCode(3)
        }
        print("walls: \(grader.sandbox.level.rawValue)")
        if let notice = grader.sandbox.notice { print(notice) }
        var results: [CheckResult] = []
        print("exercise".padding(28) + "points   result")
        for exercise in ExerciseCatalog.all where self.exercise.isEmpty || self.exercise.contains(exercise.id) {
            let checks = grader.grade(exercise)
            results += checks
            GradeTable.printExercise(exercise, checks)
        }
        print(Grader.summary(results))
        print("grading seed \(grader.seed) (pass --seed \(grader.seed) to draw the same unseen inputs again)")
        if let json {
            try write(results, to: json)
            print("wrote \(json)")
        }
        if results.contains(where: { $0.graderFault == true }) {
            print("Some checks could not be graded (a fault of the grading machine, not of the solutions): see the messages above.")
            throw ExitCode(3)
        }
        if !results.allSatisfy({ $0.status == "pass" }) { throw ExitCode(1) }
    }

    private func write(_ results: [CheckResult], to path: String) throws {
        switch format {
        case .exercism: try writeJSON(ExercismResults(results), to: path)
        case .gradescope: try writeJSON(GradescopeResults(results), to: path)
        }
    }

    private func write(compileError: String, to path: String) throws {
        switch format {
        case .exercism: try writeJSON(ExercismResults(compileError: compileError), to: path)
        case .gradescope: try writeJSON(GradescopeResults(compileError: compileError), to: path)
        }
    }
}

/// The points table `grade` and `grade-class` print.
enum GradeTable {
    static func printExercise(_ exercise: GradedExercise, _ checks: [CheckResult]) {
        let earned = checks.reduce(0) { $0 + $1.earned }, points = checks.reduce(0) { $0 + $1.points }
        let status =
            checks.allSatisfy { $0.status == "pass" }
            ? "pass"
            : checks.allSatisfy { $0.status == "unattempted" } ? "unattempted" : "FAIL"
        print("\(exercise.id.padding(28))\("\(earned)/\(points)".padding(9))\(status)")
        for check in checks where check.status == "fail" || check.status == "error" {
            print("    \(check.name): \(check.message ?? check.status)")
        }
    }
}
