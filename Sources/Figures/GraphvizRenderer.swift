import Foundation

/// Writes a graph in Graphviz's DOT language to disk and, when Graphviz is installed,
/// lays it out and draws the SVG and PNG beside it (pictures of autograd's graph).
public enum GraphvizRenderer {
    /// Writes `dot` as `<base>.dot` (a trailing `.dot`, `.svg` or `.png` on `base` is
    /// dropped) and draws `<base>.svg` and `<base>.png` with Graphviz's `dot` when it is
    /// installed (on the PATH, or the program `GRADLAB_DOT` names; `none` for none);
    /// `program` names another, or nil for none. Throws when a file cannot be written or
    /// Graphviz fails.
    @discardableResult
    public static func write(dot: String, to base: String, program: String? = dotPath()) throws -> FigureRenderer.Files {
        var stem = base
        for suffix in [".dot", ".svg", ".png"] where stem.hasSuffix(suffix) { stem = String(stem.dropLast(suffix.count)) }
        let url = URL(fileURLWithPath: stem)
        let folder = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        guard !name.isEmpty, name != "." else {
            throw FigureRenderer.RenderError(description: "give the graph a file name, not only a folder: \(base)")
        }
        let source = folder.appendingPathComponent(name + ".dot")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(dot.utf8).write(to: source)
        } catch {
            throw FigureRenderer.RenderError(description: "cannot write \(source.path): \(error.localizedDescription)")
        }
        guard let program else {
            return FigureRenderer.Files(
                data: source.path, script: source.path, pictures: [],
                summary:
                    "wrote \(source.path); Graphviz is not installed, so draw it with `dot -Tsvg \(source.path) -o \(name).svg` (Debian: apt-get install graphviz)"
            )
        }
        var pictures: [String] = []
        for format in ["svg", "png"] {
            let picture = folder.appendingPathComponent("\(name).\(format)").path
            try ExternalTool.run(program, named: "Graphviz's dot", arguments: ["-T\(format)", name + ".dot", "-o", name + "." + format], in: folder)
            guard FileManager.default.fileExists(atPath: picture) else {
                throw FigureRenderer.RenderError(description: "Graphviz ran but did not draw \(picture)")
            }
            pictures.append(picture)
        }
        return FigureRenderer.Files(
            data: source.path, script: source.path, pictures: pictures,
            summary: "drew \(pictures.joined(separator: " and ")) (graph \(name).dot)")
    }

    /// Graphviz's `dot` program, or nil when there is none.
    public static func dotPath() -> String? { ExternalTool.locate("dot", override: "GRADLAB_DOT") }
}
