import Foundation

// The model of one differential-test program, decoded from the fixtures that
// `Fixtures/differential/interpreter.py` wrote with PyTorch. The format is the
// docstring of that file; in short:
//
//     {"id": "p00001",
//      "inputs": [{"shape": [2, 3], "dtype": "float32", "values": [...],
//                  "layout": "contiguous", "requires_grad": true}, ...],
//      "ops": [{"op": "mul", "args": [0, 1]}, {"op": "sum", "args": [2]}],
//      "grad_output": null,
//      "expect": {...}}
//
// Values 0..<n are the inputs; every op appends one value; the result is the last.

/// One differential-test program: inputs, ops, and what PyTorch did with them.
struct DifferentialProgram: Decodable, Sendable {
    /// The program's name, unique across both fixture files (`p00001`, `e0001`).
    let id: String
    /// A human note (edge programs only), e.g. "max() of an empty tensor: error".
    let note: String?
    /// The tensors the program starts from, in value order.
    let inputs: [ProgramInput]
    /// The operations, each appending one value.
    let ops: [ProgramOp]
    /// The gradient backward starts from (row-major, of the result's shape), or nil for `backward()`.
    let gradOutput: [FixtureValue]?
    /// What PyTorch did.
    let expect: ProgramExpectation

    /// The JSON field names.
    private enum CodingKeys: String, CodingKey {
        case id, note, inputs, ops, expect
        case gradOutput = "grad_output"
    }
}

/// How to make one input tensor.
struct ProgramInput: Decodable, Sendable {
    /// The logical shape.
    let shape: [Int]
    /// `float32`, `float64`, `int64` or `bool`.
    let dtype: String
    /// The logical values in row-major order.
    let values: [FixtureValue]
    /// `contiguous` (the default), `transposed`, `expanded` or `strided`.
    let layout: String?
    /// Whether the input is made to require grad (`requires_grad_(True)`).
    let requiresGrad: Bool?
    /// For the `expanded` layout: the dimension along which the values are constant.
    let expandDim: Int?

    /// The JSON field names.
    private enum CodingKeys: String, CodingKey {
        case shape, dtype, values, layout
        case requiresGrad = "requires_grad"
        case expandDim = "expand_dim"
    }
}

/// One operation: its name, the value indices it reads, and its named parameters.
struct ProgramOp: Decodable, Sendable {
    /// The op's name in `interpreter.py` (`mul`, `sum_dim`, `add_scalar_`, ...).
    let name: String
    /// Indices into the value list (inputs first, then earlier ops' results).
    let args: [Int]
    /// The op's parameters: every field of its JSON object but `op` and `args`.
    let fields: [String: FixtureValue]

    /// Decodes the object field by field, since each op has its own parameters.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FixtureKey.self)
        name = try container.decode(String.self, forKey: FixtureKey("op"))
        args = try container.decode([Int].self, forKey: FixtureKey("args"))
        var fields: [String: FixtureValue] = [:]
        for key in container.allKeys where key.stringValue != "op" && key.stringValue != "args" {
            fields[key.stringValue] = try container.decode(FixtureValue.self, forKey: key)
        }
        self.fields = fields
    }

    /// The field `key`, or a `FixtureError` naming it when it is absent.
    private func field(_ key: String) throws -> FixtureValue {
        guard let value = fields[key] else { throw FixtureError("op \(name) has no field \"\(key)\"") }
        return value
    }

    /// The integer field `key`.
    func int(_ key: String) throws -> Int { try field(key).int() }

    /// The integer field `key`, or nil when it is null or absent.
    func optionalInt(_ key: String) throws -> Int? {
        guard let value = fields[key], !value.isNull else { return nil }
        return try value.int()
    }

    /// The list-of-integers field `key` (a shape or a list of dims).
    func intList(_ key: String) throws -> [Int] { try field(key).intList() }

    /// The list-of-integers field `key`, or nil when it is null or absent.
    func optionalIntList(_ key: String) throws -> [Int]? {
        guard let value = fields[key], !value.isNull else { return nil }
        return try value.intList()
    }

    /// The boolean field `key`.
    func bool(_ key: String) throws -> Bool { try field(key).bool() }

    /// The boolean field `key`, or nil when it is null or absent (a backward op's `retain_graph`).
    func optionalBool(_ key: String) throws -> Bool? {
        guard let value = fields[key], !value.isNull else { return nil }
        return try value.bool()
    }

    /// The boolean field `key`, or false when it is absent.
    func flag(_ key: String) throws -> Bool {
        guard let value = fields[key], !value.isNull else { return false }
        return try value.bool()
    }

    /// The numeric field `key` (`"nan"`, `"inf"` and `"-inf"` included).
    func number(_ key: String) throws -> Double { try field(key).number() }

    /// The numeric field `key`, or nil when it is null or absent (clamp's bounds).
    func optionalNumber(_ key: String) throws -> Double? {
        guard let value = fields[key], !value.isNull else { return nil }
        return try value.number()
    }

    /// The list-of-numbers field `key`, or nil when it is null or absent (a backward op's `grad_output`).
    func optionalNumberList(_ key: String) throws -> [Double]? {
        guard let value = fields[key], !value.isNull else { return nil }
        guard case .list(let items) = value else { throw FixtureError("op \(name): \"\(key)\" is not a list") }
        return try items.map { try $0.number() }
    }

    /// The string field `key`.
    func string(_ key: String) throws -> String { try field(key).string() }
}

