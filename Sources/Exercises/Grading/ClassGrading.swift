import Foundation
import Synchronization

/// One submission of a class: a student's name and their solutions file.
public struct Submission: Sendable {
    /// The student (the file's or folder's name).
    public let student: String
    /// Their Solutions.swift.
    public let file: String

    /// The submissions in `directory`: each `NAME.swift`, or each folder `NAME/` holding
    /// one `.swift` file, sorted by name.
    public static func find(in directory: String) throws -> [Submission] {
        let manager = FileManager.default
        return try manager.contentsOfDirectory(atPath: directory).sorted().compactMap { entry in
            let path = (directory as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !entry.hasPrefix(".") else { return nil }
            if !isDirectory.boolValue {
                return entry.hasSuffix(".swift") ? Submission(student: String(entry.dropLast(6)), file: path) : nil
            }
            let files = try manager.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".swift") }
            guard files.count == 1 else { return nil }
            return Submission(student: entry, file: (path as NSString).appendingPathComponent(files[0]))
        }
    }
}

/// A class's grades: each submission's results (or its compile error).
public struct ClassGrade: Sendable {
    /// The student.
    public let student: String
    /// The results, empty when the submission did not compile.
    public let results: [CheckResult]
    /// The compiler's message, when it did not compile.
    public let compileError: String?

    /// Points earned.
    public var earned: Int { results.reduce(0) { $0 + $1.earned } }
}

/// The SHA-256 of a built runner (through coreutils' `sha256sum`), recorded when it is
/// built and checked before it runs.
enum RunnerFingerprint {
    static func of(_ path: String) -> String? {
        guard let tool = Sandbox.tool("sha256sum"),
            let run = try? SolutionBuild.capture([tool, path], in: "/", environment: [:]), run.status == 0
        else { return nil }
        return run.output.split(separator: " ").first.map(String.init)
    }
}

/// The fingerprints of the runners `build` made, by path.
let fingerprints = Mutex<[String: String?]>([:])

/// `gradlab grade-class`: builds each submission's runner one after another (the
/// compiler uses every core), then grades them in parallel, one confined process per
/// exercise, and writes a gradebook.
public enum ClassGrading {
    /// Builds the runners of `submissions` in the package at `root` into `runners` (a
    /// directory only the grader may enter), each build walled off (``SolutionBuild``).
    public static func build(
        _ submissions: [Submission], packageRoot root: String, runners: String,
        progress: (String) -> Void
    ) throws -> [String: SolutionBuild.Outcome] {
        let slot = (root as NSString).appendingPathComponent(".grading/submission")
        try FileManager.default.createDirectory(atPath: runners, withIntermediateDirectories: true)
        chmod(runners, 0o700)
        var outcomes: [String: SolutionBuild.Outcome] = [:]
        for submission in submissions {
            try? FileManager.default.removeItem(atPath: slot)
            try FileManager.default.createDirectory(atPath: slot, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: submission.file, toPath: (slot as NSString).appendingPathComponent("Solutions.swift"))
            let outcome = try SolutionBuild.build(packageRoot: root, submission: ".grading/submission", walled: true)
            if case .built(let path) = outcome {
                let copy = (runners as NSString).appendingPathComponent(submission.student)
                try? FileManager.default.removeItem(atPath: copy)
                try FileManager.default.copyItem(atPath: path, toPath: copy)
                chmod(copy, 0o500)
                outcomes[submission.student] = .built(copy)
                fingerprints.withLock { $0[copy] = RunnerFingerprint.of(copy) }
                progress("built \(submission.student)")
            } else if case .compileError(let message) = outcome {
                let name = (submission.file as NSString).lastPathComponent
                outcomes[submission.student] = .compileError(message.replacingOccurrences(of: "<solution-dir>/.grading/submission/Solutions.swift", with: name))
                progress("\(submission.student) does not compile")
            }
        }
        try? FileManager.default.removeItem(atPath: slot)
        return outcomes
    }

    /// Grades the built runners with `grader` (its runner is replaced per student), `jobs` at a time.
    /// `graded` is called with each student's name as their grading ends (from the grading threads).
    public static func grade(
        _ runners: [(student: String, outcome: SolutionBuild.Outcome)], with grader: Grader, jobs: Int,
        graded: @Sendable (String) -> Void = { _ in }
    ) -> [ClassGrade] {
        final class Queue: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var grades: [ClassGrade?]
            init(_ count: Int) { grades = Array(repeating: nil, count: count) }
        }
        let queue = Queue(runners.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, runners.count))) { slot in
            while true {
                let index: Int? = queue.lock.withLock {
                    guard queue.next < runners.count else { return nil }
                    defer { queue.next += 1 }
                    return queue.next
                }
                guard let index else { return }
                let (student, outcome) = runners[index]
                let grade: ClassGrade
                switch outcome {
                case .compileError(let message):
                    grade = ClassGrade(student: student, results: [], compileError: message)
                case .built(let path):
                    var own = grader
                    own.runner = [path]
                    // The runner must be the one built from this student's file.
                    if let built = fingerprints.withLock({ $0[path] }), RunnerFingerprint.of(path) != built {
                        let fault = "your runner changed after it was built (a fault of the grading machine, not yours): it is not graded."
                        grade = ClassGrade(student: student, results: own.faulted(message: fault), compileError: nil)
                    } else {
                        grade = ClassGrade(student: student, results: own.grade(slot: slot), compileError: nil)
                    }
                }
                queue.lock.withLock { queue.grades[index] = grade }
                graded(student)
            }
        }
        return queue.grades.compactMap { $0 }
    }

    /// gradebook.csv: one row per student, a column per exercise, the total.
    public static func gradebook(_ grades: [ClassGrade], exercises: [GradedExercise]) -> String {
        var lines = ["student," + exercises.map(\.id).joined(separator: ",") + ",total,max,compiled"]
        let max = exercises.reduce(0) { $0 + $1.points }
        for grade in grades {
            let perExercise = exercises.map { exercise in
                grade.results.filter { $0.exercise == exercise.id }.reduce(0) { $0 + $1.earned }
            }
            lines.append(
                ([csv(grade.student)] + perExercise.map(String.init) + ["\(grade.earned)", "\(max)", grade.compileError == nil ? "yes" : "no"]).joined(
                    separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// summary.txt: mean points per exercise and the most frequent diagnoses.
    public static func summary(_ grades: [ClassGrade], exercises: [GradedExercise]) -> String {
        var lines = [
            "\(grades.count) submissions, \(grades.filter { $0.compileError != nil }.count) did not compile", "", "exercise                        mean points",
        ]
        for exercise in exercises {
            let earned = grades.map { $0.results.filter { $0.exercise == exercise.id }.reduce(0) { $0 + $1.earned } }
            let mean = grades.isEmpty ? 0 : Double(earned.reduce(0, +)) / Double(grades.count)
            lines.append(exercise.id.padding(toLength: 32, withPad: " ", startingAt: 0) + "\(Py.f(mean, 2)) / \(exercise.points)")
        }
        var counts: [String: Int] = [:]
        for result in grades.flatMap(\.results) where result.status == "fail" || result.status == "error" {
            counts["\(result.exercise): \(result.diagnosis ?? result.message ?? result.status)", default: 0] += 1
        }
        lines += ["", "most frequent diagnoses"]
        for (diagnosis, count) in counts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).prefix(10) {
            lines.append("\(count)× \(diagnosis)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func csv(_ field: String) -> String {
        field.contains(",") || field.contains("\"") ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}
