import Autograd
import Foundation
import Testing

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
    @Test func everyOpHasAnEntryWithSamples() throws {
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

    /// The suite's mode: fast by default, as PyTorch's test suite runs gradcheck;
    /// `GRADLAB_GRADCHECK_SLOW=1` switches every check to slow mode.
    static var suiteOptions: GradCheckOptions {
        GradCheckOptions(fastMode: ProcessInfo.processInfo.environment["GRADLAB_GRADCHECK_SLOW"] != "1")
    }

    @Test("gradcheck", arguments: OpSampleCase.all)
    func firstOrder(_ example: OpSampleCase) throws {
        let entry = example.entry
        let sample = entry.samples()[example.sampleIndex]
        let report = try gradcheckReport(entry.checkedFunction, inputs: sample.inputs, options: entry.options(Self.suiteOptions))
        #expect(report.passed, "\(report)")
    }

    /// Forward mode (PyTorch's `check_forward_ad`), in slow mode: every forward rule's
    /// Jacobian, column by column from dual passes, against the numerical Jacobian, and the
    /// dot-product test against reverse mode.
    @Test("forward-mode gradcheck", arguments: OpSampleCase.all)
    func forwardMode(_ example: OpSampleCase) throws {
        let entry = example.entry
        let sample = entry.samples()[example.sampleIndex]
        var options = entry.options(GradCheckOptions())
        options.checkForwardAD = true
        let report = try gradcheckReport(entry.checkedFunction, inputs: sample.inputs, options: options)
        #expect(report.passed, "\(report)")
        #expect(!report.findings.contains { $0.kind == .forwardModeFailed })
    }

    /// Forward-over-reverse (PyTorch's `check_fwd_over_rev`): gradgradcheck with
    /// `checkForwardAD` sends tangents through the backward pass, so every backward rule's
    /// own forward rules are checked against the numerical second derivatives.
    @Test("forward-over-reverse gradgradcheck", arguments: OpSampleCase.all.filter { $0.entry.supportsGradgrad })
    func forwardOverReverse(_ example: OpSampleCase) throws {
        let entry = example.entry
        let sample = entry.samples()[example.sampleIndex]
        var options = entry.options(GradCheckOptions())
        options.checkForwardAD = true
        let report = try gradgradcheckReport(entry.checkedFunction, inputs: sample.inputs, options: options)
        #expect(report.passed, "\(report)")
    }

    /// Second order with contiguous and with non-contiguous output gradients.
    @Test("gradgradcheck", arguments: OpSampleCase.all.filter { $0.entry.supportsGradgrad })
    func secondOrder(_ example: OpSampleCase) throws {
        let entry = example.entry
        let sample = entry.samples()[example.sampleIndex]
        for nonContiguous in [false, true] {
            var options = entry.options(Self.suiteOptions)
            options.nonContiguousGradOutputs = nonContiguous
            let report = try gradgradcheckReport(entry.checkedFunction, inputs: sample.inputs, options: options)
            #expect(report.passed, "\(nonContiguous ? "non-contiguous" : "contiguous") output gradients: \(report)")
        }
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
