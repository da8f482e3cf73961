import SolutionKit

/// What one check found.
public enum CheckOutcome: Sendable, Equatable {
    /// The check passed.
    case passed
    /// The check failed; the message says what went wrong and how to look for it.
    case failed(String)
    /// The check failed with a diagnosis (a known mistake or the exercise's hint), which
    /// ends the message; class summaries count diagnoses.
    case diagnosed(message: String, diagnosis: String)
    /// The student has not written this part yet.
    case unattempted
    /// The solution threw, crashed or was stopped.
    case error(String)
    /// The grader could not grade this check (no runner, no walls, a reference that
    /// failed): never the student's fault; `gradlab grade` exits 3.
    case graderFault(String)
}

/// One graded check of an exercise, worth some points.
public struct ExerciseCheck: Sendable {
    /// The check's name (Exercism's test name).
    public let name: String
    /// Points for passing.
    public let points: Int
    /// What the check calls and what it must return, shown as Exercism's `test_code`.
    public let code: String
    /// The calls it makes, drawn for this grading run (the article's values first).
    let calls: @Sendable (inout GradingDraw) -> [Call]
    /// The verdict, from what the student's calls returned and what the reference returns.
    let judge: @Sendable (Evidence) -> CheckOutcome
    /// Whether the student may see expected values (false for hidden checks).
    var showsExpected = true
    /// How many leading calls use the article's values (whose expected values are public).
    var publicCalls = 1
    /// Whether each call runs in a process of its own, whose peak memory the grader reads
    /// from the kernel (``Evidence/peakResidentBytes``), where the student cannot write it.
    var measuresMemory = false

    /// A check from its parts.
    init(
        name: String, points: Int, code: String, calls: @escaping @Sendable (inout GradingDraw) -> [Call],
        measuresMemory: Bool = false, judge: @escaping @Sendable (Evidence) -> CheckOutcome
    ) {
        self.name = name
        self.points = points
        self.code = code
        self.calls = calls
        self.measuresMemory = measuresMemory
        self.judge = judge
    }
}

/// A hands-on exercise from an article: the function the student writes, its checks,
/// and the mistakes learners make in it (for the feedback).
public struct GradedExercise: Sendable, CustomStringConvertible {
    /// A stable id, e.g. `autograd.lab1`.
    public let id: String
    /// Exercism's `task_id` (1, 2, ...): the task's number in Docs/Exercises.md.
    public let task: Int
    /// A one-line title.
    public let title: String
    /// The article's title.
    public let article: String
    /// The function of `Solutions` it grades.
    public let function: SolutionFunction
    /// The checks.
    public let checks: [ExerciseCheck]
    /// What to look at when an answer is wrong and no known mistake explains it.
    let hint: String
    /// Known mistakes for a call, each with the answer it would give.
    let mistakes: @Sendable (Call) -> [Mistake]

    /// The id.
    public var description: String { id }
    /// The points on offer.
    public var points: Int { checks.reduce(0) { $0 + $1.points } }

    init(
        id: String, task: Int, title: String, article: String, function: SolutionFunction, hint: String,
        mistakes: @escaping @Sendable (Call) -> [Mistake] = { _ in [] }, checks: [ExerciseCheck]
    ) {
        self.id = id
        self.task = task
        self.title = title
        self.article = article
        self.function = function
        self.hint = hint
        self.mistakes = mistakes
        self.checks = checks
    }

    /// The same exercise with `extra` checks after its own (hidden checks).
    func adding(_ extra: [ExerciseCheck]) -> GradedExercise {
        GradedExercise(
            id: id, task: task, title: title, article: article, function: function, hint: hint,
            mistakes: mistakes, checks: checks + extra)
    }
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
    /// What the solution printed (stdout and stderr) during the check's calls.
    public var output: String?
    /// The diagnosis of a failure, when there is one.
    public var diagnosis: String?
    /// Whether the grader, not the solution, failed this check (`gradlab grade` exits 3).
    public var graderFault: Bool? = nil

    /// A result record.
    public init(
        name: String, exercise: String, task: Int, status: String, message: String?, earned: Int, points: Int,
        code: String, output: String? = nil, diagnosis: String? = nil
    ) {
        self.name = name
        self.exercise = exercise
        self.task = task
        self.status = status
        self.message = message
        self.earned = earned
        self.points = points
        self.code = code
        self.output = output
        self.diagnosis = diagnosis
    }
}
