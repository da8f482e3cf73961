import Autograd
import Foundation

/// How NumPy's `str()` writes a float32 array, for the programs that print
/// `tensor.detach().numpy()`: NumPy's defaults (`precision=8`, `floatmode='maxprec'`, no
/// suppression), each number in its shortest float32 digits cut at 8 fractional digits,
/// padded so that the decimal points line up, in scientific form when the values span more
/// than three decades, reach 1e8, or go below 1e-4. Rows of rank-1 and rank-2 arrays are
/// written whole: NumPy's wrapping past 75 characters is not modelled, and `text(of:)`
/// refuses an array that would need it.
enum NumPyArrayText {
    /// `str(array)` of a float tensor of rank 1 or 2, or nil where this writer would differ
    /// from NumPy (another rank, or a row longer than NumPy's 75-character lines).
    static func text(of tensor: Tensor) throws -> String? {
        let values = try tensor.toArray()
        let shape = tensor.shape
        guard shape.count == 1 || shape.count == 2 else { return nil }
        let cells = cells(values.map { Double(Float($0)) })
        let columns = shape.last!
        let rows = stride(from: 0, to: cells.count, by: Swift.max(columns, 1)).map {
            "[" + cells[$0..<Swift.min($0 + columns, cells.count)].joined(separator: " ") + "]"
        }
        guard rows.allSatisfy({ $0.count + shape.count <= 75 }) else { return nil }
        return shape.count == 1 ? rows.first ?? "[]" : "[" + rows.joined(separator: "\n ") + "]"
    }

    /// Every value written and padded as NumPy's `FloatingFormat` does.
    private static func cells(_ values: [Double]) -> [String] {
        let finite = values.filter(\.isFinite).map(Swift.abs).filter { $0 != 0 }
        let scientific =
            !finite.isEmpty && (finite.max()! >= 1e8 || finite.min()! < 1e-4 || finite.max()! / finite.min()! > 1e3)
        let parts = values.map { scientific ? scientificParts($0) : positionalParts($0) }
        let left = parts.map(\.integer.count).max() ?? 0
        let right = parts.map(\.fraction.count).max() ?? 0
        let exponentDigits = parts.map { $0.exponent.count - 1 }.max() ?? 0
        return parts.map { part in
            let integer = String(repeating: " ", count: left - part.integer.count) + part.integer
            guard scientific else {
                return integer + "." + part.fraction + String(repeating: " ", count: right - part.fraction.count)
            }
            let fraction = part.fraction + String(repeating: "0", count: right - part.fraction.count)
            let sign = part.exponent.first!
            let digits = part.exponent.dropFirst()
            return integer + "." + fraction + "e" + String(sign)
                + String(repeating: "0", count: exponentDigits - digits.count) + digits
        }
    }

    /// The shortest digits that give back `value` as a float32, and the power of ten of the
    /// first one: 0.0079185 is ("79185", -3).
    private static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
        let text = Float(Swift.abs(value)).description
        let (mantissa, power) =
            text.split(separator: "e").count == 2
            ? (String(text.split(separator: "e")[0]), Int(text.split(separator: "e")[1])!) : (text, 0)
        let halves = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(halves[0]), fraction = halves.count > 1 ? String(halves[1]) : ""
        var digits = whole + fraction
        var exponent = whole.count - 1 + power
        while digits.count > 1 && digits.first == "0" {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        return (digits, digits == "0" ? 0 : exponent)
    }

    /// `-0.3938626` as ("-0", "3938626"), at most 8 fractional digits (rounded from the value
    /// itself where the shortest digits need more).
    private static func positionalParts(_ value: Double) -> (integer: String, fraction: String, exponent: String) {
        guard value.isFinite else { return (value.isNaN ? "nan" : value < 0 ? "-inf" : "inf", "", "") }
        let sign = value.sign == .minus ? "-" : ""
        let (digits, exponent) = shortestDigits(value)
        var integer: String, fraction: String
        if exponent < 0 {
            (integer, fraction) = ("0", String(repeating: "0", count: -exponent - 1) + digits)
        } else if digits.count > exponent + 1 {
            let split = digits.index(digits.startIndex, offsetBy: exponent + 1)
            (integer, fraction) = (String(digits[..<split]), String(digits[split...]))
        } else {
            (integer, fraction) = (digits + String(repeating: "0", count: exponent + 1 - digits.count), "")
        }
        if fraction.count > 8 {
            let rounded = String(format: "%.8f", Swift.abs(value)).split(separator: ".")
            integer = String(rounded[0])
            fraction = String(rounded[1])
            while fraction.last == "0" { fraction.removeLast() }
        }
        return (sign + integer, fraction, "")
    }

    /// `1.5e-05` as ("1", "5", "-05"), at most 8 fractional digits.
    private static func scientificParts(_ value: Double) -> (integer: String, fraction: String, exponent: String) {
        guard value.isFinite else { return (value.isNaN ? "nan" : value < 0 ? "-inf" : "inf", "", "+00") }
        let sign = value.sign == .minus ? "-" : ""
        var (digits, exponent) = shortestDigits(value)
        if digits.count > 9 {
            let rounded = String(format: "%.8e", Swift.abs(value)).split(separator: "e")
            digits = rounded[0].replacingOccurrences(of: ".", with: "")
            exponent = Int(rounded[1])!
            while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        }
        let magnitude = String(Swift.abs(exponent))
        return (
            sign + String(digits.first!), String(digits.dropFirst()),
            (exponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" + magnitude : magnitude)
        )
    }
}
