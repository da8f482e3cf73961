import Autograd
import Figures

/// "Learn the Training Loop with PyTorch", Part 1.4: Visualizing Loss Surfaces. The mean
/// squared error of a line `w·x + b` over a 100 × 100 grid of (w, b) made by `meshgrid`,
/// drawn as a contour map with the path gradient descent takes across it. The programs
/// print nothing: the labs are checked on the surface's 10,000 values and the path, and
/// `--plot` draws the contour map with the path (an SVG).
enum SeriesLandscapeLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "the loss surface and the descent path from (3.5, 2.5)", starts: [(3.5, 2.5)]),
        lab("ex1", "exercise 1: a second start at (0, -1)", starts: [(3.5, 2.5), (0, -1)]),
        lab("ex2", "exercise 2: and the loss along w with b fixed at 1", starts: [(3.5, 2.5), (0, -1)], slice: true),
    ]

    static func lab(_ program: String, _ title: String, starts: [(Double, Double)], slice: Bool = false) -> Lab {
        Lab(id: "series.1.4.loss-surfaces.\(program)", title: "Part 1.4, \(title)", article: article) { out in
            try run(starts: starts, slice: slice, out)
        }
    }

    static func run(starts: [(Double, Double)], slice: Bool, _ out: Transcript) throws -> [String: LabValue] {
        manualSeed(42)
        let x = try Tensor.linspace(-3, 3, steps: 30)
        let y = try 2.0 * x + 1.0 + Tensor.randn(30) * 0.5
        let (wRange, bRange) = (try Tensor.linspace(0, 4, steps: 100), try Tensor.linspace(-1, 3, steps: 100))
        let grids = try Tensor.meshgrid(wRange, bRange, indexing: .ij)
        // surface[i][j]: the loss at w = wRange[i], b = bRange[j].
        let surface = try (0..<100).map { i in
            try (0..<100).map { j in try ((y - (grids[0][i, j] * x + grids[1][i, j])) ** 2).mean().item() }
        }
        var plots = SeriesPlots()
        for (start, (w0, b0)) in starts.enumerated() {
            let path = try descend(x, y, from: (w0, b0))
            plots.contourf(surface.flatMap { $0 })
            plots.plot(path.map(\.1), label: "Gradient Descent Path")
            plots.scatter([path[0].0], [path[0].1], label: "Start")
            plots.scatter([path.last!.0], [path.last!.1], label: "End")
            out.panels.append(
                Panel(
                    title: start == 0 ? "Gradient Descent Path on the Loss Landscape" : "GD Path with New Starting Point",
                    x: Axis("Weight (w)", range: 0...4), y: Axis("Bias (b)", range: -1...3),
                    layers: [
                        .contour(Grid(xs: try wRange.toArray(), ys: try bRange.toArray(), values: (0..<100).map { j in (0..<100).map { surface[$0][j] } })),
                        .path(Curve("Gradient Descent Path", x: path.map(\.0), y: path.map(\.1))),
                    ],
                    legend: .below))
        }
        if slice {
            let losses = try wRange.unbind().map { w in try ((y - (w * x + 1.0)) ** 2).mean().item() }
            plots.plot(losses)
            for (w, loss) in zip(try wRange.toArray(), losses) { out.record("loss with b fixed at 1.0", step: w, loss: loss) }
            out.lossAxis = "w"
        }
        return plots.values
    }

    /// Fifteen steps of gradient descent (lr 0.1) on the mean squared error from `(w, b)`,
    /// with hand-written updates; the path includes the start.
    static func descend(_ x: Tensor, _ y: Tensor, from start: (Double, Double)) throws -> [(Double, Double)] {
        let w = Tensor(start.0, requiresGrad: true), b = Tensor(start.1, requiresGrad: true)
        var path = [(try w.item(), try b.item())]
        for _ in 0..<15 {
            let loss = try ((y - (w * x + b)) ** 2).mean()
            try loss.backward()
            try SeriesBatchLabs.update([w, b], lr: 0.1)
            path.append((try w.item(), try b.item()))
        }
        return path
    }
}
