import Foundation
import SolutionKit
#if canImport(Glibc)
import Glibc
#endif

/// Grades solutions that run in another process: the student's runner makes the calls
/// and reports what they returned; the grader, holding the catalog and the reference
/// solutions, decides what each answer is worth. Nothing the student's process prints
/// or writes can award points.
public struct Grader: Sendable {
    /// The runner executable and the arguments before `--request` (the proofs' fixtures
    /// pick a solution variant there).
    public var runner: [String]
    /// The reference solutions, run here.
    public let reference: ReferenceRunner
    /// The per-exercise limits.
    public var limits = ProcessLimits()
    /// The grading seed the unseen inputs are drawn from.
    public var seed: UInt64
    /// The walls around the student's process.
    public var sandbox = Sandbox.detected
    /// Paths the student's process must not read (the package, hidden checks, other
    /// submissions, the results' directory).
    public var hiddenPaths: [String] = []
    /// Instructor-only checks, by exercise id.
    public var hiddenChecks: [String: [ExerciseCheck]] = [:]

    /// A grader of the solutions in `runner`, comparing with `reference`.
    public init(runner: [String], reference: ReferenceRunner, seed: UInt64) {
        self.runner = runner
        self.reference = reference
        self.seed = seed
    }

    /// Grades every exercise, each in its own process; `slot` tells parallel graders apart.
    public func grade(_ exercises: [GradedExercise] = ExerciseCatalog.all, slot: Int = 0) -> [CheckResult] {
        exercises.flatMap { grade($0, slot: slot) }
    }

    /// Grades one exercise in one process.
    public func grade(_ plain: GradedExercise, slot: Int = 0) -> [CheckResult] {
        let exercise = plain.adding(hiddenChecks[plain.id] ?? [])
        var draw = GradingDraw(seed: seed, exercise: exercise.id)
        let callsPerCheck = exercise.checks.map { $0.calls(&draw) }
        let calls = callsPerCheck.flatMap { $0 }
        // The reference answers on another thread while the student's process runs.
        let expectations = DispatchGroup()
        DispatchQueue.global().async(group: expectations) { [reference] in
            for call in calls { _ = try? reference.answer(call) }
        }
        defer { expectations.wait() }
        let run: ChildRun
        do {
            run = try runChild(calls, slot: slot)
            expectations.wait()
        } catch {
            return exercise.checks.map { result(exercise, $0, .error("the grader could not run your solution: \(error)"), output: nil) }
        }
        let reading = ObservationReading(run, callCount: calls.count)
        var first = 0
        return zip(exercise.checks, callsPerCheck).map { check, checkCalls in
            let indices = first..<(first + checkCalls.count)
            first += checkCalls.count
            let outcome = judge(check, of: exercise, calls: checkCalls, indices: indices, reading: reading)
            return result(exercise, check, outcome, output: reading.output(for: indices))
        }
    }

    private func runChild(_ calls: [Call], slot: Int) throws -> ChildRun {
        var confinement = sandbox.confinement(limits, hiding: hiddenPaths, slot: slot)
        var scratch: String?
        if !confinement.privateTemporary {
            scratch = try Scratch.directory(owner: confinement.user)
            confinement.workDirectory = scratch
        }
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        let request = String(decoding: try Wire.encoder().encode(RunRequest(calls: calls, confinement: confinement)), as: UTF8.self)
        return try ChildProcess.run(sandbox.command(runner: runner, request: request), environment: Sandbox.environment,
                                    limits: ChildLimits(seconds: limits.seconds, outputBytes: limits.outputBytes))
    }

    private func judge(_ check: ExerciseCheck, of exercise: GradedExercise, calls: [Call], indices: Range<Int>,
                       reading: ObservationReading) -> CheckOutcome {
        if let violation = reading.violation { return .error(violation) }
        var answers: [[Value]] = [], peaks: [Int] = []
        for index in indices {
            guard let observation = reading.observations[index] else { return .error(reading.stopReason) }
            switch observation.outcome {
            case .unattempted: return .unattempted
            case .threw(let message): return .error("\(calls[index - indices.lowerBound].code) threw: \(message)\(ThrownErrorHint.hint(for: message))")
            case .answered(let values): answers.append(values)
            }
            peaks.append(observation.peakLiveNodes)
        }
        let expected: [[Value]]
        do {
            expected = try calls.map { try reference.answer($0) }
        } catch {
            return .error("the reference solution failed on this check (a fault of the grader, not yours): \(error)")
        }
        let evidence = Evidence(calls: calls, answers: answers, expected: expected, peakLiveNodes: peaks, exercise: exercise,
                                publicCalls: check.showsExpected ? check.publicCalls : 0, reference: reference,
                                hidden: !check.showsExpected)
        return check.judge(evidence)
    }

    private func result(_ exercise: GradedExercise, _ check: ExerciseCheck, _ outcome: CheckOutcome, output: String?) -> CheckResult {
        var diagnosis: String?
        let (status, message): (String, String?) = switch outcome {
        case .passed: ("pass", nil)
        case .failed(let why): ("fail", why)
        case .diagnosed(let why, let found): { diagnosis = found; return ("fail", why) }()
        case .unattempted: ("unattempted", "\(exercise.title) is not attempted yet: write `\(exercise.function.rawValue)` in Sources/StudentSolutions/Solutions.swift.")
        case .error(let why): ("error", why)
        }
        return CheckResult(name: check.name, exercise: exercise.id, task: exercise.task, status: status, message: message,
                           earned: status == "pass" ? check.points : 0, points: check.points, code: check.code, output: output, diagnosis: diagnosis)
    }

    /// A one-line summary: earned and possible points, and how many checks passed, failed or wait.
    public static func summary(_ results: [CheckResult]) -> String {
        let earned = results.reduce(0) { $0 + $1.earned }, total = results.reduce(0) { $0 + $1.points }
        let passed = results.filter { $0.status == "pass" }.count
        let failed = results.filter { $0.status == "fail" || $0.status == "error" }.count
        let waiting = results.filter { $0.status == "unattempted" }.count
        return "grade: \(earned)/\(total) points; \(passed) checks passed, \(failed) failed, \(waiting) unattempted"
    }
}

/// Hints for errors a solution throws.
enum ThrownErrorHint {
    static func hint(for message: String) -> String {
        if message.contains("floating point dtype") || message.contains("dtype") {
            return ". The tensor has the wrong dtype: create it from Doubles (`Tensor([1.0, 2.0])`), not Ints."
        }
        if message.contains("does not require grad") {
            return ". Create the parameters with `requiresGrad: true`."
        }
        return ""
    }
}

/// A scratch directory for a student's process where it has no private `/tmp`.
enum Scratch {
    static func directory(owner: UInt32?) throws -> String {
        var template = Array((NSTemporaryDirectory() + "/gradlab-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw GradingError.missing("could not make a scratch directory") }
        let path = String(cString: made)
        if let owner { _ = chown(path, owner, owner) }
        return path
    }
}
