import Foundation
import ReferenceSolutions
import SolutionKit

@testable import Exercises

/// The executables `swift test` built beside this test bundle.
enum Built {
    static let directory = URL(fileURLWithPath: SolutionBuild.currentExecutable).deletingLastPathComponent().path
    static let fixtures = directory + "/gradlab-runner-fixtures"
    static let runner = directory + "/gradlab-runner"
    static let gradlab = directory + "/gradlab"
    static let packageRoot = SolutionBuild.packageRoot(above: directory) ?? FileManager.default.currentDirectoryPath
}

/// One reference runner for every proof (its answers are remembered across them).
let sharedReference = ReferenceRunner(referenceSolutions)

/// A grader of the fixture `variant`, as `gradlab grade` would grade it.
func fixtureGrader(_ variant: String, seed: UInt64 = 2026, seconds: Double = 20) -> Grader {
    var grader = Grader(runner: [Built.fixtures, variant], reference: sharedReference, seed: seed)
    grader.limits.seconds = seconds
    grader.hiddenPaths = [Built.packageRoot]
    return grader
}

extension [CheckResult] {
    var earned: Int { reduce(0) { $0 + $1.earned } }
    var failing: [CheckResult] { filter { $0.status != "pass" } }
}

/// Every check's points, by name.
let pointsByCheck: [String: Int] = Dictionary(uniqueKeysWithValues: ExerciseCatalog.all.flatMap(\.checks).map { ($0.name, $0.points) })
let allPoints = ExerciseCatalog.all.reduce(0) { $0 + $1.points }
/// The articles' exercises (not the series'): the ones the runner fixtures vary and attack.
/// In every fixture the series' exercises answer through the reference, so grading them
/// again for each fixture proves nothing new; `SeriesExerciseProofTests` proves them, and
/// the reference fixture is graded on every exercise.
let articleExercises = ExerciseCatalog.all.filter { !$0.id.hasPrefix("series.") }
/// The articles' exercises' points.
let totalPoints = articleExercises.reduce(0) { $0 + $1.points }

/// The grading seeds the proofs run at: two in `swift test`, more with
/// `GRADLAB_GRADER_SEEDS=N` (`bash scripts/grader-sweep.sh N`).
let proofSeeds: [UInt64] = {
    let count = ProcessInfo.processInfo.environment["GRADLAB_GRADER_SEEDS"].flatMap { Int($0) } ?? 0
    return count > 0 ? (1...count).map { UInt64($0) * 7919 } : [5, 2026]
}()

/// Runs `command` (its first element a path), in `directory` when given: its exit status
/// and what it printed on stdout and stderr together.
func runProcess(_ command: [String], in directory: String? = nil) throws -> (status: Int32, printed: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, printed)
}
