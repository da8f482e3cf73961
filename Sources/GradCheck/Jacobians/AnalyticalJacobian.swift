import Autograd

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
                    try Tensor(
                        shape: output.shape, values: [Double](repeating: 0, count: output.count),
                        dtype: output.dtype == .float64 ? .float64 : .float32)
                }
                let seedWindows = try seeds.map { try $0.sharedWindow }
                var pending = inputs.map { [Double](repeating: 0, count: block * $0.count) }
                // Which inputs this worker's graph reaches, whether or not it gets any columns.
                if let o = graph.indices.first(where: { graph[$0].requiresGrad && graph[$0].count > 0 }) {
                    seedWindows[o][unchecked: 0] = 1
                    defer { seedWindows[o][unchecked: 0] = 0 }
                    let differentiated = graph.indices.filter { graph[$0].requiresGrad }
                    let grads = try grad(
                        outputs: differentiated.map { graph[$0] }, inputs: inputs,
                        gradOutputs: differentiated.map { seeds[$0] }, retainGraph: true, allowUnused: true)
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
                        // As PyTorch's Jacobian rows: a pass from this output alone, so that the
                        // other outputs' gradients are undefined (nil for a custom function that
                        // opted out of materialising them, zeros for every other); an input the
                        // pass does not reach gets a row of zeros, compared with the numerical one.
                        let grads = try grad(
                            outputs: [graph[o]], inputs: inputs, gradOutputs: [seeds[o]],
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
            throw GradCheckFailure(
                .threadDependent,
                "The function's outputs depend on different inputs on different threads: it must compute from the tensors it is passed (not from tensors it captured) and be safe to call from several threads. Pass them as arguments, or set GradCheckOptions.threads to 1."
            )
        }
        return zip(differentiable, results).map { i, values in
            Jacobian(checkedRows: function.inputs[i].count, columns: columns, values: values)
        }
    }

    /// Throws when a gradient's shape or dtype differs from its input's.
    static func checkGradient(_ g: Tensor, of input: Tensor, index: Int) throws {
        guard g.shape == input.shape, g.dtype == input.dtype else {
            throw GradCheckFailure(
                .wrongGradientShape,
                "The gradient of argument \(index) has shape \(g.shape) and dtype \(g.dtype), but the input has shape \(input.shape) and dtype \(input.dtype).")
        }
    }
}
