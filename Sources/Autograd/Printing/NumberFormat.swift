#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// printf-style number formatting, which rounds exactly as Python's `format` does
/// (both print the exact binary value, rounded half to even).
public enum NumberFormat {
    /// Formats `value` with a C format such as `%.4f`, `%.4e` or `%10.4e`. Internal: the
    /// format must hold exactly one floating conversion, which only this library writes.
    static func c(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([value]) { args in
            vsnprintf(&buffer, buffer.count, format, args)
        }
        if written >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(written) + 1)
            _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Python's `f"{value:.{digits}f}"`.
    public static func fixed(_ value: Double, _ digits: Int) -> String { python("%.\(clamped(digits))f", value) }

    /// Python's `f"{value:.{digits}e}"`.
    public static func scientific(_ value: Double, _ digits: Int) -> String { python("%.\(clamped(digits))e", value) }

    /// Python's `f"{value:.{digits}g}"` (general format, trailing zeros removed).
    public static func general(_ value: Double, _ digits: Int) -> String { python("%.\(clamped(digits))g", value) }

    /// C's `format` of `value`, except for NaN: Python prints `nan` whatever its sign bit,
    /// where C prints `-nan` for the NaN an overflowing float32 computation produces.
    private static func python(_ format: String, _ value: Double) -> String { value.isNaN ? "nan" : c(format, value) }

    /// A digit count C's printf accepts: 0 to 1074 (every digit a double can have after the point).
    private static func clamped(_ digits: Int) -> Int { Swift.min(Swift.max(digits, 0), 1074) }

    /// A number as PyTorch's C++ messages print it (`std::ostream` defaults: 6 significant
    /// digits, no trailing zeros), e.g. `0`, `0.5`, `1e+19`, `nan`.
    static func cpp(_ value: Double) -> String { c("%g", value) }

    /// Python's `repr(float)`: the shortest string that round-trips, as `16.0`, `1e-05`, `4.400000095367432`.
    public static func pythonRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Find the shortest %.{p}e representation that round-trips.
        var digits = 1
        var mantissaExp = ""
        while digits <= 17 {
            mantissaExp = c("%.\(digits - 1)e", value)
            if Double(mantissaExp) == value { break }
            digits += 1
        }
        let parts = mantissaExp.split(separator: "e")
        let exponent = Int(parts[1])!
        var mantissa = String(parts[0])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let significand = mantissa.replacingOccurrences(of: ".", with: "")
        let sign = negative ? "-" : ""
        if exponent >= 16 || exponent < -4 {
            var m = significand.prefix(1) + (significand.count > 1 ? "." + significand.dropFirst() : "")
            if m.hasSuffix(".") { m.removeLast() }
            let e = exponent < 0 ? "-" + pad2(-exponent) : "+" + pad2(exponent)
            return sign + m + "e" + e
        }
        if exponent >= 0 {
            let intDigits = exponent + 1
            if significand.count <= intDigits {
                return sign + significand + String(repeating: "0", count: intDigits - significand.count) + ".0"
            }
            return sign + significand.prefix(intDigits) + "." + significand.dropFirst(intDigits)
        }
        return sign + "0." + String(repeating: "0", count: -exponent - 1) + significand
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
