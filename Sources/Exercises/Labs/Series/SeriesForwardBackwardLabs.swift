import Autograd

/// "Learn the Training Loop with PyTorch", Part 2.2: Forward and Backward Passes. A network
/// with one hidden layer (3 → 4 → 1, ReLU) run forward on two samples, its loss taken, and
/// `backward()` filling every weight's gradient; rows of hidden units that ReLU switched off
/// get zero gradient. The exercises repeat it on one sample, then sweep a single weight and
/// draw the loss along it.
enum SeriesForwardBackwardLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "one forward and one backward pass through a 3-4-1 network") { _, out in
            manualSeed(0)
            let model = try SimpleNetwork()
            let x = try Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), target = try Tensor([[10.0], [20.0]])
            let prediction = try model(x)
            out.print("Predictions:", try NumPyArrayText.text(of: prediction.detach()) ?? "\(prediction)")
            let loss = try MSELoss()(prediction, target)
            out.print("Loss:", try loss.item())
            model.zeroGrad()
            try loss.backward()
            out.print("Gradient of layer1 weights:")
            out.print(model.layer1.weight.grad!)
            out.print("Gradient of layer2 weights:")
            out.print(model.layer2.weight.grad!)
        },
        lab("ex1", "exercise 1: one new sample through the same network") { _, out in
            _ = try oneSample(out)
        },
        lab("ex2", "exercise 2: the loss as one weight of layer 2 moves by -2 to 2") { plots, out in
            let (model, x, target) = try oneSample(out)
            let weight = model.layer2.weight
            let original = try weight.data.clone()
            var losses: [Double] = []
            for delta in try Tensor.linspace(-2, 2, steps: 50).toArray() {
                try weight.data[0, 2].fill_((original[0, 2] + delta).item())
                let value = try weight.data[0, 2].item()
                losses.append(try MSELoss()(model(x), target).item())
                out.record("loss", step: value, loss: losses.last!)
            }
            try weight.data[0, 2].fill_(original[0, 2].item())
            out.lossAxis = "layer2.weight[0,2]"
            plots.plot(losses)
        },
    ]

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (inout SeriesPlots, Transcript) throws -> Void) -> Lab {
        Lab(id: "series.2.2.forward-backward.\(program)", title: "Part 2.2, \(title)", article: article) { out in
            var plots = SeriesPlots()
            try body(&plots, out)
            return plots.values
        }
    }

    /// The post's network: `layer1` (3 → 4), ReLU, `layer2` (4 → 1).
    final class SimpleNetwork: Module {
        var isTraining = true
        let layer1: Linear, layer2: Linear
        init() throws { (layer1, layer2) = (try Linear(3, 4), try Linear(4, 1)) }
        var children: [(String, any Module)] { [("layer1", layer1), ("layer2", layer2)] }
        func forward(_ input: Tensor) throws -> Tensor { try layer2(layer1(input).relu()) }
    }

    /// The exercises' pass: the sample `[7, 8, 9]` with target 30, and both weight gradients.
    static func oneSample(_ out: Transcript) throws -> (SimpleNetwork, Tensor, Tensor) {
        manualSeed(0)
        let model = try SimpleNetwork()
        let x = try Tensor([[7.0, 8.0, 9.0]]), target = try Tensor([[30.0]])
        let loss = try MSELoss()(model(x), target)
        model.zeroGrad()
        try loss.backward()
        out.print("Grad for layer1: \(model.layer1.weight.grad!)")
        out.print("Grad for layer2: \(model.layer2.weight.grad!)")
        return (model, x, target)
    }
}
