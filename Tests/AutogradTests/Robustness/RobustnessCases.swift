import Foundation

@testable import Autograd

/// Every bad input of the robustness suite, by family. Messages are PyTorch 2.15's where
/// PyTorch raises (`Fixtures/differential/errors.json` records them), else GradLab's own.
enum RobustnessCases {
    static let all: [RobustnessCase] = sizes + indexing + creation + memorySafety + lossless + texts + arguments

    /// The case named `name` (exit tests look cases up by name in the child process).
    static func named(_ name: String) -> RobustnessCase? { all.first { $0.name == name } }

    // MARK: Shapes and allocation

    static let sizes: [RobustnessCase] = [
        RobustnessCase(
            family: "trap", name: "zeros of Int.max x 2",
            outcome: .throwsMessage("Storage size calculation overflowed with sizes=[9223372036854775807, 2]")
        ) {
            _ = try Tensor.zeros([Int.max, 2])
        },
        RobustnessCase(
            family: "trap", name: "zeros of 2^40 x 2^40",
            outcome: .throwsMessage("Storage size calculation overflowed with sizes=[1099511627776, 1099511627776]")
        ) {
            _ = try Tensor.zeros([1 << 40, 1 << 40])
        },
        RobustnessCase(
            family: "trap", name: "zeros of a negative size",
            outcome: .throwsMessage("zeros: Dimension size must be non-negative.")
        ) {
            _ = try Tensor.zeros([-1, 2])
        },
        RobustnessCase(
            family: "trap", name: "randn of a negative size",
            outcome: .throwsMessage("Trying to create tensor with negative dimension -1: [-1]")
        ) {
            _ = try Tensor.randn([-1])
        },
        RobustnessCase(
            family: "trap", name: "tensor of an overflowing shape",
            outcome: .throwsMessage("Storage size calculation overflowed with sizes=[9223372036854775807, 2]")
        ) {
            _ = try Tensor(shape: [Int.max, 2], values: [])
        },
        RobustnessCase(family: "trap", name: "empty tensor with a huge other size", outcome: .returns) {
            let t = try Tensor.zeros([0, Int.max, 2])
            try require(t.count == 0, "count \(t.count)")
            _ = t.description
        },
        RobustnessCase(
            family: "trap", name: "allocation beyond any memory",
            outcome: .throwsMessage(
                "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate 1152921504606846976 bytes. Error code 12 (Cannot allocate memory)"
            )
        ) {
            _ = try Tensor.zeros([1 << 58])
        },
        RobustnessCase(
            family: "trap", name: "expand to -2 over a size of 3",
            outcome: .throwsMessage(
                "The expanded size of the tensor (-2) must match the existing size (3) at non-singleton dimension 0.  Target sizes: [-2].  Tensor sizes: [3]")
        ) {
            _ = try Tensor.ones(3).expand(-2)
        },
        RobustnessCase(
            family: "trap", name: "expand a size of 1 to -2",
            outcome: .throwsMessage("Trying to create tensor with negative dimension -2: [-2]")
        ) {
            _ = try Tensor.ones(1).expand(-2)
        },
        RobustnessCase(
            family: "trap", name: "expand whose element count overflows",
            outcome: .throwsMessage("Storage size calculation overflowed with sizes=[7, 7905747460161236407]")
        ) {
            _ = try Tensor.ones(1, 1).expand(7, 0x6DB6DB6DB6DB6DB7)
        },
        RobustnessCase(
            family: "trap", name: "exp of an expanded view larger than memory",
            outcome: .throwsMessage(
                "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate 4611686018427387904 bytes. Error code 12 (Cannot allocate memory)"
            )
        ) {
            _ = try Tensor.ones(1).expand(1 << 60).exp()
        },
        RobustnessCase(family: "trap", name: "toArray of an expanded view larger than memory", outcome: .throwsAnything) {
            _ = try Tensor.ones(1).expand(1 << 60).toArray()
        },
        RobustnessCase(family: "trap", name: "numpy() of an expanded view larger than memory", outcome: .throwsAnything) {
            // Found by the fuzzer: the window's index table was allocated without a check.
            _ = try Tensor.ones(1).expand(1 << 40).detach().numpy()
        },
        RobustnessCase(family: "arguments", name: "indexAdd into a 0-d tensor at two positions", outcome: .throwsAnything) {
            _ = try Tensor(1.0).indexAdd(0, Tensor([0, 0]), Tensor(2.0))
        },
        RobustnessCase(
            family: "arguments", name: "a tensor index out of range, negative", outcome: .throwsMessage("index -4 is out of bounds for dimension 0 with size 3")
        ) {
            _ = try Tensor.zeros(3, 2)[Tensor([0, -4])]
        },
        RobustnessCase(
            family: "arguments", name: "a mask longer than the dimension",
            outcome: .throwsMessage("The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [2] at index 0")
        ) {
            _ = try Tensor.zeros(2)[Tensor([1, 0, 1]).gt(0)]
        },
        RobustnessCase(family: "arguments", name: "ModuleList index out of range", outcome: .throwsMessage("index 1 is out of range")) {
            _ = try ModuleList(ReLU())[1]
        },
        RobustnessCase(family: "trap", name: "makeMoons with a sample count too large to hold", outcome: .throwsAnything) {
            _ = try makeMoons(samples: Int.max / 2)
        },
        RobustnessCase(family: "trap", name: "stack of empty tensors with a huge dimension", outcome: .returns) {
            // Found by the fuzzer (CI, 2026-12-07): the second slot of the empty result starts
            // 2^61 elements in, and its byte offset overflowed before the copy of nothing.
            let empty = try Tensor.zeros([0, 1 << 61])
            let stacked = try Tensor.stack([empty, empty], dim: 1)
            try require(stacked.shape == [0, 2, 1 << 61], "\(stacked.shape)")
            let joined = try Tensor.cat([empty.unsqueeze(1), empty.unsqueeze(1)], dim: 1)
            try require(joined.shape == [0, 2, 1 << 61], "\(joined.shape)")
        },
        RobustnessCase(family: "trap", name: "print an expanded view larger than memory", outcome: .returns) {
            let text = try Tensor.ones(1).expand(1 << 40).description
            try require(text.hasPrefix("tensor([1., 1., 1.,  ..., 1., 1., 1.]"), text)
        },
        RobustnessCase(
            family: "trap", name: "view of an overflowing shape",
            outcome: .throwsMessage("shape '[9223372036854775807, 2]' is invalid for input of size 6")
        ) {
            _ = try Tensor.ones(2, 3).view(Int.max, 2)
        },
        RobustnessCase(
            family: "trap", name: "view with -1 and an overflowing size",
            outcome: .throwsMessage("shape '[-1, 9223372036854775807, 2]' is invalid for input of size 6")
        ) {
            _ = try Tensor.ones(2, 3).view(-1, Int.max, 2)
        },
        RobustnessCase(
            family: "trap", name: "size() of a 0-dim tensor",
            outcome: .throwsMessage("Dimension specified as 0 but tensor has no dimensions")
        ) {
            _ = try Tensor(1.0).size(0)
        },
        RobustnessCase(family: "trap", name: "BLAS with a huge stride on a size-1 dim", outcome: .returns) {
            let a = try Tensor.ones(2, 3).slice(0, step: 1 << 40)
            let product = try a.mm(Tensor.ones(3, 1))
            try require(try product.toArray() == [3], "\(product)")
        },
        RobustnessCase(
            family: "trap", name: "a dataset shape from a damaged file",
            outcome: .throwsAnything
        ) {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-damaged-\(getpid()).json")
            defer { try? FileManager.default.removeItem(at: url) }
            let text = #"{"format":"gradlab-state-dict","version":1,"entries":[{"name":"w","dtype":"float32","shape":[4294967296,4294967296],"values":[]}]}"#
            try Data(text.utf8).write(to: url)
            _ = try StateDict.load(from: url)
        },
    ]

