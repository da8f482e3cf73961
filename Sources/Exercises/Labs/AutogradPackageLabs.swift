import Autograd

/// "Understanding PyTorch Autograd": tensors that track history,
/// `grad_fn`, `requires_grad_()` and the vector-Jacobian product.
enum AutogradPackageLabs {
    static let article = Article.autogradPackage

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
        Lab(id: "autograd-package.jacobian-both-ways", title: "The Jacobian both ways: forward and reverse mode", article: article) { out in
            // The article's function: x doubled until its norm reaches 1000.
            func doubled(_ x: Tensor) throws -> Tensor {
                var y = try x * 2
                while try y.detach().norm().item() < 1000 { y = try y * 2 }
                return y
            }
            manualSeed(0)
            let x = try Tensor.randn([3])
            let v = Tensor([0.1, 1.0, 0.0001])
            func line(_ values: [Double]) -> String { Py.nums(values) { Py.g($0, 6) } }

            // Reverse mode: one backward pass gives vᵀJ, a row combination of the Jacobian.
            let leaf = try x.clone().requiresGrad_()
            try doubled(leaf).backward(gradient: v)
            let vjp = try leaf.grad!.toArray()
            out.print("reverse mode, one backward pass: v^T J =", line(vjp))
            // Forward mode: one forward pass with tangent v gives J v, a column combination.
            let jv = try withDualLevel { try unpackDual(doubled(makeDual(x, tangent: v))).tangent!.toArray() }
            out.print("forward mode, one forward pass:  J v   =", line(jv))

            // A full Jacobian: one forward pass per input, or one backward pass per output.
            let threeToOne: (Tensor) throws -> Tensor = { try ($0 ** 2).sum() }
            let oneToThree: (Tensor) throws -> Tensor = { t in try Tensor.cat([t, t ** 2, t ** 3]) }
            let t = Tensor([1.5])
            var values: [String: LabValue] = ["vjp": .numbers(vjp), "jvp": .numbers(jv)]
            for (name, f, point, key) in [("f: R^3 -> R", threeToOne, x, "jacobian f"), ("g: R -> R^3", oneToThree, t, "jacobian g")] {
                let forward = try jacfwd(f, at: point).toArray(), reverse = try jacrev(f, at: point).toArray()
                let outputs = try f(point).count
                out.print(name)
                out.print("  jacfwd:", line(forward), "| forward passes:", point.count)
                out.print("  jacrev:", line(reverse), "| backward passes:", outputs)
                values[key] = .numbers(forward)
            }
            return values
        },
    ]
}
