import Autograd

/// What comparing two Jacobians element by element found: the largest errors, the
/// worst element relative to its tolerance, the failing rows and the first NaN or
/// infinity. Rows are compared in parallel blocks and the blocks' findings merged.
struct ElementwiseComparison: Sendable {
    var maxAbsolute = 0.0
    var maxRelative = 0.0
    /// The element with the largest ratio of difference to allowed difference.
    var worst = (k: 0, j: 0, ratio: -1.0)
    /// The first failing element of each failing row, in row order, at most `failingCap`.
    var failing: [(k: Int, j: Int)] = []
    /// The first element (in row-major order) where either Jacobian is not finite.
    var nonFinite: (k: Int, j: Int)?

    /// Failing rows kept: kink detection looks at 8 rows at most, so more than that
    /// are never all explained, and the messages name one element.
    static let failingCap = 64

    /// Compares `analytical` with `numerical` (error estimates `errors`, tolerance scale `scale`).
    static func compare(
        numerical: Jacobian, analytical: Jacobian, errors: Jacobian?, scale: Double,
        options: GradCheckOptions
    ) throws -> ElementwiseComparison {
        let rows = numerical.rows
        let workers = options.workers(rows: rows * numerical.columns / 1024)
        let queue = WorkQueue(count: rows, block: Swift.max(1, rows / (workers * 8)))
        let parts = Locked<[(start: Int, part: ElementwiseComparison)]>([])
        try Parallel.run(workers: workers) { _ in
            while let block = queue.take() {
                let part = compareRows(
                    block, numerical: numerical, analytical: analytical, errors: errors,
                    scale: scale, options: options)
                parts.withLock { $0.append((block.lowerBound, part)) }
            }
        }
        return parts.withLock { $0 }.sorted { $0.start < $1.start }.reduce(into: ElementwiseComparison()) { $0.merge($1.part) }
    }

    private static func compareRows(
        _ rows: Range<Int>, numerical: Jacobian, analytical: Jacobian, errors: Jacobian?,
        scale: Double, options: GradCheckOptions
    ) -> ElementwiseComparison {
        var result = ElementwiseComparison()
        let columns = numerical.columns
        let tolerance = options.tolerance(scale: scale)
        numerical.values.withUnsafeBufferPointer { n in
            analytical.values.withUnsafeBufferPointer { a in
                (errors?.values ?? []).withUnsafeBufferPointer { e in
                    for k in rows {
                        let start = k * columns
                        let row = RowPointers(
                            numerical: n.baseAddress! + start, analytical: a.baseAddress! + start,
                            errors: e.isEmpty ? nil : e.baseAddress! + start, count: columns)
                        guard let summary = row.summaryIfAllPass(tolerance) else {
                            result.compareElementByElement(row, k: k, tolerance: tolerance)
                            continue
                        }
                        result.maxAbsolute = Swift.max(result.maxAbsolute, summary.maxAbsolute)
                        result.maxRelative = Swift.max(result.maxRelative, summary.maxRelative)
                        if summary.maxRatio > result.worst.ratio {
                            result.compareElementByElement(row, k: k, tolerance: tolerance)
                        }
                    }
                }
            }
        }
        return result
    }

    /// The exact comparison of one row: every element's error, the worst, the first
    /// failure and the first NaN or infinity. Used for rows with a failing or non-finite
    /// element and for the row that holds the worst element.
    private mutating func compareElementByElement(_ row: RowPointers, k: Int, tolerance: Tolerance) {
        var rowFailed = false
        for j in 0..<row.count {
            let (nv, av) = (row.numerical[j], row.analytical[j])
            if !nv.isFinite || !av.isFinite {
                if nonFinite == nil { nonFinite = (k, j) }
                continue
            }
            let difference = Swift.abs(av - nv)
            let allowed = tolerance.allowed(numerical: nv, estimate: row.errors?[j] ?? 0)
            maxAbsolute = Swift.max(maxAbsolute, difference)
            if nv != 0 { maxRelative = Swift.max(maxRelative, difference / Swift.abs(nv)) }
            let ratio = allowed > 0 ? difference / allowed : (difference > 0 ? .infinity : 0)
            if ratio > worst.ratio { worst = (k, j, ratio) }
            if difference > allowed && !rowFailed {
                rowFailed = true
                if failing.count < Self.failingCap { failing.append((k, j)) }
            }
        }
    }

