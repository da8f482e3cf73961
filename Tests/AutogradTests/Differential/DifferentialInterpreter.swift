@testable import Autograd

/// Runs differential programs in GradLab, step for step as `interpreter.py` runs them in PyTorch.
///
/// The interpreter never traps on odd fixture data: every GradLab call it makes
/// throws instead of failing, and every index it reads from the fixture is checked.
enum DifferentialInterpreter {
    /// Runs `program` from scratch and records what GradLab did.
    ///
    /// Grad mode is switched on for the run (whatever the calling thread had), and the
    /// warnings GradLab raises (reading `.grad` of a non-leaf) are kept off stderr.
    static func run(_ program: DifferentialProgram) throws -> ReplayOutcome {
        try Warnings.capture { try enableGrad { try runInGradMode(program) } }.result
    }

    /// `run` without the grad-mode and warning set-up.
    private static func runInGradMode(_ program: DifferentialProgram) throws -> ReplayOutcome {
        // Inputs: a thrown error is PyTorch's "error_input".
        var inputs: [Tensor] = []
        for (index, spec) in program.inputs.enumerated() {
            do {
                inputs.append(try InputMaker.leaf(spec))
            } catch let error as FixtureError {
                return .invalidFixture("input \(index): \(error)")
            } catch {
                return .inputError(index: index, message: replayMessage(of: error))
            }
        }

        // Ops: each appends its result to the value list.
        var values = inputs
        for (index, op) in program.ops.enumerated() {
            do {
                values.append(try OpApplier.apply(op, to: values))
            } catch let error as FixtureError {
                return .invalidFixture("op \(index) (\(op.name)): \(error)")
            } catch let error as UnsupportedOperation {
                return .unsupported(op: error.name)
            } catch {
                return .opError(index: index, message: replayMessage(of: error))
            }
        }

        guard let result = values.last else { return .invalidFixture("the program has no inputs and no ops") }
        // Reading the values can throw (an allocation error); count it as the last op's failure.
        let resultValues: [Double], resultIntegers: [Int64]?
        do {
            resultValues = try result.toArray()
            resultIntegers = result.dtype == .int64 ? try result.toIntArray().map(Int64.init) : nil
        } catch {
            return .opError(index: program.ops.count - 1, message: "reading the result: \(replayMessage(of: error))")
        }
        let backward: BackwardOutcome?
        do {
            backward = try runBackward(from: result, gradOutput: program.gradOutput, inputs: inputs)
        } catch let error as FixtureError {
            return .invalidFixture("grad_output: \(error)")
        } catch {
            return .invalidFixture("unexpected error outside backward: \(error)")
        }
        return .result(
            ReplayResult(
                shape: Array(result.shape),
                dtype: result.dtype,
                values: resultValues,
                integers: resultIntegers,
                gradFn: result.gradFn?.name,
                requiresGrad: result.requiresGrad,
                backward: backward))
    }

    /// Runs backward from `result` when it requires grad, and reads every input's gradient.
    ///
    /// Throws only a `FixtureError` (a `grad_output` value that is not a number); GradLab's
    /// own errors become `BackwardOutcome.error`.
    private static func runBackward(
        from result: Tensor, gradOutput: [FixtureValue]?,
        inputs: [Tensor]
    ) throws -> BackwardOutcome? {
        guard result.requiresGrad else { return nil }
        let numbers = try gradOutput.map { values in try values.map { try $0.number() } }
        do {
            if let numbers {
                try result.backward(gradient: gradientTensor(numbers, like: result))
            } else {
                try result.backward()
            }
            // As interpreter.py: nil when the input does not require grad or its grad is None.
            return .grads(
                try inputs.map { input -> [Double]? in
                    guard input.requiresGrad, let grad = input.grad else { return nil }
                    return try grad.toArray()
                })
        } catch {
            return .error(replayMessage(of: error))
        }
    }

    /// The `grad_output` values as a tensor of `result`'s shape and dtype.
    ///
    /// The values fit PyTorch's result; when they do not fit GradLab's (its shape or dtype
    /// differs, which the comparison reports first), the error says so.
    private static func gradientTensor(_ numbers: [Double], like result: Tensor) throws -> Tensor {
        guard let dtype = InputMaker.floatDType(result.dtype) else {
            throw HarnessMismatch("the result requires grad but has dtype \(result.dtype)")
        }
        do {
            return try Tensor(shape: result.shape, values: numbers, dtype: dtype)
        } catch {
            throw HarnessMismatch("grad_output has \(numbers.count) values, the result has shape \(result.shape)")
        }
    }
}

/// An error of the harness itself when GradLab's result cannot take PyTorch's `grad_output`;
/// recorded as a backward error, after the shape or dtype difference that causes it.
struct HarnessMismatch: Error, CustomStringConvertible {
    /// What does not fit.
    let description: String

    /// An error saying `description`.
    init(_ description: String) { self.description = description }
}

/// The error an op throws when GradLab's API has no counterpart for it.
struct UnsupportedOperation: Error {
    /// The op (and variant) that is missing, e.g. `norm(p=1.0)`.
    let name: String
}
