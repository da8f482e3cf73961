import Autograd

/// Seed 003, "PyTorch Basics Explained": tensors and a tiny house-price fit.
/// (The neural-network lab arrives with `nn` and `optim`.)
enum Seed003 {
    static let article = "003"

    static let labs: [Lab] = [
        Lab(id: "basics.tensors", title: "Normalising a feature matrix", article: article) { out in
            let features = try Tensor([[750.0, 3.0, 1.0], [1200.0, 4.0, 2.0], [1800.0, 4.0, 3.0], [2400.0, 5.0, 3.0]])
            let means = try features.mean(dim: 0)
            let stds = try features.std(dim: 0)
            let normalised = try (features - means) / stds
            out.print("Shape:", Py.list(features.shape))
            let first = try normalised[0].toArray()
            out.print("Normalised features (first row):", Py.nums(first) { Py.f($0, 4) })
            return ["first_row": .numbers(first)]
        },
        Lab(id: "basics.house-prices-tiny-lr", title: "House prices with a tiny learning rate", article: article) { out in
            let sizes = Tensor([750.0, 1200.0, 1800.0, 2400.0])
            let prices = Tensor([140.0, 221.0, 329.0, 437.0])
            let weight = Tensor([0.01], requiresGrad: true)
            let bias = Tensor([0.01], requiresGrad: true)
            let lr = 0.0000001
            var rows: [[Double]] = []
            for epoch in 0..<6 {
                let pred = try weight * sizes + bias
                let loss = try ((pred - prices) ** 2).mean()
                if let gw = weight.grad, let gb = bias.grad {
                    try gw.zero_()
                    try gb.zero_()
                }
                try loss.backward()
                try noGrad {
                    try weight -= lr * weight.grad!
                    try bias -= lr * bias.grad!
                }
                let (l, wv, bv) = (try loss.item(), try weight.item(), try bias.item())
                out.print("Epoch \(Py.d(epoch + 1, 2)) | Loss: \(Py.f(l, 2)) | weight: \(Py.f(wv, 5)) | bias: \(Py.f(bv, 5))")
                rows.append([Double(epoch + 1), l, wv, bv])
            }
            let predicted = try noGrad { try weight * Tensor([2000.0]) + bias }
            out.print("Predicted price for 2000 sq ft: $\(Py.f(try predicted.item(), 1))k")
            return ["rows[epoch,loss,weight,bias]": .rows(rows)]
        },
    ]
}
