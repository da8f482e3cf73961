import Foundation

/// Builds the process that runs a student's code (`gradlab-runner`): the student's
/// solutions and the runner, nothing of the grader's.
public enum SolutionBuild {
    /// The runner's path, or the compiler's message when the solutions do not compile.
    public enum Outcome: Sendable {
        /// Built; the executable's path.
        case built(String)
        /// The solutions do not compile: the compiler's first error, with paths shortened.
        case compileError(String)
    }

    /// Builds `gradlab-runner` in the package at `root`, from `submission` (a directory
    /// inside the package holding one Solutions.swift) or from Sources/StudentSolutions.
    /// With `walled`, the compiler runs where bubblewrap allows it to write only the
    /// build directory, with no network and no capability (`grade-class` builds each
    /// submission so); without bubblewrap it runs as it is.
    public static func build(packageRoot root: String, submission: String? = nil, walled: Bool = false) throws -> Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["GRADLAB_SUBMISSION"] = submission
        let walls = walled ? buildWalls(packageRoot: root) : []
        let build = try capture(walls + ["swift", "build", "--product", "gradlab-runner"], in: root, environment: environment)
        guard build.status == 0 else { return .compileError(firstError(build.output, root: root)) }
        let bin = try capture(["swift", "build", "--show-bin-path"], in: root, environment: environment)
        let path = bin.output.trimmingCharacters(in: .whitespacesAndNewlines) + "/gradlab-runner"
        guard FileManager.default.isExecutableFile(atPath: path) else { throw GradingError.missing("no runner at \(path) after the build") }
        return .built(path)
    }

    /// The bubblewrap command around a build: the whole file system read-only but the
    /// package's build directory, a private /tmp as HOME, no network, no capability. The
    /// package is bound again after the private /tmp, which would hide a package under /tmp.
    static func buildWalls(packageRoot root: String) -> [String] {
        guard let bwrap = Sandbox.tool("bwrap"), Sandbox.detected.level != .limitsOnly else { return [] }
        let package = URL(fileURLWithPath: root).standardizedFileURL.path
        let build = URL(fileURLWithPath: package).appendingPathComponent(".build").path
        try? FileManager.default.createDirectory(atPath: build, withIntermediateDirectories: true)
        return [
            bwrap, "--ro-bind", "/", "/", "--tmpfs", "/tmp", "--ro-bind", package, package, "--bind", build, build,
            "--dev", "/dev", "--proc", "/proc",
            "--unshare-user", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--disable-userns", "--cap-drop", "ALL",
            "--die-with-parent", "--new-session", "--setenv", "HOME", "/tmp", "--",
        ]
    }

    /// The first compiler error with the lines that belong to it (source line and caret),
    /// with the package's path replaced by `<solution-dir>` as Exercism asks; or the
    /// output's tail when no `error:` line is found (a link error names the symbol).
    static func firstError(_ output: String, root: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: root.hasSuffix("/") ? root : root + "/", with: "<solution-dir>/")
        }
        if let undefined = lines.first(where: { $0.contains("undefined reference") || $0.contains("undefined symbol") }) {
            return "link error: " + undefined.trimmingCharacters(in: .whitespaces)
                + "\n(a function declared without a body, e.g. with @_silgen_name, names something the runner does not contain)"
        }
        if let first = lines.firstIndex(where: { $0.contains("error:") && !$0.contains("link command failed") }) {
            var end = first + 1
            while end < lines.count, !lines[end].contains("error:"), !lines[end].contains("warning:"), end - first < 6 { end += 1 }
            return lines[first..<end].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return lines.suffix(15).joined(separator: "\n")
    }

    /// Runs a command and returns its exit status and its stdout and stderr together.
    static func capture(_ command: [String], in directory: String, environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0].hasPrefix("/") ? command[0] : "/usr/bin/env")
        process.arguments = command[0].hasPrefix("/") ? Array(command.dropFirst()) : command
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The running executable's path (`/proc/self/exe`): the grader's, or a test bundle's,
    /// beside which the build put `gradlab-runner`.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The package root above `path` (the directory holding Package.swift), if any.
    public static func packageRoot(above path: String) -> String? {
        var directory = URL(fileURLWithPath: path).standardizedFileURL
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory.path }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}
