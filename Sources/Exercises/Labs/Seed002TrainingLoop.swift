import Autograd

/// Seed 002, "Learn the Training Loop with PyTorch": linear regression with
/// hand-written gradients, its learning-rate exercises, two features, and the
/// same loop with autograd and an optimizer.
enum Seed002 {
    static let article = "002"

    static let labs: [Lab] = [
        Lab(id: "training-loop.manual-gradients", title: "Linear regression with gradients by hand (lr 0.1)", article: article) { out in
            try manualRegression(lr: 0.1, out)
        },
        Lab(id: "training-loop.exercise1.lr-1.0", title: "Exercise 1: the same loop with lr 1.0", article: article) { out in
            try manualRegression(lr: 1.0, out)
        },
        Lab(id: "training-loop.exercise1.lr-0.01", title: "Exercise 1: the same loop with lr 0.01", article: article) { out in
            try manualRegression(lr: 0.01, out)
        },
        Lab(id: "training-loop.exercise2.two-features", title: "Exercise 2: two features", article: article) { out in
            manualSeed(42)
            let trueW = Tensor([1.5, -3.0])
            let trueB = 0.5
            let n = 100
            let x = try Tensor.rand([n, 2]) * 2 - 1
            let y = try x.matmul(trueW) + trueB + 0.1 * Tensor.randn([n])
            let w = try Tensor.randn([2]), b = try Tensor.randn([1])
            for _ in 0..<50 {
                let yPred = try x.matmul(w) + b
                let gradW = try (2.0 / Double(n)) * (x * (yPred - y).unsqueeze(1)).sum(dim: 0)
                let gradB = try (2.0 / Double(n)) * (yPred - y).sum()
                try w -= 0.1 * gradW
                try b -= 0.1 * gradB
            }
            let (wv, bv) = (w.toArray(), try b.item())
            out.print("Learned w:", Py.nums(wv) { Py.f($0, 4) }, "b:", Py.f(bv, 4))
            return ["w": .numbers(wv), "b": .number(bv)]
        },
        Lab(id: "training-loop.exercise3.autograd-sgd", title: "Exercise 3: autograd and torch.optim.SGD", article: article) { out in
            manualSeed(42)
            let n = 100
            let x = try Tensor.linspace(-1, 1, steps: n).unsqueeze(1)
            let y = try 2.0 * x + -1.0 + 0.1 * Tensor.randn([n, 1])
            let w = try Tensor.randn([1], requiresGrad: true), b = try Tensor.randn([1], requiresGrad: true)
            let optimizer = try SGD([w, b], lr: 0.1)
            for epoch in 0..<50 {
                optimizer.zeroGrad()
                let loss = try ((w * x + b - y) ** 2).mean()
                try loss.backward()
                try optimizer.step()
                if (epoch + 1) % 10 == 0 || epoch == 0 {
                    out.print("Epoch \(Py.d(epoch + 1, 2)): loss = \(Py.f(try loss.item(), 4)), w = \(Py.f(try w.item(), 4)), b = \(Py.f(try b.item(), 4))")
                }
            }
            return ["final": .numbers([try w.item(), try b.item()])]
        },
    ]

    /// The article's loop: `y = 2x - 1 + noise`, gradients written out by hand.
    static func manualRegression(lr: Double, _ out: Transcript) throws -> [String: LabValue] {
        manualSeed(42)
        let n = 100
        let x = try Tensor.linspace(-1, 1, steps: n).unsqueeze(1)
        let y = try 2.0 * x + -1.0 + 0.1 * Tensor.randn([n, 1])
        let w = try Tensor.randn([1]), b = try Tensor.randn([1])
        var rows: [[Double]] = []
        for epoch in 0..<50 {
            let yPred = try w * x + b
            let loss = try ((yPred - y) ** 2).mean()
            let gradW = try (2.0 / Double(n)) * ((yPred - y) * x).sum()
            let gradB = try (2.0 / Double(n)) * (yPred - y).sum()
            try w -= lr * gradW
            try b -= lr * gradB
            if (epoch + 1) % 10 == 0 || epoch == 0 {
                let (l, wv, bv) = (try loss.item(), try w.item(), try b.item())
                out.print("Epoch \(Py.d(epoch + 1, 2)): loss = \(Py.f(l, 4)), w = \(Py.f(wv, 4)), b = \(Py.f(bv, 4))")
                rows.append([Double(epoch + 1), l, wv, bv])
            }
        }
        let (wv, bv) = (try w.item(), try b.item())
        out.print("Learned parameters: w = \(Py.f(wv, 4)), b = \(Py.f(bv, 4))")
        return ["rows[epoch,loss,w,b]": .rows(rows), "final": .numbers([wv, bv])]
    }
}
