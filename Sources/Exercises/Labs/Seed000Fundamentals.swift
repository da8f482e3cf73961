import Autograd

/// Seed 000, "practical PyTorch fundamentals": gradient descent on a quadratic
/// and `detach()` sharing memory. (Its labs that draw random numbers arrive with
/// the PyTorch-identical generator.)
enum Seed000 {
    static let article = "000"

    static let labs: [Lab] = [
        Lab(id: "fundamentals.quadratic-descent", title: "Gradient descent on w² + 20", article: article) { out in
            let w = Tensor([10.0, 20.0], requiresGrad: true)
            var losses: [Double] = []
            for _ in 0..<500 {
                let loss = w ** 2 + 20
                if let g = w.grad { try g.zero_() }
                try loss.mean().backward()
                w.data = try w.data - 0.01 * w.grad!
                losses.append(try loss.mean().item())
            }
            for i in [0, 1, 2, 99, 249, 499] {
                out.print("iter=\(i) loss=\(Py.f(losses[i], 6))")
            }
            let final = w.toArray()
            out.print("final w:", Py.nums(final) { Py.e($0, 6) })
            return ["losses_first3": .numbers(Array(losses.prefix(3))), "final_w": .numbers(final)]
        },
        Lab(id: "fundamentals.detach-shares-memory", title: "detach() shares memory", article: article) { out in
            let w = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
            let n2 = try w.detach().numpy()
            n2[0] = 28.0
            out.print(w)
            out.print("detached:", Py.nums(n2.values) { Py.f($0, 1) })
            return ["w": .numbers(w.toArray())]
        },
    ]
}
