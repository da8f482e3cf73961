import Foundation

/// A module's parameters by name, as saved and loaded (`state_dict()`).
public struct StateDict: Sendable {
    /// Names in order, with their tensors (copies, detached from any graph).
    public let entries: [(name: String, tensor: Tensor)]

    /// The tensor named `name`.
    public subscript(name: String) -> Tensor? { entries.first { $0.name == name }?.tensor }

    private struct File: Codable {
        struct Entry: Codable {
            let name: String
            let dtype: String
            let shape: [Int]
            let values: [Double]
        }
        let format: String
        let version: Int
        let entries: [Entry]
    }

    private static let format = "gradlab-state-dict"

    /// NaN and the infinities as the strings PyTorch's Python prints, so that they round-trip.
    private static let specialValues = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// Writes the state to `url` as JSON (exact for float32 and float64 values).
    public func save(to url: URL) throws {
        let file = File(
            format: Self.format, version: 1,
            entries: try entries.map {
                File.Entry(name: $0.name, dtype: $0.tensor.dtype.rawValue, shape: Array($0.tensor.shape), values: try $0.tensor.toArray())
            })
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = Self.specialValues
        let data = try encoder.encode(file)
        do { try data.write(to: url) } catch {
            throw AutogradError(.fileError, "cannot write the state dict to \(url.path): \(FileErrorText.reason(error))")
        }
    }

    /// Reads a state saved by `save(to:)`; throws naming the problem when the file is damaged.
    public static func load(from url: URL) throws -> StateDict {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw AutogradError(.fileError, "cannot read the state dict \(url.path): \(FileErrorText.reason(error))")
        }
        let file: File
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { file = try decoder.decode(File.self, from: data) } catch {
            throw AutogradError(.invalidArgument, "state dict file \(url.path) is damaged: it is not a GradLab state dict")
        }
        guard file.format == format, file.version == 1 else {
            throw AutogradError(.invalidArgument, "state dict file \(url.path) has format \(file.format) version \(file.version); expected \(format) version 1")
        }
        return StateDict(
            entries: try file.entries.map { entry in
                guard let dtype = DType(rawValue: entry.dtype), dtype.isFloatingPoint else {
                    throw AutogradError(.invalidArgument, "state dict file \(url.path) is damaged: entry \(entry.name) has unknown dtype \(entry.dtype)")
                }
                guard (try? Shape.checkedCount(entry.shape)) == entry.values.count else {
                    throw AutogradError(
                        .invalidArgument,
                        "state dict file \(url.path) is damaged: entry \(entry.name) has shape \(entry.shape) but \(entry.values.count) values")
                }
                return (entry.name, try Tensor.make(shape: entry.shape, values: entry.values, dtype: dtype))
            })
    }
}

extension Module {
    /// A copy of every parameter by name (`state_dict()`).
    public func stateDict() throws -> StateDict {
        StateDict(entries: try namedParameters().map { ($0.0, try $0.1.detach().contiguousCopy()) })
    }

    /// Copies the values of `state` into the parameters (`load_state_dict`, strict):
    /// every name must match and every shape must agree, or nothing is changed.
    public func loadStateDict(_ state: StateDict) throws {
        let parameters = namedParameters()
        let names = Set(parameters.map(\.0)), given = Set(state.entries.map(\.name))
        var problems: [String] = []
        let missing = parameters.map(\.0).filter { !given.contains($0) }
        let unexpected = state.entries.map(\.name).filter { !names.contains($0) }
        if !missing.isEmpty { problems.append("Missing key(s) in state_dict: \(missing.map { "\"\($0)\"" }.joined(separator: ", ")).") }
        if !unexpected.isEmpty { problems.append("Unexpected key(s) in state_dict: \(unexpected.map { "\"\($0)\"" }.joined(separator: ", ")).") }
        for (name, parameter) in parameters {
            if let saved = state[name], saved.shape != parameter.shape {
                problems.append(
                    "size mismatch for \(name): copying a param with shape \(Shape.torchSize(saved.shape)) from checkpoint, the shape in current model is \(Shape.torchSize(parameter.shape))."
                )
            }
        }
        guard problems.isEmpty else {
            throw AutogradError(
                .shapeMismatch,
                "Error(s) in loading state_dict for \(type(of: self)):\n\t" + problems.joined(separator: "\n\t"))
        }
        try noGrad {
            for (name, parameter) in parameters { try parameter.copy_(state[name]!) }
        }
    }
}
