#if canImport(_Differentiation)
    import _Differentiation
    import Autograd
    import GradCheck

    /// Checks the derivative Swift's compiler builds for `f` (its pullback, from
    /// `valueWithPullback`, custom `@derivative(of:)` rules included) against GradCheck's
    /// numerical derivatives at `x`: the same methods, tolerances, kink handling, diagnosis and
    /// report as `gradcheckReport` on tensors.
    ///
    /// The function is seen by GradCheck as one op on a flat tensor of `x`'s scalars, whose
    /// backward is the compiler's pullback (`name` is the op's name in messages). Inputs and
    /// outputs of `Float` are checked at float32's resolution.
    ///
    /// ```swift
    /// @differentiable(reverse) func cube(_ x: Double) -> Double { x * x * x }
    /// let report = try gradcheck(cube, at: 1.5)
    /// ```
    public func gradcheck<Input: SwiftADCheckable, Output: SwiftADCheckable>(
        _ f: @escaping @differentiable(reverse) (Input) -> Output,
        at x: Input,
        name: String = "SwiftADBackward",
        options: GradCheckOptions = GradCheckOptions()
    ) throws -> GradCheckReport {
        let dtype: FloatDType = Input.isSinglePrecision ? .float32 : .float64
        let outputDType: FloatDType = Output.isSinglePrecision ? .float32 : .float64
        let scalars = x.scalars
        let point = try Tensor(shape: [scalars.count], values: scalars, dtype: dtype, requiresGrad: true)
        return try gradcheckReport(
            { inputs in
                let at = x.with(scalars: try inputs[0].toArray())
                let (value, pullback) = valueWithPullback(at: at, of: f)
                let outputScalars = value.scalars
                let output = try Tensor(shape: [outputScalars.count], values: outputScalars, dtype: outputDType)
                return [
                    try Tensor.customOp(
                        name: name, inputs: [inputs[0]], forward: { _ in output },
                        backward: { gradient in
                            let cotangent = value.tangent(scalars: try gradient.toArray())
                            let inputGradient = Input.scalars(of: pullback(cotangent))
                            return [try Tensor(shape: [inputGradient.count], values: inputGradient, dtype: dtype)]
                        })
                ]
            }, inputs: [point], options: options)
    }

    /// `gradcheck` for a function of two arguments (its pullback gives both gradients).
    public func gradcheck<First: SwiftADCheckable, Second: SwiftADCheckable, Output: SwiftADCheckable>(
        _ f: @escaping @differentiable(reverse) (First, Second) -> Output,
        at x: First, _ y: Second,
        name: String = "SwiftADBackward",
        options: GradCheckOptions = GradCheckOptions()
    ) throws -> GradCheckReport {
        let outputDType: FloatDType = Output.isSinglePrecision ? .float32 : .float64
        func tensor(_ values: [Double], single: Bool) throws -> Tensor {
            try Tensor(shape: [values.count], values: values, dtype: single ? .float32 : .float64, requiresGrad: true)
        }
        let first = try tensor(x.scalars, single: First.isSinglePrecision)
        let second = try tensor(y.scalars, single: Second.isSinglePrecision)
        return try gradcheckReport(
            { inputs in
                let (a, b) = (x.with(scalars: try inputs[0].toArray()), y.with(scalars: try inputs[1].toArray()))
                let (value, pullback) = valueWithPullback(at: a, b, of: f)
                let outputScalars = value.scalars
                let output = try Tensor(shape: [outputScalars.count], values: outputScalars, dtype: outputDType)
                return [
                    try Tensor.customOp(
                        name: name, inputs: inputs, forward: { _ in output },
                        backward: { gradient in
                            let (ga, gb) = pullback(value.tangent(scalars: try gradient.toArray()))
                            let (sa, sb) = (First.scalars(of: ga), Second.scalars(of: gb))
                            return [
                                try Tensor(shape: [sa.count], values: sa, dtype: inputs[0].dtype == .float32 ? .float32 : .float64),
                                try Tensor(shape: [sb.count], values: sb, dtype: inputs[1].dtype == .float32 ? .float32 : .float64),
                            ]
                        })
                ]
            }, inputs: [first, second], options: options)
    }
#endif
