import Testing
import Autograd
@testable import GradCheck

@Test func tmpDebug() throws {
    let entry = OpDatabase.entries.first { $0.name == "to(float32)" }!
    for sample in entry.samples(seed: 1) {
        let r = try gradcheckReport({ [try entry.function($0)] }, inputs: sample.inputs, options: entry.options(GradCheckOptions(method: .gsl)))
        print(sample.label, r, try sample.inputs[0].toArray())
    }
}
