import Autograd

/// What one check found.
public enum CheckOutcome: Sendable, Equatable {
    /// The check passed.
    case passed
    /// The check failed; the message says what went wrong and how to look for it.
    case failed(String)
    /// The student has not written this part yet.
    case unattempted
    /// The solution threw an error.
    case error(String)
}

/// One graded check of an exercise, worth some points.
public struct ExerciseCheck: Sendable {
    /// The check's name (Exercism's test name).
    public let name: String
    /// Points for passing.
    public let points: Int
    /// What the check calls, shown as Exercism's `test_code`.
    public let code: String
    let run: @Sendable (Solutions) throws -> CheckOutcome
}

/// A hands-on exercise from an article, with its checks.
public struct GradedExercise: Sendable, CustomStringConvertible {
    /// A stable id, e.g. `autograd.lab1`.
    public let id: String
    /// Exercism's `task_id` (1, 2, ...).
    public let task: Int
    /// A one-line title.
    public let title: String
    /// The seed article (`000` to `004`).
    public let article: String
    /// The checks.
    public let checks: [ExerciseCheck]
    /// The id.
    public var description: String { id }

    /// The points on offer.
    public var points: Int { checks.reduce(0) { $0 + $1.points } }
}

/// The result of one check.
public struct CheckResult: Sendable, Codable, Equatable {
    /// The check's name.
    public let name: String
    /// The exercise id.
    public let exercise: String
    /// Exercism's task id.
    public let task: Int
    /// `pass`, `fail`, `error` or `unattempted`.
    public let status: String
    /// The feedback, when not passed.
    public let message: String?
    /// Points earned and on offer.
    public let earned: Int, points: Int
    /// What the check calls.
    public let code: String

    /// A result record.
    public init(name: String, exercise: String, task: Int, status: String, message: String?, earned: Int, points: Int, code: String) {
        self.name = name
        self.exercise = exercise
        self.task = task
        self.status = status
        self.message = message
        self.earned = earned
        self.points = points
        self.code = code
    }
}

/// Grades solutions against the exercises.
public enum Grader {
    /// Runs every check of `exercises` on `solutions`.
    public static func grade(_ solutions: Solutions, exercises: [GradedExercise] = ExerciseCatalog.all) -> [CheckResult] {
        exercises.flatMap { exercise in
            exercise.checks.map { check in
                let outcome: CheckOutcome
                do {
                    outcome = try check.run(solutions)
                } catch is Unattempted {
                    outcome = .unattempted
                } catch {
                    outcome = .error("\(exercise.title): the solution threw: \(error)")
                }
                return result(exercise, check, outcome)
            }
        }
    }

    /// The result record for an outcome.
    static func result(_ exercise: GradedExercise, _ check: ExerciseCheck, _ outcome: CheckOutcome) -> CheckResult {
        let (status, message): (String, String?) = switch outcome {
        case .passed: ("pass", nil)
        case .failed(let why): ("fail", why)
        case .unattempted: ("unattempted", "\(exercise.title) is not attempted yet: replace the stub in Sources/StudentSolutions.")
        case .error(let why): ("error", why)
        }
        return CheckResult(name: check.name, exercise: exercise.id, task: exercise.task, status: status, message: message,
                           earned: status == "pass" ? check.points : 0, points: check.points, code: check.code)
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

/// Comparison helpers for checks.
enum Expect {
    /// True when every value is within `tolerance` (absolute) of its expected value.
    static func close(_ actual: [Double], _ expected: [Double], _ tolerance: Double) -> Bool {
        actual.count == expected.count && zip(actual, expected).allSatisfy { Swift.abs($0 - $1) <= tolerance }
    }

    /// `[1.2346, 2.0000]`: values at 4 decimals, for messages.
    static func show(_ values: [Double]) -> String { "[" + values.map { Py.f($0, 4) }.joined(separator: ", ") + "]" }
}
