import Foundation

/// Exercism's `results.json`, version 3 of its test-runner interface: one test per
/// check, in task order, its points in its name, with `task_id`, `test_code` and the check's `output`
/// (truncated to 500 characters, as the interface asks); a top-level `error` status and
/// the compiler's message when the solutions do not compile.
public struct ExercismResults: Encodable, Sendable {
    struct Test: Encodable, Sendable {
        let name: String
        let status: String
        let message: String?
        let output: String?
        let test_code: String
        let task_id: Int
    }
    let version = 3
    let status: String
    let message: String?
    let tests: [Test]

    /// The results of graded checks.
    public init(_ results: [CheckResult]) {
        tests = results.map {
            Test(
                name: "\($0.name) (\($0.points) \($0.points == 1 ? "point" : "points"))",
                status: $0.status == "unattempted" ? "fail" : $0.status, message: $0.message,
                output: $0.output.map(ExercismResults.truncate), test_code: $0.code, task_id: $0.task)
        }
        status = tests.allSatisfy { $0.status == "pass" } ? "pass" : "fail"
        message = nil
    }

    /// The solutions did not compile: no test ran.
    public init(compileError: String) {
        self.init(error: compileError)
    }

    /// No test could run (no solution file, no such exercise, a fault of the grader): why.
    public init(error: String) {
        tests = []
        status = "error"
        message = String(error.prefix(65535))
    }

    static func truncate(_ output: String) -> String {
        output.count <= 500 ? output : String(output.prefix(500)) + "\n[output truncated to 500 characters]"
    }
}

/// Gradescope's `results.json`: the score, and one test per check with its points,
/// status, feedback and output, visible to the student.
public struct GradescopeResults: Encodable, Sendable {
    struct Test: Encodable, Sendable {
        let name: String
        let name_format = "text"
        let number: String
        let score: Double
        let max_score: Double
        let status: String
        let output: String
        let output_format = "text"
        let visibility = "visible"
    }
    let score: Double
    let output: String?
    let visibility = "visible"
    let stdout_visibility = "hidden"
    let tests: [Test]
    /// Seconds the whole grading took (build and checks), as Gradescope shows it.
    public var execution_time: Int?

    /// The results of graded checks.
    public init(_ results: [CheckResult]) {
        var numbers: [Int: Int] = [:]
        tests = results.map {
            numbers[$0.task, default: 0] += 1
            let feedback = [$0.message, $0.output.map { "Output:\n" + $0 }].compactMap { $0 }.joined(separator: "\n\n")
            return Test(
                name: $0.name, number: "\($0.task).\(numbers[$0.task]!)", score: Double($0.earned), max_score: Double($0.points),
                status: $0.status == "pass" ? "passed" : "failed", output: feedback)
        }
        score = tests.reduce(0) { $0 + $1.score }
        output = nil
    }

    /// The solutions did not compile: no points, and the compiler's message.
    public init(compileError: String) {
        self.init(error: "Your solutions did not compile:\n" + compileError)
    }

    /// Nothing could be graded (no solution file, a fault of the grader): no points, and why.
    public init(error: String) {
        tests = []
        score = 0
        output = error
    }
}

/// Writes an encodable value as pretty JSON, atomically (a file a submission wrote there
/// first is replaced, never merged).
public func writeJSON(_ value: some Encodable, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    let url = URL(fileURLWithPath: path)
    try? FileManager.default.removeItem(at: url)
    try data.write(to: url, options: .atomic)
}
