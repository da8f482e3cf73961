import Autograd

/// "practical PyTorch fundamentals": a minimal training step, gradient
/// descent on a quadratic, `detach()` sharing memory, and a DataLoader regression.
enum FundamentalsLabs {
    static let article = Article.fundamentals

    static let labs: [Lab] = [
        Lab(id: "fundamentals.minimal-loop", title: "One forward, backward and update by hand", article: article) { out in
            manualSeed(5)
            let x = try Tensor.ones(2, 5)
            let y = try Tensor.zeros(2, 1)
            let w = try Tensor.rand([5, 1], requiresGrad: true)
            let b = try Tensor.rand([1], requiresGrad: true)
            let z = try x.matmul(w) + b
            let loss = try MSELoss()(z, y)
            try loss.backward()
            out.print("w:", Py.nums(try w.detach().toArray()) { Py.f($0, 6) })
            out.print("b:", Py.nums(try b.detach().toArray()) { Py.f($0, 6) })
            out.print("loss:", Py.f(try loss.item(), 6))
            out.print("w.grad:", Py.nums(try w.grad!.toArray()) { Py.f($0, 6) })
            out.print("b.grad:", Py.nums(try b.grad!.toArray()) { Py.f($0, 6) })
            try w.data.sub_(0.01 * w.grad!.data)
            try b.data.sub_(0.01 * b.grad!.data)
            out.print("w after:", Py.nums(try w.detach().toArray()) { Py.f($0, 6) })
            out.print("b after:", Py.nums(try b.detach().toArray()) { Py.f($0, 6) })
            return ["w0": .numbers(try w.detach().toArray())]
        },
        Lab(id: "fundamentals.dataloader-regression", title: "Linear regression with a DataLoader and SGD", article: article) { out in
            manualSeed(0)
            let x = try Tensor.randn([100, 1])
            let y = try 3.5 * x + 13.9 + Tensor.randn([100, 1])
            let loader = try DataLoader(TensorDataset(x, y), batchSize: 16, shuffle: true)
            let model = try Linear(1, 1)
            let lossFunction = MSELoss()
            let optimizer = try SGD(model.parameters(), lr: 0.01)
            for _ in 0..<100 {
                for batch in try loader.epoch() {
                    let loss = try lossFunction(model(batch[0]), batch[1])
                    optimizer.zeroGrad()
                    try loss.backward()
                    try optimizer.step()
                }
                out.losses.append(try noGrad { try lossFunction(model(x), y).item() })
            }
            let full = try noGrad { try lossFunction(model(x), y).item() }
            let (weight, bias) = (try model.weight.item(), try model.bias!.item())
            out.print("weight=\(Py.f(weight, 4)) bias=\(Py.f(bias, 4)) mse=\(Py.f(full, 4))")
            out.data = (try x.toArray(), try y.toArray())
            out.fit = (weight, bias)
            return ["weight": .number(weight), "bias": .number(bias), "mse": .number(full)]
        },
        Lab(id: "fundamentals.quadratic-descent", title: "Gradient descent on w² + 20", article: article) { out in
            let w = Tensor([10.0, 20.0], requiresGrad: true)
            var losses: [Double] = []
            for _ in 0..<500 {
                let loss = try w ** 2 + 20
                if let g = w.grad { try g.zero_() }
                try loss.mean().backward()
                w.data = try w.data - 0.01 * w.grad!
                losses.append(try loss.mean().item())
            }
            out.losses = losses
            out.lossAxis = "iteration"
            for i in [0, 1, 2, 99, 249, 499] {
                out.print("iter=\(i) loss=\(Py.f(losses[i], 6))")
            }
            let final = try w.toArray()
            out.print("final w:", Py.nums(final) { Py.e($0, 6) })
            return ["losses_first3": .numbers(Array(losses.prefix(3))), "final_w": .numbers(final)]
        },
        Lab(id: "fundamentals.detach-shares-memory", title: "detach() shares memory", article: article) { out in
            let w = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
            let n2 = try w.detach().numpy()
            try n2.set(28.0, at: 0)
            out.print(w)
            out.print("detached:", Py.nums(try n2.values) { Py.f($0, 1) })
            return ["w": .numbers(try w.toArray())]
        },
    ]
}
