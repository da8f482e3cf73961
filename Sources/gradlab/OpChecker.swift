import Autograd
import Dispatch
import GradCheck

/// The result of checking one op on all its samples.
struct OpCheckResult {
    let name: String
    let samples: Int
    let failures: [String]
    let seconds: Double
    var passed: Bool { failures.isEmpty }
}

/// Runs gradcheck and gradgradcheck over the OpInfo database and prints a table.
enum OpChecker {
    static func checkAll(names: [String]?) -> [OpCheckResult] {
        let entries = OpDatabase.entries.filter { entry in
            names.map { $0.contains { entry.name.contains($0) } } ?? true
        }
        print("Ops through gradcheck and gradgradcheck (float64, central differences)")
        print("  \("op".padding(26)) samples  result   time")
        return entries.map { entry in
            let start = DispatchTime.now().uptimeNanoseconds
            var failures: [String] = []
            let samples = entry.samples()
            for sample in samples {
                do {
                    try gradcheck({ [try entry.function($0)] }, inputs: sample.inputs, options: entry.options())
                    if entry.checkSecondOrder {
                        try gradgradcheck(entry.function, inputs: sample.inputs, options: entry.options())
                    }
                } catch {
                    failures.append("\(sample.label): \(error)")
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let result = OpCheckResult(name: entry.name, samples: samples.count, failures: failures, seconds: seconds)
            let time = NumberFormat.fixed(seconds * 1000, 1) + " ms"
            print("  \(entry.name.padding(26)) \(String(samples.count).padding(7))  \(result.passed ? "pass" : "FAIL")   \(time)")
            failures.forEach { print("       \($0)") }
            return result
        }
    }
}
