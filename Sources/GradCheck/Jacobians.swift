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
        var signature: [([Int], DType)]?
    }

    init(_ body: @escaping ([Tensor]) throws -> [Tensor], inputs: [Tensor]) {
        self.body = body
        self.inputs = inputs
    }

    /// Function evaluations so far, on every thread.
    var evaluations: Int { state.withLock { $0.evaluations } }

    /// Calls the function on the (possibly perturbed) inputs.
    func callAsFunction() throws -> [Tensor] { try evaluate(inputs) }

    /// Calls the function on `arguments` (the inputs or a replica of them).
    func evaluate(_ arguments: [Tensor]) throws -> [Tensor] {
        state.withLock { $0.evaluations += 1 }
        let outputs: [Tensor]
        do { outputs = try body(arguments) } catch { throw ForwardFailure(underlying: error) }
        let current = outputs.map { ($0.shape, $0.dtype) }
        try state.withLock { state in
            guard let signature = state.signature else {
                state.signature = current
                return
            }
            for (o, (expected, actual)) in zip(signature, current).enumerated()
            where expected.0 != actual.0 || expected.1 != actual.1 {
                throw GradCheckFailure(message:
                    "Output \(o) changed under perturbation of the inputs: expected shape \(expected.0) and dtype \(expected.1), got shape \(actual.0) and dtype \(actual.1). gradcheck needs outputs whose shape and dtype do not depend on the input values.")
            }
            if signature.count != current.count {
                throw GradCheckFailure(message: "The number of outputs changed under perturbation: \(signature.count) before, \(current.count) after.")
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

/// The inputs' values bit for bit, to prove that nothing a check runs (the function, its
/// backward) writes to them.
struct InputSnapshot {
    private let bits: [[UInt64]]

    init(_ inputs: [Tensor]) throws {
        bits = try inputs.map { try $0.toArray().map(\.bitPattern) }
    }

    /// Throws naming the first input element that differs from the snapshot, and `phase`.
    func verify(_ inputs: [Tensor], after phase: String) throws {
        for (i, x) in inputs.enumerated() {
            let now = try x.toArray()
            if let k = now.indices.first(where: { now[$0].bitPattern != bits[i][$0] }) {
                throw GradCheckFailure(message:
                    "Input \(i) was modified in place during \(phase): element \(x.multiIndex(k)) changed from \(Double(bitPattern: bits[i][k])) to \(now[k]). The function and its backward must not write to their inputs or to the tensors they saved; otherwise the gradients are checked at a point other than the one given.")
            }
        }
    }
}

/// The inputs one worker perturbs and differentiates. Worker 0 uses the caller's own
/// tensors (perturbed in place and restored, as PyTorch does); the others get copies
/// with the same values, layouts (strides and offsets) and `requiresGrad` flags, so no
/// two threads write one tensor and every worker runs the backward the caller's layout
/// leads to: the verdict does not depend on how many threads check.
struct Replica: @unchecked Sendable {
    let inputs: [Tensor]
    let windows: [SharedValues]

    init(of inputs: [Tensor], copying: Bool) throws {
        self.inputs = copying ? try inputs.map { x in
            let copy = try x.layoutPreservingCopy()
            if x.requiresGrad { try copy.requiresGrad_() }
            return copy
        } : inputs
        windows = try self.inputs.map { try $0.sharedWindow }
    }

    /// One replica per worker.
    static func make(for inputs: [Tensor], workers: Int) throws -> [Replica] {
        try (0..<workers).map { try Replica(of: inputs, copying: $0 > 0) }
    }
}

/// Numerical Jacobians: one input element perturbed at a time, rows spread over workers.
enum NumericalJacobian {
    /// Rows of the numerical Jacobian of every output (flattened, concatenated) with
    /// respect to input `i`, their error estimates (nil for `central`, which has none),
    /// and kink screens: for each row and output, the largest `|right - left|` of
    /// one-sided differences at a step of 1e-6 (about `1e-6·|f''|` where `f` is smooth,
    /// the jump in slope at a kink) and the output element where it occurs.
    static func compute(_ function: CheckedFunction, input i: Int, base: [Double], outputRanges: [Range<Int>],
                        replicas: [Replica], options: GradCheckOptions)
        throws -> (values: Jacobian, errors: Jacobian?, kinkScreens: [KinkScreen])
    {
        let rows = function.inputs[i].count, columns = base.count
        let estimates = options.method == .central ? 0 : rows * columns
        var screens = [KinkScreen](repeating: KinkScreen(), count: rows * outputRanges.count)
        let h = options.method == .central ? (options.eps ?? DifferenceMethod.central.defaultStep) : 1e-6
        let queue = WorkQueue(count: rows, block: 8)
        let arrays = try screens.withUnsafeMutableBufferPointer { screenBuffer in
            let screenBase = SharedScreens(base: screenBuffer.baseAddress)
            return try SharedBuffer.filledArrays(counts: [rows * columns, estimates]) { buffers in
                let (valueBuffer, errorBuffer) = (buffers[0], buffers[1])
                    try Parallel.run(workers: replicas.count) { worker in
                        let window = replicas[worker].windows[i]
                        let arguments = replicas[worker].inputs
                        var plus = [Double](repeating: 0, count: columns), minus = plus
                        while let block = queue.take() {
                            for k in block {
                                let original = window[unchecked: k]
                                defer { window[unchecked: k] = original }
                                let row = valueBuffer.base + k * columns
                                if options.method == .central {
                                    try plus.withUnsafeMutableBufferPointer { buffer in
                                        window[unchecked: k] = original + h
                                        try function.values(at: arguments, into: buffer)
                                    }
                                    try minus.withUnsafeMutableBufferPointer { buffer in
                                        window[unchecked: k] = original - h
                                        try function.values(at: arguments, into: buffer)
                                    }
                                    for j in 0..<columns { row[j] = (plus[j] - minus[j]) / (2 * h) }
                                } else {
                                    var cache: [Double: [Double]] = [:]
                                    func at(_ t: Double) throws -> [Double] {
                                        if let hit = cache[t] { return hit }
                                        window[unchecked: k] = t
                                        let result = try function.values(at: arguments)
                                        cache[t] = result
                                        return result
                                    }
                                    let column = try derivative(of: at, at: original, options: options)
                                    for j in 0..<columns {
                                        row[j] = column[j].value
                                        errorBuffer.base[k * columns + j] = column[j].error
                                    }
                                    plus = try at(original + h)
                                    minus = try at(original - h)
                                }
                                for (o, range) in outputRanges.enumerated() {
                                    // |right - left| = |plus - 2 base + minus| / h; divide once, for the largest.
                                    var screen = KinkScreen()
                                    for j in range {
                                        let jump = Swift.abs(plus[j] - 2 * base[j] + minus[j])
                                        if jump > screen.jump { screen = KinkScreen(jump: jump, outputElement: j - range.lowerBound) }
                                    }
                                    screen.jump /= h
                                    screenBase.base![k * outputRanges.count + o] = screen
                                }
                            }
                        }
                    }
                }
            }
        let errorJacobian = options.method == .central ? nil : Jacobian(checkedRows: rows, columns: columns, values: arrays[1])
        return (Jacobian(checkedRows: rows, columns: columns, values: arrays[0]), errorJacobian, screens)
    }

    /// The derivative of every component of `f` at `x` by the options' method.
    static func derivative(of f: (Double) throws -> [Double], at x: Double, options: GradCheckOptions) throws -> [DerivativeEstimate] {
        switch options.method {
        case .central:
            let h = options.eps ?? DifferenceMethod.central.defaultStep
            let plus = try f(x + h), minus = try f(x - h)
            return zip(plus, minus).map { DerivativeEstimate(value: ($0 - $1) / (2 * h), error: 0, evaluations: 2) }
        case .richardson:
            return try Richardson.estimate(of: f, at: x, initialStep: options.eps)
        case .gsl:
            // GSL differentiates one scalar function at a time; share evaluations through a cache.
            var cache: [Double: [Double]] = [:]
            func cached(_ t: Double) throws -> [Double] {
                if let hit = cache[t] { return hit }
                let value = try f(t)
                cache[t] = value
                return value
            }
            let count = try cached(x).count
            return try (0..<count).map { j in
                try GSLDerivative.estimate(.central, of: { try cached($0)[j] }, at: x,
                                           step: options.eps ?? DifferenceMethod.gsl.defaultStep)
            }
        }
    }
}

/// The largest jump between one-sided differences in one row of one output's Jacobian.
struct KinkScreen {
    var jump = 0.0
    var outputElement = 0
}

/// Kink screens that workers fill at disjoint rows (see `SharedBuffer`).
private struct SharedScreens: @unchecked Sendable {
    let base: UnsafeMutablePointer<KinkScreen>?
}

/// Analytical Jacobians: one backward pass per output element, spread over workers.
enum AnalyticalJacobian {
    /// Output elements each worker differentiates before writing them out together.
    private static let block = 16

    /// For each input in `differentiable`, the Jacobian of every output (flattened,
    /// concatenated: the numerical Jacobian's columns) with respect to it. Worker 0
    /// differentiates `outputs`; the others evaluate the function on their replica.
    /// Also checks that every gradient has its input's shape and dtype, and that the
    /// function computes from the inputs it is given.
    static func compute(_ function: CheckedFunction, outputs: [Tensor], differentiable: [Int], replicas: [Replica])
        throws -> [Jacobian]
    {
        let outputStarts = outputs.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let columns = outputStarts.last!
        let queue = WorkQueue(count: columns, block: block)
        let reached = Locked<[Int: [Bool]]>([:])
        let counts = differentiable.map { function.inputs[$0].count * columns }
        let results = try SharedBuffer.filledArrays(counts: counts) { buffers in
            try Parallel.run(workers: replicas.count) { worker in
                let replica = replicas[worker]
                let inputs = differentiable.map { replica.inputs[$0] }
                let graph = worker == 0 ? outputs : try function.evaluate(replica.inputs)
                let seeds = try graph.map { output in
                    try Tensor(shape: output.shape, values: [Double](repeating: 0, count: output.count),
                               dtype: output.dtype == .float64 ? .float64 : .float32)
                }
                let seedWindows = try seeds.map { try $0.sharedWindow }
                var pending = inputs.map { [Double](repeating: 0, count: block * $0.count) }
                // Which inputs this worker's graph reaches, whether or not it gets any columns.
                if let o = graph.indices.first(where: { graph[$0].requiresGrad && graph[$0].count > 0 }) {
                    seedWindows[o][unchecked: 0] = 1
                    defer { seedWindows[o][unchecked: 0] = 0 }
                    let grads = try grad(outputs: [graph[o]], inputs: inputs, gradOutputs: [seeds[o]],
                                         retainGraph: true, allowUnused: true)
                    let reachedHere = grads.map { $0 != nil }
                    reached.withLock { $0[worker] = reachedHere }
                }
                while let range = queue.take() {
                    for column in range {
                        let o = outputStarts.lastIndex { $0 <= column }!
                        let b = column - range.lowerBound
                        guard graph[o].requiresGrad else {
                            for (slot, input) in inputs.enumerated() {
                                pending[slot].withUnsafeMutableBufferPointer { buffer in
                                    UnsafeMutableBufferPointer(rebasing: buffer[(b * input.count)..<((b + 1) * input.count)]).update(repeating: 0)
                                }
                            }
                            continue
                        }
                        let j = column - outputStarts[o]
                        seedWindows[o][unchecked: j] = 1
                        defer { seedWindows[o][unchecked: j] = 0 }
                        let grads = try grad(outputs: [graph[o]], inputs: inputs, gradOutputs: [seeds[o]],
                                             retainGraph: true, allowUnused: true)
                        for (slot, g) in grads.enumerated() {
                            let n = inputs[slot].count
                            try pending[slot].withUnsafeMutableBufferPointer { buffer in
                                let row = UnsafeMutableBufferPointer(rebasing: buffer[(b * n)..<((b + 1) * n)])
                                if let g {
                                    try checkGradient(g, of: inputs[slot], index: differentiable[slot])
                                    try g.copyValues(into: row)
                                } else {
                                    row.update(repeating: 0)
                                }
                            }
                        }
                    }
                    // Transposed write: each input element's row gets this block's columns together.
                    for (slot, buffer) in buffers.enumerated() {
                        let n = inputs[slot].count
                        pending[slot].withUnsafeBufferPointer { block in
                            for k in 0..<n {
                                let target = buffer.base + k * columns + range.lowerBound
                                for b in 0..<range.count { target[b] = block[b * n + k] }
                            }
                        }
                    }
                }
            }
        }
        // A function that ignores its arguments (computing from tensors it captured)
        // would leave the copies' gradients empty: check that every worker reached the
        // inputs that worker 0 reached.
        let reachedByWorker = reached.withLock { $0 }
        if let reference = reachedByWorker[0], reachedByWorker.values.contains(where: { $0 != reference }) {
            throw GradCheckFailure(message:
                "The function's outputs depend on different inputs on different threads: it must compute from the tensors it is passed (not from tensors it captured) and be safe to call from several threads. Pass them as arguments, or set GradCheckOptions.threads to 1.")
        }
        return zip(differentiable, results).map { i, values in
            Jacobian(checkedRows: function.inputs[i].count, columns: columns, values: values)
        }
    }

    /// Throws when a gradient's shape or dtype differs from its input's.
    static func checkGradient(_ g: Tensor, of input: Tensor, index: Int) throws {
        guard g.shape == input.shape, g.dtype == input.dtype else {
            throw GradCheckFailure(message:
                "The gradient of input \(index) has shape \(g.shape) and dtype \(g.dtype), but the input has shape \(input.shape) and dtype \(input.dtype).")
        }
    }
}

extension Tensor {
    /// A writable window onto this tensor's values, for perturbing inputs in place.
    var sharedWindow: SharedValues {
        get throws { try detach().memoryWindow }
    }

    /// The row-major position of a multi-index.
    func flatIndex(_ index: [Int]) -> Int {
        zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// `flat` as a multi-index into this tensor's shape.
    func multiIndex(_ flat: Int) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: rank)
        for axis in stride(from: rank - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}
