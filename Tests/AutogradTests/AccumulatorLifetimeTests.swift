import Foundation
import Testing

@testable import Autograd

/// A leaf keeps its `AccumulateGrad` for its whole life and refers to it strongly; the
/// accumulator refers back to the leaf without retaining it, so that a graph never keeps a
/// leaf alive and a leaf freed under a living graph leaves nothing dangling.
@Suite("A leaf's accumulator lives as long as the leaf")
struct AccumulatorLifetimeTests {
    /// The accumulator `loss`'s graph reaches through its first path (loss ← op ← ... ← leaf).
    private func accumulator(of loss: Tensor) throws -> AccumulateGrad {
        var node = try #require(loss.gradFn)
        while let next = node.nextFunctions.compactMap({ $0 }).first { node = next }
        return try #require(node as? AccumulateGrad)
    }

    @Test func oneAccumulatorServesEveryGraphOfTheLeaf() throws {
        var w: Tensor? = Tensor(2.0, requiresGrad: true)
        weak var first: AccumulateGrad?
        do {
            let loss = try (w! * 3).sum()
            first = try accumulator(of: loss)
            try loss.backward()
        }
        #expect(first != nil, "the leaf keeps its accumulator after the graph is freed")
        do {
            let loss = try (w! * 5).sum()
            #expect(try accumulator(of: loss) === first)
            try loss.backward()
        }
        #expect(try w!.grad?.item() == 8)
        #expect(first?.variable === w)
        w = nil
        #expect(first == nil, "freeing the leaf frees its accumulator")
    }

    @Test func aGraphThatSavedNothingOfItsLeafDoesNotKeepItAlive() throws {
        var w: Tensor? = Tensor([1.0, 2.0], requiresGrad: true)
        weak let leaf = w
        let x = Tensor([3.0, 4.0], requiresGrad: true)
        // add saves nothing for its backward (mul would save w, and keep it alive so).
        let loss = try (w! + 2 * x).sum()
        let accumulatorOfW = try accumulator(of: loss)
        w = nil
        #expect(leaf == nil)
        #expect(accumulatorOfW.variable == nil)
        // Backward still runs: x gets its gradient, and w's has nowhere to go.
        try loss.backward()
        #expect(try x.grad?.toArray() == [2, 2])
    }

    /// One thread lets go of the leaf while another reads it through the accumulator and
    /// runs backward into it: the reader gets the whole leaf or nil, never one being freed
    /// (CI runs this suite under ASan too, which would name a read of freed memory).
    @Test func aLeafFreedWhileAnotherThreadReadsItIsNeverHandedOut() throws {
        for _ in 0..<200 {
            let holder = Locked<Tensor?>(Tensor([1.0, 2.0], requiresGrad: true))
            let x = Tensor([3.0, 4.0], requiresGrad: true)
            // add saves nothing, so the graph holds only the leaf's accumulator, and the
            // holder the leaf itself.
            let (loss, found) = try holder.withLock { leaf in
                let loss = try (try #require(leaf) + 2 * x).sum()
                return (loss, try accumulator(of: loss))
            }
            nonisolated(unsafe) let accumulatorOfLeaf = found
            let seen = Locked<[Double?]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 {
                    holder.withLock { $0 = nil }
                    return
                }
                for _ in 0..<20 {
                    let read = accumulatorOfLeaf.variable.flatMap { try? $0.sum().item() }
                    seen.withLock { $0.append(read) }
                }
                _ = try? loss.backward(retainGraph: true)
            }
            #expect(seen.withLock { $0 }.allSatisfy { $0 == nil || $0 == 3 })
            #expect(accumulatorOfLeaf.variable == nil)
            #expect(try x.grad?.toArray() == [2, 2])
        }
    }

    @Test func picturesAndTracesDrawAFreedLeaf() throws {
        var w: Tensor? = Tensor(2.0, requiresGrad: true)
        let loss = try (w! * 3).sum()
        w = nil
        let graph = ComputationGraph(of: loss)
        #expect(graph.dot.contains("freed leaf"))
        let (_, recording) = try BackwardRecorder.record { try loss.backward() }
        #expect(recording.traces.first?.steps.last?.node == "AccumulateGrad")
    }

    @Test func threadsBuildingGraphsOnOneLeafShareItsAccumulator() throws {
        let w = Tensor(1.0, requiresGrad: true)
        let found = Locked<[ObjectIdentifier?]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<50 {
                let loss = try? (w * 2).sum()
                let node = loss.flatMap { try? accumulator(of: $0) }
                found.withLock { $0.append(node.map(ObjectIdentifier.init)) }
            }
        }
        let identities = found.withLock { $0 }
        #expect(identities.count == 200 && !identities.contains(nil))
        #expect(Set(identities).count == 1)
    }
}