    /// Adds the findings of the rows after this one's.
    private mutating func merge(_ later: ElementwiseComparison) {
        maxAbsolute = Swift.max(maxAbsolute, later.maxAbsolute)
        maxRelative = Swift.max(maxRelative, later.maxRelative)
        if later.worst.ratio > worst.ratio { worst = later.worst }
        failing += later.failing.prefix(Self.failingCap - failing.count)
        if nonFinite == nil { nonFinite = later.nonFinite }
    }
}

/// One row of both Jacobians (and the error estimates, if any).
private struct RowPointers {
    let numerical: UnsafePointer<Double>
    let analytical: UnsafePointer<Double>
    let errors: UnsafePointer<Double>?
    let count: Int

    /// The row's largest absolute and relative errors and largest ratio of error to
    /// tolerance, when every element is finite and within tolerance; nil otherwise.
    /// Eight elements at a time: most rows of a passing check take only this path.
    func summaryIfAllPass(_ tolerance: Tolerance) -> (maxAbsolute: Double, maxRelative: Double, maxRatio: Double)? {
        typealias Lanes = SIMD8<Double>
        let width = Lanes.scalarCount
        let absolute = Lanes(repeating: tolerance.absolute), relative = Lanes(repeating: tolerance.relative)
        let safety = Lanes(repeating: tolerance.safety), tiny = Lanes(repeating: .leastNonzeroMagnitude)
        var maxAbsolute = Lanes(), maxRelative = Lanes(), maxRatio = Lanes()
        var failed = SIMDMask<SIMD8<Int64>>(repeating: false)
        func lanes(_ pointer: UnsafePointer<Double>, _ j: Int) -> Lanes {
            UnsafeRawPointer(pointer + j).loadUnaligned(as: Lanes.self)
        }
        var j = 0
        while j + width <= count {
            let n = lanes(numerical, j), a = lanes(analytical, j)
            let signedDifference = a - n
            let difference = signedDifference.replacing(with: -signedDifference, where: signedDifference .< 0)
            let magnitude = n.replacing(with: -n, where: n .< 0)
            var allowed = absolute + relative * magnitude
            if let errors { allowed += safety * lanes(errors, j) }
            // NaN and infinity fail `difference <= allowed` too.
            failed .|= .!(difference .<= allowed)
            let relativeError = (difference / magnitude).replacing(with: 0, where: n .== 0)
            let ratio = difference / allowed.replacing(with: tiny, where: allowed .< tiny)
            maxAbsolute.replace(with: difference, where: difference .> maxAbsolute)
            maxRelative.replace(with: relativeError, where: relativeError .> maxRelative)
            maxRatio.replace(with: ratio, where: ratio .> maxRatio)
            j += width
        }
        if any(failed) { return nil }
        var summary = (maxAbsolute: maxAbsolute.max(), maxRelative: maxRelative.max(), maxRatio: maxRatio.max())
        while j < count {
            let n = numerical[j], a = analytical[j]
            let difference = Swift.abs(a - n)
            let allowed = tolerance.allowed(numerical: n, estimate: errors?[j] ?? 0)
            guard difference <= allowed else { return nil }
            summary.maxAbsolute = Swift.max(summary.maxAbsolute, difference)
            if n != 0 { summary.maxRelative = Swift.max(summary.maxRelative, difference / Swift.abs(n)) }
            summary.maxRatio = Swift.max(summary.maxRatio, difference / Swift.max(allowed, .leastNonzeroMagnitude))
            j += 1
        }
        return summary
    }
}
