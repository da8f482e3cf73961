import Autograd
import Foundation
import GradCheck

/// "Learn the Training Loop with PyTorch", Part 1.5: Numerical vs. Analytical Gradients.
/// Autograd's gradient of a line's (then a parabola's) mean squared error beside central
/// differences `(f(p + h) - f(p - h)) / 2h`, each perturbed copy evaluated in float32 as the
/// program does. With h = 1e-5 the float32 differences already disagree in the third digit,
/// and with h = 1e-7 they are 0: why, step by step, is the step-size sweep lab's subject.
enum SeriesGradientCheckLabs {
    static let article = Article.trainingLoopSeries

    static let labs: [Lab] = [
        lab("demo1", "autograd's gradient of a line's loss beside central differences (h = 1e-5)") { out in
            let (x, y) = try data()
            let w = try Tensor.randn(1, 1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
            let loss = { (p: [Tensor]) in try ((x.matmul(p[0]) + p[1] - y) ** 2).mean() }
            try loss([w, b]).backward()
            out.print("Analytical grad (w):", w.grad!)
            out.print("Numerical grad (w): ", try numericalGradient(loss, [w, b], 0))
            out.print("Analytical grad (b):", b.grad!)
            out.print("Numerical grad (b): ", try numericalGradient(loss, [w, b], 1))
            return [:]
        },
        lab("ex1", "exercise 1: a parabola's three parameters") { out in
            let (x, y) = try data()
            let w1 = try Tensor.randn(1, requiresGrad: true), w2 = try Tensor.randn(1, requiresGrad: true)
            let b = try Tensor.randn(1, requiresGrad: true)
            let loss = { (p: [Tensor]) in try ((p[1] * x ** 2 + p[0] * x + p[2] - y) ** 2).mean() }
            try loss([w1, w2, b]).backward()
            for (i, name) in ["w1", "w2", "b"].enumerated() {
                out.print("Analytical grad (\(name)):", [w1, w2, b][i].grad!)
                out.print("Numerical grad (\(name)):", try numericalGradient(loss, [w1, w2, b], i))
            }
            return [:]
        },
        lab("ex2", "exercise 2: the loss along w, b fixed") { out in
            let (x, y) = try data()
            _ = try (Tensor.randn(1), Tensor.randn(1))
            let bFixed = try Tensor.randn(1).item()
            // NumPy's linspace(-4, 4, 100): i·step from -4, the last point exactly 4.
            let ws = (0..<100).map { $0 == 99 ? 4 : -4 + Double($0) * (8.0 / 99) }
            let losses = try ws.map { w in try ((x.matmul(Tensor([[w]])) + Tensor([bFixed]) - y) ** 2).mean().item() }
            var plots = SeriesPlots()
            plots.plot(losses, label: "Loss vs w")
            for (w, loss) in zip(ws, losses) { out.record("Loss vs w", step: w, loss: loss) }
            out.lossAxis = "w"
            return plots.values
        },
        lab("ex3", "exercise 3: the same difference with h = 1e-3, 1e-5 and 1e-7") { out in
            let (x, y) = try data()
            let w = try Tensor.randn(1, 1, requiresGrad: true), b = try Tensor.randn(1, requiresGrad: true)
            let loss = { (p: [Tensor]) in try ((x.matmul(p[0]) + p[1] - y) ** 2).mean() }
            try loss([w, b]).backward()
            for h in [1e-3, 1e-5, 1e-7] {
                out.print("Numerical grad (w) with h=\(Py.e(h, 0)):", try numericalGradient(loss, [w, b], 0, h: h))
            }
            return [:]
        },
        lab("step-sweep", "GradLab's own: the step h from 1e-1 to 1e-12 in float32 and float64, the V of truncation against round-off") { out in
            try stepSweep(out)
        },
        Lab(
            id: "series.1.5.numerical-vs-analytical.gradcheck-methods",
            title: "Part 1.5, GradLab's own: what each GradCheck method says of the sweep's function, in float64 and float32",
            article: article, ownExpectation: gradcheckMethodsExpectation
        ) { out in
            try gradcheckMethods(out)
        },
    ]

    /// What `gradcheck-methods` prints: each method's verdict and largest error. In float64
    /// Richardson is four orders closer than central differences; in float32 every method
    /// passes only because GradCheck widens its step and tolerance to float32's resolution,
    /// and the errors grow a million-fold.
    static let gradcheckMethodsExpectation = [
        "float64 central: passes, largest error 5.5e-10",
        "float64 gsl: passes, largest error 4.3e-11",
        "float64 richardson: passes, largest error 2.6e-14",
        "float32 central: passes, largest error 4.1e-04",
        "float32 gsl: passes, largest error 3.9e-05",
        "float32 richardson: passes, largest error 8.8e-07",
    ]

    /// The sweep's function checked by each of GradCheck's methods, with its default step:
    /// central differences (PyTorch's gradcheck), GSL's adaptive 5-point rule and Richardson
    /// extrapolation, each in float64 and then in float32.
    static func gradcheckMethods(_ out: Transcript) throws -> [String: LabValue] {
        let (x, y) = try data()
        let w0 = try Tensor.randn(1, 1), b0 = try Tensor.randn(1)
        for dtype in [DType.float64, .float32] {
            let (w, b) = (try w0.to(dtype).requiresGrad_(), try b0.to(dtype))
            let function: ([Tensor]) throws -> [Tensor] = { [try ((x.to(dtype).matmul($0[0]) ** 3 + b - y.to(dtype)) ** 2).mean()] }
            for method in DifferenceMethod.allCases {
                let report = try gradcheckReport(function, inputs: [w], options: GradCheckOptions(method: method))
                out.print(
                    "\(dtype == .float64 ? "float64" : "float32") \(method.rawValue): \(report.passed ? "passes" : "fails"), largest error \(Py.e(report.maxAbsoluteError, 1))"
                )
            }
        }
        return [:]
    }

    /// GradLab's own program beside the post's (`Fixtures/series/programs/step_sweep.py` runs
    /// the same in PyTorch): the post's data and a bending model `(x·w)³ + b` (a polynomial, which both libraries round alike; the post's
    /// line has a loss quadratic in w, whose central differences have no truncation error),
    /// the loss's derivative in w by central differences at each step h, in both precisions,
    /// against autograd's float64 gradient. Too large an h errs by truncation (≈ h²·f‴/6), too
    /// small an h by round-off (≈ ε·|f|/h, ε = 1.2e-7 in float32, 2.2e-16 in float64).
    static func stepSweep(_ out: Transcript) throws -> [String: LabValue] {
        let (x, y) = try data()
        let w0 = try Tensor.randn(1, 1), b0 = try Tensor.randn(1)
        func loss(_ w: Tensor, _ b: Tensor, _ dtype: DType) throws -> Tensor {
            try ((x.to(dtype).matmul(w) ** 3 + b - y.to(dtype)) ** 2).mean()
        }
        let w64 = try w0.double().requiresGrad_()
        try loss(w64, b0.double(), .float64).backward()
        let exact = try w64.grad!.item()
        out.print("autograd, float64: \(Py.f(exact, 12))")
        out.print("h      float32 error  float64 error")
        var steps: [Double] = [], errors: [DType: [Double]] = [.float32: [], .float64: []]
        for k in 1...12 {
            let h = pow(10.0, Double(-k))
            steps.append(h)
            for dtype in [DType.float32, .float64] {
                let (w, b) = (try w0.to(dtype), try b0.to(dtype))
                let difference = (try loss(w + h, b, dtype).item() - loss(w - h, b, dtype).item()) / (2 * h)
                errors[dtype]!.append(Swift.abs(difference - exact))
            }
            out.print("\(Py.e(h, 0))  \(Py.e(errors[.float32]!.last!, 3))      \(Py.e(errors[.float64]!.last!, 3))")
        }
        func best(_ dtype: DType) -> Double { steps[errors[dtype]!.firstIndex(of: errors[dtype]!.min()!)!] }
        out.print("smallest error: float32 at h=\(Py.e(best(.float32), 0)), float64 at h=\(Py.e(best(.float64), 0))")
        var plots = SeriesPlots()
        for (dtype, name) in [(DType.float32, "float32"), (.float64, "float64")] {
            plots.plot(errors[dtype]!, label: name)
            for (h, error) in zip(steps, errors[dtype]!) { out.record("\(name) (log10 of the error)", step: log10(h), loss: log10(error)) }
        }
        out.lossAxis = "log10 h"
        return plots.values
    }

    static func lab(_ program: String, _ title: String, _ body: @escaping @Sendable (Transcript) throws -> [String: LabValue]) -> Lab {
        Lab(id: "series.1.5.numerical-vs-analytical.\(program)", title: "Part 1.5, \(title)", article: article, body: body)
    }

    /// 20 points on `y = 2x + 3` over [-1, 1] with noise of standard deviation 0.1, drawn
    /// after `manual_seed(0)`, as columns.
    static func data(_ n: Int = 20) throws -> (x: Tensor, y: Tensor) {
        manualSeed(0)
        let x = try Tensor.linspace(-1, 1, steps: n).unsqueeze(1)
        return (x, try 2.0 * x + 3.0 + 0.1 * Tensor.randn(n, 1))
    }

    /// The program's central differences: for each element of `parameters[index]`, copies
    /// of all parameters with that element moved by ±h (stored in the parameter's dtype),
    /// the loss of each read as a Double, and `(f₊ - f₋) / 2h` stored back in that dtype.
    static func numericalGradient(_ loss: ([Tensor]) throws -> Tensor, _ parameters: [Tensor], _ index: Int, h: Double = 1e-5) throws -> Tensor {
        let target = parameters[index]
        let gradient = try Tensor.zerosLike(target)
        for position in 0..<target.count {
            let original = try target.detach().reshape([-1])[position].item()
            func moved(by step: Double) throws -> Double {
                let copies = try parameters.map { try $0.detach().clone() }
                try copies[index].reshape([-1])[position].fill_(original + step)
                return try loss(copies).item()
            }
            let difference = (try moved(by: h) - moved(by: -h)) / (2 * h)
            try gradient.reshape([-1])[position].fill_(difference)
        }
        return gradient
    }
}
