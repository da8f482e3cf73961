import Autograd

/// "PyTorch Basics Explained": tensors, a tiny house-price fit, and a
/// small neural network trained with Adam.
enum BasicsLabs {
    static let article = Article.basics

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
                out.record("loss", step: Double(epoch + 1), loss: l)
            }
            out.data = (try sizes.toArray(), try prices.toArray())
            out.fit = (try weight.item(), try bias.item())
            let predicted = try noGrad { try weight * Tensor([2000.0]) + bias }
            out.print("Predicted price for 2000 sq ft: $\(Py.f(try predicted.item(), 1))k")
            return ["rows[epoch,loss,weight,bias]": .rows(rows)]
        },
        Lab(id: "basics.house-price-net", title: "HousePriceNet: a 3-16-8-1 network with Adam", article: article) { out in
            manualSeed(42)
            let raw = try Tensor.randn([100, 3])
            let trueWeights = Tensor([0.5, 0.3, -0.2])
            let target = try raw.matmul(trueWeights) + 0.1 * Tensor.randn([100])
            let (trainFeatures, validFeatures) = (try raw[..<80], try raw[80...])
            let (trainTargets, validTargets) = (try target[..<80], try target[80...])
            let model = try HousePriceNet(features: 3)
            let lossFunction = MSELoss()
            let optimizer = try Adam(model.parameters(), lr: 1e-3)
            out.print("Model parameters: \(Py.thousands(model.parameterCount))")
            for epoch in 1...50 {
                model.train()
                optimizer.zeroGrad()
                let trainLoss = try lossFunction(model(trainFeatures), trainTargets)
                try trainLoss.backward()
                try optimizer.step()
                out.record("training", step: Double(epoch), loss: try trainLoss.item())
                if epoch % 10 == 0 {
                    model.eval()
                    let validLoss = try noGrad { try lossFunction(model(validFeatures), validTargets) }
                    out.record("validation", step: Double(epoch), loss: try validLoss.item())
                    out.print("Epoch \(Py.d(epoch, 3)) | Train Loss: \(Py.f(try trainLoss.item(), 4)) | Val Loss: \(Py.f(try validLoss.item(), 4))")
                }
            }
            model.eval()
            let prediction = try noGrad { try model(Tensor([[1.2, 0.5, -0.8]])) }
            out.print("Predicted price index for new house: \(Py.f(try prediction.item(), 4))")
            return [:]
        },
    ]
}

/// The article's network: Linear(n, 16), ReLU, Linear(16, 8), ReLU, Linear(8, 1), squeezed.
final class HousePriceNet: Module {
    var isTraining = true
    let network: Sequential

    init(features: Int) throws {
        network = Sequential(try Linear(features, 16), ReLU(), try Linear(16, 8), ReLU(), try Linear(8, 1))
    }

    var children: [(String, any Module)] { [("network", network)] }

    func forward(_ input: Tensor) throws -> Tensor { try network(input).squeeze(1) }
}
