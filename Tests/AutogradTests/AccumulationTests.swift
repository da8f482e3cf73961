import Foundation
import Synchronization
import Testing

@testable import Autograd

/// Accumulating into a leaf's gradient under `createGraph`: the sum is recorded, and
/// recording asks for accumulators, so nothing here may wait on a lock the accumulation
/// holds; and a leaf's first gradient is a copy, never the tensor the caller passed.
/// Each case runs in a child process under an alarm, so that a deadlock fails its test
/// instead of stopping the run. (PyTorch 2.15 prints the values in the comments.)
@Suite("Accumulation under createGraph")
struct AccumulationTests {
    @Test func aGradientSetToALeafThatRequiresGradAccumulatesWithoutDeadlock() async {
        await #expect(processExitsWith: .success) {
            alarm(20)
            let x = try Tensor([1.0, 2.0]).requiresGrad_()
            let g = try Tensor([10.0, 20.0]).requiresGrad_()
            try x.setGrad(g)
            try (x * 3).sum().backward(createGraph: true)
            guard let grad = x.grad, try grad.toArray() == [13, 23], grad.requiresGrad else { exit(2) }  // tensor([13., 23.], grad_fn=<AddBackward0>)
            try grad.sum().backward()
            guard try g.grad?.toArray() == [1, 1] else { exit(3) }
        }
    }

    @Test func aGradientThatRequiresGradTwiceAccumulatesWithoutDeadlock() async {
        await #expect(processExitsWith: .success) {
            alarm(20)
            let x = try Tensor([1.0, 2.0]).requiresGrad_()
            let v = try Tensor([1.0, 1.0]).requiresGrad_()
            try x.backward(gradient: v, createGraph: true)
            try x.backward(gradient: v, createGraph: true)
            guard try x.grad?.toArray() == [2, 2] else { exit(2) }  // tensor([2., 2.], grad_fn=<AddBackward0>)
        }
    }

    @Test func threadsAccumulatingUnderCreateGraphNeverDeadlock() async {
        await #expect(processExitsWith: .success) {
            alarm(60)
            for threads in 1...8 {
                let x = try Tensor([1.0, 2.0]).requiresGrad_()
                let g = try Tensor([0.5, 0.5]).requiresGrad_()
                try x.setGrad(g)
                let failures = Atomic<Int>(0)
                DispatchQueue.concurrentPerform(iterations: threads) { _ in
                    do {
                        for _ in 0..<20 {
                            let v = try Tensor([1.0, 1.0]).requiresGrad_()
                            try (x * v).sum().backward(createGraph: true)
                        }
                    } catch {
                        failures.add(1, ordering: .relaxed)
                    }
                }
                let expected = 0.5 + Double(threads * 20)
                guard failures.load(ordering: .relaxed) == 0, try x.grad?.toArray() == [expected, expected] else { exit(2) }
            }
        }
    }

    /// The caller's `gradient:` tensor is never the leaf's gradient: zeroing the gradient
    /// in place leaves it as it was, directly, through an op, and for a retained gradient.
    @Test(arguments: ["leaf", "through x + 1", "retained"])
    func theCallersGradientIsNeverAliased(path: String) throws {
        let x = try Tensor([1.0, 2.0]).requiresGrad_()
        let v = try Tensor([1.0, 1.0]).requiresGrad_()
        let target: Tensor = path == "leaf" ? x : try x + 1.0
        if path == "retained" { try target.retainGrad() }
        try target.backward(gradient: v, createGraph: true)
        let grad = try #require(path == "retained" ? target.grad : x.grad)
        #expect(grad !== v)
        #expect(try grad.toArray() == [1, 1])
        grad.zero_InPlaceForTest()
        #expect(try v.toArray() == [1, 1], "PyTorch keeps v at tensor([1., 1.])")
        x.zeroGrad(setToNone: false)
        target.zeroGrad(setToNone: false)
        #expect(try v.toArray() == [1, 1])
    }

    /// Without createGraph, a gradient the caller still holds is copied too.
    @Test func withoutCreateGraphTheCallersGradientIsCopied() throws {
        let x = try Tensor([1.0, 2.0]).requiresGrad_()
        let v = Tensor([1.0, 1.0])
        try x.backward(gradient: v)
        #expect(x.grad !== v)
        x.zeroGrad(setToNone: false)
        #expect(try v.toArray() == [1, 1])
    }
}

extension Tensor {
    /// Zeroes the tensor in place, outside autograd (a test's stand-in for `grad.zero_()`
    /// on a gradient that requires grad, which PyTorch refuses on a leaf).
    fileprivate func zero_InPlaceForTest() {
        _ = try? noGrad { try self.detach().zero_() }
    }
}
