import Exercises

/// Runs labs against the reference and prints one line per lab.
enum LabRunner {
    static func compareAll() throws -> [LabComparison] {
        let references = try Reference.load()
        let ported = LabCatalog.all.filter { references[$0.id] != nil }.count
        print("Labs against PyTorch 2.15's transcripts (\(ported) of \(references.count) reference labs ported)")
        let progress = ProgressLine(total: LabCatalog.all.count, label: "labs")
        defer { progress.clear() }
        return LabCatalog.all.map { lab in
            progress.advance(by: 0, lab.id)
            let result = LabComparison(lab: lab, reference: references[lab.id])
            progress.clear()
            defer { progress.advance() }
            print("  \(result.passed ? "ok  " : "FAIL") \(lab.id)")
            if let error = result.error { print("       threw: \(error)") }
            for d in result.differences.prefix(3) {
                print("       line \(d.line): expected \(d.expected)")
                print("       line \(d.line):   actual \(d.actual)")
            }
            if !result.valueMismatches.isEmpty { print("       values differ: \(result.valueMismatches.joined(separator: ", "))") }
            return result
        }
    }
}
