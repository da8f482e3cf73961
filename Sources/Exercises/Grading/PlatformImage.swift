import Foundation

/// The package as a grading platform's image holds it (Exercism's test runner, Gradescope's
/// autograder): built once when the image is made, read-only afterwards, and compiling each
/// submission outside it, in a stage directory the platform lets us write (`/tmp`).
///
/// `Platforms/build-image.sh` makes the image: it builds `gradlab-runner` once from the stub
/// solutions through the link `Platforms/submission` (pointing into the stage) with the
/// stage's build directory as SwiftPM's scratch path, and keeps that build in
/// `.build/platform/runner-build`. Grading a submission copies that build back to the same
/// absolute path, puts the submission where the link points and lets SwiftPM rebuild only
/// what changed: the student's module and the link (about four seconds here).
public struct PlatformImage: Sendable {
    /// The link inside the package that the runner's `StudentSolutions` target is built from.
    public static let submissionLink = "Platforms/submission"
    /// Where the image keeps the runner's prebuilt build directory, inside the package.
    public static let prebuiltBuild = ".build/platform/runner-build"

    /// The package root.
    public let packageRoot: String
    /// The stage: the link's target directory's parent, written afresh for each submission.
    public let stage: String

    /// The image at `packageRoot`; throws when the image was not built (no link, no prebuilt runner).
    public init(packageRoot: String) throws {
        self.packageRoot = URL(fileURLWithPath: packageRoot).standardizedFileURL.path
        let link = self.packageRoot + "/" + PlatformImage.submissionLink
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link), target.hasPrefix("/") else {
            throw GradingError.missing("no platform image here: \(link) is not a link to the stage (run Platforms/build-image.sh)")
        }
        guard FileManager.default.fileExists(atPath: self.packageRoot + "/" + PlatformImage.prebuiltBuild) else {
            throw GradingError.missing("no prebuilt runner at \(PlatformImage.prebuiltBuild) (run Platforms/build-image.sh)")
        }
        stage = URL(fileURLWithPath: target).standardizedFileURL.deletingLastPathComponent().path
        // The stage is emptied for each submission: never a top-level directory such as `/` or `/tmp`.
        guard stage.split(separator: "/").count >= 2, !stage.contains("..") else {
            throw GradingError.invalid("the stage \(stage) (from \(link)) must be a directory of its own, such as /tmp/gradlab")
        }
    }

    /// The directory the link points to, where the submission's files go.
    public var submissionDirectory: String { stage + "/submission" }
    /// SwiftPM's scratch path for the runner, the same absolute path as when the image was built.
    public var buildDirectory: String { stage + "/build" }

    /// Builds the runner from the Swift files `files` (a student's `Solutions.swift`, or the
    /// files an exercise names), writing only in the stage.
    public func buildRunner(from files: [String]) throws -> SolutionBuild.Outcome {
        let manager = FileManager.default
        try? manager.removeItem(atPath: stage)
        try manager.createDirectory(atPath: submissionDirectory, withIntermediateDirectories: true)
        for file in files {
            let name = (file as NSString).lastPathComponent
            // Only the submission's own regular files: a link could make the grader, which
            // reads as root, compile (and quote in a compiler message) a file of its own.
            guard (try? manager.destinationOfSymbolicLink(atPath: file)) == nil,
                (try? manager.attributesOfItem(atPath: file)[.type] as? FileAttributeType) == .typeRegular
            else { return .compileError("\(name) is not a regular file (a link or a folder): submit the file itself.") }
            try manager.copyItem(atPath: file, toPath: submissionDirectory + "/" + name)
        }
        // `cp -a` keeps the modification times, so that SwiftPM sees nothing but the submission changed.
        let copy = try SolutionBuild.capture(
            ["/bin/cp", "-a", packageRoot + "/" + PlatformImage.prebuiltBuild, buildDirectory], in: packageRoot,
            environment: ProcessInfo.processInfo.environment)
        guard copy.status == 0 else { throw GradingError.missing("could not copy the prebuilt runner: \(copy.output)") }
        var environment = ProcessInfo.processInfo.environment
        environment["GRADLAB_SUBMISSION"] = PlatformImage.submissionLink
        environment["HOME"] = stage
        let build = try SolutionBuild.capture(
            ["swift", "build", "--scratch-path", buildDirectory, "--product", "gradlab-runner"], in: packageRoot, environment: environment)
        guard build.status == 0 else {
            let message = SolutionBuild.firstError(build.output, root: packageRoot + "/" + PlatformImage.submissionLink)
            return .compileError(message.replacingOccurrences(of: submissionDirectory + "/", with: "<solution-dir>/"))
        }
        let runner = buildDirectory + "/debug/gradlab-runner"
        guard manager.isExecutableFile(atPath: runner) else { throw GradingError.missing("no runner at \(runner) after the build") }
        return .built(runner)
    }
}
