import Dispatch
import Foundation
import Testing

@testable import Autograd

/// Backward passes on several threads into the same leaves: every contribution lands,
/// as PyTorch's locked gradient accumulator guarantees.
@Suite("Threads share leaves safely")
struct ConcurrencyTests {
    @Test("concurrent backward passes accumulate exactly", arguments: [2, 4, 8])
    func concurrentBackwardAccumulatesExactly(threads: Int) throws {
        let x = Tensor([1.0, 2.0, 3.0], dtype: .float64, requiresGrad: true)
        let passes = 200
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<passes {
                do {
                    // d/dx sum(2·x) = 2 for every element, on every pass.
                    try (x * 2.0).sum().backward()
                } catch {
                    failures.record("\(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        let expected = Double(2 * passes * threads)
        #expect(try x.grad?.toArray() == [expected, expected, expected])
    }

    /// Graphs built on one thread and freed on another keep the live-node count right.
    @Test func liveNodesCountedAcrossThreads() throws {
        let (before, holding, afterGraphs, after) = try onAThreadOfItsOwn {
            let before = GraphDiagnostics.liveNodeCount
            var held: [Tensor] = []
            var x: Tensor? = Tensor(1.0, requiresGrad: true)
            for _ in 0..<100 { held.append(try x! * 2.0) }
            let holding = GraphDiagnostics.liveNodeCount
            let box = Box(held)
            held = []
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                box.tensors = []  // the nodes are freed on this other thread
                done.signal()
            }
            done.wait()
            let afterGraphs = GraphDiagnostics.liveNodeCount
            x = nil  // and with it x's accumulator, which x keeps for its life
            return (before, holding, afterGraphs, GraphDiagnostics.liveNodeCount)
        }
        #expect(holding == before + 101)  // 100 MulBackward0 and x's AccumulateGrad
        #expect(afterGraphs == before + 1)
        #expect(after == before)
    }

    /// Nodes made on a thread that has ended are freed later on another, safely: the ended
    /// thread's ledger stays for them, and the freeing thread's own count does not move.
    @Test func nodesOutliveTheThreadThatMadeThem() throws {
        let (before, count, last, after) = try onAThreadOfItsOwn {
            let before = GraphDiagnostics.liveNodeCount
            let box = Box([])
            let filled = DispatchSemaphore(value: 0)
            let thread = Thread {
                let x = Tensor(1.0, requiresGrad: true)
                box.tensors = (0..<50).compactMap { _ in try? x * 3.0 }
                filled.signal()  // orders the write before the reads below (polling does not)
            }
            thread.start()
            filled.wait()
            // Until the thread has exited (its state, and with it the ledger's owner, gone).
            while !thread.isFinished { usleep(1000) }
            usleep(10000)
            let count = box.tensors.count
            let last = try box.tensors.last?.item()
            box.tensors = []
            return (before, count, last, GraphDiagnostics.liveNodeCount)
        }
        #expect(count == 50)
        #expect(last == 3)
        #expect(after == before)
    }

    /// Sequence numbers increase within a thread past the block it takes them in, so that
    /// of two ready nodes the later one runs first.
    @Test func sequenceNumbersIncreaseAcrossBlocks() throws {
        let x = Tensor(1.0, requiresGrad: true)
        var previous = -1
        var y = x
        for _ in 0..<(NodeLedger.sequenceBlock * 2 + 10) {
            y = try y * 1.0
            let number = try #require(y.gradFn).sequenceNumber
            #expect(number > previous)
            previous = number
        }
        try y.backward()
        #expect(try x.grad?.item() == 1)
    }

    /// Errors collected from several threads.
    final class Failures: @unchecked Sendable {
        private let lock = DispatchSemaphore(value: 1)
        private var messages: [String] = []
        func record(_ message: String) {
            lock.wait()
            messages.append(message)
            lock.signal()
        }
        var all: [String] {
            lock.wait()
            defer { lock.signal() }
            return messages
        }
    }

    /// Tensors handed to another thread to be released there.
    final class Box: @unchecked Sendable {
        var tensors: [Tensor]
        init(_ tensors: [Tensor]) { self.tensors = tensors }
    }
}
