/// The verdicts on every program of one fixture file, and what they mean for `known-differences.json`.
struct ReplayReport {
    /// The fixture file's name, for messages.
    let fileName: String
    /// One verdict per program, in file order.
    let verdicts: [ReplayVerdict]

    /// Replays every program of `fileName` in GradLab and judges each against PyTorch.
    init(fileName: String, programs: [DifferentialProgram]) throws {
        self.fileName = fileName
        verdicts = try programs.map { ReplayJudge.judge($0, try DifferentialInterpreter.run($0)) }
    }

    /// How many programs fell in each class, in `ReplayClass` order, leaving out empty classes.
    var counts: [(kind: ReplayClass, count: Int)] {
        var byClass: [ReplayClass: Int] = [:]
        for verdict in verdicts { byClass[verdict.kind, default: 0] += 1 }
        return ReplayClass.allCases.compactMap { kind -> (kind: ReplayClass, count: Int)? in
            guard let count = byClass[kind] else { return nil }
            return (kind, count)
        }
    }

    /// The one-line summary printed per file: the number of programs and the count per class.
    var summary: String {
        let matches = verdicts.filter { $0.kind.isMatch }.count
        let classes = counts.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", ")
        return "Differential replay of \(fileName): \(verdicts.count) programs, \(matches) match PyTorch "
            + "(\(classes))"
    }

    /// The verdicts whose fixture could not be replayed: always test failures, never listable.
    var invalidFixtures: [ReplayVerdict] { verdicts.filter { $0.kind == .invalidFixture } }

    /// Every way the verdicts disagree with `known`: a difference not listed, a listed
    /// program that now matches, or a listed program that now differs in another class.
    func problems(against known: [String: String]) -> [String] {
        var problems: [String] = []
        for verdict in verdicts where verdict.kind != .invalidFixture {
            let id = verdict.label
            switch (verdict.kind.isMatch, known[verdict.programID]) {
            case (true, nil):
                continue
            case (true, let entry?):
                problems.append(
                    "\(id) now matches PyTorch (\(verdict.kind.rawValue)) but known-differences.json "
                        + "lists it as \"\(entry)\": remove the entry")
            case (false, nil):
                problems.append(
                    "\(id) differs from PyTorch and is not in known-differences.json: "
                        + verdict.knownDifferenceEntry)
            case (false, let entry?):
                let listed = KnownDifferences.listedClass(entry)
                if listed != verdict.kind.rawValue {
                    problems.append("\(id) is listed as \(listed) but now differs as " + verdict.knownDifferenceEntry)
                }
            }
        }
        return problems
    }

    /// `known` with this file's programs' entries replaced by the current differences.
    func rewriting(_ known: [String: String]) -> [String: String] {
        let ids = Set(verdicts.map(\.programID))
        var entries = known.filter { !ids.contains($0.key) }
        for verdict in verdicts where !verdict.kind.isMatch && verdict.kind != .invalidFixture {
            entries[verdict.programID] = verdict.knownDifferenceEntry
        }
        return entries
    }
}