/// What PyTorch did with a program: an error, or a result.
enum ProgramExpectation: Decodable, Sendable {
    /// An op raised (`opIndex`), or making an input raised (`inputIndex`).
    case error(ExpectedError)
    /// The program ran; its result (and gradients, when it required grad).
    case result(ExpectedResult)

    /// The JSON field names of both kinds of record.
    private enum CodingKeys: String, CodingKey {
        case error
        case errorType = "error_type"
        case errorOp = "error_op"
        case errorInput = "error_input"
        case shape, dtype, values, grads
        case gradFn = "grad_fn"
        case requiresGrad = "requires_grad"
        case backwardError = "backward_error"
    }

    /// Decodes an error record when the object has an `error` field, else a result record.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.error) {
            self = .error(
                ExpectedError(
                    message: try c.decode(String.self, forKey: .error),
                    type: try c.decodeIfPresent(String.self, forKey: .errorType),
                    opIndex: try c.decodeIfPresent(Int.self, forKey: .errorOp),
                    inputIndex: try c.decodeIfPresent(Int.self, forKey: .errorInput)))
        } else {
            self = .result(
                ExpectedResult(
                    shape: try c.decode([Int].self, forKey: .shape),
                    dtype: try c.decode(String.self, forKey: .dtype),
                    values: try c.decode([FixtureValue].self, forKey: .values),
                    gradFn: try c.decodeIfPresent(String.self, forKey: .gradFn),
                    requiresGrad: try c.decode(Bool.self, forKey: .requiresGrad),
                    grads: try c.decodeIfPresent([[FixtureValue]?].self, forKey: .grads),
                    backwardError: try c.decodeIfPresent(String.self, forKey: .backwardError)))
        }
    }
}

/// The error PyTorch raised.
struct ExpectedError: Sendable {
    /// `str(error)`.
    let message: String
    /// The Python exception class (`RuntimeError`, `IndexError`, ...).
    let type: String?
    /// The op that raised, or nil when making an input raised.
    let opIndex: Int?
    /// The input whose making raised, or nil when an op raised.
    let inputIndex: Int?
}

/// The result PyTorch computed.
struct ExpectedResult: Sendable {
    /// The result's shape.
    let shape: [Int]
    /// The result's dtype name (`float32`, ...).
    let dtype: String
    /// The result's values in row-major order.
    let values: [FixtureValue]
    /// The class name of the result's `grad_fn`, or nil.
    let gradFn: String?
    /// Whether the result requires grad.
    let requiresGrad: Bool
    /// When the result required grad and backward ran: per input, its gradient or nil.
    let grads: [[FixtureValue]?]?
    /// When the result required grad and backward raised: the message.
    let backwardError: String?
}

/// A coding key made from any string, for objects whose keys vary (op parameters).
struct FixtureKey: CodingKey {
    /// The key's name.
    let stringValue: String
    /// The array position, for keys made from one; nil for named keys.
    let intValue: Int?

    /// The key named `name`.
    init(_ name: String) {
        stringValue = name
        intValue = nil
    }

    /// The key named `stringValue` (never fails).
    init?(stringValue: String) { self.init(stringValue) }

    /// An array position as a key.
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// A fixture that does not follow the format: a bug in the fixture or in this harness, not in GradLab.
struct FixtureError: Error, CustomStringConvertible {
    /// What is wrong, for the test log.
    let description: String

    /// An error saying `description`.
    init(_ description: String) { self.description = description }
}
