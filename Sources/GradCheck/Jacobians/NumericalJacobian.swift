import Autograd

/// Numerical Jacobians: one input element perturbed at a time, rows spread over workers.
enum NumericalJacobian {
    /// Rows of the numerical Jacobian of every output (flattened, concatenated) with
    /// respect to input `i`, their error estimates (nil for `central`, which has none),
    /// and kink screens: for each row and output, the largest `|right - left|` of
    /// one-sided differences at the central method's step (about `h·|f''|` where `f` is
    /// smooth, the jump in slope at a kink) and the output element where it occurs.
    static func compute(
        _ function: CheckedFunction, input i: Int, base: [Double], outputRanges: [Range<Int>],
        replicas: [Replica], options: GradCheckOptions
    )
        throws -> (values: Jacobian, errors: Jacobian?, kinkScreens: [KinkScreen])
    {
        let rows = function.inputs[i].count, columns = base.count
        let resolution = function.resolution(moving: [i])
        let estimates = options.method == .central ? 0 : rows * columns
        var screens = [KinkScreen](repeating: KinkScreen(), count: rows * outputRanges.count)
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
                            // Richardson's reference difference uses the screen's step: share those evaluations.
                            var cache: [Double: [Double]] = [:]
                            func at(_ t: Double) throws -> [Double] {
                                if let hit = cache[t] { return hit }
                                window[unchecked: k] = t
                                let values = try function.values(at: arguments)
                                cache[t] = values
                                return values
                            }
                            let line = ProbeLine.element(original, edges: options.domainEdges, resolution: resolution)
                                .adapted(to: at, at: original)
                            let h = line.step(
                                nominal: options.method == .central
                                    ? (options.eps ?? DifferenceMethod.central.defaultStep)
                                    : DifferenceMethod.central.defaultStep)
                            do {
                                let row = valueBuffer.base + k * columns
                                // The central method's common case writes straight into buffers;
                                // a probe that throws or gives NaN goes through the shrinking path.
                                var direct = false
                                if options.method == .central {
                                    do {
                                        let (up, down, spacing) = line.centralPoints(at: original, step: h)
                                        try plus.withUnsafeMutableBufferPointer { buffer in
                                            window[unchecked: k] = up
                                            try function.values(at: arguments, into: buffer)
                                        }
                                        try minus.withUnsafeMutableBufferPointer { buffer in
                                            window[unchecked: k] = down
                                            try function.values(at: arguments, into: buffer)
                                        }
                                        direct = centralDifferences(plus, minus, base: base, spacing: spacing, into: row)
                                    } catch is ForwardFailure {}
                                }
                                if !direct {
                                    let column = try NumericalDerivative.estimate(
                                        options.method, of: at, at: original,
                                        line: line, eps: options.eps)
                                    for j in 0..<columns {
                                        row[j] = column[j].value
                                        if estimates > 0 { errorBuffer.base[k * columns + j] = column[j].error }
                                    }
                                    // The kink screen's probes; where they fail, this row is not screened.
                                    let points = line.centralPoints(at: original, step: h)
                                    guard let p = try? at(points.up), let m = try? at(points.down) else { continue }
                                    (plus, minus) = (p, m)
                                }
                                for (o, range) in outputRanges.enumerated() {
                                    // |right - left| = |plus - 2 base + minus| / h; divide once, for the largest.
                                    var screen = KinkScreen()
                                    for j in range {
                                        let jump = Swift.abs(plus[j] - 2 * base[j] + minus[j])
                                        if jump > screen.jump { screen = KinkScreen(jump: jump, outputElement: j - range.lowerBound) }
                                    }
                                    screen.jump /= line.centralPoints(at: original, step: h).spacing / 2
                                    screenBase.base![k * outputRanges.count + o] = screen
                                }
                            } catch let failure as GradCheckFailure where failure.kind == .outputChanged {
                                // Name the probe that changed the output.
                                throw GradCheckFailure(
                                    .outputChanged,
                                    failure.message
                                        + " It changed when argument \(i) element \(function.inputs[i].multiIndex(k)) was moved from \(original) to \(window[unchecked: k]) (a step of \(window[unchecked: k] - original))."
                                )
                            }
                        }
                    }
                }
            }
        }
        let errorJacobian = options.method == .central ? nil : Jacobian(checkedRows: rows, columns: columns, values: arrays[1])
        return (Jacobian(checkedRows: rows, columns: columns, values: arrays[0]), errorJacobian, screens)
    }
}

/// Writes `(plus - minus) / spacing` into `row`, in one pass without bounds checks; false
/// when a difference is NaN where the unperturbed output is not (a probe crossed the
/// function's domain: the row is then estimated again, and `row` overwritten).
private func centralDifferences(
    _ plus: [Double], _ minus: [Double], base: [Double], spacing: Double,
    into row: UnsafeMutablePointer<Double>
) -> Bool {
    plus.withUnsafeBufferPointer { plus in
        minus.withUnsafeBufferPointer { minus in
            base.withUnsafeBufferPointer { base in
                var finite = true
                for j in 0..<base.count {
                    let difference = plus[j] - minus[j]
                    if difference.isNaN && !base[j].isNaN { finite = false }
                    row[j] = difference / spacing
                }
                return finite
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
