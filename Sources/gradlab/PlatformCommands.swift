import ArgumentParser
import Exercises
import Foundation
import ReferenceSolutions

/// Grading inside a platform's image (Exercism's test runner, Gradescope's autograder):
/// the submission is compiled in the stage, outside the read-only package, then graded
/// with the same walls and checks as `gradlab grade`.
enum PlatformGrading {
    /// What grading a submission came to.
    enum Outcome {
        /// Graded: each check's result, and the seconds the build and the checks took.
        case graded([CheckResult], build: Double, grading: Double)
        /// Nothing to grade, or it did not compile: the message for the student.
        case notGraded(String)
    }

    /// Builds the runner from `files` in the image around this executable and grades `exercises`.
    static func grade(files: [String], exercises: [GradedExercise], options: GradingOptions, hide: [String]) throws -> Outcome {
        guard !files.isEmpty else {
            return .notGraded("No solution file was submitted: submit Solutions.swift.")
        }
        let root = SolutionBuild.packageRoot(above: SolutionBuild.currentExecutable) ?? FileManager.default.currentDirectoryPath
        let image = try PlatformImage(packageRoot: root)
        let start = Date()
        let runner: String
        switch try image.buildRunner(from: files) {
        case .built(let path): runner = path
        case .compileError(let message): return .notGraded("Your solution does not compile:\n" + message)
        }
        let built = Date()
        let grader = try options.grader(runner: [runner], packageRoot: root, alsoHide: hide)
        print("walls: \(grader.sandbox.level.rawValue)")
        if let notice = grader.sandbox.notice { print(notice) }
        let results = exercises.flatMap { grader.grade($0) }
        let graded = Date()
        let (build, grading) = (built.timeIntervalSince(start), graded.timeIntervalSince(built))
        print(String(format: "built the runner in %.1f s, graded in %.1f s", build, grading))
        return .graded(results, build: build, grading: grading)
    }
}

/// `gradlab exercism SLUG SOLUTION-DIR OUTPUT-DIR`: Exercism's test-runner interface.
struct ExercismRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercism",
        abstract: "Grade one exercise as Exercism's test runner: write OUTPUT-DIR/results.json (version 3).",
        discussion: """
            Runs inside the image Platforms/Exercism/Dockerfile builds (Platforms/build-image.sh):
            the solution is compiled in the stage under /tmp, the package stays read-only. Exits 0
            whatever the solution's result; 3 when the grader itself could not run (results.json
            then says so).
            """)

    @Argument(help: "The exercise's slug, e.g. autograd-lab4 (`gradlab exercism-track` lists them).")
    var slug: String

    @Argument(help: "The directory holding the submitted files (Solutions.swift, or those .meta/config.json names).")
    var solutionDirectory: String

    @Argument(help: "The directory results.json is written to.")
    var outputDirectory: String

    @OptionGroup var options: GradingOptions

    func run() throws {
        let output = URL(fileURLWithPath: outputDirectory).appendingPathComponent("results.json").path
        guard let exercise = ExercismTrack.exercise(slug: slug) else {
            let slugs = ExerciseCatalog.all.map(ExercismTrack.slug).joined(separator: ", ")
            try writeJSON(ExercismResults(error: "This test runner has no exercise \(slug); it has \(slugs)."), to: output)
            return
        }
        do {
            let files = ExercismTrack.solutionFiles(in: solutionDirectory)
            switch try PlatformGrading.grade(files: files, exercises: [exercise], options: options, hide: [outputDirectory]) {
            case .notGraded(let message): try writeJSON(ExercismResults(error: message), to: output)
            case .graded(let results, _, _):
                try writeJSON(ExercismResults(results), to: output)
                if results.contains(where: { $0.graderFault == true }) { throw ExitCode(3) }
            }
        } catch let error as GradingError {
            try writeJSON(ExercismResults(error: "The test runner could not grade this solution: \(error)"), to: output)
            throw ExitCode(3)
        }
    }
}

/// `gradlab gradescope`: Gradescope's autograder (`run_autograder` calls it).
struct GradescopeRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradescope",
        abstract: "Grade a submission as Gradescope's autograder: write /autograder/results/results.json.",
        discussion: """
            Runs inside the image Platforms/Gradescope/setup.sh builds. Exits 0 whatever the
            solution's result; 3 when the grader itself could not run (results.json then says so).
            """)

    @Option(help: "The submission directory (its Solutions.swift, found at any depth, or its one .swift file).")
    var submission = "/autograder/submission"

    @Option(help: "Where results.json goes.")
    var results = "/autograder/results/results.json"

    @Option(help: "Grade only the exercise with this id; repeat for several (default: every exercise).")
    var exercise: [String] = []

    @OptionGroup var options: GradingOptions

    func validate() throws {
        for id in exercise where ExerciseCatalog.exercise(id) == nil {
            throw ValidationError("no exercise \(id); the exercises are \(ExerciseCatalog.all.map(\.id).joined(separator: ", "))")
        }
    }

    func run() throws {
        let exercises = exercise.isEmpty ? ExerciseCatalog.all : exercise.compactMap(ExerciseCatalog.exercise)
        let start = Date()
        do {
            let hide = [(results as NSString).deletingLastPathComponent]
            switch try PlatformGrading.grade(files: solutionFiles(), exercises: exercises, options: options, hide: hide) {
            case .notGraded(let message):
                var json = GradescopeResults(error: message)
                json.execution_time = Int(Date().timeIntervalSince(start).rounded(.up))
                try writeJSON(json, to: results)
            case .graded(let checks, _, _):
                var json = GradescopeResults(checks)
                json.execution_time = Int(Date().timeIntervalSince(start).rounded(.up))
                try writeJSON(json, to: results)
                if checks.contains(where: { $0.graderFault == true }) { throw ExitCode(3) }
            }
        } catch let error as GradingError {
            try writeJSON(GradescopeResults(error: "The autograder could not grade this submission: \(error)"), to: results)
            throw ExitCode(3)
        }
    }

    /// The submission's `Solutions.swift` (the shallowest), else its only Swift file.
    func solutionFiles() -> [String] {
        let root = URL(fileURLWithPath: submission)
        guard let walk = FileManager.default.enumerator(atPath: submission) else { return [] }
        let swift = walk.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        let named = swift.filter { ($0 as NSString).lastPathComponent == "Solutions.swift" }
            .min { $0.split(separator: "/").count < $1.split(separator: "/").count }
        if let named { return [root.appendingPathComponent(named).path] }
        return swift.count == 1 ? [root.appendingPathComponent(swift[0]).path] : []
    }
}

/// `gradlab exercism-track DIR`: the exercises as an Exercism track's files.
struct ExercismTrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercism-track",
        abstract: "Write each graded exercise's Exercism files (stub, example, instructions, .meta/config.json) and exercises.json.")

    @Argument(help: "The directory to write into.")
    var directory: String

    func run() throws {
        let root = SolutionBuild.packageRoot(above: SolutionBuild.currentExecutable) ?? FileManager.default.currentDirectoryPath
        let stubs = try String(contentsOfFile: root + "/Sources/StudentSolutions/Solutions.swift", encoding: .utf8)
        let reference = try String(contentsOfFile: root + "/Sources/ReferenceSolutions/Solutions.swift", encoding: .utf8)
        try ExercismTrack.write(to: directory, stubs: stubs, reference: reference)
        for exercise in ExerciseCatalog.all {
            print("\(ExercismTrack.slug(exercise).padding(26))\(exercise.title)")
        }
        print("wrote \(ExerciseCatalog.all.count) exercises to \(directory)")
    }
}
