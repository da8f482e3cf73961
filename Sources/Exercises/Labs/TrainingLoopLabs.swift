import Autograd
import Foundation

/// "Learn the Training Loop with PyTorch": linear regression with
/// hand-written gradients, its learning-rate exercises, two features, and the
/// same loop with autograd and an optimizer.
enum TrainingLoopLabs {
    static let article = Article.trainingLoop

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
                out.losses.append(try ((yPred - y) ** 2).mean().item())
                let gradW = try (2.0 / Double(n)) * (x * (yPred - y).unsqueeze(1)).sum(dim: 0)
                let gradB = try (2.0 / Double(n)) * (yPred - y).sum()
                try w -= 0.1 * gradW
                try b -= 0.1 * gradB
            }
            let (wv, bv) = (try w.toArray(), try b.item())
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
                out.losses.append(try loss.item())
                try loss.backward()
                try optimizer.step()
                if (epoch + 1) % 10 == 0 || epoch == 0 {
                    out.print("Epoch \(Py.d(epoch + 1, 2)): loss = \(Py.f(try loss.item(), 4)), w = \(Py.f(try w.item(), 4)), b = \(Py.f(try b.item(), 4))")
                }
            }
            out.data = (try x.toArray(), try y.toArray())
            out.fit = (try w.item(), try b.item())
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
            out.losses.append(try loss.item())
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
        out.data = (try x.toArray(), try y.toArray())
        out.fit = (wv, bv)
        return ["rows[epoch,loss,w,b]": .rows(rows), "final": .numbers([wv, bv])]
    }
}

extension TrainingLoopLabs {
    /// The article's question, answered with numbers: why lr 1.0 fits the slope but not
    /// the bias, and why lr 0.01 "no longer fits". The loss `mean((w·x + b - y)²)` has
    /// curvature `λ_w = 2·mean(x²)` along w and `λ_b = 2` along b (and `2·mean(x) = 0`
    /// between them for x symmetric about 0), so gradient descent multiplies each error
    /// by `1 - lr·λ` per step, and is stable only for `lr < 2/λ`.
    static let why = Lab(
        id: "training-loop.exercise1.why", title: "Exercise 1, answered: curvature and the stability limit lr < 2/λ",
        article: article,
        ownExpectation: [
            "curvature: w 0.6801, b 2.0000, coupling 0.0000",
            "stable for lr < 2/curvature: w 2.9406, b 1.0000",
            "lr 1.0: per-epoch factor w 0.3199, b -1.0000 -> b flips between -1.4174 and -0.5706 around -0.9940 forever",
            "lr 0.01: per-epoch factor w 0.9932 -> after 50 epochs 71% of w's error is left; 1% needs 675 epochs",
        ]
    ) { out in
        let n = 100
        let x = try Tensor.linspace(-1, 1, steps: n, dtype: .float64)
        let curvatureW = try 2 * (x * x).mean().item()
        let curvatureB = 2.0
        let coupling = try 2 * x.mean().item()
        out.print("curvature: w \(Py.f(curvatureW, 4)), b \(Py.f(curvatureB, 4)), coupling \(Py.f(Swift.abs(coupling), 4))")
        out.print("stable for lr < 2/curvature: w \(Py.f(2 / curvatureW, 4)), b \(Py.f(2 / curvatureB, 4))")
        // The lr 1.0 run: b alternates between its epoch-1 value and its value at even epochs.
        let fast = try manualRegression(lr: 1.0, Transcript())
        guard case .rows(let rows)? = fast["rows[epoch,loss,w,b]"],
            case .numbers(let slow)? = try manualRegression(lr: 0.1, Transcript())["final"]
        else { return [:] }
        let (odd, even) = (rows[0][3], rows[1][3])
        out.print(
            "lr 1.0: per-epoch factor w \(Py.f(1 - 1.0 * curvatureW, 4)), b \(Py.f(1 - 1.0 * curvatureB, 4)) -> b flips between \(Py.f(odd, 4)) and \(Py.f(even, 4)) around \(Py.f(slow[1], 4)) forever"
        )
        let factor = 1 - 0.01 * curvatureW
        let left = Foundation.pow(factor, 50)
        let needed = Int((Foundation.log(0.01) / Foundation.log(factor)).rounded(.up))
        out.print(
            "lr 0.01: per-epoch factor w \(Py.f(factor, 4)) -> after 50 epochs \(Int((left * 100).rounded()))% of w's error is left; 1% needs \(needed) epochs")
        return ["curvature": .numbers([curvatureW, curvatureB]), "b oscillation": .numbers([odd, even])]
    }
}
