import Autograd
import Foundation

/// What real PyTorch printed for one lab: `Fixtures/labs/<id>.json`, from the
/// project's `pytorch_labs.py` run with PyTorch 2.15 on CPU.
public struct ReferenceLab: Sendable {
    /// The lab id.
    public let id: String
    /// The printed lines.
    public let transcript: [String]
    /// The key values, each flattened to numbers (booleans as 0 and 1).
    public let values: [String: [Double]]
    /// The CPU kernels PyTorch ran with, when the fixture records them (its float sums'
    /// order); nil for GradLab's default order.
    public var cpuCapability: PyTorchCPUCapability? = nil

    /// Runs `lab` with float sums in the order of the PyTorch run this reference records.
    public func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        guard let cpuCapability else { return try body() }
        return try withSummationOrder(of: cpuCapability, body)
    }
}

/// Loading the reference transcripts.
public enum Reference {
    /// The package's `Fixtures/` folder (from this source file's location, or `$GRADLAB_FIXTURES`).
    public static var fixturesURL: URL {
        if let override = ProcessInfo.processInfo.environment["GRADLAB_FIXTURES"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    /// Every reference lab, keyed by id, from `Fixtures/labs/<id>.json` (the articles' labs)
    /// and `Fixtures/series/<id>.json` (the series' programs); throws if a fixture
    /// is missing or malformed.
    public static func load() throws -> [String: ReferenceLab] {
        var files: [URL] = []
        for folder in ["labs", "series"] {
            files += try FileManager.default.contentsOfDirectory(at: fixturesURL.appendingPathComponent(folder), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
        }
        var labs: [String: ReferenceLab] = [:]
        for url in files {
            guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
                let id = object["lab"] as? String,
                let transcript = object["transcript"] as? [String],
                let values = object["values"] as? [String: Any]
            else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(url.path) is not a lab fixture"])
            }
            let capability = (object["cpu_capability"] as? String).flatMap(PyTorchCPUCapability.init(rawValue:))
            labs[id] = ReferenceLab(id: id, transcript: transcript, values: values.mapValues(flatten), cpuCapability: capability)
        }
        return labs
    }

    private static func flatten(_ any: Any) -> [Double] {
        if let list = any as? [Any] { return list.flatMap(flatten) }
        if let flag = any as? Bool, !(any is Double) { return [flag ? 1 : 0] }
        if let number = any as? NSNumber { return [number.doubleValue] }
        // JSON has no NaN or infinity: fixtures write them as Python prints them.
        if let text = any as? String, let special = Double(text), !special.isFinite { return [special] }
        return []
    }
}

extension LabValue {
    /// The value flattened to numbers, as reference values are.
    public var flattened: [Double] {
        switch self {
        case .number(let x): return [x]
        case .numbers(let xs): return xs
        case .rows(let rows): return rows.flatMap { $0 }
        case .flags(let flags): return flags.map { $0 ? 1 : 0 }
        }
    }
}

/// The outcome of running one lab against its reference.
public struct LabComparison: Sendable {
    /// The lab.
    public let lab: Lab
    /// Lines that differ: (line number, expected, actual); empty when the transcript matches.
    public let differences: [(line: Int, expected: String, actual: String)]
    /// Keys whose values differ beyond float32 precision.
    public let valueMismatches: [String]
    /// The error the lab threw, if any.
    public let error: String?

    /// True when the transcript and values match and nothing was thrown.
    public var passed: Bool { differences.isEmpty && valueMismatches.isEmpty && error == nil }

    /// Runs `lab` and compares it with `reference`.
    public init(lab: Lab, reference: ReferenceLab?) {
        self.lab = lab
        let reference = reference ?? lab.ownExpectation.map { ReferenceLab(id: lab.id, transcript: $0, values: [:]) }
        guard let reference else {
            differences = [(0, "a PyTorch reference for \(lab.id)", "none")]
            valueMismatches = []
            error = nil
            return
        }
        do {
            let (lines, values) = try reference.run { try lab.run() }
            var diffs: [(Int, String, String)] = []
            for i in 0..<Swift.max(lines.count, reference.transcript.count) {
                let expected = i < reference.transcript.count ? reference.transcript[i] : "<no line>"
                let actual = i < lines.count ? lines[i] : "<no line>"
                if expected != actual { diffs.append((i + 1, expected, actual)) }
            }
            differences = diffs
            var mismatches: [String] = []
            for (key, expected) in reference.values {
                let actual = values[key]?.flattened ?? []
                let close =
                    actual.count == expected.count
                    && zip(actual, expected).allSatisfy {
                        Swift.abs($0 - $1) <= 1e-6 * Swift.max(1, Swift.abs($1))
                    }
                if !close { mismatches.append(key) }
            }
            if lab.ownExpectation == nil {
                for key in values.keys where reference.values[key] == nil { mismatches.append(key) }
            }
            valueMismatches = mismatches.sorted()
            error = nil
        } catch {
            differences = []
            valueMismatches = []
            self.error = "\(error)"
        }
    }
}
