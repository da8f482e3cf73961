import Testing
import Exercises
import StudentSolutions

extension GradedExercise: CustomTestStringConvertible {
    public var testDescription: String { "\(id): \(title)" }
}

/// Grades the student's target (`Sources/StudentSolutions`). An exercise still on its
/// stub is reported as a known issue ("not attempted yet") and does not fail the run;
/// an attempted exercise must pass every check, and each failure says what went wrong.
@Suite("Your solutions")
struct StudentGradeTests {
    @Test("exercise", arguments: ExerciseCatalog.all)
    func exercise(_ exercise: GradedExercise) throws {
        let results = Grader.grade(studentSolutions, exercises: [exercise])
        if results.allSatisfy({ $0.status == "unattempted" }) {
            withKnownIssue("\(exercise.title): not attempted yet") {
                Issue.record("not attempted yet: replace the stub in Sources/StudentSolutions/Solutions.swift")
            }
            return
        }
        for result in results where result.status != "pass" {
            Issue.record("\(result.name) (\(result.points) points): \(result.message ?? result.status)")
        }
    }
}
