import Foundation

/// The graded exercises as an Exercism track sees them: one exercise per slug, each with
/// its stub, its example solution, its instructions and its metadata, generated from the
/// exercise catalog and the package's stub and reference solution files.
public enum ExercismTrack {
    /// The exercise's slug: its id in kebab case (`autograd.lab4` is `autograd-lab4`).
    public static func slug(_ exercise: GradedExercise) -> String {
        exercise.id.replacingOccurrences(of: ".", with: "-")
    }

    /// The exercise with this slug, if any.
    public static func exercise(slug: String) -> GradedExercise? {
        ExerciseCatalog.all.first { self.slug($0) == slug }
    }

    /// The solution files of a solution directory: those `.meta/config.json` names under
    /// `files.solution` (the Swift ones that exist), else every `.swift` file at its top level.
    public static func solutionFiles(in directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory)
        struct Config: Decodable {
            struct Files: Decodable { let solution: [String]? }
            let files: Files?
        }
        if let data = try? Data(contentsOf: root.appendingPathComponent(".meta/config.json")),
            let named = (try? JSONDecoder().decode(Config.self, from: data))?.files?.solution
        {
            // Only plain names inside the directory: a config cannot point the grader elsewhere.
            return named.filter { $0.hasSuffix(".swift") && !$0.contains("..") }.map { root.appendingPathComponent($0).path }
                .filter { FileManager.default.fileExists(atPath: $0) }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".swift") }.sorted().map { root.appendingPathComponent($0).path }
    }

    /// An exercise's metadata: what `.meta/config.json` and the track's list say about it.
    public struct Metadata: Codable, Sendable, Equatable {
        /// A task of the exercise: one check, with its points.
        public struct Task: Codable, Sendable, Equatable {
            /// The task's number (`task_id` in results.json).
            public let task_id: Int
            /// The check's name.
            public let name: String
            /// Its points.
            public let points: Int
        }
        /// Which files are whose.
        public struct Files: Codable, Sendable, Equatable {
            /// The files the student edits.
            public let solution: [String]
            /// Test files (the checks run in the grader, so none are shipped).
            public let test: [String]
            /// The example solution.
            public let example: [String]
        }
        /// The slug.
        public let slug: String
        /// The exercise's name.
        public let name: String
        /// One sentence on it.
        public let blurb: String
        /// Authors, as Exercism lists them.
        public let authors: [String]
        /// The files.
        public let files: Files
        /// Its checks, as tasks.
        public let tasks: [Task]
    }

    /// The metadata of `exercise`.
    public static func metadata(_ exercise: GradedExercise) -> Metadata {
        Metadata(
            slug: slug(exercise), name: exercise.title, blurb: "\(exercise.title) (from \"\(exercise.article)\").", authors: ["gradlab"],
            files: .init(solution: ["Solutions.swift"], test: [], example: [".meta/Example.swift"]),
            tasks: exercise.checks.map { .init(task_id: exercise.task, name: $0.name, points: $0.points) })
    }

    /// Writes the track's exercises under `directory`: `exercises.json` (every exercise's
    /// metadata) and, per slug, `Solutions.swift` (the stub of its one function),
    /// `.meta/config.json`, `.meta/Example.swift` and `.docs/instructions.md`. `stubs` and
    /// `reference` are the texts of the package's stub and reference solution files.
    public static func write(to directory: String, stubs: String, reference: String) throws {
        let manager = FileManager.default
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let root = URL(fileURLWithPath: directory)
        var all: [Metadata] = []
        for exercise in ExerciseCatalog.all {
            let meta = metadata(exercise)
            all.append(meta)
            let folder = root.appendingPathComponent("exercises/practice/\(meta.slug)")
            try manager.createDirectory(at: folder.appendingPathComponent(".meta"), withIntermediateDirectories: true)
            try manager.createDirectory(at: folder.appendingPathComponent(".docs"), withIntermediateDirectories: true)
            let property = exercise.function.rawValue
            guard let stub = stubFile(for: property, from: stubs) else {
                throw GradingError.missing("no stub for \(property) in the stub solutions file")
            }
            try stub.write(to: folder.appendingPathComponent("Solutions.swift"), atomically: true, encoding: .utf8)
            let example = reference.replacingOccurrences(of: "public let referenceSolutions", with: "public let studentSolutions")
            try example.write(to: folder.appendingPathComponent(".meta/Example.swift"), atomically: true, encoding: .utf8)
            try encoder.encode(meta).write(to: folder.appendingPathComponent(".meta/config.json"))
            try instructions(exercise, stub: stub).write(to: folder.appendingPathComponent(".docs/instructions.md"), atomically: true, encoding: .utf8)
        }
        try encoder.encode(all).write(to: root.appendingPathComponent("exercises.json"))
    }

    /// The instructions: the exercise, its article, its checks with points, how it is graded.
    static func instructions(_ exercise: GradedExercise, stub: String) -> String {
        var text = "# \(exercise.title)\n\nFrom the article \"\(exercise.article)\". Write the function in `Solutions.swift`:\n"
        text += "replace `throw Unattempted()` with your code.\n\n## Checks\n\n"
        for check in exercise.checks {
            text += "- \(check.name) (\(check.points) \(check.points == 1 ? "point" : "points"))\n"
        }
        text += "\nThe grader calls your function with the article's values and with values drawn for each run,\n"
        text += "and compares with the reference; a wrong answer is matched against known mistakes for feedback.\n"
        return text
    }

    /// A solutions file holding only what sets `property`: the file's imports, the declaration the builder's line for `property` names, and a builder with that line.
    static func stubFile(for property: String, from source: String) -> String? {
        let lines = source.components(separatedBy: "\n")
        guard let assignment = lines.first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("$0.\(property) = ") }) else { return nil }
        let expression = assignment.components(separatedBy: " = ").dropFirst().joined(separator: " = ")
        // The declaration is the top-level one whose name the expression uses.
        let declarations = lines.indices.filter { i in
            let line = lines[i]
            return ["func ", "enum ", "struct "].contains { line.hasPrefix($0) }
        }
        guard
            let start = declarations.first(where: { i in
                let name = lines[i].split(separator: " ")[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                return expression.range(of: "\\b\(name)\\b", options: .regularExpression) != nil
            })
        else { return nil }
        var first = start
        while first > 0, lines[first - 1].hasPrefix("///") { first -= 1 }
        var end = start
        if !lines[start].hasSuffix("}") {
            while end + 1 < lines.count, lines[end] != "}" { end += 1 }
        }
        let imports = lines.filter { $0.hasPrefix("import ") }.joined(separator: "\n")
        return "// Your solution: replace `throw Unattempted()` with your code.\n" + imports + "\n\n"
            + lines[first...end].joined(separator: "\n")
            + "\n\n/// Your solution, as the grader sees it.\npublic let studentSolutions = Solutions {\n    $0.\(property) = \(expression)\n}\n"
    }
}
