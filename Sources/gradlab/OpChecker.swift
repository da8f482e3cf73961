import Autograd
import Exercises
import Foundation
import GradCheck

/// The result of checking one op on all its samples, first and second order.
struct OpCheckResult: Encodable {
    let op: String
    let gradFn: String
    let samples: Int
    let maxAbsoluteError: Double
    let maxRelativeError: Double
    let evaluations: Int
    let seconds: Double
    let failures: [String]
    /// The pictures drawn of failures (`gradlab check --plot DIR`).
    var pictures: [String] = []
    var passed: Bool { failures.isEmpty }

    enum CodingKeys: String, CodingKey {
        case op, gradFn, samples, maxAbsoluteError, maxRelativeError, evaluations, seconds, failures, passed, pictures
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(op, forKey: .op)
        try c.encode(gradFn, forKey: .gradFn)
        try c.encode(samples, forKey: .samples)
        try c.encode(maxAbsoluteError, forKey: .maxAbsoluteError)
        try c.encode(maxRelativeError, forKey: .maxRelativeError)
        try c.encode(evaluations, forKey: .evaluations)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(failures, forKey: .failures)
        try c.encode(passed, forKey: .passed)
        try c.encode(pictures, forKey: .pictures)
    }
}

/// Runs gradcheck and gradgradcheck over the OpInfo database, printing a table and,
/// on a terminal, progress.
enum OpChecker {
    static func checkAll(
        names: [String]?, options: GradCheckOptions = GradCheckOptions(), quiet: Bool = false,
        plotDirectory: String? = nil
    ) -> [OpCheckResult] {
        let entries = OpDatabase.entries.filter { entry in
            names.map { $0.contains { entry.name.contains($0) || entry.op.nodeName == $0 } } ?? true
        }
        let mode = options.method.rawValue + (options.fastMode ? ", fast" : "")
        if !quiet {
            print("Ops through gradcheck and gradgradcheck (float64, \(mode))")
            print("  \("op".padding(26)) samples  max abs err  max rel err  evals    time      result")
        }
        let progress = ProgressLine(total: entries.count, label: "ops", enabled: !quiet && ProgressLine.isWatched)
        defer { progress.clear() }
        return entries.map { entry in
            progress.advance(by: 0, entry.name)
            let result = check(entry, options: entry.options(options), plotDirectory: plotDirectory)
            progress.clear()
            defer { progress.advance() }
            if !quiet {
                let time = NumberFormat.fixed(result.seconds * 1000, 1) + " ms"
                print(
                    "  \(entry.name.padding(26)) \(String(result.samples).padding(7))  \(NumberFormat.scientific(result.maxAbsoluteError, 2).padding(11))  \(NumberFormat.scientific(result.maxRelativeError, 2).padding(11))  \(String(result.evaluations).padding(7))  \(time.padding(9)) \(result.passed ? "pass" : "FAIL")"
                )
                result.failures.forEach { print("       " + $0.replacingOccurrences(of: "\n", with: "\n       ")) }
                result.pictures.filter { $0.hasSuffix(".png") || $0.hasSuffix(".gp") }.forEach { print("       picture: " + $0) }
            }
            return result
        }
    }

    /// Checks one op on all its samples; with `plotDirectory`, a failure's pictures go to
    /// `<plotDirectory>/<op>/sample<N>-<check>/`.
    static func check(_ entry: OpInfo, options: GradCheckOptions, plotDirectory: String? = nil) -> OpCheckResult {
        var failures: [String] = []
        var pictures: [String] = []
        var maxAbs = 0.0, maxRel = 0.0, evaluations = 0, seconds = 0.0
        let samples = entry.samples()
        for (position, sample) in samples.enumerated() {
            func drawing(_ check: String, _ options: GradCheckOptions) -> GradCheckOptions {
                var options = options
                options.plotDirectory = plotDirectory.map { "\($0)/\(entry.name)/sample\(position)-\(check)" }
                return options
            }
            do {
                var reports = [
                    try gradcheckReport(
                        entry.checkedFunction, inputs: sample.inputs,
                        options: drawing("gradcheck", options))
                ]
                if entry.supportsGradgrad {
                    for nonContiguous in [false, true] {
                        var secondOrder = drawing(nonContiguous ? "gradgradcheck-noncontiguous" : "gradgradcheck", options)
                        secondOrder.nonContiguousGradOutputs = nonContiguous
                        reports.append(try gradgradcheckReport(entry.checkedFunction, inputs: sample.inputs, options: secondOrder))
                    }
                }
                for (order, report) in reports.enumerated() {
                    maxAbs = max(maxAbs, report.maxAbsoluteError)
                    maxRel = max(maxRel, report.maxRelativeError)
                    evaluations += report.functionEvaluations
                    seconds += report.seconds
                    pictures += report.pictures
                    if let failure = report.failures.first {
                        failures.append(
                            "\(sample.label) (\(order == 0 ? "gradcheck" : order == 1 ? "gradgradcheck" : "gradgradcheck, non-contiguous output gradients")): \(failure)"
                        )
                    }
                }
            } catch {
                failures.append("\(sample.label): \(error)")
            }
        }
        return OpCheckResult(
            op: entry.name, gradFn: entry.op.nodeName, samples: samples.count, maxAbsoluteError: maxAbs,
            maxRelativeError: maxRel, evaluations: evaluations, seconds: seconds, failures: failures,
            pictures: pictures)
    }
}
