import Foundation

/// Runs one exercise's grading in a child process, so that a crash or an endless loop
/// costs that exercise its points and nothing else.
public enum IsolatedGrading {
    /// Runs `executable` with `arguments`, which must print the exercise's results as JSON;
    /// a crash, a time-out or unreadable output becomes an error for every check of the exercise.
    public static func run(_ exercise: GradedExercise, executable: URL, arguments: [String], timeout: Double) throws -> [CheckResult] {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return failed(exercise, "did not finish within \(Py.g(timeout, 6)) s: look for an endless loop (a loop whose condition never changes).")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        if process.terminationReason == .uncaughtSignal || process.terminationStatus != 0 {
            return failed(exercise, "crashed (\(process.terminationReason == .uncaughtSignal ? "signal" : "exit status") \(process.terminationStatus)): look for a force unwrap of nil (`!`), an index out of range, or a `try!`.")
        }
        guard let results = try? JSONDecoder().decode([CheckResult].self, from: data) else {
            return failed(exercise, "printed something the grader could not read.")
        }
        return results
    }

    private static func failed(_ exercise: GradedExercise, _ why: String) -> [CheckResult] {
        exercise.checks.map {
            CheckResult(name: $0.name, exercise: exercise.id, task: exercise.task, status: "error",
                        message: "\(exercise.title) \(why)", earned: 0, points: $0.points, code: $0.code)
        }
    }
}

