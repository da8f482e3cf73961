import Autograd

/// A function of tensors as gradcheck calls it: counts evaluations and checks that
/// outputs keep their shapes and dtypes.
///
/// `@unchecked Sendable`: with more than one thread, `body` is called concurrently,
/// each time on a different `Replica` of the inputs (see `GradCheckOptions.threads`);
/// the evaluation count and output signature are kept under a lock.
final class CheckedFunction: @unchecked Sendable {
    let body: ([Tensor]) throws -> [Tensor]
    let inputs: [Tensor]
    private let state = Locked<State>(State())

    private struct State {
        var evaluations = 0
        var signature: [(DimensionList, DType)]?
    }

    init(_ body: @escaping ([Tensor]) throws -> [Tensor], inputs: [Tensor]) {
        self.body = body
        self.inputs = inputs
    }

    /// Takes `outputs`, computed by the caller's own first call, as the first evaluation:
    /// later ones must keep their shapes and dtypes.
    func adopt(_ outputs: [Tensor]) -> [Tensor] {
        state.withLock { state in
            state.evaluations += 1
            state.signature = outputs.map { ($0.shape, $0.dtype) }
        }
        return outputs
    }

    /// The resolution of the values a probe of `inputs` moves and the function returns
    /// (`ProbeLine.resolution`): float32's when one of those inputs or any output is float32.
    func resolution(moving inputs: [Int]) -> Double {
        let outputs = state.withLock { $0.signature?.map(\.1) ?? [] }
        return ProbeLine.resolution(of: inputs.map { self.inputs[$0].dtype } + outputs)
    }

    /// Function evaluations so far, on every thread.
    var evaluations: Int { state.withLock { $0.evaluations } }

    /// Calls the function on the (possibly perturbed) inputs.
    func callAsFunction() throws -> [Tensor] { try evaluate(inputs) }

    /// Calls the function on `arguments` (the inputs or a replica of them).
    func evaluate(_ arguments: [Tensor]) throws -> [Tensor] {
        state.withLock { $0.evaluations += 1 }
        let outputs: [Tensor]
        do { outputs = try body(arguments) } catch let failure as GradCheckFailure { throw failure } catch {
            throw ForwardFailure(underlying: error)
        }
        let current = outputs.map { ($0.shape, $0.dtype) }
        try state.withLock { state in
            guard let signature = state.signature else {
                state.signature = current
                return
            }
            for (o, (expected, actual)) in zip(signature, current).enumerated()
            where expected.0 != actual.0 || expected.1 != actual.1 {
                throw GradCheckFailure(
                    .outputChanged,
                    "Output \(o) changed under perturbation of the inputs: expected shape \(expected.0) and dtype \(expected.1), got shape \(actual.0) and dtype \(actual.1). gradcheck needs outputs whose shape and dtype do not depend on the input values."
                )
            }
            if signature.count != current.count {
                throw GradCheckFailure(.outputChanged, "The number of outputs changed under perturbation: \(signature.count) before, \(current.count) after.")
            }
        }
        return outputs
    }

    /// All outputs' values, flattened and concatenated.
    func values() throws -> [Double] { try values(at: inputs) }

    /// All outputs' values at `arguments` (the inputs or a replica), flattened and concatenated.
    func values(at arguments: [Tensor]) throws -> [Double] { try evaluate(arguments).flatMap { try $0.toArray() } }

    /// All outputs' values at `arguments`, flattened and concatenated into `buffer`.
    func values(at arguments: [Tensor], into buffer: UnsafeMutableBufferPointer<Double>) throws {
        var start = 0
        for output in try evaluate(arguments) {
            try output.copyValues(into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
            start += output.count
        }
    }
}

/// An error the checked function itself threw, told apart from errors of its backward.
struct ForwardFailure: Error {
    let underlying: any Error
}
