import ArgumentParser
import Exercises
import Foundation
import ReferenceSolutions
import StudentSolutions

/// `gradlab grade [--json PATH]`: grades the student's solutions, each exercise in its own
/// process with a time limit, prints a points table and writes Exercism's `results.json`.
struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grade your solutions (Sources/StudentSolutions) with points and feedback.")

    @Option(help: "Write Exercism's results.json (version 3) to this path.")
    var json: String?

    @Option(help: "Seconds each exercise may run before it is stopped.")
    var timeout: Double = 60

    @Flag(help: "Grade the reference solutions instead (full marks expected).")
    var reference = false

    func validate() throws {
        guard timeout.isFinite, timeout > 0 else {
            throw ValidationError("--timeout must be a positive number of seconds, got \(timeout)")
        }
    }

    func run() throws {
        var results: [CheckResult] = []
        print("exercise".padding(28) + "points   result")
        for exercise in ExerciseCatalog.all {
            let checks = try IsolatedGrading.run(
                exercise, executable: URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")),
                arguments: ["grade-one", exercise.id] + (reference ? ["--reference"] : []), timeout: timeout)
            results += checks
            let earned = checks.reduce(0) { $0 + $1.earned }, points = checks.reduce(0) { $0 + $1.points }
            let status = checks.allSatisfy { $0.status == "pass" } ? "pass"
                : checks.allSatisfy { $0.status == "unattempted" } ? "unattempted" : "FAIL"
            print("\(exercise.id.padding(28))\("\(earned)/\(points)".padding(9))\(status)")
            for check in checks where check.status == "fail" || check.status == "error" {
                print("    \(check.name): \(check.message ?? check.status)")
            }
        }
        print(Grader.summary(results))
        if let json {
            try ExercismResults(results).write(toPath: json)
            print("wrote \(json)")
        }
    }
}

/// `gradlab grade-one ID`: grades one exercise in this process and prints its results as
/// JSON (what `grade` runs in a child process).
struct GradeOne: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grade-one", shouldDisplay: false)

    @Argument var id: String
    @Flag var reference = false

    func run() throws {
        guard let exercise = ExerciseCatalog.all.first(where: { $0.id == id }) else {
            throw ValidationError("no exercise \(id)")
        }
        let results = Grader.grade(reference ? referenceSolutions : studentSolutions, exercises: [exercise])
        print(String(decoding: try JSONEncoder().encode(results), as: UTF8.self))
    }
}

/// Exercism's `results.json`, version 3.
struct ExercismResults: Encodable {
    struct Test: Encodable {
        let name: String
        let status: String
        let message: String?
        let test_code: String
        let task_id: Int
    }
    let version = 3
    let status: String
    let message: String?
    let tests: [Test]

    init(_ results: [CheckResult]) {
        tests = results.map {
            Test(name: $0.name, status: $0.status == "unattempted" ? "fail" : $0.status, message: $0.message,
                 test_code: $0.code, task_id: $0.task)
        }
        status = tests.allSatisfy { $0.status == "pass" } ? "pass" : "fail"
        message = nil
    }

    func write(toPath path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(toPath: path, what: "the results")
    }
}
