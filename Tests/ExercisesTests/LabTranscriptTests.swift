import Foundation
import Testing
import Autograd
@testable import Exercises

/// What PyTorch printed for one lab (Fixtures/reference/pytorch-labs.jsonl).
struct ReferenceLab {
    let id: String
    let transcript: [String]
    let values: [String: Any]

    static let all: [String: ReferenceLab] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/reference/pytorch-labs.jsonl")
        let text = try! String(contentsOf: url, encoding: .utf8)
        var result: [String: ReferenceLab] = [:]
        for line in text.split(separator: "\n") {
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let id = object["lab"] as! String
            result[id] = ReferenceLab(id: id, transcript: object["transcript"] as! [String],
                                      values: object["values"] as! [String: Any])
        }
        return result
    }()
}

extension ReferenceLab: @unchecked Sendable {}

extension Lab: CustomTestStringConvertible {
    public var testDescription: String { id }
}

/// Flattens a reference JSON value or a `LabValue` into numbers for comparison.
private func numbers(_ any: Any) -> [Double] {
    if let x = any as? Double { return [x] }
    if let b = any as? Bool { return [b ? 1 : 0] }
    if let n = any as? Int { return [Double(n)] }
    if let list = any as? [Any] { return list.flatMap(numbers) }
    return []
}

private func numbers(_ value: LabValue) -> [Double] {
    switch value {
    case .number(let x): return [x]
    case .numbers(let xs): return xs
    case .rows(let rows): return rows.flatMap { $0 }
    case .flags(let flags): return flags.map { $0 ? 1 : 0 }
    }
}

@Suite("Labs reproduce PyTorch's transcripts")
struct LabTranscriptTests {
    @Test("transcript, line for line", arguments: LabCatalog.all)
    func transcript(_ lab: Lab) throws {
        let reference = try #require(ReferenceLab.all[lab.id], "no PyTorch reference for \(lab.id)")
        let (lines, _) = try lab.run()
        #expect(lines == reference.transcript)
    }

    @Test("values, to float32 precision", arguments: LabCatalog.all)
    func values(_ lab: Lab) throws {
        let reference = try #require(ReferenceLab.all[lab.id])
        let (_, values) = try lab.run()
        #expect(Set(values.keys) == Set(reference.values.keys))
        for (key, expected) in reference.values {
            let actual = try #require(values[key])
            let (a, e) = (numbers(actual), numbers(expected))
            #expect(a.count == e.count, "\(key)")
            for (x, y) in zip(a, e) {
                #expect(Swift.abs(x - y) <= 1e-6 * Swift.max(1, Swift.abs(y)), "\(key): \(x) vs \(y)")
            }
        }
    }

    @Test func seed001ValuesTheArticleStates() throws {
        let lab1 = try LabCatalog.lab("autograd.lab1.one-parameter")!.run()
        #expect(lab1.values["w.grad"] == .number(-24))
        let lab3 = try LabCatalog.lab("autograd.lab3.accumulation")!.run()
        #expect(lab3.values["grads"] == .numbers([6, 8, 2]))
        let check = try LabCatalog.lab("autograd.check.requires-grad-no-grad-detach")!.run()
        #expect(check.values["flags"] == .flags([true, false, false]))
    }

    @Test func seed004ValuesTheArticleStates() throws {
        let mean = try LabCatalog.lab("autograd-package.mean-of-squares")!.run()
        #expect(mean.values["x.grad"] == .rows([[4.5, 4.5], [4.5, 4.5]]))
    }

    @Test func labIdsAreUniqueAndKnown() {
        let ids = LabCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(ReferenceLab.all[id] != nil, "\(id) is not a reference lab") }
    }
}
