import Autograd
import Figures

/// "6.2.4 Autograd": Labs 1-4, the requires_grad/no_grad/detach check,
/// Exercises 1-3 and the Common Error Patterns table.
enum AutogradLabs {
    static let article = Article.autograd

    static let labs: [Lab] = [
        Lab(id: "autograd.lab1.one-parameter", title: "One parameter, one gradient", article: article) { out in
            let w = Tensor(2.0, requiresGrad: true)
            let loss = try (w * 3 - 10) ** 2
            out.print("loss:", try loss.item())
            try loss.backward()
            out.print("w.grad:", try w.grad!.item())
            return ["loss": .number(try loss.item()), "w.grad": .number(try w.grad!.item())]
        },
        Lab(id: "autograd.lab2.gradient-is-not-the-update", title: "Gradient is not the update", article: article) { out in
            let w = Tensor(2.0, requiresGrad: true)
            let lr = 0.1
            out.lossAxis = "step"
            out.print("single_parameter_training")
            var rows: [[Double]] = []
            for step in 1...5 {
                let loss = try (w * 3 - 10) ** 2
                try loss.backward()
                try noGrad { try w -= lr * w.grad! }
                let (wv, lv, gv) = (try w.item(), try loss.item(), try w.grad!.item())
                out.print("step=\(step) w=\(Py.f(wv, 4)) loss=\(Py.f(lv, 4)) grad=\(Py.f(gv, 4))")
                out.record("loss", step: Double(step), loss: lv)
                rows.append([Double(step), wv, lv, gv])
                try w.grad!.zero_()
            }
            return ["rows[step,w,loss,grad]": .rows(rows)]
        },
        Lab(id: "autograd.lab3.accumulation", title: "See gradient accumulation", article: article) { out in
            let x = Tensor(3.0, requiresGrad: true)
            let y1 = try x ** 2
            try y1.backward()
            let a = try x.grad!.item()
            out.print("after first backward:", a)
            let y2 = try 2 * x
            try y2.backward()
            let b = try x.grad!.item()
            out.print("after second backward:", b)
            try x.grad!.zero_()
            let y3 = try 2 * x
            try y3.backward()
            let c = try x.grad!.item()
            out.print("after zero and third backward:", c)
            return ["grads": .numbers([a, b, c])]
        },
        Lab(id: "autograd.lab4.two-parameter-fit", title: "Fit two parameters by hand", article: article) { out in
            try TwoParameterFit(x: [1, 2, 3, 4], y: [3, 5, 7, 9]).run(out)
        },
        Lab(id: "autograd.check.requires-grad-no-grad-detach", title: "requires_grad, no_grad and detach", article: article) { out in
            let w = Tensor(5.0, requiresGrad: true)
            let tracked = try w * 2
            let detached = tracked.detach()
            let untracked = try noGrad { try w * 3 }
            out.print("tracked.requires_grad:", tracked.requiresGrad)
            out.print("detached.requires_grad:", detached.requiresGrad)
            out.print("untracked.requires_grad:", untracked.requiresGrad)
            return ["flags": .flags([tracked.requiresGrad, detached.requiresGrad, untracked.requiresGrad])]
        },
        Lab(id: "autograd.exercise1.fit-3x-minus-2", title: "Exercise 1: learn y = 3x - 2", article: article) { out in
            let x: [Double] = [1, 2, 3, 4]
            return try TwoParameterFit(x: x, y: x.map { 3 * $0 - 2 }, label: "fit_3x_minus_2").run(out)
        },
        Lab(id: "autograd.exercise2.no-zero-grad", title: "Exercise 2: forget to zero the gradients", article: article) { out in
            try TwoParameterFit(x: [1, 2, 3, 4], y: [3, 5, 7, 9], zeroGrad: false, label: "no_zero_grad").run(out)
        },
        Lab(id: "autograd.exercise3.lr-0.5", title: "Exercise 3: lr = 0.5 diverges", article: article) { out in
            try TwoParameterFit(x: [1, 2, 3, 4], y: [3, 5, 7, 9], lr: 0.5, epochs: 11, every: 2, label: "lr_0.5").run(out)
        },
        Lab(id: "autograd.exercise3.lr-0.005", title: "Exercise 3: lr = 0.005 is slow", article: article) { out in
            try TwoParameterFit(x: [1, 2, 3, 4], y: [3, 5, 7, 9], lr: 0.005, label: "lr_0.005").run(out)
        },
        Lab(
            id: "autograd.exercise4.store-loss-or-item",
            title: "Exercise 4: storing loss keeps graphs alive, loss.item() does not", article: article,
            ownExpectation: [
                "stored 200 loss tensors: 1002 graph nodes alive",
                "stored 200 loss.item() values: 0 graph nodes alive",
            ]
        ) { out in
            let baseline = GraphDiagnostics.liveNodeCount
            func fit(keep: (Tensor) throws -> Void) throws {
                let x = Tensor([1.0, 2.0, 3.0, 4.0]), y = Tensor([3.0, 5.0, 7.0, 9.0])
                let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
                for _ in 0..<200 {
                    let loss = try (((w * x + b) - y) ** 2).mean()
                    try loss.backward()
                    try noGrad {
                        try w -= 0.05 * w.grad!
                        try b -= 0.05 * b.grad!
                    }
                    try w.grad!.zero_()
                    try b.grad!.zero_()
                    try keep(loss)
                }
            }
            var tensors: [Tensor] = []
            try fit { tensors.append($0) }
            // Each stored loss keeps its Mean, Pow, Sub, Add and Mul nodes alive, and with them
            // the AccumulateGrad nodes of w and b: 200 * 5 + 2.
            let withTensors = GraphDiagnostics.liveNodeCount - baseline
            out.print("stored \(tensors.count) loss tensors: \(withTensors) graph nodes alive")
            tensors.removeAll()
            var numbers: [Double] = []
            try fit { numbers.append(try $0.item()) }
            let withNumbers = GraphDiagnostics.liveNodeCount - baseline
            out.print("stored \(numbers.count) loss.item() values: \(withNumbers) graph nodes alive")
            return ["live nodes": .numbers([Double(withTensors), Double(withNumbers)])]
        },
        Lab(id: "autograd.error.backward-twice", title: "Error: backward through the graph a second time", article: article) { out in
            let w = Tensor(2.0, requiresGrad: true)
            let loss = try (w * 3 - 10) ** 2
            try loss.backward()
            do {
                try loss.backward()
                out.print("no error")
            } catch let error as AutogradError {
                out.print("error:", error.message.split(separator: ".", omittingEmptySubsequences: false)[0])
            }
            return [:]
        },
        Lab(id: "autograd.error.no-grad-fn", title: "Error: backward on a tensor without grad_fn", article: article) { out in
            let w = Tensor([0.5])
            let loss = try (w * 2).sum()
            do { try loss.backward() } catch { out.print(error: error) }
            return [:]
        },
        Lab(id: "autograd.error.non-scalar-backward", title: "Error: implicit gradient of a non-scalar", article: article) { out in
            let x = try Tensor.ones(3, requiresGrad: true)
            do { try (x * 2).backward() } catch { out.print(error: error) }
            return [:]
        },
        Lab(id: "autograd.error.numpy-requires-grad", title: "Error: exporting values that require grad", article: article) { out in
            let w = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
            do { _ = try w.numpy() } catch { out.print(error: error) }
            return [:]
        },
        Lab(id: "autograd.error.leaf-inplace", title: "Error: in-place update of a leaf outside no_grad", article: article) { out in
            let w = Tensor(2.0, requiresGrad: true)
            do { try w -= 0.1 } catch { out.print(error: error) }
            return [:]
        },
        Lab(id: "autograd.error.nonleaf-grad-is-none", title: "A non-leaf's .grad is nil, with a warning", article: article) { out in
            let w = Tensor(2.0, requiresGrad: true)
            let h = try w * 3
            try (h ** 2).backward()
            let (g, warnings) = Warnings.capture { h.grad }
            out.print("h.is_leaf:", h.isLeaf, "h.grad:", g.map { "\($0)" } ?? "nil", "warned:", !warnings.isEmpty)
            return [:]
        },
    ]
}

