import ArgumentParser
import Autograd
import Exercises
import Figures

/// `gradlab graph <lab>`: the picture of the graph a lab's backward pass walks.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the computation graph a lab's backward pass walks.",
        discussion: """
            Runs the lab and draws the graph behind the tensor its first backward() starts \
            from (another with --pass): operations in grey, leaves in blue with their value and \
            gradient after that pass, the tensors each operation saved for its rule in orange. \
            Writes PATH.dot and, with Graphviz installed, PATH.svg and PATH.png.
            """)

    @Argument(help: "The lab id (see `gradlab labs`).")
    var id: String

    @Option(
        help: ArgumentHelp(
            "Where to write the graph: PATH.dot, PATH.svg, PATH.png (default: the lab id).",
            valueName: "PATH"))
    var output: String?

    @Option(help: "Which backward pass to draw (1 is the first).")
    var pass = 1

    @Flag(help: "Print the DOT text instead of writing files.")
    var dot = false

    func validate() throws {
        if LabCatalog.lab(id) == nil { throw ValidationError("no lab '\(id)'; `gradlab labs` lists them") }
        if pass < 1 { throw ValidationError("--pass counts from 1") }
    }

    func run() throws {
        let lab = LabCatalog.lab(id)!
        let (_, recording) = try BackwardRecorder.record(graphs: pass, traces: 0) { try lab.runForPlot() }
        guard recording.graphs.count >= pass else {
            print(recording.missing(pass: pass, lab: id, toDo: "draw"))
            throw ExitCode.failure
        }
        let graph = recording.graphs[pass - 1]
        if dot {
            print(graph.dot, terminator: "")
            return
        }
        print(try GraphvizRenderer.write(dot: graph.dot, to: output ?? "\(id)-graph").summary)
    }
}

extension BackwardRecorder.Recording {
    /// Why pass `pass` of `lab` cannot be drawn or traced (`toDo`): the lab runs fewer passes.
    func missing(pass: Int, lab: String, toDo: String) -> String {
        passCount == 0
            ? "\(lab) runs no backward pass: there is nothing to \(toDo)."
            : "\(lab) runs \(passCount) backward pass\(passCount == 1 ? "" : "es"): there is no pass \(pass) to \(toDo)."
    }
}