    // MARK: Indices, ranges and steps

    static let indexing: [RobustnessCase] = [
        RobustnessCase(family: "trap", name: "x[0...Int.max]", outcome: .returns) {
            try require(try Tensor.ones(5)[0...Int.max].count == 5, "count")
        },
        RobustnessCase(family: "trap", name: "x[...Int.max]", outcome: .returns) {
            try require(try Tensor.ones(5)[...Int.max].count == 5, "count")
        },
        RobustnessCase(family: "trap", name: "slice with step Int.max", outcome: .returns) {
            try require(try Tensor.ones(5).slice(0, step: Int.max).count == 1, "count")
        },
        RobustnessCase(family: "trap", name: "slice with step 0", outcome: .throwsMessage("slice step cannot be zero")) {
            _ = try Tensor.ones(5).slice(0, step: 0)
        },
        RobustnessCase(family: "trap", name: "slice with a step larger than the dimension", outcome: .returns) {
            // The step cannot overflow the stride: a step wider than the dimension keeps one element.
            let t = try Tensor.ones(3, 4).slice(0, step: Int.max / 2)
            try require(t.shape == [1, 4], "\(t.shape)")
        },
        RobustnessCase(
            family: "trap", name: "x[Int.max]",
            outcome: .throwsMessage("index 9223372036854775807 is out of bounds for dimension 0 with size 5")
        ) {
            _ = try Tensor.ones(5)[Int.max]
        },
        RobustnessCase(
            family: "trap", name: "x[Int.min]",
            outcome: .throwsMessage("index -9223372036854775808 is out of bounds for dimension 0 with size 5")
        ) {
            _ = try Tensor.ones(5)[Int.min]
        },
        RobustnessCase(family: "trap", name: "slice a 0-dim tensor", outcome: .throwsMessage("slice() cannot be applied to a 0-dim tensor.")) {
            _ = try Tensor(1.0).slice(0, start: 0)
        },
        RobustnessCase(family: "trap", name: "embedded with a window past the end", outcome: .throwsAnything) {
            _ = try Tensor.ones(3).embedded(in: [4], dim: 0, start: 2, step: 2)
        },
        RobustnessCase(family: "trap", name: "embedded with a negative step", outcome: .throwsAnything) {
            _ = try Tensor.ones(2).embedded(in: [4], dim: 0, start: 3, step: -1)
        },
        RobustnessCase(
            family: "trap", name: "numpy()[5] on 3 elements",
            outcome: .throwsMessage("index 5 is out of bounds for axis 0 with size 3")
        ) {
            _ = try Tensor.ones(3).numpy()[5]
        },
        RobustnessCase(
            family: "trap", name: "numpy() write at 3 on 3 elements",
            outcome: .throwsMessage("index 3 is out of bounds for axis 0 with size 3")
        ) {
            try Tensor.ones(3).numpy().set(1, at: 3)
        },
        RobustnessCase(family: "trap", name: "copyValues into a short buffer", outcome: .throwsAnything) {
            var buffer = [Double](repeating: 0, count: 2)
            try buffer.withUnsafeMutableBufferPointer { try Tensor.ones(3).copyValues(into: $0) }
        },
        RobustnessCase(family: "trap", name: "variance with correction Int.min", outcome: .returns) {
            _ = try Tensor([1.0, 2.0]).variance(correction: Int.min)
        },
    ]

