import ArgumentParser
import Exercises
import Foundation

/// `gradlab grade-class DIR`: grades a folder of submissions and writes a gradebook.
struct GradeClass: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade-class",
        abstract: "Grade a folder of submissions (NAME.swift or NAME/Solutions.swift each) and write a gradebook.",
        discussion: "Writes OUT/gradebook.csv, OUT/summary.txt and OUT/NAME.json (Exercism's format) per student. See Docs/Instructors.md.")

    @Argument(help: "The folder of submissions.")
    var submissions: String

    @Option(help: "Where to write the gradebook (default: grades, beside the submissions).")
    var out: String?

    @Option(help: "Submissions graded at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var options: GradingOptions

    func validate() throws {
        guard jobs > 0 else { throw ValidationError("--jobs must be positive, got \(jobs)") }
        guard FileManager.default.fileExists(atPath: submissions) else { throw ValidationError("no folder \(submissions)") }
    }

    func run() throws {
        guard let root = SolutionBuild.packageRoot(above: SolutionBuild.currentExecutable) else {
            throw ValidationError("grade-class runs from the GradLab package (swift run gradlab grade-class DIR)")
        }
        let found = try Submission.find(in: submissions)
        guard !found.isEmpty else { throw ValidationError("no submissions (NAME.swift or NAME/ with one .swift file) in \(submissions)") }
        let out =
            self.out ?? ((URL(fileURLWithPath: submissions).standardizedFileURL.deletingLastPathComponent().path as NSString).appendingPathComponent("grades"))
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let started = Date()
        let building = ProgressLine(total: found.count, label: "building")
        let built = try ClassGrading.build(found, packageRoot: root, runners: (out as NSString).appendingPathComponent("runners")) {
            building.clear()
            print($0)
            building.advance()
        }
        building.clear()
        let buildSeconds = Date().timeIntervalSince(started)
        let grader: Grader
        do {
            grader = try options.grader(runner: ["/nonexistent"], packageRoot: root, alsoHide: [submissions, out])
        } catch let error as GradingError {
            print("The grader could not run: \(error)")
            throw ExitCode(3)
        }
        print("walls: \(grader.sandbox.level.rawValue)")
        if let notice = grader.sandbox.notice { print(notice) }
        let grading = ProgressLine(total: found.count, label: "grading")
        let grades = ClassGrading.grade(found.map { ($0.student, built[$0.student]!) }, with: grader, jobs: jobs) {
            grading.advance($0)
        }
        grading.clear()
        for grade in grades {
            let path = (out as NSString).appendingPathComponent(grade.student + ".json")
            if let error = grade.compileError {
                try writeJSON(ExercismResults(compileError: error), to: path)
            } else {
                try writeJSON(ExercismResults(grade.results), to: path)
            }
        }
        try ClassGrading.gradebook(grades, exercises: ExerciseCatalog.all).write(
            toFile: (out as NSString).appendingPathComponent("gradebook.csv"), atomically: true, encoding: .utf8)
        let summary = ClassGrading.summary(grades, exercises: ExerciseCatalog.all)
        try summary.write(toFile: (out as NSString).appendingPathComponent("summary.txt"), atomically: true, encoding: .utf8)
        print(summary)
        print(
            "graded \(grades.count) submissions in \(Py.f(Date().timeIntervalSince(started), 1)) s (building \(Py.f(buildSeconds, 1)) s), seed \(grader.seed), \(jobs) at a time; wrote \(out)"
        )
    }
}
