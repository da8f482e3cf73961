import Foundation

/// Writes a figure's data and gnuplot script to disk and, when gnuplot is installed, runs
/// it to draw the SVG and PNG beside them.
public enum FigureRenderer {
    /// What `write` left on disk.
    public struct Files: Sendable, Equatable {
        /// The data file (`<base>.dat`).
        public let data: String
        /// The gnuplot script (`<base>.gp`).
        public let script: String
        /// The pictures gnuplot drew (`<base>.svg`, `<base>.png`); empty without gnuplot.
        public let pictures: [String]
        /// One line for the person who asked: what was drawn, or how to draw it.
        public let summary: String
    }

    /// Why a figure could not be written or drawn.
    public struct RenderError: Error, CustomStringConvertible, Sendable {
        /// What went wrong, for a person.
        public let description: String
    }

    /// Writes `figure` as `<base>.dat` and `<base>.gp` (a trailing `.svg`, `.png`, `.gp` or
    /// `.dat` on `base` is dropped) and draws `<base>.svg` and `<base>.png` with gnuplot when
    /// it is installed (`gnuplot` on the PATH, or the program `GRADLAB_GNUPLOT` names; set
    /// it to `none` to write only the text files); `gnuplot` names another program, or nil
    /// for none. Throws when a file cannot be written or gnuplot fails.
    @discardableResult
    public static func write(_ figure: Figure, to base: String, gnuplot: String? = gnuplotPath()) throws -> Files {
        let url = URL(fileURLWithPath: stripExtension(base))
        let folder = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        guard !name.isEmpty, name != "." else { throw RenderError(description: "give the figure a file name, not only a folder: \(base)") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = GnuplotScript(figure, name: name)
        let data = folder.appendingPathComponent(name + ".dat"), script = folder.appendingPathComponent(name + ".gp")
        do {
            try Data(text.data.utf8).write(to: data)
            try Data(text.script.utf8).write(to: script)
        } catch {
            throw RenderError(description: "cannot write the figure's files at \(url.path): \(error.localizedDescription)")
        }
        guard let gnuplot else {
            return Files(
                data: data.path, script: script.path, pictures: [],
                summary:
                    "wrote \(script.path) and \(data.path); gnuplot is not installed, so draw them with `cd \(folder.path) && gnuplot \(name).gp` (Debian: apt-get install gnuplot-nox)"
            )
        }
        try ExternalTool.run(gnuplot, named: "gnuplot", arguments: [name + ".gp"], in: folder)
        let pictures = ["svg", "png"].map { folder.appendingPathComponent("\(name).\($0)").path }
        for picture in pictures where !FileManager.default.fileExists(atPath: picture) {
            throw RenderError(description: "gnuplot ran but did not draw \(picture)")
        }
        return Files(
            data: data.path, script: script.path, pictures: pictures,
            summary: "drew \(pictures.joined(separator: " and ")) (data \(name).dat, script \(name).gp)")
    }

    /// The gnuplot program to run, or nil when there is none.
    public static func gnuplotPath() -> String? { ExternalTool.locate("gnuplot", override: "GRADLAB_GNUPLOT") }

    private static func stripExtension(_ path: String) -> String {
        for suffix in [".svg", ".png", ".gp", ".dat"] where path.hasSuffix(suffix) {
            return String(path.dropLast(suffix.count))
        }
        return path
    }
}
