import Foundation

/// The files of `Fixtures/differential/`: the programs and the list of known differences.
enum DifferentialFixtures {
    /// `Fixtures/differential/`.
    static var directory: URL { fixturesURL.appendingPathComponent("differential") }

    /// The programs of a JSON-lines file (one program per line), and a message for each line that does not decode.
    static func loadLines(_ fileName: String) throws -> (programs: [DifferentialProgram], failures: [String]) {
        let text = try String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8)
        let decoder = JSONDecoder()
        var programs: [DifferentialProgram] = []
        var failures: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do {
                programs.append(try decoder.decode(DifferentialProgram.self, from: Data(line.utf8)))
            } catch {
                failures.append("\(fileName) line \(index + 1) does not decode: \(error)")
            }
        }
        return (programs, failures)
    }

    /// The programs of a JSON file `{"torch": version, "programs": [...]}`.
    static func loadList(_ fileName: String) throws -> [DifferentialProgram] {
        /// The file's top-level object.
        struct ProgramList: Decodable {
            /// The PyTorch version that ran the programs.
            let torch: String?
            /// The programs.
            let programs: [DifferentialProgram]
        }
        let data = try Data(contentsOf: directory.appendingPathComponent(fileName))
        return try JSONDecoder().decode(ProgramList.self, from: data).programs
    }
}

/// `Fixtures/differential/known-differences.json`: `{"<program id>": "<class>: <short reason>"}`.
///
/// Every program where GradLab differs from PyTorch must be listed, and no program
/// where it agrees may be: the list shrinks as fixes land and cannot hide a regression.
/// Run the tests with `GRADLAB_WRITE_KNOWN_DIFFERENCES=1` to rewrite it from the current differences.
enum KnownDifferences {
    /// The environment variable that asks the tests to rewrite the file instead of failing.
    static let writeVariable = "GRADLAB_WRITE_KNOWN_DIFFERENCES"

    /// The file's location.
    static var url: URL { DifferentialFixtures.directory.appendingPathComponent("known-differences.json") }

    /// True when `GRADLAB_WRITE_KNOWN_DIFFERENCES=1` is set.
    static var isRewriteRequested: Bool { ProcessInfo.processInfo.environment[writeVariable] == "1" }

    /// The listed differences, by program id.
    static func load() throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
    }

    /// The listed differences, or none when the file is missing or unreadable (before a rewrite).
    static func loadForRewrite() -> [String: String] {
        (try? load()) ?? [:]
    }

    /// Writes `entries` as pretty-printed JSON with sorted keys (stable diffs).
    static func write(_ entries: [String: String]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(entries)
        data.append(contentsOf: Array("\n".utf8))
        try data.write(to: url, options: .atomic)
    }

    /// The class an entry names: the text before its first colon.
    static func listedClass(_ entry: String) -> String {
        String(entry.prefix { $0 != ":" }).trimmingCharacters(in: .whitespaces)
    }
}
