import Foundation

/// The drawing programs GradLab runs (gnuplot, Graphviz's `dot`): found on the PATH or
/// named by an environment variable, run in a folder, their error text kept.
enum ExternalTool {
    /// The program `name` on the PATH, or the one the environment variable `override`
    /// names (`none` for none); nil when there is none.
    static func locate(_ name: String, override: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment[override], !chosen.isEmpty {
            return chosen == "none" ? nil : chosen
        }
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `program` with `arguments` in `folder`; throws with the program's own message
    /// when it cannot start or fails.
    static func run(_ program: String, named name: String, arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FigureRenderer.RenderError(description: "cannot run \(name) at \(program): \(error.localizedDescription)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw FigureRenderer.RenderError(
                description:
                    "\(name) failed on \(arguments.joined(separator: " ")) in \(folder.path): \(text)")
        }
    }
}
