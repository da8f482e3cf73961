import Foundation
import SolutionKit

/// Instructor-only checks, read from a directory outside the student's tree: one JSON
/// file per check,
///
/// ```json
/// {"exercise": "autograd.lab4", "name": "Lab 4 on a steep line", "points": 1,
///  "arguments": [[0, 1, 2], [1, 11, 21], 0.01, 30]}
/// ```
///
/// The reference computes the expected answer in the grader; the student sees the check's
/// name and diagnosis, never the arguments' expected values.
public enum HiddenChecks {
    /// The checks in `directory`, by exercise id; throws naming the file and what is wrong.
    public static func load(from directory: String) throws -> [String: [ExerciseCheck]] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        var checks: [String: [ExerciseCheck]] = [:]
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            let (id, check) = try read(path)
            checks[id, default: []].append(check)
        }
        return checks
    }

    private static func read(_ path: String) throws -> (String, ExerciseCheck) {
        func fail(_ why: String) -> GradingError { .invalid("hidden check \(path): \(why)") }
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw fail("not a JSON object") }
        guard let id = object["exercise"] as? String, let exercise = ExerciseCatalog.exercise(id) else {
            throw fail("\"exercise\" must be one of \(ExerciseCatalog.all.map(\.id).joined(separator: ", "))")
        }
        guard let name = object["name"] as? String, !name.isEmpty else { throw fail("\"name\" must be a non-empty string") }
        guard let points = object["points"] as? Int, points >= 0 else { throw fail("\"points\" must be a whole number ≥ 0") }
        let raw = object["arguments"] as? [Any] ?? []
        let kinds = exercise.function.parameters
        guard raw.count == kinds.count else {
            throw fail("\(exercise.function.rawValue) takes \(kinds.count) arguments (\(kinds.map(\.rawValue).joined(separator: ", "))), got \(raw.count)")
        }
        let arguments = try zip(raw, kinds).enumerated().map { index, pair -> Value in
            guard let value = convert(pair.0, pair.1) else { throw fail("argument \(index + 1) must be \(pair.1.rawValue)") }
            return value
        }
        if let problem = ArgumentDomain.of(exercise.function).problem(arguments) { throw fail("\"arguments\": \(problem)") }
        let call = Call(exercise.function, arguments)
        var check = ExerciseCheck(
            name: name, points: points, code: "a hidden check of \(exercise.function.rawValue)",
            calls: { _ in [call] }
        ) { $0.compareAnswers() }
        check.showsExpected = false
        return (id, check)
    }

    private static func convert(_ raw: Any, _ kind: ValueKind) -> Value? {
        switch kind {
        case .number: (raw as? NSNumber).map { .number($0.doubleValue) }
        case .integer:
            (raw as? NSNumber).flatMap { number in
                // Int(exactly:) of a Double above Int.max traps; a JSON integer that large is refused
                let double = number.doubleValue
                return double.isFinite && Swift.abs(double) < 9e15 ? Int(exactly: double) : nil
            }.map { .integer($0) }
        case .numbers: (raw as? [NSNumber]).map { .numbers($0.map(\.doubleValue)) }
        }
    }
}
