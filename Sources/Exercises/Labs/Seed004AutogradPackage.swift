import Autograd

/// Seed 004, "Understanding PyTorch Autograd": tensors that track history,
/// `grad_fn`, `requires_grad_()` and the vector-Jacobian product.
enum Seed004 {
    static let article = "004"

    /// What `torch.manual_seed(0); torch.randn(3)` gives on CPU. GradLab's own
    /// PyTorch-identical generator replaces this constant when it lands (issue 3).
    static let randnSeed0: [Double] = [1.5409960746765137, -0.293428897857666, -2.1787893772125244, 0.5684312582015991]

    static let labs: [Lab] = [
        Lab(id: "autograd-package.mean-of-squares", title: "y = x + 2, z = 3y², out = mean(z)", article: article) { out in
            let x = try Tensor.ones(2, 2, requiresGrad: true)
            let y = try x + 2
            let z = try y * y * 3
            let mean = try z.mean()
            out.print(z)
            out.print(mean)
            out.print("y.grad_fn:", y.gradFn!.name, "out.grad_fn:", mean.gradFn!.name)
            try mean.backward()
            out.print(x.grad!)
            let g = try x.grad!.toArray()
            return ["x.grad": .rows([Array(g[0..<2]), Array(g[2..<4])])]
        },
        Lab(id: "autograd-package.requires-grad-inplace", title: "requires_grad_() turns tracking on", article: article) { out in
            var a = try Tensor(shape: [2, 2], values: randnSeed0)
            a = try (a * 3) / (a - 1)
            out.print(a.requiresGrad)
            try a.requiresGrad_(true)
            out.print(a.requiresGrad)
            let b = try (a * a).sum()
            out.print(b.gradFn!.name)
            return [:]
        },
        Lab(id: "autograd-package.vector-jacobian-product", title: "A vector-Jacobian product", article: article) { out in
            let x = Tensor(Array(randnSeed0.prefix(3)), requiresGrad: true)
            var y = try x * 2
            var k = 1
            while try y.data.norm().item() < 1000 {
                y = try y * 2
                k += 1
            }
            let v = Tensor([0.1, 1.0, 0.0001])
            try y.backward(gradient: v)
            let g = try x.grad!.toArray()
            out.print("doublings:", k, "x.grad:", Py.nums(g) { Py.g($0, 6) })
            return ["k": .number(Double(k)), "x.grad": .numbers(g)]
        },
    ]
}
