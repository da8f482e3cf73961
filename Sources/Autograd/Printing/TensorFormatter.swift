/// Chooses how every element of a tensor is printed, as PyTorch's `_Formatter`:
/// integer mode (`27.`), fixed (`4.5000`) or scientific (`1.0000e-05`), and one
/// common width so that columns line up.
struct TensorFormatter {
    /// Digits after the decimal point (PyTorch's default print precision).
    static let precision = 4

    private let floating: Bool
    private let isBool: Bool
    private(set) var intMode = true
    private(set) var sciMode = false
    private(set) var maxWidth = 1

    /// Inspects `values` (the possibly summarized elements) of a tensor of `dtype`.
    init(values: [Double], dtype: DType) {
        floating = dtype.isFloatingPoint
        isBool = dtype == .bool
        guard floating else {
            for v in values { maxWidth = Swift.max(maxWidth, Self.integerString(v, bool: isBool).count) }
            return
        }
        let finite = values.filter { $0.isFinite && $0 != 0 }
        guard !finite.isEmpty else { return }
        let magnitudes = finite.map(Swift.abs)
        let smallest = magnitudes.min()!, largest = magnitudes.max()!
        intMode = finite.allSatisfy { $0 == $0.rounded(.up) }
        let p = Self.precision
        if intMode {
            if largest / smallest > 1000 || largest > 1e8 {
                sciMode = true
                for v in finite { maxWidth = Swift.max(maxWidth, NumberFormat.scientific(v, p).count) }
            } else {
                for v in finite { maxWidth = Swift.max(maxWidth, NumberFormat.fixed(v, 0).count + 1) }
            }
        } else if largest / smallest > 1000 || largest > 1e8 || smallest < 1e-4 {
            sciMode = true
            for v in finite { maxWidth = Swift.max(maxWidth, NumberFormat.scientific(v, p).count) }
        } else {
            for v in finite { maxWidth = Swift.max(maxWidth, NumberFormat.fixed(v, p).count) }
        }
    }

    /// The width every formatted element is padded to.
    var width: Int { maxWidth }

    /// One element, right-aligned to `width`.
    func format(_ value: Double) -> String {
        let text: String
        if floating {
            if sciMode {
                text = NumberFormat.c("%\(maxWidth).\(Self.precision)e", value)
            } else if intMode {
                let digits = NumberFormat.fixed(value, 0)
                text = value.isFinite ? digits + "." : digits
            } else {
                text = NumberFormat.fixed(value, Self.precision)
            }
        } else {
            text = Self.integerString(value, bool: isBool)
        }
        return String(repeating: " ", count: Swift.max(0, maxWidth - text.count)) + text
    }

    /// An int64 element carried through printing's arrays of doubles as its exact bits.
    static func carrying(_ value: Int64) -> Double { Double(bitPattern: UInt64(bitPattern: value)) }

    /// A bool element (0 or 1) as `True`/`False`, an int64 one (carried as its bits) in digits.
    private static func integerString(_ value: Double, bool: Bool) -> String {
        bool ? (value != 0 ? "True" : "False") : String(Int64(bitPattern: value.bitPattern))
    }
}
