@testable import Autograd

/// Compares a result GradLab computed with the one PyTorch computed, field by field.
///
/// The first field that differs decides the class, in this order: shape, dtype,
/// values, `requires_grad`, `grad_fn`, then backward (its error, or each input's gradient).
enum ResultComparison {
    /// The class and detail for `actual` against `expected`; `inputs` give the gradients' dtypes.
    static func classify(
        _ expected: ExpectedResult, _ actual: ReplayResult,
        inputs: [ProgramInput]
    ) -> (ReplayClass, String) {
        guard expected.shape == actual.shape else {
            return (.differentShape, "expected shape \(expected.shape), got \(actual.shape)")
        }
        guard expected.dtype == actual.dtype.rawValue else {
            return (.differentDType, "expected dtype \(expected.dtype), got \(actual.dtype.rawValue)")
        }
        let values = ValueComparison(expected: expected.values, actual: actual.values, exactIntegers: actual.integers, dtype: actual.dtype)
        if values.agreement == .different {
            return (.differentValues, "values \(values.firstDifference ?? "differ")")
        }
        guard expected.requiresGrad == actual.requiresGrad else {
            return (.differentRequiresGrad, "expected requires_grad \(expected.requiresGrad), got \(actual.requiresGrad)")
        }
        guard expected.gradFn == actual.gradFn else {
            return (.differentGradFn, "expected grad_fn \(expected.gradFn ?? "None"), got \(actual.gradFn ?? "None")")
        }
        var agreement = values.agreement
        if let backward = actual.backward {
            switch compareBackward(expected, backward, inputs: inputs) {
            case .success(let gradAgreement): agreement = Swift.max(agreement, gradAgreement)
            case .failure(let difference): return (difference.kind, difference.detail)
            }
        }
        let kind: ReplayClass = agreement == .bitExact ? .bitExact : .withinTolerance
        return (kind, "")
    }

    /// A difference found in backward.
    struct BackwardDifference: Error {
        /// Its class.
        let kind: ReplayClass
        /// What differs.
        let detail: String
    }

    /// The gradients' agreement, or the first backward difference.
    private static func compareBackward(
        _ expected: ExpectedResult, _ backward: BackwardOutcome,
        inputs: [ProgramInput]
    ) -> Result<Agreement, BackwardDifference> {
        switch (expected.backwardError, backward) {
        case (let wanted?, .error(let got)):
            if wanted == got { return .success(.bitExact) }
            return .failure(
                BackwardDifference(
                    kind: .differentBackwardError,
                    detail: "expected backward error \(ReplayJudge.quoted(wanted)), got \(ReplayJudge.quoted(got))"))
        case (let wanted?, .grads):
            return .failure(
                BackwardDifference(
                    kind: .missingBackwardError,
                    detail: "expected backward error \(ReplayJudge.quoted(wanted)), got gradients"))
        case (nil, .error(let got)):
            return .failure(
                BackwardDifference(
                    kind: .unexpectedBackwardError,
                    detail: "expected gradients, got backward error \(ReplayJudge.quoted(got))"))
        case (nil, .grads(let grads)):
            guard let wanted = expected.grads else {
                return .failure(
                    BackwardDifference(
                        kind: .invalidFixture,
                        detail: "the result requires grad but the fixture has neither grads nor backward_error"))
            }
            return compareGrads(wanted, grads, inputs: inputs)
        }
    }

    /// Compares each input's gradient: presence first, then values in the input's dtype.
    private static func compareGrads(
        _ expected: [[FixtureValue]?], _ actual: [[Double]?],
        inputs: [ProgramInput]
    ) -> Result<Agreement, BackwardDifference> {
        guard expected.count == actual.count else {
            return .failure(
                BackwardDifference(
                    kind: .gradPresence,
                    detail: "expected \(expected.count) grads, got \(actual.count)"))
        }
        var agreement = Agreement.bitExact
        for (index, (wanted, got)) in zip(expected, actual).enumerated() {
            switch (wanted, got) {
            case (nil, nil):
                continue
            case (nil, _?):
                return .failure(
                    BackwardDifference(
                        kind: .gradPresence,
                        detail: "input \(index): expected no grad, got one"))
            case (let values?, nil):
                let zeros = values.allSatisfy { (try? $0.number()) == 0 }
                return .failure(
                    BackwardDifference(
                        kind: .gradPresence,
                        detail: "input \(index): expected a grad\(zeros ? " of zeros" : ""), got none"))
            case (let values?, let gotValues?):
                let dtype = inputs.indices.contains(index) ? DType(rawValue: inputs[index].dtype) : nil
                let comparison = ValueComparison(expected: values, actual: gotValues, dtype: dtype ?? .float64)
                if comparison.agreement == .different {
                    return .failure(
                        BackwardDifference(
                            kind: .differentGradValues,
                            detail: "grad of input \(index) \(comparison.firstDifference ?? "differs")"))
                }
                agreement = Swift.max(agreement, comparison.agreement)
            }
        }
        return .success(agreement)
    }
}
