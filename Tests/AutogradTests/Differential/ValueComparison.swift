@testable import Autograd

/// How closely a list of GradLab values agrees with PyTorch's, worst element first.
enum Agreement: Int, Comparable, Sendable {
    /// Every element is identical (NaN equals NaN; float32 compared as `Float`).
    case bitExact
    /// Some elements differ, all within the dtype's tolerance.
    case withinTolerance
    /// Some element differs beyond tolerance (or a count, a NaN or an infinity differs).
    case different

    /// Orders by how bad the agreement is: `bitExact < withinTolerance < different`.
    static func < (lhs: Agreement, rhs: Agreement) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The element-by-element comparison of GradLab's values with PyTorch's.
struct ValueComparison: Sendable {
    /// The worst agreement over all elements.
    let agreement: Agreement
    /// The first element that differs beyond tolerance, as "[3]: expected 1.5, got 1.25"; nil when none does.
    let firstDifference: String?

    /// Relative tolerance for float32: |a - b| <= 1e-5 * max(1, |b|).
    static let float32Tolerance = 1e-5
    /// Relative tolerance for float64: |a - b| <= 1e-12 * max(1, |b|).
    static let float64Tolerance = 1e-12

    /// Compares `actual` (GradLab's row-major values) with `expected` (the fixture's) as `dtype` elements.
    ///
    /// Floats: bit-exact first, else within tolerance; NaN equals NaN; infinities must match
    /// exactly. int64 and bool: exact, int64 against `exactIntegers` when given (doubles
    /// cannot hold every int64).
    init(expected: [FixtureValue], actual: [Double], exactIntegers: [Int64]? = nil, dtype: DType) {
        guard expected.count == actual.count else {
            agreement = .different
            firstDifference = "expected \(expected.count) values, got \(actual.count)"
            return
        }
        var worst = Agreement.bitExact
        var first: String?
        for (index, (wanted, got)) in zip(expected, actual).enumerated() {
            if dtype == .int64, let exact = exactIntegers, index < exact.count {
                guard (try? wanted.int64()) != exact[index] else { continue }
                worst = .different
                if first == nil { first = "[\(index)]: expected \(wanted), got \(exact[index])" }
                continue
            }
            let element = Self.elementAgreement(expected: wanted, actual: got, dtype: dtype)
            worst = Swift.max(worst, element)
            if element == .different && first == nil {
                first = "[\(index)]: expected \(wanted), got \(Self.describe(got, dtype: dtype))"
            }
        }
        agreement = worst
        firstDifference = first
    }

    /// How one element agrees; an expected value of the wrong kind counts as different.
    static func elementAgreement(expected: FixtureValue, actual: Double, dtype: DType) -> Agreement {
        switch dtype {
        case .float32, .float64:
            guard let wanted = try? expected.number() else { return .different }
            return floatAgreement(expected: wanted, actual: actual, dtype: dtype)
        case .int64:
            guard let wanted = try? expected.int64(), let got = Int64(exactly: actual) else { return .different }
            return wanted == got ? .bitExact : .different
        case .bool:
            guard let wanted = try? expected.bool() else { return .different }
            return actual == (wanted ? 1 : 0) ? .bitExact : .different
        }
    }

    /// How two floating values agree under `dtype`'s rules.
    static func floatAgreement(expected: Double, actual: Double, dtype: DType) -> Agreement {
        if expected.isNaN || actual.isNaN {
            return expected.isNaN && actual.isNaN ? .bitExact : .different
        }
        if expected.isInfinite || actual.isInfinite {
            return expected == actual ? .bitExact : .different
        }
        let single = dtype == .float32
        let identical = single ? (Float(actual) == Float(expected)) : (actual == expected)
        if identical { return .bitExact }
        let tolerance = single ? float32Tolerance : float64Tolerance
        let close = Swift.abs(actual - expected) <= tolerance * Swift.max(1, Swift.abs(expected))
        return close ? .withinTolerance : .different
    }

    /// A GradLab value as the fixtures would write it (`true`, `3`, `1.5`, `"nan"`).
    static func describe(_ value: Double, dtype: DType) -> String {
        switch dtype {
        case .bool:
            return value == 0 ? "false" : (value == 1 ? "true" : "\(value)")
        case .int64:
            if let integer = Int64(exactly: value) { return String(integer) }
            return "\(value)"
        case .float32, .float64:
            if value.isNaN { return "\"nan\"" }
            if value.isInfinite { return value > 0 ? "\"inf\"" : "\"-inf\"" }
            return "\(value)"
        }
    }
}
