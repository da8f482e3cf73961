import Testing
import Autograd
@testable import GradCheck

/// One sample of one op, for the parameterized gradient-check suite.
struct OpSampleCase: Sendable, CustomTestStringConvertible {
    let entry: OpInfo
    let sampleIndex: Int
    var testDescription: String { "\(entry.name): \(entry.samples()[sampleIndex].label)" }

    static let all: [OpSampleCase] = OpDatabase.entries.flatMap { entry in
        entry.samples().indices.map { OpSampleCase(entry: entry, sampleIndex: $0) }
    }
}

/// The CI gate: every differentiable op has an entry, and every sample of every
/// entry passes gradcheck and gradgradcheck in float64.
@Suite("OpInfo: every op's gradients are checked")
struct OpInfoTests {
    @Test func everyOpHasAnEntryWithSamples() {
        for op in Op.allCases {
            let entry = OpDatabase.entry(for: op)
            #expect(entry != nil, "\(op.nodeName) has no OpInfo entry: add one to OpDatabase")
            #expect(entry?.samples().isEmpty == false, "\(op.nodeName)'s entry has no samples")
        }
    }

    @Test func entriesProduceTheirOp() throws {
        for entry in OpDatabase.entries {
            let output = try entry.function(entry.samples()[0].inputs)
            let names = GraphWalk.nodeNames(from: output)
            #expect(names.contains(entry.op.nodeName), "\(entry.name) does not record \(entry.op.nodeName): \(names)")
        }
    }

    @Test("gradcheck", arguments: OpSampleCase.all)
    func firstOrder(_ example: OpSampleCase) throws {
        let entry = example.entry
        let sample = entry.samples()[example.sampleIndex]
        #expect(try gradcheck({ [try entry.function($0)] }, inputs: sample.inputs, options: entry.options()))
    }

    @Test("gradgradcheck", arguments: OpSampleCase.all.filter { $0.entry.checkSecondOrder })
    func secondOrder(_ example: OpSampleCase) throws {
        let entry = example.entry
        let sample = entry.samples()[example.sampleIndex]
        #expect(try gradgradcheck(entry.function, inputs: sample.inputs, options: entry.options()))
    }
}

/// Names of every node reachable from a tensor's `gradFn`.
enum GraphWalk {
    static func nodeNames(from tensor: Tensor) -> Set<String> {
        var names = Set<String>()
        var stack = [tensor.gradFn].compactMap { $0 }
        var seen = Set<ObjectIdentifier>()
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            names.insert(node.name)
            stack += node.nextFunctions.compactMap { $0 }
        }
        return names
    }
}

/// The checker proven both ways: it passes correct gradients and fails wrong ones.
@Suite("gradcheck catches wrong gradients")
struct GradCheckProofTests {
    /// A fresh float64 input that requires grad.
    private var x: Tensor {
        get throws { try Tensor(shape: [3], values: [0.3, -1.2, 2.0], dtype: .float64, requiresGrad: true) }
    }

    @Test func passesACorrectFunction() throws {
        #expect(try gradcheck({ try $0[0] * $0[0] }, inputs: [try x]))
    }

    @Test func failsWhenPartOfTheGraphIsDetached() throws {
        // d/dx (x.detach() * x) is reported as x, the truth is 2x.
        let error = #expect(throws: GradCheckFailure.self) {
            try gradcheck({ try $0[0].detach() * $0[0] }, inputs: [try x])
        }
        #expect(error?.message.hasPrefix("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor(") == true)
        #expect(error?.message.contains("analytical:tensor(") == true)
    }

    @Test func failsWhenTheGradientIsScaled() throws {
        // A backward rule off by a factor: the forward is x, the recorded graph says 2x.
        #expect(throws: GradCheckFailure.self) {
            try gradcheck({ xs in try xs[0] * 2 - xs[0].detach() }, inputs: [try x])
        }
    }

    @Test func gradgradcheckFailsWhenTheGradientIsWrong() throws {
        #expect(try gradgradcheck({ xs in try xs[0] * xs[0] * xs[0] }, inputs: [try x]))
        #expect(throws: GradCheckFailure.self) {
            try gradgradcheck({ xs in try xs[0].detach() * xs[0] * xs[0] }, inputs: [try x])
        }
    }

    @Test func requiresAnInputThatRequiresGrad() throws {
        let plain = try Tensor(shape: [2], values: [1, 2], dtype: .float64)
        #expect(throws: GradCheckFailure.self) { try gradcheck({ $0[0] * 2 }, inputs: [plain]) }
    }
}
