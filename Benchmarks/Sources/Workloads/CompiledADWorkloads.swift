#if canImport(_Differentiation)
    import _Differentiation

    /// Lab 4 written for Swift's compiler-generated reverse mode (`import _Differentiation`):
    /// the floor an eager tape is measured against. The compiler knows the whole function
    /// when it builds the pullback, so there is no graph to record, no tensor to allocate and
    /// no dispatch per op; what is left is the arithmetic.
    enum CompiledADWorkloads {
        static let all = [lab4]

        /// The same 201 epochs as `lab4-201-epochs`, in float32 like PyTorch's default tensors.
        static let lab4 = Workload(
            "lab4-201-epochs-swift-ad",
            "Lab 4's 201 epochs with Swift's compiled AD (gradient(at:of:), no tensors)"
        ) {
            { keep(CompiledLab4.run(epochs: 201)) }
        }

        /// Hands a result to code the optimizer cannot see into, so the work that made it stays.
        @inline(never)
        static func keep(_ result: (Float, Float, Float)) {
            if result.0.isNaN && result.1.isNaN && result.2.isNaN { print("NaN") }
        }
    }

    /// Lab 4 of the autograd article on plain `Float`s: mean squared error of `w x + b`
    /// against y = 2x + 1 over four points, and 201 steps of gradient descent with lr 0.05.
    enum CompiledLab4 {
        static let inputs: [Float] = [1, 2, 3, 4]
        static let targets: [Float] = [3, 5, 7, 9]

        /// The loss of the line (`w`, `b`) on the four points.
        @differentiable(reverse,wrt: (w, b))
        static func loss(w: Float, b: Float, inputs: [Float], targets: [Float]) -> Float {
            var sum: Float = 0
            for index in withoutDerivative(at: inputs.indices) {
                let error = w * inputs[index] + b - targets[index]
                sum += error * error
            }
            return sum / Float(withoutDerivative(at: inputs.count))
        }

        /// Trains for `epochs` steps and returns the final (loss, w, b), read every 50 epochs
        /// as the eager workload reads them.
        @discardableResult
        static func run(epochs: Int) -> (Float, Float, Float) {
            var w: Float = 0, b: Float = 0
            let learningRate: Float = 0.05
            var last: (Float, Float, Float) = (0, 0, 0)
            for epoch in 0..<epochs {
                let (value, gradient) = valueWithGradient(at: w, b) { w, b in
                    loss(w: w, b: b, inputs: inputs, targets: targets)
                }
                w -= learningRate * gradient.0
                b -= learningRate * gradient.1
                if epoch % 50 == 0 { last = (value, w, b) }
            }
            return last
        }
    }
#else
    /// Swift's compiled AD is not in this toolchain: there is no floor to measure.
    enum CompiledADWorkloads {
        static let all: [Workload] = []
    }
#endif