/// Lab 4's loop, shared by its exercises: fit `w * x + b` by hand-written gradient descent.
struct TwoParameterFit {
    var x: [Double]
    var y: [Double]
    var lr = 0.05
    var epochs = 201
    var zeroGrad = true
    var every = 50
    var label = "two_parameter_fit"

    /// The (w, b) of least squared error: where the descent is heading.
    var leastSquares: (Double, Double) {
        let n = Double(x.count), meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        let covariance = zip(x, y).map { ($0 - meanX) * ($1 - meanY) }.reduce(0, +)
        let variance = x.map { ($0 - meanX) * ($0 - meanX) }.reduce(0, +)
        let slope = variance > 0 ? covariance / variance : 0
        return (slope, meanY - slope * meanX)
    }

    func run(_ out: Transcript) throws -> [String: LabValue] {
        let x = Tensor(self.x), yTrue = Tensor(self.y)
        let w = Tensor(0.0, requiresGrad: true)
        let b = Tensor(0.0, requiresGrad: true)
        out.print(label)
        var rows: [[Double]] = []
        var path = [(0.0, 0.0)]
        for epoch in 0..<epochs {
            let yPred = try w * x + b
            let loss = try ((yPred - yTrue) ** 2).mean()
            out.losses.append(try loss.item())
            try loss.backward()
            try noGrad {
                try w -= lr * w.grad!
                try b -= lr * b.grad!
            }
            path.append((try w.item(), try b.item()))
            if epoch % every == 0 {
                let (l, wv, bv) = (try loss.item(), try w.item(), try b.item())
                out.print("epoch=\(Py.d(epoch, 3)) loss=\(Py.f(l, 4)) w=\(Py.f(wv, 4)) b=\(Py.f(bv, 4))")
                rows.append([Double(epoch), l, wv, bv])
            }
            if zeroGrad {
                try w.grad!.zero_()
                try b.grad!.zero_()
            }
        }
        out.data = (self.x, self.y)
        out.fit = (try w.item(), try b.item())
        out.panels.append(
            LabFigure.landscape(path: path, minimum: leastSquares, xLabel: "w", yLabel: "b") { w, b in
                zip(self.x, self.y).map { (w * $0 + b - $1) * (w * $0 + b - $1) }.reduce(0, +) / Double(self.x.count)
            })
        return ["rows[epoch,loss,w,b]": .rows(rows), "final": .numbers([try w.item(), try b.item()])]
    }
}
