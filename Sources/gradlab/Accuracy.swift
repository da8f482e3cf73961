import ArgumentParser
import Autograd
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
            print("\(method.rawValue.padding(12)) \(NumberFormat.scientific(errors.last!, 2).padding(15)) \(NumberFormat.scientific(errors[errors.count / 2], 2).padding(18)) \(NumberFormat.fixed(evaluations, 1).padding(13)) \(bound)")
            if verbose {
                for p in points {
                    print("   \(p.function.padding(9)) x=\(NumberFormat.general(p.x, 6).padding(8)) rel \(NumberFormat.scientific(p.relativeError, 2))  est \(NumberFormat.scientific(p.estimate.error, 2))  abs \(NumberFormat.scientific(p.absoluteError, 2))")
                }
            }
        }
    }
}