    // MARK: Creation and randomness

    static let creation: [RobustnessCase] = [
        RobustnessCase(family: "trap", name: "arange(0, 1e19)", outcome: .throwsMessage("invalid size, possible overflow?")) {
            _ = try Tensor.arange(0, 1e19)
        },
        RobustnessCase(family: "trap", name: "arange(-1e308, 1e308)", outcome: .throwsMessage("invalid size, possible overflow?")) {
            _ = try Tensor.arange(-1e308, 1e308)
        },
        RobustnessCase(family: "trap", name: "arange(Int.max)", outcome: .throwsAnything) {
            _ = try Tensor.arange(Int.max)
        },
        RobustnessCase(family: "trap", name: "arange to NaN", outcome: .throwsMessage("unsupported range: 0 -> nan")) {
            _ = try Tensor.arange(0, .nan)
        },
        RobustnessCase(family: "trap", name: "linspace of Int.max steps", outcome: .throwsAnything) {
            _ = try Tensor.linspace(0, 1, steps: Int.max)
        },
        RobustnessCase(family: "trap", name: "randint over the whole int64 range", outcome: .returns) {
            let t = try Tensor.randint(Int.min, Int.max, [3], generator: Generator(seed: 0))
            try require(t.count == 3 && t.dtype == .int64, "\(t)")
        },
        RobustnessCase(
            family: "trap", name: "randint from 5 to 5",
            outcome: .throwsMessage("random_ expects 'from' to be less than 'to', but got from=5 >= to=5")
        ) {
            _ = try Tensor.randint(5, 5, [3])
        },
        RobustnessCase(
            family: "trap", name: "uniform_ from -inf to inf",
            outcome: .throwsMessage(
                "uniform_ expects to-from <= std::numeric_limits<float>::max(), but found to=inf and from=-inf which result in to-from to exceed the limit")
        ) {
            _ = try Tensor.zeros(3).uniform_(from: -.infinity, to: .infinity)
        },
        RobustnessCase(
            family: "trap", name: "random_split with NaN lengths",
            outcome: .throwsMessage("Sum of input lengths does not equal the length of the input dataset!")
        ) {
            _ = try randomSplit(TensorDataset(Tensor.arange(0, 10)), lengths: [.nan, 5])
        },
        RobustnessCase(
            family: "trap", name: "random_split with huge lengths",
            outcome: .throwsMessage("Sum of input lengths does not equal the length of the input dataset!")
        ) {
            _ = try randomSplit(TensorDataset(Tensor.arange(0, 10)), lengths: [0x1p62, 5])
        },
        RobustnessCase(
            family: "trap", name: "random_split with lengths summing past Int.max",
            outcome: .throwsMessage("Sum of input lengths does not equal the length of the input dataset!")
        ) {
            _ = try randomSplit(TensorDataset(Tensor.arange(0, 10)), lengths: [9e18, 9e18])
        },
        RobustnessCase(family: "trap", name: "random_split with a negative count", outcome: .returns) {
            manualSeed(0)
            let parts = try randomSplit(TensorDataset(Tensor.arange(0, 10)), lengths: [-1, 11])
            // PyTorch 2.15: [[4, 1, 7, 5, 3, 9, 0, 8, 6], [2]] (Python slices of the permutation).
            try require(parts.map(\.indices.count) == [9, 1], "\(parts.map(\.indices))")
        },
        RobustnessCase(family: "trap", name: "StepLR with step size 0", outcome: .throwsMessage("integer modulo by zero")) {
            let p = Tensor([1.0], requiresGrad: true)
            try StepLR(SGD([p], lr: 0.1), stepSize: 0).step()
        },
        RobustnessCase(family: "trap", name: "CosineAnnealingLR with tMax 0", outcome: .throwsMessage("integer modulo by zero")) {
            let p = Tensor([1.0], requiresGrad: true)
            try CosineAnnealingLR(SGD([p], lr: 0.1), tMax: 0).step()
        },
        RobustnessCase(family: "trap", name: "CosineAnnealingLR with tMax Int.max", outcome: .returns) {
            let p = Tensor([1.0], requiresGrad: true)
            try CosineAnnealingLR(SGD([p], lr: 0.1), tMax: Int.max).step()
        },
        RobustnessCase(family: "trap", name: "print an int64 tensor holding Int.max", outcome: .returns) {
            _ = Tensor([Int.max]).description
            _ = Tensor([Int.min]).description
        },
        RobustnessCase(family: "trap", name: "int64 conversion of NaN and infinities", outcome: .returns) {
            // PyTorch's cast gives int64's minimum for each.
            let t = try Tensor([.nan, .infinity, -.infinity, 1e30]).to(.int64)
            try require(
                t.description == "tensor([-9223372036854775808, -9223372036854775808, -9223372036854775808,\n        -9223372036854775808])", t.description)
        },
    ]

