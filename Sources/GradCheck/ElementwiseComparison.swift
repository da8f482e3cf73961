import Synchronization

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
    static func compare(numerical: Jacobian, analytical: Jacobian, errors: Jacobian?, scale: Double,
                        options: GradCheckOptions) throws -> ElementwiseComparison {
        let rows = numerical.rows
        let workers = options.workers(rows: rows * numerical.columns / 1024)
        let queue = WorkQueue(count: rows, block: Swift.max(1, rows / (workers * 8)))
        let parts = Mutex<[(start: Int, part: ElementwiseComparison)]>([])
        try Parallel.run(workers: workers) { _ in
            while let block = queue.take() {
                let part = compareRows(block, numerical: numerical, analytical: analytical, errors: errors,
                                       scale: scale, options: options)
                parts.withLock { $0.append((block.lowerBound, part)) }
            }
        }
        return parts.withLock { $0 }.sorted { $0.start < $1.start }.reduce(into: ElementwiseComparison()) { $0.merge($1.part) }
    }

    private static func compareRows(_ rows: Range<Int>, numerical: Jacobian, analytical: Jacobian, errors: Jacobian?,
                                    scale: Double, options: GradCheckOptions) -> ElementwiseComparison {
        var result = ElementwiseComparison()
        let columns = numerical.columns
        let tolerance = options.tolerance(scale: scale)
        numerical.values.withUnsafeBufferPointer { n in
            analytical.values.withUnsafeBufferPointer { a in
                (errors?.values ?? []).withUnsafeBufferPointer { e in
                    for k in rows {
                        var rowFailed = false
                        for j in 0..<columns {
                            let index = k * columns + j
                            let (nv, av) = (n[index], a[index])
                            if !nv.isFinite || !av.isFinite {
                                if result.nonFinite == nil { result.nonFinite = (k, j) }
                                continue
                            }
                            let difference = Swift.abs(av - nv)
                            let magnitude = Swift.abs(nv)
                            let allowed = tolerance.allowed(numerical: nv, estimate: e.isEmpty ? 0 : e[index])
                            result.maxAbsolute = Swift.max(result.maxAbsolute, difference)
                            if nv != 0 { result.maxRelative = Swift.max(result.maxRelative, difference / magnitude) }
                            let ratio = allowed > 0 ? difference / allowed : (difference > 0 ? .infinity : 0)
                            if ratio > result.worst.ratio { result.worst = (k, j, ratio) }
                            if difference > allowed && !rowFailed {
                                rowFailed = true
                                if result.failing.count < failingCap { result.failing.append((k, j)) }
                            }
                        }
                    }
                }
            }
        }
        return result
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
