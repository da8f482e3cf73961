import ArgumentParser
import Autograd
import Exercises
import GradCheck

/// `gradlab accuracy`: every method's error over the smooth-function battery.
struct Accuracy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure each numerical method's accuracy on the battery of smooth functions.")

    @Flag(help: "Print every point, not just the summary.")
    var verbose = false

    func run() {
        print("method       max rel error   median rel error   evals/point   estimate bounds error")
        for method in DifferenceMethod.allCases {
            let points = AccuracyBattery.run(method)
            let errors = points.map(\.relativeError).sorted()
            let bounded = points.filter { $0.estimate.error >= $0.absoluteError }.count
            let evaluations = Double(points.map(\.estimate.evaluations).reduce(0, +)) / Double(points.count)
            let bound = method == .central ? "n/a (no estimate)" : "\(bounded)/\(points.count) points"
            print(
                "\(method.rawValue.padding(12)) \(NumberFormat.scientific(errors.last!, 2).padding(15)) \(NumberFormat.scientific(errors[errors.count / 2], 2).padding(18)) \(NumberFormat.fixed(evaluations, 1).padding(13)) \(bound)"
            )
            if verbose {
                for p in points {
                    print(
                        "   \(p.function.padding(9)) x=\(NumberFormat.general(p.x, 6).padding(8)) rel \(NumberFormat.scientific(p.relativeError, 2))  est \(NumberFormat.scientific(p.estimate.error, 2))  abs \(NumberFormat.scientific(p.absoluteError, 2))"
                    )
                }
            }
        }
    }
}

/// `gradlab sensitivity`: the smallest gradient error each method detects, and its false alarms.
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Plant relative gradient errors in every op and find the smallest each method detects.")

    @Option(help: "Seeds of correct samples to check for false alarms.")
    var seeds = 5

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
    }

    func run() throws {
        print("method       smallest relative error detected   false alarms (\(seeds) seeds × every sample)")
        let floor = 14, perMethod = floor + seeds
        let progress = ProgressLine(total: DifferenceMethod.allCases.count * perMethod, label: "sensitivity")
        defer { progress.clear() }
        for (position, method) in DifferenceMethod.allCases.enumerated() {
            let options = GradCheckOptions(method: method)
            let smallest = try Sensitivity.smallestDetected(options: options, floor: floor) { progress.advance($0) }
            progress.set(done: position * perMethod + floor, "\(method.rawValue): false alarms")
            let alarms = try Sensitivity.falseAlarms(options: options, seeds: 0..<UInt64(seeds)) { progress.advance($0) }
            progress.clear()
            let label = method == .central ? "central (torch defaults)" : method.rawValue
            print("\(label.padding(26)) \((smallest.map { NumberFormat.scientific($0, 0) } ?? "none").padding(22)) \(alarms.count)")
            alarms.prefix(5).forEach { print("     \($0)") }
        }
    }
}
