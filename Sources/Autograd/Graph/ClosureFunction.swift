extension Tensor {
    /// A differentiable operation made of closures, without declaring a type: JAX's
    /// `custom_vjp` in one call. `forward` computes the output from the inputs' values (it
    /// records nothing); `backward` maps the output's gradient to one gradient per input
    /// (nil for none); `jvp`, when given, maps the inputs' tangents to the output's for
    /// forward mode. The closures may capture what they need (a pullback, a value), which
    /// lives as long as the graph does.
    ///
    /// ```swift
    /// let y = try Tensor.customOp(name: "CubeBackward", inputs: [x],
    ///                             forward: { try $0[0] ** 3 },
    ///                             backward: { g in [try g * x.detach() * x.detach() * 3] })
    /// ```
    public static func customOp(
        name: String,
        inputs: [Tensor],
        forward: ([Tensor]) throws -> Tensor,
        backward: @escaping (Tensor) throws -> [Tensor?],
        jvp: (([Tensor], [Tensor?]) throws -> Tensor?)? = nil
    ) throws -> Tensor {
        try FunctionApplication.apply(
            name: name, inputs: inputs, onceDifferentiable: false, materializeAlways: true,
            forward: { _ in [try forward(inputs)] },
            backward: { _, gradOutputs in try backward(gradOutputs[0]!) },
            jvp: { primals, tangents in
                guard let jvp else { throw AutogradError(.unsupported, FunctionApplication.missingJVPMessage) }
                return [try jvp(primals, tangents)]
            })[0]
    }
}
