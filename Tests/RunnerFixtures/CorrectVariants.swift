import Autograd
import Foundation
import ReferenceSolutions
import SolutionKit

/// Right solutions written differently from the reference: full marks for each.
enum CorrectVariants {
    static let all: [String: Solutions] = [
        "prints-a-lot": chatty,
        "writes-to-stderr": referenceSolutions.with {
            let fit = $0.fitTwoParameters
            $0.fitTwoParameters = { x, y, lr, epochs in
                for epoch in 0..<epochs { FileHandle.standardError.write(Data("epoch \(epoch)\n".utf8)) }
                return try fit(x, y, lr, epochs)
            }
            let losses = $0.storeLosses
            $0.storeLosses = { x, y, lr, epochs in
                FileHandle.standardError.write(Data("warning: storing \(epochs) losses\n".utf8))
                return try losses(x, y, lr, epochs)
            }
        },
        "plain-arithmetic": referenceSolutions.with {
            // no tensors at all: the derivatives by hand, in Double
            $0.oneParameter = { w in ((3 * w - 10) * (3 * w - 10), 6 * (3 * w - 10)) }
            $0.gradientIsNotTheUpdate = { start, lr, steps in
                var w = start
                return (0..<steps).map { _ in
                    w -= lr * 6 * (3 * w - 10)
                    return w
                }
            }
            $0.accumulation = { x in [2 * x, 2 * x + 2, 2] }
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                var w = 0.0, b = 0.0
                let n = Double(xs.count)
                for _ in 0..<epochs {
                    let errors = zip(xs, ys).map { w * $0 + b - $1 }
                    let gw = zip(errors, xs).reduce(0) { $0 + 2 * $1.0 * $1.1 } / n
                    let gb = errors.reduce(0) { $0 + 2 * $1 } / n
                    w -= lr * gw
                    b -= lr * gb
                }
                return (w, b)
            }
        },
        "optimizer-and-loss-module": referenceSolutions.with {
            $0.fitTwoParameters = { xs, ys, lr, epochs in
                let (x, y) = (Tensor(xs), Tensor(ys))
                let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
                let optimizer = try SGD([w, b], lr: lr)
                let criterion = MSELoss()
                for _ in 0..<epochs {
                    optimizer.zeroGrad()
                    try criterion(w * x + b, y).backward()
                    try optimizer.step()
                }
                return (try w.item(), try b.item())
            }
            $0.manualRegression = { seed, lr, epochs in
                // autograd for the gradients the exercise writes by hand
                manualSeed(UInt64(seed))
                let x = try Tensor.linspace(-1, 1, steps: 100).unsqueeze(1)
                let y = try 2.0 * x + -1.0 + 0.1 * Tensor.randn([100, 1])
                let w = try Tensor.randn([1]).requiresGrad_(), b = try Tensor.randn([1]).requiresGrad_()
                for _ in 0..<epochs {
                    try ((w * x + b - y) ** 2).mean().backward()
                    try noGrad {
                        try w -= lr * w.grad!
                        try b -= lr * b.grad!
                    }
                    w.zeroGrad()
                    b.zeroGrad()
                }
                return (try w.item(), try b.item())
            }
        },
        "set-to-none-and-data": referenceSolutions.with {
            $0.gradientIsNotTheUpdate = { start, lr, steps in
                let w = Tensor(start, requiresGrad: true)
                var trajectory: [Double] = []
                for _ in 0..<steps {
                    try ((w * 3 - 10) ** 2).backward()
                    w.data = try w.data - lr * w.grad!
                    w.zeroGrad()
                    trajectory.append(try w.item())
                }
                return trajectory
            }
            $0.quadraticDescent = { start, lr, steps in
                let w = Tensor(start, requiresGrad: true)
                for _ in 0..<steps {
                    w.zeroGrad()
                    try (w * w + 20).mean().backward()
                    try noGrad { try w -= lr * w.grad! }
                }
                return try w.toArray()
            }
        },
        "square-saves-output": referenceSolutions.with { $0.customSquare = { try SquareFromSum.apply($0) } },
        "threads-and-detach": referenceSolutions.with {
            $0.storeLosses = { xs, ys, lr, epochs in
                let (x, y) = (Tensor(xs), Tensor(ys))
                let w = Tensor(0.0, requiresGrad: true), b = Tensor(0.0, requiresGrad: true)
                var losses: [Tensor] = []
                for _ in 0..<epochs {
                    let loss = try ((w * x + b - y) ** 2).mean()
                    losses.append(loss.detach())
                    try loss.backward()
                    try noGrad {
                        try w -= lr * w.grad!
                        try b -= lr * b.grad!
                    }
                    w.zeroGrad()
                    b.zeroGrad()
                }
                return try losses.map { try $0.item() }
            }
            $0.detachSharesMemory = { values, newValue in
                let w = Tensor(values, requiresGrad: true)
                let view = w.detach()
                try noGrad { try view.select(0, 0).fill_(newValue) }
                return try w.toArray()
            }
        },
    ]

    /// The reference, printing a few hundred lines (about 60 KB) in every function.
    static let chatty = referenceSolutions.with {
        @Sendable func shout(_ what: String) { for i in 0..<300 { print("\(what): debugging line \(i) of 300, printing freely as learners do") } }
        let one = $0.oneParameter, two = $0.gradientIsNotTheUpdate, three = $0.accumulation, four = $0.fitTwoParameters
        let store = $0.storeLosses, manual = $0.manualRegression, features = $0.twoFeatures, sgd = $0.autogradSGD
        let quadratic = $0.quadraticDescent, detach = $0.detachSharesMemory, square = $0.customSquare
        $0.oneParameter = {
            shout("lab 1")
            return try one($0)
        }
        $0.gradientIsNotTheUpdate = {
            shout("lab 2")
            return try two($0, $1, $2)
        }
        $0.accumulation = {
            shout("lab 3")
            return try three($0)
        }
        $0.fitTwoParameters = {
            shout("lab 4")
            return try four($0, $1, $2, $3)
        }
        $0.storeLosses = {
            shout("exercise 4")
            return try store($0, $1, $2, $3)
        }
        $0.manualRegression = {
            shout("regression")
            return try manual($0, $1, $2)
        }
        $0.twoFeatures = {
            shout("two features")
            return try features($0)
        }
        $0.autogradSGD = {
            shout("sgd")
            return try sgd($0, $1)
        }
        $0.quadraticDescent = {
            shout("quadratic")
            return try quadratic($0, $1, $2)
        }
        $0.detachSharesMemory = {
            shout("detach")
            return try detach($0, $1)
        }
        $0.customSquare = { x in
            print("square of \(x)")
            return try square(x)
        }
    }
}

/// x² whose backward uses x + x instead of 2x.
enum SquareFromSum: CustomFunction {
    static let name = "SquareBackward"
    static func forward(_ ctx: FunctionContext, _ inputs: [Tensor]) throws -> Tensor {
        ctx.saveForBackward(inputs[0])
        return try inputs[0] ** 2
    }
    static func backward(_ ctx: FunctionContext, _ gradOutput: Tensor) throws -> [Tensor?] {
        let x = try ctx.savedTensors()[0]
        return [try (x + x) * gradOutput]
    }
}