    // MARK: Memory safety

    static let memorySafety: [RobustnessCase] = [
        RobustnessCase(
            family: "memory", name: "mm of float32 and float64",
            outcome: .throwsMessage("expected m1 and m2 to have the same dtype, but got: float != double")
        ) {
            _ = try Tensor.ones(2, 2).mm(Tensor.ones([2, 2], dtype: .float64))
        },
        RobustnessCase(
            family: "memory", name: "dot of float32 and float64",
            outcome: .throwsMessage("dot : expected both vectors to have same dtype, but found Float and Double")
        ) {
            _ = try Tensor.ones(3).dot(Tensor.ones([3], dtype: .float64))
        },
        RobustnessCase(
            family: "memory", name: "mv of float32 and float64",
            outcome: .throwsMessage("addmv input tensors must have the same dtype, but got Double, Float, and Double")
        ) {
            _ = try Tensor.ones(2, 2).mv(Tensor.ones([2], dtype: .float64))
        },
        RobustnessCase(
            family: "memory", name: "matmul of bool matrices",
            outcome: .throwsMessage("\"addmm_impl_cpu_\" not implemented for 'Bool'")
        ) {
            let mask = try Tensor.ones(2, 2).gt(0)
            _ = try mask.matmul(mask)
        },
        RobustnessCase(
            family: "memory", name: "Adam after its parameter was resized",
            outcome: .throwsMessage("The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 0")
        ) {
            let p = try Tensor.ones(3, requiresGrad: true)
            let adam = try Adam([p], lr: 0.1)
            try p.setGrad(Tensor.ones(3))
            try adam.step()
            p.data = try Tensor.ones(5)
            try p.setGrad(Tensor.ones(5))
            try adam.step()
        },
        RobustnessCase(family: "memory", name: "Adam after its parameter became float64", outcome: .throwsAnything) {
            let p = try Tensor.ones(3, requiresGrad: true)
            let adam = try Adam([p], lr: 0.1)
            try p.setGrad(Tensor.ones(3))
            try adam.step()
            p.data = try Tensor.ones([3], dtype: .float64)
            try p.setGrad(Tensor.ones([3], dtype: .float64))
            try adam.step()
        },
        RobustnessCase(
            family: "memory", name: "SGD on an expanded parameter",
            outcome: .throwsMessage(
                "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."
            )
        ) {
            let p = try Tensor.ones(3, requiresGrad: true)
            p.data = try Tensor.ones(1).expand(3)
            try p.setGrad(Tensor.ones(3))
            try SGD([p], lr: 0.1).step()
        },
        RobustnessCase(family: "memory", name: "SGD on a parameter made non-contiguous", outcome: .returns) {
            let p = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6], requiresGrad: true)
            p.data = try p.data.t()
            try p.setGrad(Tensor(shape: [3, 2], values: [1, 2, 3, 4, 5, 6]))
            try SGD([p], lr: 0.1).step()
            // PyTorch 2.15: [[0.9, 3.8], [1.7, 4.6], [2.5, 5.4]] (errors.json, sgd_noncontiguous).
            let expected: [Float] = [0.9, 3.8, 1.7, 4.6, 2.5, 5.4]
            try require(try p.toFloatArray() == expected, "\(p)")
        },
        RobustnessCase(
            family: "memory", name: "expand(...).add_(1)",
            outcome: .throwsMessage(
                "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."
            )
        ) {
            _ = try Tensor.ones(1).expand(3).add_(1)
        },
        RobustnessCase(
            family: "memory", name: "copy_ into an expanded tensor",
            outcome: .throwsMessage(
                "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."
            )
        ) {
            _ = try Tensor.zeros(1).expand(3).copy_(Tensor([1.0, 2.0, 3.0]))
        },
        RobustnessCase(
            family: "memory", name: "uniform_ into an expanded tensor",
            outcome: .throwsMessage(
                "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."
            )
        ) {
            _ = try Tensor.zeros(1).expand(3).uniform_()
        },
        RobustnessCase(
            family: "memory", name: "float added in place into int64",
            outcome: .throwsMessage("result type Float can't be cast to the desired output type Long")
        ) {
            _ = try Tensor([1, 2]).add_(0.5)
        },
        RobustnessCase(
            family: "memory", name: "an integer tensor that requires grad",
            outcome: .throwsMessage("only Tensors of floating point dtype can require gradients")
        ) {
            _ = try Tensor([1, 2]).requiresGrad_()
        },
        RobustnessCase(
            family: "memory", name: "where with a float condition",
            outcome: .throwsMessage("where expected condition to be a boolean tensor, but got a tensor with dtype Float")
        ) {
            _ = try Tensor.where(Tensor.ones(2), Tensor.ones(2), Tensor.zeros(2))
        },
        RobustnessCase(family: "memory", name: "int64 squared stays int64", outcome: .returns) {
            let t = try Tensor([3, -4]) ** 2
            try require(t.dtype == .int64 && (try t.toArray()) == [9, 16], "\(t)")
        },
    ]

    // MARK: Nothing lost silently

    /// A dataset whose fourth sample cannot be read.
    struct BrokenDataset: Dataset {
        struct BadSample: Error, CustomStringConvertible { var description: String { "bad sample 3" } }
        var count: Int { 6 }
        func sample(_ index: Int) throws -> [Tensor] {
            if index == 3 { throw BadSample() }
            return [Tensor([Double(index)])]
        }
    }

    /// A dataset whose samples have different shapes.
    struct RaggedDataset: Dataset {
        var count: Int { 2 }
        func sample(_ index: Int) throws -> [Tensor] { [try Tensor.ones(index + 2)] }
    }

    static let lossless: [RobustnessCase] = [
        RobustnessCase(family: "silent loss", name: "DataLoader rethrows the dataset's error", outcome: .throwsAnything) {
            _ = try DataLoader(BrokenDataset(), batchSize: 2).epoch()
        },
        RobustnessCase(
            family: "silent loss", name: "DataLoader stacking ragged samples",
            outcome: .throwsMessage("stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1")
        ) {
            _ = try DataLoader(RaggedDataset(), batchSize: 2).epoch()
        },
        RobustnessCase(
            family: "silent loss", name: "shuffling an empty dataset",
            outcome: .throwsMessage("num_samples should be a positive integer value, but got num_samples=0")
        ) {
            _ = try DataLoader(TensorDataset(Tensor.zeros(0, 2)), batchSize: 2, shuffle: true)
        },
        RobustnessCase(family: "silent loss", name: "a state dict with NaN and infinities round-trips", outcome: .returns) {
            let layer = try Linear(2, 1)
            layer.weight.data = try Tensor(shape: [1, 2], values: [.nan, .infinity])
            layer.bias!.data = Tensor([-.infinity])
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-nan-\(getpid()).json")
            defer { try? FileManager.default.removeItem(at: url) }
            try layer.stateDict().save(to: url)
            let loaded = try StateDict.load(from: url)
            let weight = try loaded["weight"]?.toArray() ?? []
            try require(weight.count == 2 && weight[0].isNaN && weight[1] == .infinity, "\(weight)")
            try require(try loaded["bias"]?.toArray() == [-.infinity], "bias")
        },
    ]

    // MARK: Texts

    static let texts: [RobustnessCase] = [
        RobustnessCase(
            family: "text", name: "broadcast [2, 3] with [3, 2]",
            outcome: .throwsMessage("The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1")
        ) {
            _ = try Tensor.ones(2, 3) + Tensor.ones(3, 2)
        },
        RobustnessCase(
            family: "text", name: "a state dict saved where nothing can be written",
            outcome: .throwsMessage("cannot write the state dict to /nonexistent-gradlab/model.json: no such file or directory")
        ) {
            try Linear(2, 1).stateDict().save(to: URL(fileURLWithPath: "/nonexistent-gradlab/model.json"))
        },
        RobustnessCase(
            family: "text", name: "a state dict read from a missing file",
            outcome: .throwsMessage("cannot read the state dict /nonexistent-gradlab/model.json: no such file or directory")
        ) {
            _ = try StateDict.load(from: URL(fileURLWithPath: "/nonexistent-gradlab/model.json"))
        },
    ]

    // MARK: Arguments PyTorch validates

    /// One parameter to optimize.
    static func parameter() throws -> [Tensor] { [try Tensor([0.0]).requiresGrad_()] }

    /// Each optimizer's every numeric setting, refused with PyTorch's text (PyTorch 2.13
    /// printed each, `Fixtures/robustness/arguments.py`); SGD, as PyTorch, checks `< 0`
    /// only and so takes a NaN learning rate.
    static let optimizerSettings: [RobustnessCase] = {
        let settings: [(String, String, @Sendable () throws -> Void)] = [
            ("SGD lr", "Invalid learning rate: -0.1", { _ = try SGD(parameter(), lr: -0.1) }),
            ("SGD momentum", "Invalid momentum value: -0.1", { _ = try SGD(parameter(), lr: 0.1, momentum: -0.1) }),
            ("SGD weight_decay", "Invalid weight_decay value: -0.1", { _ = try SGD(parameter(), lr: 0.1, weightDecay: -0.1) }),
            ("Adam lr", "Invalid learning rate: nan", { _ = try Adam(parameter(), lr: .nan) }),
            ("Adam eps", "Invalid epsilon value: -0.1", { _ = try Adam(parameter(), eps: -0.1) }),
            ("Adam beta 0", "Invalid beta parameter at index 0: 1.0", { _ = try Adam(parameter(), betas: (1, 0.999)) }),
            ("Adam beta 1", "Invalid beta parameter at index 1: -0.1", { _ = try Adam(parameter(), betas: (0.9, -0.1)) }),
            ("Adam weight_decay", "Invalid weight_decay value: -0.1", { _ = try Adam(parameter(), weightDecay: -0.1) }),
            ("RMSprop lr", "Invalid learning rate: -0.1", { _ = try RMSprop(parameter(), lr: -0.1) }),
            ("RMSprop eps", "Invalid epsilon value: -0.1", { _ = try RMSprop(parameter(), eps: -0.1) }),
            ("RMSprop momentum", "Invalid momentum value: -0.1", { _ = try RMSprop(parameter(), momentum: -0.1) }),
            ("RMSprop weight_decay", "Invalid weight_decay value: -0.1", { _ = try RMSprop(parameter(), weightDecay: -0.1) }),
            ("RMSprop alpha", "Invalid alpha value: -0.1", { _ = try RMSprop(parameter(), alpha: -0.1) }),
            ("Adagrad lr", "Invalid learning rate: -0.1", { _ = try Adagrad(parameter(), lr: -0.1) }),
            ("Adagrad lr_decay", "Invalid lr_decay value: -0.1", { _ = try Adagrad(parameter(), lrDecay: -0.1) }),
            ("Adagrad weight_decay", "Invalid weight_decay value: -0.1", { _ = try Adagrad(parameter(), weightDecay: -0.1) }),
            (
                "Adagrad initial_accumulator_value", "Invalid initial_accumulator_value value: -0.1",
                { _ = try Adagrad(parameter(), initialAccumulatorValue: -0.1) }
            ),
            ("Adagrad eps", "Invalid epsilon value: -0.1", { _ = try Adagrad(parameter(), eps: -0.1) }),
        ]
        return settings.map { name, message, run in
            RobustnessCase(family: "arguments", name: name, outcome: .throwsMessage(message), run: run)
        } + [
            RobustnessCase(family: "arguments", name: "SGD takes a NaN learning rate, as PyTorch", outcome: .returns) {
                _ = try SGD(parameter(), lr: .nan)
            }
        ]
    }()

    static let arguments: [RobustnessCase] =
        optimizerSettings + [
            RobustnessCase(
                family: "arguments", name: "BCELoss targets outside [0, 1]",
                outcome: .throwsMessage("all elements of target should be between 0 and 1")
            ) {
                _ = try BCELoss()(Tensor([0.5, 0.5]), Tensor([2.0, -1.0]))
            },
            RobustnessCase(
                family: "arguments", name: "grad() with no inputs",
                outcome: .throwsMessage("`inputs` argument to `grad()` cannot be empty.")
            ) {
                let x = try Tensor([0.0]).requiresGrad_()
                _ = try grad(outputs: [x.sum()], inputs: [])
            },
            RobustnessCase(
                family: "arguments", name: "Parameter of an int64 tensor",
                outcome: .throwsMessage("Only Tensors of floating point and complex dtype can require gradients")
            ) {
                _ = try Parameter(Tensor.arange(0, 3, dtype: .int64))
            },
            RobustnessCase(family: "arguments", name: "Parameter of an int64 tensor that does not require grad", outcome: .returns) {
                let parameter = try Parameter(Tensor.arange(0, 3, dtype: .int64), requiresGrad: false)
                try require(!parameter.requiresGrad, "an int64 parameter without grad")
            },
            RobustnessCase(
                family: "arguments", name: "CrossEntropyLoss with probability targets and an ignore_index",
                outcome: .throwsMessage("ignore_index is not supported for floating point target")
            ) {
                _ = try CrossEntropyLoss(ignoreIndex: 1)(Tensor([[0.5, -1.0, 2.0]]), Tensor([[0.2, 0.3, 0.5]]))
            },
            RobustnessCase(family: "arguments", name: "CrossEntropyLoss with probability targets", outcome: .returns) {
                // PyTorch: mean 0.8859919905662537, sum 1.7719839811325073, none [1.4413113594055176, 0.33067259192466736]
                let x = try Tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]).requiresGrad_()
                let t = try Tensor([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
                let mean = try CrossEntropyLoss()(x, t)
                let meanValue = try mean.item()
                try require(Swift.abs(meanValue - 0.8859919905662537) < 1e-6, "mean \(meanValue)")
                try require(Swift.abs(try CrossEntropyLoss(reduction: .sum)(x, t).item() - 1.7719839811325073) < 1e-6, "sum")
                let none = try CrossEntropyLoss(reduction: .none)(x, t).toArray()
                try require(zip(none, [1.4413113594055176, 0.33067259192466736]).allSatisfy { Swift.abs($0 - $1) < 1e-6 }, "none \(none)")
                try mean.backward()
                let expected = [
                    -0.012354806065559387, -0.1304437220096588, 0.142798513174057,
                    -0.14077982306480408, 0.10291829705238342, 0.03786152973771095,
                ]
                let got = try x.grad?.toArray() ?? []
                try require(got.count == 6 && zip(got, expected).allSatisfy { Swift.abs($0 - $1) < 1e-6 }, "grad \(got)")
            },
            RobustnessCase(family: "arguments", name: "Linear with zero in-features", outcome: .returns) {
                // PyTorch: weight [3, 0], bias [0, 0, 0], and three draws consumed (the next rand is 0.13203048706054688)
                manualSeed(0)
                let layer = try Linear(0, 3)
                try require(layer.weight.shape == [3, 0] && (try layer.bias?.toArray()) == [0, 0, 0], "Linear(0, 3)")
                try require(Swift.abs(try Tensor.rand([1]).item() - 0.13203048706054688) < 1e-7, "the random stream after Linear(0, 3)")
                try require((try layer(Tensor.zeros(2, 0)).toArray()) == [0, 0, 0, 0, 0, 0], "Linear(0, 3) of a [2, 0] input")
            },
        ]
}
