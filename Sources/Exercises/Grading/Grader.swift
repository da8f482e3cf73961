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

    /// Grades one exercise: its public checks in one process, its hidden checks in
    /// another (so that nothing of a hidden call can surface in a public check's output),
    /// and each call of a check that measures memory in a process of its own.
    public func grade(_ plain: GradedExercise, slot: Int = 0) -> [CheckResult] {
        let exercise = plain.adding(hiddenChecks[plain.id] ?? [])
        var draw = GradingDraw(seed: seed, exercise: exercise.id)
        let callsPerCheck = exercise.checks.map { $0.calls(&draw) }
        // The reference answers on another thread while the student's processes run.
        let expectations = DispatchGroup()
        DispatchQueue.global().async(group: expectations) { [reference] in
            for call in callsPerCheck.joined() { _ = try? reference.answer(call) }
        }
        defer { expectations.wait() }

        var batches: [[Int]] = [[], []]  // check indices: public, hidden; then one batch per measured call
        for (index, check) in exercise.checks.enumerated() where !check.measuresMemory {
            batches[check.showsExpected ? 0 : 1].append(index)
        }
        var outcomes: [CheckOutcome?] = Array(repeating: nil, count: exercise.checks.count)
        var outputs: [String?] = Array(repeating: nil, count: exercise.checks.count)
        var records: [[CallRecord]] = callsPerCheck.map { _ in [] }
        for batch in batches where !batch.isEmpty {
            let calls = batch.flatMap { callsPerCheck[$0] }
            let run: ChildRun
            do {
                run = try runChild(calls, slot: slot)
            } catch {
                for index in batch { outcomes[index] = .graderFault(Grader.faultMessage(error)) }
                continue
            }
            let reading = ObservationReading(run, callCount: calls.count)
            var first = 0
            for index in batch {
                let range = first..<(first + callsPerCheck[index].count)
                first = range.upperBound
                records[index] = range.map { CallRecord(reading: reading, call: $0, peakResidentBytes: nil) }
                outputs[index] = reading.output(for: range)
            }
        }
        for (index, check) in exercise.checks.enumerated() where check.measuresMemory {
            var printed: [String] = []
            for call in callsPerCheck[index] where outcomes[index] == nil {
                do {
                    let run = try runChild([call], slot: slot, measuringMemory: true)
                    let reading = ObservationReading(run, callCount: 1)
                    records[index].append(CallRecord(reading: reading, call: 0, peakResidentBytes: run.results.first?.peakResidentBytes))
                    if let output = reading.output(for: 0..<1) { printed.append(output) }
                } catch {
                    outcomes[index] = .graderFault(Grader.faultMessage(error))
                }
            }
            outputs[index] = printed.isEmpty ? nil : printed.joined(separator: "\n")
        }
        expectations.wait()
        return exercise.checks.indices.map { index in
            let check = exercise.checks[index]
            let outcome = outcomes[index] ?? judge(check, of: exercise, calls: callsPerCheck[index], records: records[index])
            // A hidden check's output could carry its inputs: it is not shown.
            let output = check.showsExpected ? outputs[index] : outputs[index].map { _ in "(the output of a hidden check is not shown)" }
            return result(exercise, check, outcome, output: output)
        }
    }

    /// What the student's process gave for one call.
    struct CallRecord {
        /// Its observation, nil when the process never answered it.
        var observation: Observation?
        /// Why nothing of the process counts, when it wrote to the results channel itself.
        var violation: String?
        /// Why the process stopped before answering, in words.
        var stopReason: String
        /// The same without what the solution printed (for hidden checks).
        var plainStopReason: String
        /// The process's largest resident set, for a call run in a process of its own.
        var peakResidentBytes: Int?

        init(reading: ObservationReading, call: Int, peakResidentBytes: Int?) {
            observation = reading.observations[call]
            violation = reading.violation
            stopReason = reading.stopReason
            plainStopReason = reading.plainStopReason
            self.peakResidentBytes = peakResidentBytes
        }
    }

    /// Every check of `exercises` as a fault of the grading machine, with `message`: what
    /// a student gets when their solutions could not be graded at all.
    public func faulted(_ exercises: [GradedExercise] = ExerciseCatalog.all, message: String) -> [CheckResult] {
        exercises.flatMap { exercise in exercise.checks.map { result(exercise, $0, .graderFault(message), output: nil) } }
    }

    /// The words for a fault of the grading machine.
    static func faultMessage(_ error: Error) -> String {
        "the grader could not run your solution (a fault of the grading machine, not yours): \(error)"
    }

    private func runChild(_ calls: [Call], slot: Int, measuringMemory: Bool = false) throws -> ChildRun {
        let runner = try stagedRunner()
        var scratch: String?
        if sandbox.level == .limitsOnly {
            scratch = try Scratch.directory(owner: sandbox.switchesUser ? UInt32(Sandbox.slotUser(slot)) : nil)
        }
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        let request = String(decoding: try Wire.encoder().encode(RunRequest(calls: calls)), as: UTF8.self)
        let command = try sandbox.command(
            executable: runner, arguments: Array(self.runner.dropFirst()) + ["--request", request],
            limits: limits, slot: slot, hiding: hiddenPaths)
        var childLimits = ChildLimits(seconds: limits.seconds, outputBytes: limits.outputBytes)
        childLimits.measuresMemory = measuringMemory
        let run = try ChildProcess.run(command, environment: Sandbox.environment, limits: childLimits, directory: scratch)
        guard sandbox.level != .limitsOnly else { return run }
        if run.results.isEmpty, run.ending == .exited(1), run.output.starts(with: Array("bwrap: ".utf8)) {
            throw GradingError.walls(String(decoding: run.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        // bubblewrap reports its first process's death by a signal as 128 + the signal.
        var walled = run
        if case .exited(let status) = run.ending, status > 128, status < 128 + 65 { walled.ending = .signalled(status - 128) }
        return walled
    }

    /// The runner, where the walls' user can read it: a missing runner is the grader's fault.
    private func stagedRunner() throws -> String {
        guard let path = runner.first, FileManager.default.isExecutableFile(atPath: path) else {
            throw GradingError.missing("no runner at \(runner.first ?? "(none)"): build it (swift build --product gradlab-runner) or fix --runner")
        }
        return sandbox.switchesUser ? try RunnerStaging.readableByEveryone(path) : path
    }

    private func judge(_ check: ExerciseCheck, of exercise: GradedExercise, calls: [Call], records: [CallRecord]) -> CheckOutcome {
        var answers: [[Value]] = [], peaks: [Int?] = []
        for (position, record) in records.enumerated() {
            if let violation = record.violation { return .error(violation) }
            guard let observation = record.observation else {
                // A crash's message is the solution's own text and could carry a hidden check's inputs.
                return .error(
                    check.showsExpected
                        ? record.stopReason
                        : "\(check.name): your solution stopped on a hidden call: \(record.plainStopReason) (what it printed is not shown, as it could carry the hidden inputs)"
                )
            }
            switch observation.outcome {
            case .unattempted: return .unattempted
            case .threw(let message):
                // A hidden check's inputs are never echoed, and a thrown message could carry them.
                guard check.showsExpected else {
                    return .error("\(check.name): your solution threw an error on a hidden call (its text is not shown, as it could carry the hidden inputs)")
                }
                return .error("\(calls[position].code) threw: \(message)\(ThrownErrorHint.hint(for: message))")
            case .answered(let values): answers.append(values)
            }
            peaks.append(record.peakResidentBytes)
        }
        let expected: [[Value]]
        do {
            expected = try calls.map { try reference.answer($0) }
        } catch {
            return .graderFault("the reference solution failed on this check (a fault of the grader, not yours): \(error)")
        }
        let evidence = Evidence(
            calls: calls, answers: answers, expected: expected, peakResidentBytes: peaks, exercise: exercise,
            publicCalls: check.showsExpected ? check.publicCalls : 0, reference: reference,
            hidden: !check.showsExpected)
        return check.judge(evidence)
    }

    private func result(_ exercise: GradedExercise, _ check: ExerciseCheck, _ outcome: CheckOutcome, output: String?) -> CheckResult {
        var diagnosis: String?
        let (status, message): (String, String?) =
            switch outcome {
            case .passed: ("pass", nil)
            case .failed(let why): ("fail", why)
            case .diagnosed(let why, let found):
                {
                    diagnosis = found
                    return ("fail", why)
                }()
            case .unattempted:
                ("unattempted", "\(exercise.title) is not attempted yet: write `\(exercise.function.rawValue)` in Sources/StudentSolutions/Solutions.swift.")
            case .error(let why): ("error", why)
            case .graderFault(let why): ("error", why)
            }
        var result = CheckResult(
            name: check.name, exercise: exercise.id, task: exercise.task, status: status, message: message,
            earned: status == "pass" ? check.points : 0, points: check.points, code: check.code, output: output, diagnosis: diagnosis)
        if case .graderFault = outcome { result.graderFault = true }
        return result
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

/// Copies of runners that the slots' users can read (a runner under a private directory
/// of root's could not be bound into the walls), made once per runner and grader.
enum RunnerStaging {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var copies: [String: String] = [:]

    /// `path` itself when every user can read and execute it, or else a copy that they can
    /// (read-only, in a directory of root's that only lets them through).
    static func readableByEveryone(_ path: String) throws -> String {
        if everyoneCanRun(path) { return path }
        return try lock.withLock {
            if let copy = copies[path] { return copy }
            var template = Array((NSTemporaryDirectory() + "/gradlab-runner-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else { throw GradingError.missing("could not make a directory for the runner") }
            let directory = String(cString: made)
            chmod(directory, 0o711)
            let copy = directory + "/" + URL(fileURLWithPath: path).lastPathComponent
            try FileManager.default.copyItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path, toPath: copy)
            chmod(copy, 0o555)
            copies[path] = copy
            return copy
        }
    }

    /// Whether others may read and execute the file and pass through every directory above it.
    private static func everyoneCanRun(_ path: String) -> Bool {
        var url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        var info = stat()
        guard stat(url.path, &info) == 0, info.st_mode & 0o005 == 0o005 else { return false }
        while url.path != "/" {
            url.deleteLastPathComponent()
            guard stat(url.path, &info) == 0, info.st_mode & 0o001 != 0 else { return false }
        }
        return true
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
