import Foundation

/// One JSON value of a differential fixture: a number, bool, string, null, list or object.
///
/// Numbers keep their double value, and their exact integer value when they are
/// integral: an int64 such as 9223372036854775807 does not fit a `Double`, while
/// `-0.0` must keep its sign, so neither reading alone is enough. NaN and the
/// infinities are written as the strings `"nan"`, `"inf"` and `"-inf"`.
enum FixtureValue: Decodable, Sendable {
    /// JSON `null`.
    case null
    /// JSON `true` or `false`.
    case bool(Bool)
    /// A JSON number: its double value, and its exact value when it is an integer that fits in 64 bits.
    case number(Double, exactInteger: Int64?)
    /// A JSON string.
    case string(String)
    /// A JSON list.
    case list([FixtureValue])
    /// A JSON object.
    case object([String: FixtureValue])

    /// 2^53: below it every integral `Double` is an exact integer.
    private static let exactDoubleLimit = 9_007_199_254_740_992.0

    /// Decodes whichever kind of value is there.
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let double = try? container.decode(Double.self) {
            self = .number(double, exactInteger: Self.exactInteger(double, in: container))
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let list = try? container.decode([FixtureValue].self) {
            self = .list(list)
        } else if let integer = try? container.decode(Int64.self) {
            // Only if a decoder ever refused an int64 as a Double.
            self = .number(Double(integer), exactInteger: integer)
        } else {
            self = .object(try container.decode([String: FixtureValue].self))
        }
    }

    /// The exact integer a number stands for, or nil when it is not an integer in Int64's range.
    ///
    /// Below 2^53 the double is exact; above, the JSON text is read again as an `Int64`.
    private static func exactInteger(_ double: Double, in container: any SingleValueDecodingContainer) -> Int64? {
        guard double.isFinite, double.rounded(.towardZero) == double else { return nil }
        if Swift.abs(double) < exactDoubleLimit { return Int64(double) }
        return try? container.decode(Int64.self)
    }

    /// True for JSON `null`.
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as a floating-point number; `"nan"`, `"inf"` and `"-inf"` included.
    func number() throws -> Double {
        switch self {
        case .number(let double, _): return double
        case .string("nan"): return .nan
        case .string("inf"): return .infinity
        case .string("-inf"): return -.infinity
        default: throw FixtureError("expected a number, found \(self)")
        }
    }

    /// The value as an exact 64-bit integer.
    func int64() throws -> Int64 {
        guard case .number(_, let exact?) = self else { throw FixtureError("expected an integer, found \(self)") }
        return exact
    }

    /// The value as an exact `Int`.
    func int() throws -> Int {
        guard let value = Int(exactly: try int64()) else { throw FixtureError("integer \(self) does not fit an Int") }
        return value
    }

    /// The value as a bool.
    func bool() throws -> Bool {
        guard case .bool(let value) = self else { throw FixtureError("expected a bool, found \(self)") }
        return value
    }

    /// The value as a string.
    func string() throws -> String {
        guard case .string(let value) = self else { throw FixtureError("expected a string, found \(self)") }
        return value
    }

    /// The value as a list of exact integers (a shape or a list of dims).
    func intList() throws -> [Int] {
        guard case .list(let items) = self else { throw FixtureError("expected a list of integers, found \(self)") }
        return try items.map { try $0.int() }
    }
}

extension FixtureValue: CustomStringConvertible {
    /// The value as the fixture writes it, for messages (`1.5`, `"nan"`, `true`, `[1, 2]`).
    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let double, let exact):
            if let exact, Swift.abs(double) >= Self.exactDoubleLimit { return String(exact) }
            return "\(double)"
        case .string(let value): return "\"\(value)\""
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .object(let fields):
            return "{"
                + fields.keys.sorted().map { "\"\($0)\": \(fields[$0]?.description ?? "null")" }
                .joined(separator: ", ") + "}"
        }
    }
}
